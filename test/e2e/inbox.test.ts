// 消息 in the h5 build (SPEC §7, docs/rules.md "Binding a unit"): a steward decides two pending
// bindings from the 管家 tab, one of them rejected with a reason; the applicant finds both results
// in 消息 as unread with the count on the tab, and opening the rejection marks it read.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { InboxItem } from '../../types/notify';
import { routeUrl, screenshot, startBrowserCloud, type BrowserCloud } from './support/browser';

const APPLICANT = 'dev-newcomer';
const REASON = '名册中没有此手机号，请携带房产证到服务中心办理';

interface InboxReply {
  ok: true;
  data: { items: InboxItem[]; unreadCount: number; hasMore: boolean };
}

describe('h5 消息: a rejected binding reaches the applicant', () => {
  let env: BrowserCloud;
  let steward: Page;
  let applicant: Page;

  const inbox = async (): Promise<InboxReply['data']> => {
    const reply = (await env.cloud.call('account', 'inbox', {}, { openid: APPLICANT })) as InboxReply;
    assert.equal(reply.ok, true);
    return reply.data;
  };

  before(async () => {
    env = await startBrowserCloud();
    // Two applications the roster cannot confirm (its phones for these units are 1380000000x).
    for (const unit of ['1-1-101', '2-1-202']) {
      const reply = await env.cloud.call('account', 'bindUnit', { unit, phone: '13912345678', name: '赵新' }, { openid: APPLICANT });
      assert.deepEqual((reply as { ok: boolean; data: { binding: { state: string } } }).data.binding.state, 'pending');
    }
    steward = await env.newPage({ as: 'dev-steward-1' });
    applicant = await env.newPage({ as: APPLICANT });
  });

  after(async () => {
    await env?.close();
  });

  it('lets the duty steward reject 1-1-101 with a reason and approve 2-1-202 on the 管家 tab', async () => {
    await steward.goto(routeUrl(env.cloud, 'pages/staff/index'));
    await steward.locator('.section-title:visible', { hasText: '待审核的房屋绑定（2）' }).waitFor();
    const rejected = steward.locator('.staff-binding', { hasText: '1-1-101' });
    assert.match((await rejected.innerText()).replace(/\s+/g, ' '), /名册无此人.*业主 · 赵新.*手机 13912345678/);

    await rejected.locator('.nut-button', { hasText: '驳回' }).click();
    const dialog = steward.locator('.nut-dialog:visible');
    await dialog.locator('.nut-dialog-header', { hasText: '驳回 1-1-101 的绑定' }).waitFor();
    // Without a reason the dialog stays and says why.
    await dialog.locator('.nut-dialog-footer-ok').click();
    await dialog.locator('.field-error', { hasText: '驳回时请填写原因' }).waitFor();
    await dialog.locator('textarea').fill(REASON);
    await screenshot(steward, 'h5-staff-reject-dialog');
    await dialog.locator('.nut-dialog-footer-ok').click();
    await steward.locator('.section-title:visible', { hasText: '待审核的房屋绑定（1）' }).waitFor();

    await steward.locator('.staff-binding', { hasText: '2-1-202' }).locator('.staff-binding__approve').click();
    // approving hands over a home: the steward confirms it first
    await steward.locator('.taro-model__confirm:visible', { hasText: '确认通过' }).click();
    await steward.locator('.section-title:visible', { hasText: '待审核的房屋绑定（0）' }).waitFor();
    await steward.locator('.nut-empty:visible', { hasText: '暂无待审核的绑定' }).waitFor();
    await screenshot(steward, 'h5-staff-queue-empty');

    const { items, unreadCount } = await inbox();
    assert.equal(unreadCount, 2);
    assert.deepEqual(items.map((item) => item.body).sort(), [`您已成功绑定 悦海和园 2-1-202。`, `您绑定 悦海和园 1-1-101 的申请未通过：${REASON}`].sort());
  });

  it('shows the applicant both results in 消息, unread, with 2 on the tab', async () => {
    await applicant.goto(routeUrl(env.cloud, 'pages/inbox/index'));
    const unread = applicant.locator('.inbox-item--unread:visible');
    await unread.first().waitFor();
    assert.equal(await unread.count(), 2);
    const rejection = applicant.locator('.inbox-item:visible', { hasText: '未通过' });
    assert.match(await rejection.innerText(), new RegExp(`您绑定 悦海和园 1-1-101 的申请未通过：${REASON}`));
    assert.equal(await rejection.locator('.inbox-item__dot').count(), 1);
    assert.equal(await unreadBadge(applicant), '2');
    await screenshot(applicant, 'h5-inbox-unread');
  });

  it('marks the rejection read when it is opened, and the count drops to 1', async () => {
    await applicant.locator('.inbox-item--unread:visible', { hasText: '未通过' }).click();
    // The message opens 我的, where the rejected unit shows its reason.
    const unit = applicant.locator('.me-unit:visible', { hasText: '1-1-101' });
    await unit.waitFor();
    assert.match((await unit.innerText()).replace(/\s+/g, ' '), new RegExp(`原因：${REASON}.*未通过`));
    await applicant.locator('.tab-bar:visible .tab-bar__item--inbox .nut-badge-content', { hasText: /^1$/ }).waitFor();

    const { items, unreadCount } = await inbox();
    assert.equal(unreadCount, 1);
    const read = items.find((item) => item.body.includes('未通过'));
    const other = items.find((item) => item.body.includes('成功绑定'));
    assert.ok(read?.readAt, 'the opened message has readAt');
    assert.ok(Date.parse(read.readAt) >= Date.parse(read.createdAt));
    assert.equal(other?.readAt, null);

    await applicant.locator('.tab-bar:visible .tab-bar__item--inbox').click();
    await applicant.locator('.inbox-item--read:visible', { hasText: '未通过' }).waitFor();
    assert.equal(await applicant.locator('.inbox-item--unread:visible').count(), 1);
    assert.equal(await applicant.locator('.inbox-item--read:visible .inbox-item__dot').count(), 0);
    assert.equal(await unreadBadge(applicant), '1');
    await screenshot(applicant, 'h5-inbox-one-read');
  });
});

/** The number on the 消息 tab's badge. */
async function unreadBadge(page: Page): Promise<string> {
  const badge = page.locator('.tab-bar:visible .tab-bar__item--inbox .nut-badge-content');
  await badge.waitFor();
  return (await badge.innerText()).trim();
}
