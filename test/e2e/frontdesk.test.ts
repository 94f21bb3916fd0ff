// The front desk in Chromium on the h5 build against the local cloud (SPEC §14). A visitor: the
// owner of 1-1-101 invites one from 服务 and gets the QR and the code; the guard types the code at
// 访客核验, lets them in, sees them among those inside and records the exit; the code typed again is
// refused as used; the owner's 我的访客 shows the visit. A key: the duty steward lends the owner's
// entrusted key (the seeded 1-1-101 入户门); it cannot be handed over until the owner, in their own
// browser context, confirms in 我的钥匙; then the steward hands it over and takes it back.
// Needs `npm run build` and Debian's chromium.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Visit } from '../../types/visitors';
import { type BrowserCloud, openedId, routeUrl, screenshot, startBrowserCloud, visible } from './support/browser';

describe('the front desk in the browser', () => {
  let env: BrowserCloud;
  let owner: Page;
  let guard: Page;
  let steward: Page;
  let code = '';
  let visitId = '';

  before(async () => {
    env = await startBrowserCloud();
    owner = await env.newPage({ as: 'dev-owner-1' });
    guard = await env.newPage({ as: 'dev-guard' });
    steward = await env.newPage({ as: 'dev-steward-1' });
  });

  after(async () => {
    await env?.close();
  });

  it('the owner invites a visitor from 服务 and gets the QR and the code to forward', async () => {
    await owner.goto(routeUrl(env.cloud, 'pages/services/index'));
    await visible(owner, '.service-entry--visitor-invite').click();
    await visible(owner, '.visit-invite').waitFor();
    await visible(owner, '.visit-name input').fill('李明');
    await visible(owner, '.visit-count input').fill('2');
    await visible(owner, '.visit-plate input').fill('鲁B54321');
    await screenshot(owner, 'frontdesk-1-owner-invite');
    await visible(owner, '#visit-submit').click();

    await owner.waitForURL(/packages\/frontdesk\/visit\/index\?id=/);
    visitId = openedId(owner);
    const text = visible(owner, '#visit-code-text');
    await text.waitFor();
    code = (await text.innerText()).trim();
    assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    const rows = await owner.locator('.desk-code:visible .qr__row').count();
    assert.ok(rows >= 21, `a QR symbol is at least 21 modules high, got ${rows}`);
    const card = (await visible(owner, '.visit-card').innerText()).replace(/\s+/g, ' ');
    assert.match(card, /李明 等 2 人/);
    assert.match(card, /鲁B54321/);
    assert.match(card, /待到访/);
    await screenshot(owner, 'frontdesk-2-owner-code');
  });

  it('the guard types the code, lets the visitor in once, and records the exit', async () => {
    await guard.goto(routeUrl(env.cloud, 'pages/staff/index'));
    await visible(guard, '.staff-entry-visitor-gate').click();
    await visible(guard, '.visit-gate').waitFor();
    await visible(guard, '.visit-register', '园区内没有未登记离开的访客').waitFor();
    await visible(guard, '.visit-gate-code input').fill(code.toLowerCase().replace(/-/g, ' '));
    await visible(guard, '#visit-gate-verify').click();
    const verdict = visible(guard, '#visit-verdict');
    await verdict.waitFor();
    assert.match(await verdict.innerText(), /访客码有效/);
    assert.match((await visible(guard, '.visit-card').innerText()).replace(/\s+/g, ' '), /李明 等 2 人.*1-1-101/);
    await screenshot(guard, 'frontdesk-3-guard-verified');
    await visible(guard, '#visit-gate-admit').click();
    await visible(guard, '#visit-verdict', '已放行').waitFor();

    // the visitor is now listed inside, with the exit to record
    const inside = visible(guard, '.visit-register .visit-card', '李明');
    await inside.waitFor();
    await screenshot(guard, 'frontdesk-4-guard-inside');
    await inside.locator('.visit-exit').click();
    await visible(guard, '.visit-register', '园区内没有未登记离开的访客').waitFor();

    // the same code again: refused, used once already
    await visible(guard, '.nut-button', '核验下一位').click();
    await visible(guard, '.visit-gate-code input').fill(code);
    await visible(guard, '#visit-gate-verify').click();
    await visible(guard, '#visit-verdict', '已使用').waitFor();
    assert.equal(await guard.locator('#visit-gate-admit:visible').count(), 0, 'nothing to admit');
    await screenshot(guard, 'frontdesk-5-guard-reused');

    const { data } = (await env.cloud.call('visitors', 'get', { id: visitId }, { openid: 'dev-owner-1' })) as { data: { visit: Visit } };
    assert.equal(data.visit.state, 'left');
    assert.ok(data.visit.inAt && data.visit.outAt && data.visit.outAt >= data.visit.inAt);
  });

  it("the owner's 我的访客 shows who came with the invitation", async () => {
    await owner.goto(routeUrl(env.cloud, 'packages/frontdesk/visitors/index'));
    const card = visible(owner, '.visit-mine .visit-card', '李明');
    await card.waitFor();
    assert.match((await card.innerText()).replace(/\s+/g, ' '), /已离开/);
    await screenshot(owner, 'frontdesk-6-owner-visitors');
  });

  it('the steward lends the entrusted key only after the owner confirms in their own browser', async () => {
    await steward.goto(routeUrl(env.cloud, 'pages/staff/index'));
    await visible(steward, '.staff-entry-keys').click();
    await visible(steward, '.key-ring .key-card', '1-1-101 入户门').click();
    await visible(steward, '.key-lend-form').waitFor();
    await visible(steward, '.lend-borrower input').fill('维修师傅 张伟');
    await visible(steward, '.lend-purpose input').fill('入户维修厨房漏水');
    await screenshot(steward, 'frontdesk-7-steward-lend');
    await visible(steward, '#lend-submit').click();
    const loan = visible(steward, '.loan-card', '待业主确认');
    await loan.waitFor();
    // not before the owner's word: no hand-over button, and the function refuses it too
    assert.equal(await steward.locator('.loan-hand-out:visible').count(), 0);
    const open = (await env.cloud.call('keys', 'loans', {}, { openid: 'dev-steward-1' })) as { data: { loans: Array<{ id: string }> } };
    const early = (await env.cloud.call('keys', 'handOut', { id: open.data.loans[0].id }, { openid: 'dev-steward-1' })) as { ok: boolean; error?: { code: string } };
    assert.equal(early.ok, false);
    assert.equal(early.error?.code, 'CONFLICT');

    await owner.goto(routeUrl(env.cloud, 'pages/services/index'));
    await visible(owner, '.service-entry--my-keys').click();
    await visible(owner, '.key-mine__waiting').waitFor();
    assert.match(await visible(owner, '.key-mine .loan-card').innerText(), /维修师傅 张伟/);
    await screenshot(owner, 'frontdesk-8-owner-confirm');
    await visible(owner, '.loan-confirm').click();
    const modal = owner.locator('.taro-modal__content', { hasText: '同意' });
    await modal.waitFor();
    await modal.locator('.taro-model__confirm').click();
    await visible(owner, '.key-mine .loan-card', '业主已确认').waitFor();

    await steward.reload();
    await visible(steward, '.loan-hand-out').click();
    await visible(steward, '.loan-card', '已借出').waitFor();
    await screenshot(steward, 'frontdesk-9-steward-lent');
    await visible(steward, '.loan-return').click();
    await visible(steward, '.loan-return-confirm').click();
    await visible(steward, '.loan-card', '已归还').waitFor();
    assert.match(await visible(steward, '.loan-card', '已归还').innerText(), /归还 2 把 · 完好/);
  });
});
