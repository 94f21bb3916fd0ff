// The rest of the ticket's life in Chromium on the h5 build against the local cloud: two stewards
// claiming one ticket from stale screens (the loser told in Chinese), a rejection with its reason,
// the owner's cancel and reopen, a steward's phone revisit, classing a complaint, the resolution's
// photos, a phone report recorded by a steward, and a lead entering next year's holidays.
// Each person has their own browser context. Needs `npm run build` and Debian's chromium.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { type BrowserCloud, routeUrl, screenshot, startBrowserCloud, visible } from './support/browser';
import { OWNER, DUTY, AREA, LEAD, ENGINEER } from '../support/people';
import type { Reply } from '../../types/envelope';
import type { Ticket } from '../../types/tickets';

async function waitForState(page: Page, label: string): Promise<void> {
  await visible(page, '.ticket-detail .ticket-state', label).waitFor();
}
const text = async (page: Page, selector: string) => (await visible(page, selector).innerText()).replace(/\s+/g, ' ');

describe('stewards and owners work tickets in the browser', () => {
  let env: BrowserCloud;
  let owner: Page;
  let duty: Page;
  let area: Page;

  /** A ticket made and moved along through the function, as the other people would. */
  async function ticket(steps: Array<[string, Record<string, unknown>, string]> = [], input: Record<string, unknown> = {}): Promise<Ticket> {
    const created = (await env.cloud.call(
      'tickets',
      'create',
      { kind: 'repair', scope: 'in_home', unit: '1-1-101', description: '厨房水龙头关不紧', ...input },
      { openid: OWNER },
    )) as Reply<{ ticket: Ticket }>;
    assert.ok(created.ok, JSON.stringify(created));
    let t = created.data.ticket;
    for (const [action, extra, who] of steps) {
      const moved = (await env.cloud.call('tickets', action, { id: t.id, ...extra }, { openid: who })) as Reply<{ ticket: Ticket }>;
      assert.ok(moved.ok, `${action}: ${JSON.stringify(moved)}`);
      t = moved.data.ticket;
    }
    return t;
  }
  const toResolved: Array<[string, Record<string, unknown>, string]> = [
    ['accept', {}, DUTY],
    ['assign', { assignee: ENGINEER }, DUTY],
    ['arrive', {}, ENGINEER],
    ['resolve', { note: '更换阀芯，试水正常' }, ENGINEER],
  ];
  const detail = (t: Ticket) => routeUrl(env.cloud, `packages/ticket/detail/index?id=${encodeURIComponent(t.id)}`);

  before(async () => {
    env = await startBrowserCloud();
    owner = await env.newPage({ as: OWNER });
    duty = await env.newPage({ as: DUTY });
    area = await env.newPage({ as: AREA });
  });
  after(async () => {
    await env?.close();
  });

  it('two stewards claim one ticket from their screens: one wins, the other is told in Chinese and sees who has it', async () => {
    const t = await ticket();
    await duty.goto(detail(t));
    await area.goto(detail(t));
    await waitForState(duty, '已提交');
    await waitForState(area, '已提交');
    await visible(duty, '#ticket-accept').click();
    await waitForState(duty, '已受理');
    // the area steward's screen still offers 受理
    await visible(area, '#ticket-accept').click();
    await visible(area, '.ticket-conflict', '已被其他同事处理，已刷新').waitFor();
    await waitForState(area, '已受理');
    assert.equal(await area.locator('#ticket-accept:visible').count(), 0, 'the refreshed screen offers no claim');
    await screenshot(area, 'tickets-staff-1-conflict');
    const stored = (await env.cloud.call('tickets', 'get', { id: t.id }, { openid: DUTY })) as Reply<{ ticket: Ticket }>;
    assert.ok(stored.ok);
    assert.deepEqual(
      stored.data.ticket.events.map((e) => e.action),
      ['submit', 'accept'],
      'one claim in the log',
    );
  });

  it('a steward rejects a ticket with a reason the owner then reads', async () => {
    const t = await ticket([], { kind: 'complaint', scope: 'public_area', description: '邻居家狗叫声太吵' });
    await duty.goto(detail(t));
    await visible(duty, '#ticket-reject').click();
    await visible(duty, '#ticket-reject-submit').click();
    await visible(duty, '.ticket-panel--reject .field-error', '请填写原因').waitFor();
    await visible(duty, '.ticket-panel--reject textarea').fill('属于邻里纠纷，已转社区调解');
    await visible(duty, '#ticket-reject-submit').click();
    await waitForState(duty, '已驳回');
    await owner.goto(detail(t));
    await waitForState(owner, '已驳回');
    assert.match(await text(owner, '.timeline'), /已驳回.*属于邻里纠纷，已转社区调解/);
    await screenshot(owner, 'tickets-staff-2-rejected');
  });

  it('the owner cancels a ticket nobody has gone out for yet', async () => {
    const t = await ticket([['accept', {}, DUTY]]);
    await owner.goto(detail(t));
    await waitForState(owner, '已受理');
    await visible(owner, '#ticket-cancel').click();
    const modal = owner.locator('.taro-modal__content', { hasText: '取消这个工单？' });
    await modal.waitFor();
    await modal.locator('.taro-model__confirm').click();
    await waitForState(owner, '已取消');
    assert.equal(await owner.locator('#ticket-cancel:visible').count(), 0);
  });

  it('the owner reads the resolution with its photos and sends the repair back with a reason', async () => {
    const photos = ['cloud://local-env.bucket/tickets/after-a.jpg', 'cloud://local-env.bucket/tickets/after-b.jpg'];
    const t = await ticket([...toResolved.slice(0, 3), ['resolve', { note: '更换阀芯，试水正常', photos }, ENGINEER]]);
    await owner.goto(detail(t));
    await waitForState(owner, '已处理');
    assert.match(await text(owner, '.ticket-resolution'), /更换阀芯，试水正常.*孙强/);
    assert.equal(await owner.locator('.ticket-resolution .photo-picker__item:visible').count(), 2, 'both photos shown');
    await visible(owner, '#ticket-reopen').click();
    await visible(owner, '.ticket-panel--reopen textarea').fill('关紧后还是一直滴水');
    await visible(owner, '#ticket-reopen-submit').click();
    await waitForState(owner, '重新处理');
    assert.match(await text(owner, '.timeline'), /重新处理.*关紧后还是一直滴水/);
    await screenshot(owner, 'tickets-staff-3-reopened');
  });

  it('a steward records a phone revisit with the owner’s score', async () => {
    const t = await ticket(toResolved);
    await duty.goto(detail(t));
    await waitForState(duty, '已处理');
    await visible(duty, '#ticket-revisit').click();
    await visible(duty, '.revisit-method--phone').click();
    await visible(duty, '.ticket-panel--revisit .star-4').click();
    await visible(duty, '.ticket-panel--revisit textarea').fill('电话回访，业主表示已不再滴水');
    await visible(duty, '#ticket-revisit-submit').click();
    await waitForState(duty, '已回访');
    assert.match(await text(duty, '.ticket-detail'), /电话回访 · .* · 4 分：电话回访，业主表示已不再滴水/);
  });

  it('a steward classes a complaint as major: the deadline moves and the timeline says so', async () => {
    const t = await ticket([], { kind: 'complaint', scope: 'public_area', description: '二十多户联名投诉电梯长期故障' });
    await duty.goto(detail(t));
    await waitForState(duty, '已提交');
    await visible(duty, '#ticket-reclassify').click();
    await visible(duty, '.complaint-class--major').click();
    await visible(duty, '.ticket-panel--reclassify .form-block__hint', /立即通知项目经理/).waitFor();
    await visible(duty, '#ticket-reclassify-submit').click();
    await visible(duty, '.timeline__what', '投诉分类').waitFor();
    assert.match(await text(duty, '.ticket-detail .card'), /重大投诉/);
    assert.match(await text(duty, '.timeline'), /投诉分类.*未分类 → 重大投诉/);
    const stored = (await env.cloud.call('tickets', 'get', { id: t.id }, { openid: DUTY })) as Reply<{ ticket: Ticket }>;
    assert.ok(stored.ok);
    assert.notEqual(stored.data.ticket.deadlines.resolveBy, t.deadlines.resolveBy, '7 working days instead of 3');
    await screenshot(duty, 'tickets-staff-4-reclassified');
  });

  it('a steward records a phone report for a unit from the queue', async () => {
    await duty.goto(routeUrl(env.cloud, 'packages/ticket/queue/index'));
    await visible(duty, '.queue-record').click();
    await visible(duty, '.record-channel--phone.choice--on').waitFor();
    await visible(duty, '.record-unit input').fill('1-1-101');
    await visible(duty, '.record-contact input').fill('王先生');
    await visible(duty, '.record-description textarea').fill('业主来电：客厅插座冒火花');
    await screenshot(duty, 'tickets-staff-5-record');
    await visible(duty, '#record-submit').click();
    await duty.waitForURL(/packages\/ticket\/detail\/index\?id=/);
    await waitForState(duty, '已提交');
    assert.match(await text(duty, '.ticket-detail'), /来源：电话报事/);
    assert.match(await text(duty, '.timeline'), /电话报事（管家代登记）.*管家 陈静.*联系人 王先生/);
  });

  it('a lead sees next year missing from the queue, enters it, and the warning is gone', async () => {
    const lead = await env.newPage({ as: LEAD });
    await lead.goto(routeUrl(env.cloud, 'packages/ticket/queue/index'));
    const warning = visible(lead, '.queue-calendar-warning', /缺少 2027 年/);
    await warning.waitFor();
    await warning.click();
    await visible(lead, '.settings-year--2027', '缺少数据').waitFor();
    await visible(lead, '.settings-year--2027 .settings-year__edit').click();
    await visible(lead, '.settings-holidays textarea').fill('2027-01-01\n2027-01-02\n2027-01-03\n2027-02-30');
    await visible(lead, '#settings-calendar-save').click();
    // a date that does not exist is named, nothing is saved
    await visible(lead, '.settings-calendar__form .field-error', '2027-02-30').waitFor();
    await visible(lead, '.settings-holidays textarea').fill('2027-01-01\n2027-01-02\n2027-01-03');
    await visible(lead, '.settings-workdays textarea').fill('2027-02-14');
    await visible(lead, '#settings-calendar-save').click();
    await visible(lead, '.settings-year--2027', '人工录入').waitFor();
    assert.equal(await lead.locator('.settings-calendar__warning:visible').count(), 0);
    await screenshot(lead, 'tickets-staff-6-calendar');
    await lead.goto(routeUrl(env.cloud, 'packages/ticket/queue/index'));
    await lead.reload(); // a fresh start of the app, not the queue page kept from before
    await visible(lead, '.ticket-card').waitFor();
    assert.equal(await lead.locator('.queue-calendar-warning:visible').count(), 0, 'the queue no longer warns');
  });
});
