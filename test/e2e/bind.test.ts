// Binding a unit in the h5 build (SPEC §1): the privacy consent comes before the phone number,
// and the server's INVALID_INPUT field messages appear next to the fields.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestCloud, type TestCloud } from '../support/cloud';

const RESULTS = resolve(__dirname, '..', '..', 'test-results');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('h5 绑定房屋 for a person with no unit yet', () => {
  let cloud: TestCloud;
  let browser: Browser;
  let page: Page;

  before(async () => {
    mkdirSync(RESULTS, { recursive: true });
    cloud = await startTestCloud();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, locale: 'zh-CN' });
    // The local identity the picker would store (src/services/identity.ts).
    await context.addInitScript(() => window.localStorage.setItem('guanjia.localOpenid', 'dev-newcomer'));
    page = await context.newPage();
    page.setDefaultTimeout(15000);
    await page.goto(`${cloud.url}/#/packages/account/bind/index`);
  });

  after(async () => {
    await browser?.close();
    await cloud?.close();
  });

  it('keeps the phone field disabled until the privacy notice is agreed to', async () => {
    await page.locator('.privacy-notice').waitFor();
    assert.equal(await page.locator('.bind-phone input').isDisabled(), true);
    await page.locator('#privacy-agree').click();
    await page.locator('.privacy-notice').waitFor({ state: 'detached' });
    assert.equal(await page.locator('.bind-phone input').isDisabled(), false);
  });

  it('shows the server’s message for a malformed unit next to the unit field', async () => {
    await page.locator('.bind-unit input').fill('1-1');
    await page.locator('.bind-phone input').fill('13800000000');
    await page.locator('#bind-submit').click();
    const error = page.locator('.field-error', { hasText: '栋-单元-房号' });
    await error.waitFor();
    assert.match(await error.innerText(), /房号格式应为 栋-单元-房号/);
    await page.screenshot({ path: join(RESULTS, 'h5-bind-field-error.png'), fullPage: true });
  });
});
