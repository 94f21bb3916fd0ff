// The h5 build in Chromium against the local cloud (seeded demo, SPEC §10): an owner signs in
// through the local identity picker and sees their unit; the duty steward gets the 管家 tab.
// Needs `npm run build` (dist/h5 and dist/cloudfunctions) and Debian's chromium.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openTab, screenshot, signInAs, startBrowserCloud, tabTitles, type BrowserCloud } from './support/browser';

describe('h5 app against the local cloud', () => {
  let env: BrowserCloud;
  let page: Page;

  before(async () => {
    env = await startBrowserCloud();
    page = await env.newPage();
  });

  after(async () => {
    await env?.close();
  });

  it('asks who you are when nobody is chosen, then shows dev-owner-1 their unit 1-1-101 on 我的', async () => {
    await page.goto(`${env.cloud.url}/`);
    await signInAs(page, 'dev-owner-1');
    await openTab(page, '我的');
    const me = page.locator('.me-unit:visible', { hasText: '1-1-101' });
    await me.waitFor();
    assert.match((await me.innerText()).replace(/\s+/g, ' '), /1-1-101.*悦海和园 · 业主.*已绑定/);
    // The header greets the person by name; a raw WeChat id means nothing to an owner.
    assert.doesNotMatch(await page.locator('.me-header:visible').innerText(), /dev-owner-1|ID/);
    await screenshot(page, 'h5-owner-me');
  });

  it('does not draw the 管家 tab for the owner', async () => {
    assert.deepEqual(await tabTitles(page), ['首页', '服务', '消息', '我的']);
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
    assert.deepEqual(await tabTitles(page), ['首页', '服务', '消息', '我的', '管家']);
    // The empty queue's icon sits centred above its title.
    const icon = await page.locator('.page-state__icon:visible').boundingBox();
    const title = await page.locator('.nut-empty-title:visible', { hasText: '暂无待审核的绑定' }).boundingBox();
    assert.ok(icon && title);
    assert.ok(Math.abs(icon.x + icon.width / 2 - (title.x + title.width / 2)) < 2, 'icon centred over the title');
    assert.ok(icon.y + icon.height <= title.y, 'icon above the title');
    await screenshot(page, 'h5-steward-staff');
  });
});
