// The h5 build in Chromium against the local cloud (seeded demo, SPEC §10): an owner signs in
// through the local identity picker and sees their unit; the duty steward gets the 管家 tab.
// Needs `npm run build` (dist/h5 and dist/cloudfunctions) and Debian's chromium.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestCloud, type TestCloud } from '../support/cloud';

const RESULTS = resolve(__dirname, '..', '..', 'test-results');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// h5 keeps visited tab pages in the DOM (hidden), each with its own bar: match visible ones only.

/** Chooses a seeded person in the local identity picker (shown wherever the picker is). */
async function signInAs(page: Page, openid: string): Promise<void> {
  const person = page.locator('.identity-picker__person:visible', { hasText: openid });
  await person.waitFor();
  await person.click();
}

async function openTab(page: Page, text: string): Promise<void> {
  await page.locator('.tab-bar:visible .nut-tabbar-item', { hasText: text }).click();
}

describe('h5 app against the local cloud', () => {
  let cloud: TestCloud;
  let browser: Browser;
  let page: Page;

  before(async () => {
    mkdirSync(RESULTS, { recursive: true });
    cloud = await startTestCloud();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, locale: 'zh-CN' });
    page = await context.newPage();
    page.setDefaultTimeout(15000);
  });

  after(async () => {
    await browser?.close();
    await cloud?.close();
  });

  it('asks who you are when nobody is chosen, then shows dev-owner-1 their unit 1-1-101 on 我的', async () => {
    await page.goto(`${cloud.url}/`);
    await signInAs(page, 'dev-owner-1');
    await openTab(page, '我的');
    const me = page.locator('.me-unit:visible', { hasText: '1-1-101' });
    await me.waitFor();
    assert.match((await me.innerText()).replace(/\s+/g, ' '), /1-1-101.*悦海和园 · 业主.*已绑定/);
    await page.screenshot({ path: join(RESULTS, 'h5-owner-me.png'), fullPage: true });
  });

  it('does not draw the 管家 tab for the owner', async () => {
    const tabs = await page.locator('.tab-bar:visible .nut-tabbar-item').allInnerTexts();
    assert.deepEqual(tabs.map((t) => t.trim()), ['首页', '服务', '消息', '我的']);
  });

  it('switches to dev-steward-1 from 我的 and opens the 管家 tab with their post and queue', async () => {
    await page.locator('.me-entry-identity:visible').click();
    await signInAs(page, 'dev-steward-1');
    // The picker goes back to 我的; tapping a tab while Taro is still closing the picker page
    // would race its router, as it would for a person tapping during the animation.
    await page.waitForURL(/#\/pages\/me\/index/);
    await page.locator('.taro_page[id^="/packages/dev/identity"]').waitFor({ state: 'detached' });
    await page.locator('.tab-bar:visible .nut-tabbar-item', { hasText: '管家' }).waitFor();
    await openTab(page, '管家');
    await page.locator('.staff-post:visible', { hasText: '值班管家' }).waitFor();
    await page.locator('.section-title:visible', { hasText: '待审核的房屋绑定' }).waitFor();
    const tabs = await page.locator('.tab-bar:visible .nut-tabbar-item').allInnerTexts();
    assert.deepEqual(tabs.map((t) => t.trim()), ['首页', '服务', '消息', '我的', '管家']);
    await page.screenshot({ path: join(RESULTS, 'h5-steward-staff.png'), fullPage: true });
  });
});
