// The tickets function through the real wx-server-sdk against the local cloud: an owner reports,
// stewards and engineers work the ticket, the owner rates it; every guard answered as SPEC §3 says.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import type { ActionName, ActionOutput } from '../../types/contract';
import type { Reply, ReplyError } from '../../types/envelope';
import type { Ticket, TicketState } from '../../types/tickets';

let cloud: TestCloud;
// Each report moves the fixed clock on a minute: deadlines stay predictable and no one reaches
// the 20-creates-a-minute limit.
let clockMs = Date.parse('2026-11-24T01:00:00.000Z'); // 09:00 Shanghai, a Tuesday
async function tick(): Promise<string> {
  clockMs += 60_000;
  const iso = new Date(clockMs).toISOString();
  await cloud.setClock(iso);
  return iso;
}

before(async () => {
  cloud = await startTestCloud();
  await tick();
});
after(async () => {
  await cloud.close();
});

type Action = ActionName<'tickets'>;

async function call(action: Action, input: unknown, openid: string, requestId?: string): Promise<Reply<unknown>> {
  return (await cloud.call('tickets', action, input, { openid, requestId })) as Reply<unknown>;
}
async function ok<A extends Action>(action: A, input: unknown, openid: string, requestId?: string): Promise<ActionOutput<'tickets', A>> {
  const reply = await call(action, input, openid, requestId);
  assert.ok(reply.ok, `tickets.${action} as ${openid}: ${JSON.stringify(reply)}`);
  return reply.data as ActionOutput<'tickets', A>;
}
async function failed(action: Action, input: unknown, openid: string): Promise<ReplyError> {
  const reply = await call(action, input, openid);
  assert.ok(!reply.ok, `tickets.${action} as ${openid} should fail: ${JSON.stringify(reply)}`);
  return reply.error;
}

const OWNER = 'dev-owner-1';
const OTHER_OWNER = 'dev-owner-2';
const RESIDENT = 'dev-resident-1';
const DUTY = 'dev-steward-1';
const AREA = 'dev-steward-2';
const ENGINEER = 'dev-engineer';
const GUARD = 'dev-guard';

async function report(input: Record<string, unknown> = {}, openid = OWNER): Promise<Ticket> {
  await tick();
  const { ticket } = await ok('create', { kind: 'repair', scope: 'in_home', unit: '1-1-101', description: '卫生间水龙头漏水', ...input }, openid);
  return ticket;
}

/** A ticket brought to `state` by the people who would do it. */
async function ticketIn(state: TicketState, input: Record<string, unknown> = {}): Promise<Ticket> {
  const t = await report(input);
  const path: Array<[Action, Record<string, unknown>, string, TicketState]> = [
    ['accept', {}, DUTY, 'accepted'],
    ['assign', { assignee: ENGINEER }, DUTY, 'assigned'],
    ['arrive', {}, ENGINEER, 'on_site'],
    ['resolve', { note: '已更换阀芯' }, ENGINEER, 'resolved'],
    ['rate', { score: 5 }, OWNER, 'revisited'],
  ];
  if (state === 'submitted') return t;
  if (state === 'cancelled') return (await ok('cancel', { id: t.id }, OWNER)).ticket;
  if (state === 'rejected') return (await ok('reject', { id: t.id, reason: '不属于物业服务范围' }, DUTY)).ticket;
  let current = t;
  for (const [action, extra, who, reached] of path) {
    current = (await ok(action, { id: t.id, ...extra }, who) as { ticket: Ticket }).ticket;
    if (reached === state) return current;
  }
  throw new Error(`no path to ${state}`);
}

const inboxOf = async (openid: string) => {
  const reply = (await cloud.call('account', 'inbox', { limit: 50 }, { openid })) as Reply<{ items: Array<{ title: string; body: string; template: string; page: string | null }> }>;
  assert.ok(reply.ok);
  return reply.data.items;
};

describe('the full repair flow, from report to rating', () => {
  it('takes a repair from the owner through steward and engineer to a rating, telling each in turn', async () => {
    for (const [who, templates] of [
      [OWNER, ['ticketProgress', 'ticketProgress', 'ticketProgress', 'ticketProgress', 'ticketProgress', 'ticketProgress']],
      [ENGINEER, ['staffAlert']],
    ] as const) {
      for (const template of templates) await cloud.call('account', 'grantSubscriptions', { templates: [template] }, { openid: who });
    }
    const outboxBefore = (await cloud.outbox()).length;
    const created = await report({ description: '厨房水槽下水管漏水，地面有积水', photos: ['cloud://local-env.bucket/tickets/p1.jpg'], preferredAt: '2026-11-24T14:00:00+08:00' });
    assert.match(created.no, /^BX20261124-\d{4}$/);
    assert.equal(created.state, 'submitted');
    assert.equal(created.deadlines.respondBy, '2026-11-24T10:02:00.000+08:00', 'first response within 1 hour');
    assert.equal(created.deadlines.arriveBy, null, 'the arrival clock starts at acceptance');
    assert.deepEqual(created.nextDue, { key: 'respondBy', at: created.deadlines.respondBy, level: 'ok' });
    assert.equal(created.policyVersion, 'guanjia-2026.1');
    assert.deepEqual(created.allowed, ['cancel']);

    const stewardView = (await ok('get', { id: created.id }, DUTY)).ticket;
    assert.equal(stewardView.reporterPhone, '138****0001', 'masked for a steward who is not the assignee');
    assert.ok(stewardView.allowed.includes('accept') && stewardView.allowed.includes('reject'));

    const accepted = (await ok('accept', { id: created.id }, DUTY)).ticket;
    assert.equal(accepted.state, 'accepted');
    assert.equal(accepted.deadlines.arriveBy, '2026-11-24T14:00:00.000+08:00', 'the visit time the owner asked for');
    const assigned = (await ok('assign', { id: created.id, assignee: ENGINEER }, DUTY)).ticket;
    assert.equal(assigned.assigneeName, '孙强');
    const engineerView = (await ok('get', { id: created.id }, ENGINEER)).ticket;
    assert.equal(engineerView.reporterPhone, '13800000001', 'the assignee sees the number to call');
    assert.deepEqual(engineerView.allowed, ['arrive']);
    await ok('arrive', { id: created.id }, ENGINEER);
    const resolved = (await ok('resolve', { id: created.id, note: '已更换下水管并清理地面' }, ENGINEER)).ticket;
    assert.equal(resolved.state, 'resolved');
    assert.equal(resolved.deadlines.revisitBy, '2026-11-27T09:02:00.000+08:00', 'revisit within 3 days of completion');
    assert.ok(resolved.allowed.length === 0, 'the engineer has nothing left to do');

    const ownerView = (await ok('get', { id: created.id }, OWNER)).ticket;
    assert.ok(ownerView.allowed.includes('rate') && ownerView.allowed.includes('reopen'));
    const rated = (await ok('rate', { id: created.id, score: 5, comment: '师傅很专业' }, OWNER)).ticket;
    assert.equal(rated.state, 'revisited');
    assert.deepEqual(rated.rating && { score: rated.rating.score, comment: rated.rating.comment }, { score: 5, comment: '师傅很专业' });
    assert.equal(rated.revisit?.method, 'online');
    assert.deepEqual(
      rated.events.map((e) => [e.action, e.from, e.to, e.actorRole]),
      [
        ['accept', 'submitted', 'accepted', 'steward'],
        ['assign', 'accepted', 'assigned', 'steward'],
        ['arrive', 'assigned', 'on_site', 'engineer'],
        ['resolve', 'on_site', 'resolved', 'engineer'],
        ['revisit', 'resolved', 'revisited', 'owner'],
      ],
    );
    assert.equal(rated.events[0].actorName, '陈静');

    const inbox = await inboxOf(OWNER);
    const mine = inbox.filter((m) => m.page?.endsWith(created.id));
    // the clock stands still in this test, so the inbox's order among them is not asserted
    assert.deepEqual(
      mine.map((m) => m.title).sort(),
      ['报修已提交', '报修已受理', '报修已派单', '报修已到场', '报修已处理'].sort(),
    );
    const sent = (await cloud.outbox()).slice(outboxBefore);
    const toOwner = sent.filter((m) => m.touser === OWNER);
    assert.equal(toOwner.length, 5, 'one subscription message per step while grants last');
    assert.equal(toOwner[0].template_id, 'local-ticketProgress');
    assert.equal(toOwner[0].data.character_string1.value, created.no);
    assert.equal(toOwner[1].data.phrase2.value, '已受理');
    const toEngineer = sent.filter((m) => m.touser === ENGINEER);
    assert.equal(toEngineer.length, 1);
    assert.equal(toEngineer[0].template_id, 'local-staffAlert');
    assert.ok((await inboxOf(DUTY)).some((m) => m.title === '新报修' && m.page?.endsWith(created.id)), 'the duty steward hears of the report');
  });

  it('numbers the day’s tickets one after another in the community', async () => {
    const a = await report();
    const b = await report();
    assert.equal(Number(b.no.slice(-4)), Number(a.no.slice(-4)) + 1);
  });

  it('makes one ticket of a double tap with one requestId', async () => {
    await tick();
    const input = { kind: 'repair', scope: 'public_area', unit: '1-1-101', description: '楼道灯不亮了，晚上很黑' };
    const replies = await Promise.all([call('create', input, OWNER, 'tap-20261124-a'), call('create', input, OWNER, 'tap-20261124-a')]);
    const ids = replies.map((r) => (r.ok ? (r.data as { ticket: Ticket }).ticket.id : JSON.stringify(r)));
    assert.equal(ids[0], ids[1]);
    const again = await ok('create', input, OWNER, 'tap-20261124-a');
    assert.equal(again.ticket.id, ids[0]);
    const stored = cloud.cloud.store.find('tickets', { description: '楼道灯不亮了，晚上很黑' });
    assert.equal(stored.length, 1);
  });

  it('lets exactly one of two stewards claim a ticket', async () => {
    const t = await report();
    const replies = await Promise.all([call('accept', { id: t.id }, DUTY), call('accept', { id: t.id }, AREA)]);
    assert.equal(replies.filter((r) => r.ok).length, 1);
    const loser = replies.find((r) => !r.ok);
    assert.equal(loser && !loser.ok && loser.error.code, 'CONFLICT');
    const stored = (await ok('get', { id: t.id }, DUTY)).ticket;
    assert.equal(stored.events.length, 1, 'one accept in the log');
  });
});

describe('who may do what, through the function', () => {
  // [action, extra input, the state it works from, who may, who may not (FORBIDDEN), a state it refuses (CONFLICT)]
  const table: Array<[Action, Record<string, unknown>, TicketState, string, string[], TicketState]> = [
    ['accept', {}, 'submitted', DUTY, [OWNER, ENGINEER, GUARD], 'accepted'],
    ['assign', { assignee: ENGINEER }, 'accepted', AREA, [OWNER, ENGINEER, RESIDENT], 'submitted'],
    ['arrive', {}, 'assigned', ENGINEER, [OWNER, GUARD], 'accepted'],
    ['resolve', { note: '已修好' }, 'on_site', ENGINEER, [OWNER, RESIDENT], 'assigned'],
    ['revisit', { method: 'phone', score: 4, note: '电话回访，业主满意' }, 'resolved', DUTY, [OWNER, ENGINEER], 'assigned'],
    ['rate', { score: 4 }, 'resolved', RESIDENT, [DUTY, ENGINEER], 'on_site'],
    ['cancel', {}, 'accepted', RESIDENT, [DUTY, ENGINEER], 'on_site'],
    ['reject', { reason: '重复报修' }, 'submitted', DUTY, [OWNER, ENGINEER], 'on_site'],
    ['reopen', { reason: '还是漏水' }, 'resolved', OWNER, [ENGINEER, GUARD], 'submitted'],
  ];
  for (const [action, extra, from, allowed, forbidden, conflictState] of table) {
    it(`${action}: ${allowed} from ${from}; FORBIDDEN to ${forbidden.join(', ')}; CONFLICT from ${conflictState}`, async () => {
      const t = await ticketIn(from);
      for (const who of forbidden) {
        const error = await failed(action, { id: t.id, ...extra }, who);
        assert.equal(error.code, 'FORBIDDEN', `${action} by ${who}`);
      }
      const done = (await ok(action, { id: t.id, ...extra }, allowed) as { ticket: Ticket }).ticket;
      assert.notEqual(done.state, from);
      const stale = await ticketIn(conflictState);
      const conflict = await failed(action, { id: stale.id, ...extra }, allowed);
      assert.equal(conflict.code, 'CONFLICT', `${action} from ${conflictState}`);
    });
  }

  it('repeats a transition as CONFLICT, never twice', async () => {
    const t = await ticketIn('on_site');
    await ok('resolve', { id: t.id, note: '已修好' }, ENGINEER);
    assert.equal((await failed('resolve', { id: t.id, note: '已修好' }, ENGINEER)).code, 'CONFLICT');
  });

  it('lets only the assigned engineer arrive', async () => {
    const t = await ticketIn('accepted');
    await ok('assign', { id: t.id, assignee: AREA }, DUTY);
    assert.equal((await failed('arrive', { id: t.id }, ENGINEER)).code, 'FORBIDDEN');
    assert.equal((await failed('get', { id: t.id }, ENGINEER)).code, 'NOT_FOUND', 'an engineer sees what is assigned to them');
  });

  it('lets a steward resolve a complaint without a visit, not a repair', async () => {
    const complaint = await ticketIn('assigned', { kind: 'complaint', complaintClass: 'class1', description: '保洁不及时，垃圾堆在楼道' });
    assert.equal((await ok('resolve', { id: complaint.id, note: '已安排保洁清理并致歉' }, ENGINEER)).ticket.state, 'resolved');
  });

  it('needs a reason to reject, naming the field', async () => {
    const t = await report();
    for (const reason of [undefined, '', '   ']) {
      const error = await failed('reject', reason === undefined ? { id: t.id } : { id: t.id, reason }, DUTY);
      assert.equal(error.code, 'INVALID_INPUT');
      assert.ok(error.fields?.reason, JSON.stringify(error));
    }
    assert.equal((await ok('get', { id: t.id }, DUTY)).ticket.state, 'submitted');
  });

  it('refuses a report for a unit the caller is not bound to', async () => {
    await tick();
    const error = await failed('create', { kind: 'repair', scope: 'in_home', unit: '2-1-202', description: '别人家的水管坏了' }, OWNER);
    assert.equal(error.code, 'FORBIDDEN');
  });

  it('refuses a description under 5 characters and more than 9 photos, naming the fields', async () => {
    const photos = Array.from({ length: 10 }, (_, i) => `cloud://local-env.bucket/p${i}.jpg`);
    const error = await failed('create', { kind: 'repair', scope: 'in_home', unit: '1-1-101', description: '坏了', photos }, OWNER);
    assert.equal(error.code, 'INVALID_INPUT');
    assert.ok(error.fields?.description && error.fields?.photos, JSON.stringify(error.fields));
  });
});

describe('who sees a ticket', () => {
  it('refuses another owner and lets a resident of the unit read it', async () => {
    const t = await report();
    assert.equal((await failed('get', { id: t.id }, OTHER_OWNER)).code, 'NOT_FOUND');
    assert.equal((await failed('cancel', { id: t.id }, OTHER_OWNER)).code, 'NOT_FOUND');
    const seen = (await ok('get', { id: t.id }, RESIDENT)).ticket;
    assert.equal(seen.id, t.id);
    assert.equal(seen.reporterPhone, '138****0001', 'the owner’s number is not the resident’s to see');
    const theirs = await ok('list', { mine: true }, OTHER_OWNER);
    assert.ok(!theirs.tickets.some((x) => x.id === t.id));
    const residents = await ok('list', { mine: true, limit: 50 }, RESIDENT);
    assert.ok(residents.tickets.some((x) => x.id === t.id));
  });

  it('orders the staff queue by time left on the next deadline, and pages it', async () => {
    const queue = await ok('list', { limit: 5 }, DUTY);
    assert.equal(queue.tickets.length, 5);
    const keys = queue.tickets.map((t) => (t.nextDue ? Date.parse(t.nextDue.at) : Infinity));
    assert.deepEqual(keys, [...keys].sort((a, b) => a - b));
    assert.ok(queue.nextCursor);
    const next = await ok('list', { limit: 5, cursor: queue.nextCursor }, DUTY);
    const seen = new Set(queue.tickets.map((t) => t.id));
    assert.ok(next.tickets.every((t) => !seen.has(t.id)), 'no ticket twice across pages');
    const engineer = await ok('list', { limit: 50 }, ENGINEER);
    assert.ok(engineer.tickets.length > 0 && engineer.tickets.every((t) => t.assignee === ENGINEER));
  });

  it('puts the area steward’s buildings first', async () => {
    await tick();
    await cloud.call('account', 'bindUnit', { unit: '3-2-1201', phone: '13800000003', name: '钱芳' }, { openid: 'wx-qian' });
    const far = await report({ unit: '3-2-1201', description: '三号楼门禁坏了' }, 'wx-qian');
    const queue = await ok('list', { limit: 50 }, AREA);
    const index = queue.tickets.findIndex((t) => t.id === far.id);
    assert.ok(index === -1 || queue.tickets.slice(0, index).every((t) => ['1', '2'].includes(t.building)));
  });
});

describe('revisits and ratings', () => {
  it('reopens a ticket rated 2 or less and sends it back to be dispatched', async () => {
    const t = await ticketIn('resolved');
    const reopened = (await ok('rate', { id: t.id, score: 2, comment: '还在滴水' }, OWNER)).ticket;
    assert.equal(reopened.state, 'reopened');
    assert.equal(reopened.rating?.score, 2);
    assert.equal(reopened.deadlines.revisitBy, null, 'a new round of work, its revisit clock not started');
    assert.match(reopened.events.at(-1)?.note ?? '', /2 分/);
    assert.ok((await inboxOf(ENGINEER)).some((m) => m.title === '工单被退回重新处理'));
    const again = (await ok('assign', { id: t.id, assignee: ENGINEER }, DUTY)).ticket;
    assert.equal(again.state, 'assigned');
  });

  it('reopens on a steward’s phone revisit scored 1', async () => {
    const t = await ticketIn('resolved');
    const reopened = (await ok('revisit', { id: t.id, method: 'phone', score: 1, note: '业主表示问题未解决' }, DUTY)).ticket;
    assert.equal(reopened.state, 'reopened');
  });

  it('flags a class 2 complaint for developer follow-up and tells the manager of a major one at once', async () => {
    const class2 = await report({ kind: 'complaint', complaintClass: 'class2', description: '外墙渗水，开发商质量问题' });
    assert.equal(class2.developerFollowUp, true);
    assert.equal(class2.deadlines.resolveBy, '2026-11-27T' + class2.createdAt.slice(11), 'general complaint: 3 working days');
    const major = await report({ kind: 'complaint', complaintClass: 'major', description: '多户业主联名投诉电梯长期故障' });
    assert.equal(major.developerFollowUp, false);
    const inbox = await inboxOf('dev-manager');
    assert.ok(inbox.some((m) => m.title === '重大投诉，请立即牵头处理' && m.page?.endsWith(major.id)));
    assert.ok(!inbox.some((m) => m.page?.endsWith(class2.id)));
  });
});
