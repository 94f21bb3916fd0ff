// An item release pass in Chromium on the h5 build against the local cloud (SPEC §5): the owner of
// 1-1-101 applies from 服务, the duty steward approves it from the 管家 tab within the 15 minutes,
// the owner's page shows the QR code and the code as text, the guard types the code in, checks the
// items and releases; the same code typed again is refused as already used. Each person has their
// own browser context (their own phone). Needs `npm run build` and Debian's chromium.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Pass } from '../../types/passes';
import { type BrowserCloud, openedId, routeUrl, screenshot, startBrowserCloud, visible } from './support/browser';

describe('an item release pass from application to the gate, in the browser', () => {
  let env: BrowserCloud;
  let owner: Page;
  let steward: Page;
  let guard: Page;
  let passId = '';
  let code = '';

  before(async () => {
    env = await startBrowserCloud();
    owner = await env.newPage({ as: 'dev-owner-1' });
    steward = await env.newPage({ as: 'dev-steward-1' });
    guard = await env.newPage({ as: 'dev-guard' });
  });

  after(async () => {
    await env?.close();
  });

  it('the owner applies from 服务 with the items, the carrier and the window', async () => {
    await owner.goto(routeUrl(env.cloud, 'pages/services/index'));
    await visible(owner, '.service-entry--passes').click();
    await visible(owner, '.pass-mine').waitFor();
    await visible(owner, '#pass-apply').click();
    await visible(owner, '.pass-apply').waitFor();
    // the carrier's phone and the photos are personal data: the privacy notice comes first
    await visible(owner, '#privacy-agree').click();
    await visible(owner, '.pass-item-name input').fill('双人床');
    await visible(owner, '.pass-add-item').click();
    await owner.locator('.pass-item-name:visible input').nth(1).fill('纸箱');
    await owner.locator('.pass-item-count:visible input').nth(1).fill('12');
    await visible(owner, '.pass-carrier-name input').fill('刘师傅');
    await visible(owner, '.pass-carrier-phone input').fill('13912345678');
    await visible(owner, '.pass-carrier-plate input').fill('鲁B12345');
    await screenshot(owner, 'passes-1-owner-apply');
    await visible(owner, '#pass-submit').click();

    await owner.waitForURL(/packages\/pass\/detail\/index\?id=/);
    await visible(owner, '.pass-detail .pass-state', '待审批').waitFor();
    passId = openedId(owner);
    assert.notEqual(passId, '');
    const facts = (await visible(owner, '.pass-facts').innerText()).replace(/\s+/g, ' ');
    assert.match(facts, /双人床 × 1/);
    assert.match(facts, /纸箱 × 12/);
    assert.match(facts, /刘师傅 · 13912345678 · 鲁B12345/);
    assert.equal(await owner.locator('#pass-code-text:visible').count(), 0, 'no code before approval');
  });

  it('the duty steward finds it in 放行审批 with the 15-minute clock and approves it', async () => {
    await steward.goto(routeUrl(env.cloud, 'pages/staff/index'));
    await visible(steward, '.staff-entry-passes').click();
    const card = visible(steward, '.pass-queue .pass-card', '双人床');
    await card.waitFor();
    assert.match(await card.innerText(), /审批 剩 1[45] 分钟/);
    await screenshot(steward, 'passes-2-steward-queue');
    await card.click();
    await visible(steward, '#pass-approve').click();
    await visible(steward, '.pass-detail .pass-state', '已批准').waitFor();
  });

  it("the owner's page shows the QR code and the same code to read aloud", async () => {
    await owner.reload();
    const text = visible(owner, '#pass-code-text');
    await text.waitFor();
    code = (await text.innerText()).trim();
    assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    const rows = await owner.locator('.pass-code:visible .qr__row').count();
    assert.ok(rows >= 21, `a QR symbol is at least 21 modules high, got ${rows}`);
    await screenshot(owner, 'passes-3-owner-code');
  });

  it('the guard types the code, sees the items and releases; typed again it is refused as used', async () => {
    // the movers arrive in the window the steward approved
    const { data } = (await env.cloud.call('passes', 'get', { id: passId }, { openid: 'dev-owner-1' })) as { data: { pass: Pass } };
    await env.cloud.setClock(new Date(Date.parse(data.pass.from) + 60_000).toISOString());

    await guard.goto(routeUrl(env.cloud, 'pages/staff/index'));
    await visible(guard, '.staff-entry-gate').waitFor();
    // A guard works the gate only: no ticket, question or binding queues they would be refused.
    for (const entry of ['.staff-entry-tickets', '.staff-entry-questions', '.staff-entry-orders', '.staff-binding']) {
      assert.equal(await guard.locator(`${entry}:visible`).count(), 0, `${entry} hidden from the guard`);
    }
    assert.equal(await guard.getByText('待审核的房屋绑定').count(), 0);
    await visible(guard, '.staff-entry-gate').click();
    await visible(guard, '.pass-gate-code input').fill(code.toLowerCase().replace(/-/g, ' '));
    await visible(guard, '#pass-gate-verify').click();
    const verdict = visible(guard, '#pass-verdict');
    await verdict.waitFor();
    assert.match(await verdict.innerText(), /放行条有效/);
    const facts = (await visible(guard, '.pass-facts').innerText()).replace(/\s+/g, ' ');
    assert.match(facts, /1-1-101/);
    assert.match(facts, /业主 王建国/);
    assert.match(facts, /双人床 × 1/);
    await screenshot(guard, 'passes-4-guard-verified');
    await visible(guard, '#pass-gate-release').click();
    await visible(guard, '#pass-verdict', '已放行').waitFor();

    await visible(guard, '.nut-button', '核验下一张').click();
    await visible(guard, '.pass-gate-code input').fill(code);
    await visible(guard, '#pass-gate-verify').click();
    const again = visible(guard, '#pass-verdict', '已使用');
    await again.waitFor();
    assert.match(await again.innerText(), /不能重复使用/);
    assert.match(await visible(guard, '.pass-gate-record').innerText(), /由周勇\s*放行/);
    assert.equal(await guard.locator('#pass-gate-release:visible').count(), 0, 'nothing to release');
    await screenshot(guard, 'passes-5-guard-reused');

    const stored = env.cloud.cloud.store.find('passChecks', { passId }) as Array<{ kind: string; valid: boolean; refusal: string | null }>;
    assert.deepEqual(
      stored.map((c) => [c.kind, c.valid, c.refusal]),
      [
        ['verify', true, null],
        ['release', true, null],
        ['verify', false, 'used'],
      ],
    );
  });
});

describe('the pass form keeps what was typed, and asks for privacy consent only for personal data', () => {
  let env: BrowserCloud;
  let owner: Page;

  before(async () => {
    env = await startBrowserCloud();
    owner = await env.newPage({ as: 'dev-owner-2' });
  });

  after(async () => {
    await env?.close();
  });

  it('restores the form after a refresh and submits it with a plate and no phone, without the privacy prompt', async () => {
    await owner.goto(routeUrl(env.cloud, 'packages/pass/apply/index'));
    await visible(owner, '.pass-apply').waitFor();
    await visible(owner, '.pass-item-name input').fill('旧沙发');
    await visible(owner, '.pass-carrier-name input').fill('王师傅');
    await visible(owner, '.pass-carrier-plate input').fill('鲁B54321');

    await owner.reload();
    await visible(owner, '.pass-restored', '已恢复您上次填写的内容').waitFor();
    assert.equal(await visible(owner, '.pass-item-name input').inputValue(), '旧沙发');
    assert.equal(await visible(owner, '.pass-carrier-name input').inputValue(), '王师傅');
    assert.equal(await visible(owner, '.pass-carrier-plate input').inputValue(), '鲁B54321');
    await screenshot(owner, 'passes-draft-restored');

    // no phone and no photos: nothing personal, so the privacy prompt does not stand in the way
    assert.equal(await owner.locator('#privacy-agree:visible').count(), 1, 'the prompt is offered for the phone');
    assert.equal(await visible(owner, '#pass-submit').isDisabled(), false, 'submit is not held back by the prompt');
    await visible(owner, '#pass-submit').click();
    await owner.waitForURL(/packages\/pass\/detail\/index\?id=/);
    await visible(owner, '.pass-detail .pass-state', '待审批').waitFor();
    const facts = (await visible(owner, '.pass-facts').innerText()).replace(/\s+/g, ' ');
    assert.match(facts, /旧沙发 × 1/);

    // the draft went with the pass: a new form starts empty
    await owner.goto('about:blank');
    await owner.goto(routeUrl(env.cloud, 'packages/pass/apply/index'));
    await visible(owner, '.pass-apply').waitFor();
    assert.equal(await owner.locator('.pass-restored:visible').count(), 0);
    assert.equal(await visible(owner, '.pass-item-name input').inputValue(), '');
  });
});
