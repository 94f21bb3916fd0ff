// Binding a unit in the h5 build (SPEC §1): the privacy consent comes before the phone number,
// the server's INVALID_INPUT field messages appear next to the fields, and the phone WeChat
// verifies (the local cloud plays WeChat's phone-number button) binds the roster's owner at once.
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

  it('binds dev-newcomer, the roster’s owner of 3-2-1201, at once on their WeChat phone (本地云模拟)', async () => {
    await page.locator('.bind-unit input').fill('3-2-1201');
    await page.locator('#bind-wechat-phone').click();
    const ask = page.locator('.taro-modal__content', { hasText: '微信手机号（本地云）' });
    await ask.waitFor();
    await ask.locator('.taro-model__confirm').click();
    const done = page.locator('.taro-modal__content', { hasText: '绑定成功' });
    await done.waitFor();
    assert.match(await done.innerText(), /3-2-1201 已用微信验证的手机号与业主名册核对一致/);
    await screenshot(page, 'h5-bind-verified');
    const me = (await env.cloud.call('account', 'me', {}, { openid: 'dev-newcomer' })) as {
      data: { roles: string[]; units: Array<{ unit: string; state: string; phoneVerified: boolean }> };
    };
    assert.deepEqual(me.data.roles, ['owner']);
    assert.deepEqual(
      me.data.units.map((u) => [u.unit, u.state, u.phoneVerified]),
      [['3-2-1201', 'active', true]],
    );
  });

  it('shows the steward what deciding an engineer’s typed application for 1-1-101 takes', async () => {
    // The engineer types the owner's phone he saw on a ticket: it only applies.
    const applied = (await env.cloud.call('account', 'bindUnit', { unit: '1-1-101', phone: '13800000001', name: '孙强' }, { openid: 'dev-engineer' })) as {
      data: { binding: { state: string } };
    };
    assert.equal(applied.data.binding.state, 'pending');
    const steward = await env.newPage({ as: 'dev-steward-1' });
    await steward.goto(routeUrl(env.cloud, 'pages/staff/index'));
    const card = steward.locator('.staff-binding', { hasText: '孙强' });
    await card.waitFor();
    const text = (await card.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /与业主名册一致/);
    assert.match(text, /手机 13800000001（手动填写，未验证）/);
    assert.match(text, /名册登记：王建国 138\*\*\*\*0001/);
    assert.match(text, /本小区员工（工程部）/);
    await card.scrollIntoViewIfNeeded();
    await screenshot(steward, 'h5-bind-steward-staff-applicant');
  });
});
