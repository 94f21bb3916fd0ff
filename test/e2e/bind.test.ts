// Binding a unit in the h5 build (SPEC §1): the privacy consent comes before the phone number,
// and the server's INVALID_INPUT field messages appear next to the fields.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { routeUrl, screenshot, startBrowserCloud, type BrowserCloud } from './support/browser';

describe('h5 绑定房屋 for a person with no unit yet', () => {
  let env: BrowserCloud;
  let page: Page;

  before(async () => {
    env = await startBrowserCloud();
    page = await env.newPage({ as: 'dev-newcomer' });
    await page.goto(routeUrl(env.cloud, 'packages/account/bind/index'));
  });

  after(async () => {
    await env?.close();
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
    await screenshot(page, 'h5-bind-field-error');
  });
});
