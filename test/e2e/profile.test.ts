// 个人资料与祝福 in the h5 build (SPEC §1, §7): after the privacy notice an owner picks a birthday
// (month-day) on the wheel and switches greetings on (in h5 the subscription request counts as
// accepted: one greeting grant); after a reload the page shows what account.me holds.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import type { Me } from '../../types/account';
import { routeUrl, screenshot, startBrowserCloud, type BrowserCloud } from './support/browser';

const OWNER = 'dev-owner-2';

describe('h5 个人资料与祝福', () => {
  let env: BrowserCloud;
  let page: Page;

  const me = async (): Promise<Me> => {
    const reply = (await env.cloud.call('account', 'me', {}, { openid: OWNER })) as { ok: true; data: Me };
    assert.equal(reply.ok, true);
    return reply.data;
  };
  const birthday = () => page.locator('.profile-birthday .nut-cell-extra');
  const greetingsLeft = () => page.locator('.nut-cell', { hasText: '微信推送剩余次数' }).locator('.nut-cell-extra');

  before(async () => {
    env = await startBrowserCloud();
    // The seed has 李秀英 opted in already; she starts here with greetings off.
    const off = (await env.cloud.call('account', 'setProfile', { greetingsOptIn: false }, { openid: OWNER })) as { ok: boolean };
    assert.equal(off.ok, true);
    page = await env.newPage({ as: OWNER, touch: true });
    await page.goto(routeUrl(env.cloud, 'packages/account/profile/index'));
  });

  after(async () => {
    await env?.close();
  });

  it('starts with no birthday, greetings off and no grant', async () => {
    await page.locator('.privacy-notice').waitFor();
    assert.equal((await birthday().innerText()).trim(), '请先同意隐私保护提示');
    assert.equal(await page.locator('.profile-greetings.nut-switch-close').count(), 1);
    assert.equal((await greetingsLeft().innerText()).trim(), '0 次');
    const before = await me();
    assert.deepEqual([before.profile.birthday, before.profile.greetingsOptIn, before.subscriptions.greeting], [null, false, 0]);
  });

  it('saves the birthday picked on the wheel (12月31日) once the privacy notice is agreed to', async () => {
    await page.locator('#privacy-agree').click();
    await page.locator('.privacy-notice').waitFor({ state: 'detached' });
    assert.equal((await birthday().innerText()).trim(), '未填写');

    await page.locator('.profile-birthday').click();
    const columns = page.locator('.nut-picker .nut-pickerview-list');
    // Both columns from the start (month and its days), at 1月1日.
    await columns.nth(1).locator('.nut-pickerview-roller-item-active', { hasText: '1日' }).waitFor();
    assert.equal(await columns.count(), 2);
    await rollToEnd(page, columns.nth(0), '12月');
    await rollToEnd(page, columns.nth(1), '31日');
    await screenshot(page, 'h5-profile-birthday-picker');
    await page.locator('.nut-picker-confirm-btn').click();

    await page.locator('.profile-birthday .nut-cell-extra', { hasText: '12月31日' }).waitFor();
    assert.equal((await me()).profile.birthday, '12-31');
  });

  it('switches greetings on, taking one greeting grant', async () => {
    await page.locator('.profile-greetings').click();
    await page.locator('.profile-greetings:not(.nut-switch-close)').waitFor();
    await page.locator('.nut-cell', { hasText: '微信推送剩余次数' }).locator('.nut-cell-extra', { hasText: '1 次' }).waitFor();
    const after = await me();
    assert.equal(after.profile.greetingsOptIn, true);
    assert.equal(after.subscriptions.greeting, 1);
  });

  it('shows the same birthday, switch and count after a reload', async () => {
    await page.reload();
    await page.locator('.profile-birthday .nut-cell-extra', { hasText: '12月31日' }).waitFor();
    assert.equal(await page.locator('.privacy-notice').count(), 0);
    assert.equal(await page.locator('.profile-greetings:not(.nut-switch-close)').count(), 1);
    assert.equal((await greetingsLeft().innerText()).trim(), '1 次');
    await screenshot(page, 'h5-profile-saved');

    const saved = await me();
    assert.deepEqual(saved.profile, { name: '李秀英', birthday: '12-31', greetingsOptIn: true });
    assert.equal(saved.subscriptions.greeting, 1);
  });

  it('counts one more push for each further subscription', async () => {
    await page.locator('.nut-cell', { hasText: '再订阅一次祝福推送' }).click();
    await page.locator('.nut-cell', { hasText: '微信推送剩余次数' }).locator('.nut-cell-extra', { hasText: '2 次' }).waitFor();
    assert.equal((await me()).subscriptions.greeting, 2);
  });
});

/**
 * Swipes a picker column upwards, as a thumb would, until its last option is the chosen one. A
 * swipe longer than the column stops at its end whatever the swipe's speed, so the outcome does
 * not depend on timing; the column settles (and reports its choice) when its transition ends.
 */
async function rollToEnd(page: Page, column: Locator, last: string): Promise<void> {
  // Waits for the popup to stop sliding in (a trial click checks the column is visible and still).
  await column.click({ trial: true });
  const box = await column.boundingBox();
  assert.ok(box, 'the picker column is on screen');
  const x = box.x + box.width / 2;
  const bottom = box.y + box.height - 4;
  const session = await page.context().newCDPSession(page);
  try {
    for (let swipe = 0; swipe < 4; swipe += 1) {
      const settled = await column.locator('.nut-pickerview-roller').evaluateHandle((roller) => ({
        // (No named functions in here: tsx would wrap them in a helper the page does not have.)
        done: new Promise<void>((resolve) => {
          const listening = new AbortController();
          roller.addEventListener(
            'transitionend',
            (event) => {
              if (event.target !== roller) return;
              listening.abort();
              resolve();
            },
            { signal: listening.signal },
          );
        }),
      }));
      let y = bottom;
      await session.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
      // Steps of 17px: never a whole number of rows, so the wheel always has somewhere to settle.
      while (y - 17 > 0) {
        y -= 17;
        await session.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] });
      }
      await session.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      await settled.evaluate((handle) => handle.done);
      await settled.dispose();
      const active = (await column.locator('.nut-pickerview-roller-item-active').innerText()).trim();
      if (active === last) return;
    }
    assert.fail(`the column did not reach ${last}`);
  } finally {
    await session.detach();
  }
}
