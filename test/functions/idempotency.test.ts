// Idempotent creates in both directions (issue 22 item 3), through the real SDK and the local cloud:
// a retry after the first attempt wrote and then failed answers with that object and makes no
// second one; a retry after a crash (a claim left `pending` past the function's time limit) runs;
// a claim younger than that still answers CONFLICT; two retries taking over one claim make one.
//
// The failure after the write is the local cloud's, not the function's: the test wraps the
// in-process store so the insert lands and its answer is lost (a connection reset after the write),
// exactly what the function sees when the network drops the store's reply.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { functionCalls } from '../support/calls';
import { DUTY, LEAD, OWNER } from '../support/people';
import type { Reply } from '../../types/envelope';
import type { Ticket } from '../../types/tickets';
import type { Pass } from '../../types/passes';
import { createdId, requestKey, TAKEOVER_GRACE_MS } from '../../cloudfunctions/core/router/idempotency';
import { outTradeNo } from '../../cloudfunctions/core/orders/model';

let cloud: TestCloud;
const T0 = Date.parse('2026-11-24T01:00:00.000Z'); // 09:00 Shanghai, a Tuesday

before(async () => {
  cloud = await startTestCloud({ functionEnv: { PASS_SECRET: 'test-secret-a-0123456789abcdef', PASS_SECRET_PREVIOUS: '' } });
  await cloud.setClock(new Date(T0).toISOString());
});
after(async () => {
  await cloud.close();
});

const tickets = functionCalls('tickets', () => cloud);
const passes = functionCalls('passes', () => cloud);
const store = () => cloud.cloud.store;

/** The next insert into `collection` is written, then answered with an error. */
function loseNextInsertReply(collection: string): void {
  const s = store();
  const original = s.insert.bind(s);
  s.insert = (name, docs, txId) => {
    const ids = original(name, docs, txId);
    if (name === collection) {
      s.insert = original;
      throw new Error('connection reset after the write');
    }
    return ids;
  };
}

const TIME_LIMIT_MS = { tickets: 10_000, passes: 10_000 }; // their config.json `timeout`

/** A claim as a crashed attempt leaves it: `pending`, taken `ageMs` before now. */
function pendingClaim(fn: 'tickets' | 'passes', action: string, openid: string, requestId: string, ageMs: number, legacy = false): void {
  const at = new Date(T0 - ageMs);
  const doc: Record<string, unknown> = { _id: requestKey(openid, fn, action, requestId), openid, state: 'pending', reply: null, createdAt: at };
  if (!legacy) Object.assign(doc, { takenAt: at, attempt: 'a-crashed-attempt' });
  store().insert('requests', [doc]);
}

const ticketInput = (description: string) => ({ kind: 'repair', scope: 'in_home', unit: '1-1-101', description });
const ticketsWith = (description: string) => store().find('tickets', { description });
const inboxCount = () => store().find('inbox', {}).length;

function application(description: string) {
  const shanghai = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().replace('Z', '+08:00');
  return {
    unit: '1-1-101',
    items: [{ name: description, count: 1 }],
    from: shanghai(T0 + 5 * 60_000),
    to: shanghai(T0 + 3 * 3600_000),
    carrier: { name: '刘师傅', phone: '13912345678', plate: '鲁B12345' },
    reason: 'moving_out',
  };
}
const passesWith = (name: string) => store().find('passes', { 'items.name': name });

describe('a create retried after its write failed', () => {
  it('tickets: three retries of a create whose write landed but failed make one ticket and answer it', async () => {
    const description = '重试后只有一张：卫生间漏水';
    loseNextInsertReply('tickets');
    const first = await tickets.failed('create', ticketInput(description), OWNER, 'req-after-write-t1');
    assert.equal(first.code, 'INTERNAL');
    assert.equal(ticketsWith(description).length, 1, 'the first attempt did write');
    const inbox = inboxCount();
    const replies: Ticket[] = [];
    for (let i = 0; i < 3; i += 1) replies.push((await tickets.ok('create', ticketInput(description), OWNER, 'req-after-write-t1')).ticket);
    const stored = ticketsWith(description);
    assert.equal(stored.length, 1, 'exactly one ticket');
    for (const reply of replies) {
      assert.equal(reply.id, stored[0]._id);
      assert.equal(reply.no, stored[0].no, 'the same number: a retry takes no second daily number');
    }
    assert.equal(inboxCount(), inbox, 'a retry sends no notice again');
    // a new requestId is a new ticket, numbered next
    const other = (await tickets.ok('create', ticketInput(description), OWNER, 'req-after-write-t2')).ticket;
    assert.notEqual(other.id, stored[0]._id);
    assert.equal(ticketsWith(description).length, 2);
    const next = store().find('tickets', { _id: other.id })[0];
    assert.equal(next.seq, Number(stored[0].seq) + 1, 'the three retries took no daily number');
  });

  it('passes: a retry after the write failed answers the same pass', async () => {
    const name = '重试的衣柜';
    loseNextInsertReply('passes');
    assert.equal((await passes.failed('apply', application(name), OWNER, 'req-after-write-p1')).code, 'INTERNAL');
    assert.equal(passesWith(name).length, 1, 'the first attempt did write');
    const a = (await passes.ok('apply', application(name), OWNER, 'req-after-write-p1')).pass as Pass;
    const b = (await passes.ok('apply', application(name), OWNER, 'req-after-write-p1')).pass as Pass;
    const stored = passesWith(name);
    assert.equal(stored.length, 1, 'exactly one pass');
    assert.equal(a.id, stored[0]._id);
    assert.equal(b.id, a.id);
    assert.equal(a.no, b.no);
  });
});

describe('a create retried after a crash', () => {
  const stale = (fn: 'tickets' | 'passes') => TIME_LIMIT_MS[fn] + TAKEOVER_GRACE_MS + 1_000;

  it('tickets: a pending claim older than the time limit is taken over and the retry creates one ticket', async () => {
    const description = '崩溃后重试：厨房下水道堵塞';
    pendingClaim('tickets', 'create', OWNER, 'req-after-crash-t1', stale('tickets'));
    const made = (await tickets.ok('create', ticketInput(description), OWNER, 'req-after-crash-t1')).ticket;
    const again = (await tickets.ok('create', ticketInput(description), OWNER, 'req-after-crash-t1')).ticket;
    assert.equal(again.id, made.id);
    assert.equal(ticketsWith(description).length, 1);
  });

  it('tickets: a claim left by a version without takeovers (no attempt, no takenAt) is taken over too', async () => {
    const description = '旧版本遗留的处理中请求';
    pendingClaim('tickets', 'create', OWNER, 'req-after-crash-t2', stale('tickets'), true);
    await tickets.ok('create', ticketInput(description), OWNER, 'req-after-crash-t2');
    assert.equal(ticketsWith(description).length, 1);
  });

  it('tickets: a pending claim younger than the time limit still answers CONFLICT and creates nothing', async () => {
    const description = '仍在处理中的请求';
    pendingClaim('tickets', 'create', OWNER, 'req-young-t1', TIME_LIMIT_MS.tickets - 5_000);
    const error = await tickets.failed('create', ticketInput(description), OWNER, 'req-young-t1');
    assert.equal(error.code, 'CONFLICT');
    assert.equal(ticketsWith(description).length, 0);
  });

  it('tickets: two retries taking over one stale claim at once make one ticket and answer it both', async () => {
    const description = '两个重试同时接手';
    pendingClaim('tickets', 'create', OWNER, 'req-two-takers-t1', stale('tickets'));
    const [a, b] = (await Promise.all([
      tickets.call('create', ticketInput(description), OWNER, 'req-two-takers-t1'),
      tickets.call('create', ticketInput(description), OWNER, 'req-two-takers-t1'),
    ])) as Array<Reply<{ ticket: Ticket }>>;
    assert.ok(a.ok && b.ok, JSON.stringify([a, b]));
    assert.equal(a.data.ticket.id, b.data.ticket.id);
    assert.equal(ticketsWith(description).length, 1);
  });

  it('passes: a stale claim is taken over (one pass), a young one answers CONFLICT, two takers make one', async () => {
    pendingClaim('passes', 'apply', OWNER, 'req-after-crash-p1', stale('passes'));
    await passes.ok('apply', application('崩溃后的书桌'), OWNER, 'req-after-crash-p1');
    assert.equal(passesWith('崩溃后的书桌').length, 1);

    pendingClaim('passes', 'apply', OWNER, 'req-young-p1', TIME_LIMIT_MS.passes - 5_000);
    assert.equal((await passes.failed('apply', application('处理中的书桌'), OWNER, 'req-young-p1')).code, 'CONFLICT');
    assert.equal(passesWith('处理中的书桌').length, 0);

    pendingClaim('passes', 'apply', OWNER, 'req-two-takers-p1', stale('passes'));
    const [a, b] = (await Promise.all([
      passes.call('apply', application('同时接手的书桌'), OWNER, 'req-two-takers-p1'),
      passes.call('apply', application('同时接手的书桌'), OWNER, 'req-two-takers-p1'),
    ])) as Array<Reply<{ pass: Pass }>>;
    assert.ok(a.ok && b.ok, JSON.stringify([a, b]));
    assert.equal(a.data.pass.id, b.data.pass.id);
    assert.equal(passesWith('同时接手的书桌').length, 1);
  });

  it('a steward recording a ticket for a unit is idempotent the same way', async () => {
    const description = '代登记：楼道灯不亮';
    loseNextInsertReply('tickets');
    const input = { ...ticketInput(description), channel: 'phone', contactName: '王先生' };
    assert.equal((await tickets.failed('create', input, DUTY, 'req-steward-t1')).code, 'INTERNAL');
    const made = (await tickets.ok('create', input, DUTY, 'req-steward-t1')).ticket;
    assert.equal(ticketsWith(description).length, 1);
    assert.equal(made.id, ticketsWith(description)[0]._id);
  });
});

describe('every create is covered', () => {
  it('orders.book: a retry after the write failed answers the same order, whose payment number fits WeChat Pay', async () => {
    const orders = functionCalls('orders', () => cloud);
    const input = { item: 'yuehai:s01', quantity: 1, unit: '1-1-101', preferredAt: '2026-11-25T10:00:00+08:00', remark: '重试的预约' };
    loseNextInsertReply('orders');
    assert.equal((await orders.failed('book', input, OWNER, 'req-after-write-o1')).code, 'INTERNAL');
    const booked = (await orders.ok('book', input, OWNER, 'req-after-write-o1')).order;
    const stored = store().find('orders', { remark: input.remark });
    assert.equal(stored.length, 1);
    assert.equal(booked.id, stored[0]._id);
    // WeChat Pay takes 6–32 characters of outTradeNo, which is built on the order's id
    const longest = outTradeNo(createdId({ requestKey: requestKey('o'.repeat(28), 'orders', 'book', 'r'.repeat(64)) }) as string, 999);
    assert.ok(longest.length <= 32, longest);
  });

  it('greetings.saveCustom: a retry after the write failed answers the same date, not CONFLICT or a second one', async () => {
    const input = { name: '重试的纪念日', monthDay: '12-01', text: '{name}，{community}{occasion}快乐！' };
    loseNextInsertReply('greetingTemplates');
    const greetings = functionCalls('greetings', () => cloud);
    // the handler answers a failed insert with CONFLICT 保存失败，请重试: the retry must then succeed
    await greetings.failed('saveCustom', input, LEAD, 'req-after-write-g1');
    assert.equal(store().find('greetingTemplates', { name: input.name }).length, 1, 'the first attempt did write');
    const saved = (await greetings.ok('saveCustom', input, LEAD, 'req-after-write-g1')).occasion;
    const stored = store().find('greetingTemplates', { name: input.name });
    assert.equal(stored.length, 1);
    assert.equal(stored[0].occasion, saved.occasion);
  });

  it('questions.ask: a retry after the write failed answers the same question', async () => {
    const questions = functionCalls('questions', () => cloud);
    const input = { category: 'other', text: '重试的咨询：快递柜在哪里？' };
    loseNextInsertReply('questions');
    assert.equal((await questions.failed('ask', input, OWNER, 'req-after-write-q1')).code, 'INTERNAL');
    const asked = (await questions.ok('ask', input, OWNER, 'req-after-write-q1')).question;
    const stored = store().find('questions', { text: input.text });
    assert.equal(stored.length, 1);
    assert.equal(asked.id, stored[0]._id);
  });
});
