// The service levels as one contract, through the real wx-server-sdk against the local cloud:
// account.me answers the caller's community's effective levels, and after a lead saves a new
// first-response span, what me answers, the reporter's notice and the monthly report's notes all
// say the new figure (never the 1 hour that used to be written out).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { functionCalls } from '../support/calls';
import { DUTY, LEAD, OWNER } from '../support/people';
import { spanText } from '../../types/sla';

let cloud: TestCloud;
const account = functionCalls('account', () => cloud);
const tickets = functionCalls('tickets', () => cloud);
const reports = functionCalls('reports', () => cloud);
const orders = functionCalls('orders', () => cloud);

before(async () => {
  cloud = await startTestCloud();
  await cloud.setClock(new Date('2026-11-24T10:00:00+08:00').toISOString());
});
after(() => cloud.close());

describe('the effective service levels', () => {
  it('are the defaults for 悦海和园 before any override, for an owner and for staff', async () => {
    const owner = await account.ok('me', {}, OWNER);
    assert.equal(owner.serviceLevels[0].communityId, 'yuehai');
    assert.equal(spanText(owner.serviceLevels[0].tickets.respond.span), '1 小时');
    assert.equal(spanText(owner.serviceLevels[0].questions.firstAnswer), '10 分钟');
    assert.equal(spanText(owner.serviceLevels[0].passes.decide), '15 分钟');
    const steward = await account.ok('me', {}, DUTY);
    assert.deepEqual(steward.serviceLevels, owner.serviceLevels);
    const nobody = await account.ok('me', {}, 'dev-stranger');
    assert.deepEqual(
      nobody.serviceLevels.map((l) => l.communityId),
      [null],
      'no community yet: the product defaults',
    );
  });

  it("follow a lead's 30-hour first response: me, the new ticket's notice and the report say 30 小时", async () => {
    const policy = await tickets.ok('policy', {}, LEAD);
    await tickets.ok('savePolicy', { baseVersion: policy.version, override: { version: 'yuehai-2026.2', respond: { span: { unit: 'hours', amount: 30 } } } }, LEAD);

    const me = await account.ok('me', {}, OWNER);
    assert.equal(me.serviceLevels[0].version, 'yuehai-2026.2');
    assert.equal(spanText(me.serviceLevels[0].tickets.respond.span), '30 小时');

    const { ticket } = await tickets.ok('create', { kind: 'repair', scope: 'in_home', unit: '1-1-101', description: '厨房水龙头一直滴水' }, OWNER);
    assert.equal(ticket.deadlines.respondBy, '2026-11-25T16:00:00.000+08:00');
    const { items } = await account.ok('inbox', {}, OWNER);
    const notice = items.find((item) => item.body.includes(ticket.no));
    assert.ok(notice, JSON.stringify(items));
    assert.match(notice.body, /管家将在 30 小时内响应/);
    assert.doesNotMatch(notice.body, /1 小时/);

    // a booking promises the same first response (the form says so), and the staff queue holds it to that
    const { order } = await orders.ok('book', { item: 'yuehai:s01', quantity: 1, unit: '1-1-101', preferredAt: '2026-11-24T15:00:00+08:00' }, OWNER);
    assert.equal((await orders.ok('get', { id: order.id }, DUTY)).order.due?.at, '2026-11-25T16:00:00.000+08:00');

    const report = await reports.ok('monthly', { month: '2026-11' }, LEAD);
    const response = report.figures.find((f) => f.key === 'response');
    assert.equal(response?.note, '所有报事报修 30 小时内首次有效响应');
    assert.match(report.figures.find((f) => f.key === 'repairOnTime')?.note ?? '', /^30 小时内响应、受理后 20 分钟或约定时间到场/);
  });
});
