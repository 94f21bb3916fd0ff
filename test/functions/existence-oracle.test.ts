// Issue 22 item 7: no action tells a caller that an object they may not see exists. For each
// subject, every action a caller may attempt answers the same NOT_FOUND (code and message) for an
// object that is not theirs as for an id that was never used — the access check comes before any
// state check (core/workflow/access.ts).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { functionCalls } from '../support/calls';
import { DUTY, ENGINEER, OTHER_OWNER, OWNER, RESIDENT } from '../support/people';
import type { ReplyError } from '../../types/envelope';

let cloud: TestCloud;
const start = Date.parse('2026-11-24T01:00:00.000Z'); // 09:00 Shanghai, a Tuesday
const shanghai = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().replace('Z', '+08:00');

before(async () => {
  cloud = await startTestCloud();
  await cloud.setClock(new Date(start).toISOString());
});
after(() => cloud.close());

const tickets = functionCalls('tickets', () => cloud);
const orders = functionCalls('orders', () => cloud);
const passes = functionCalls('passes', () => cloud);
const questions = functionCalls('questions', () => cloud);

const MISSING = 'no-such-object-0000';

/** The reply for the hidden object and for the missing id are one and the same NOT_FOUND. */
async function alike(attempt: (id: string) => Promise<ReplyError>, hiddenId: string, what: string): Promise<void> {
  const hidden = await attempt(hiddenId);
  const missing = await attempt(MISSING);
  assert.equal(missing.code, 'NOT_FOUND', `${what} on a missing id`);
  assert.deepEqual(hidden, missing, `${what} on an object the caller may not see answers as if it did not exist`);
}

describe('every action answers alike for what the caller may not see', () => {
  it('tickets: an engineer learns nothing of a ticket not assigned to them, whatever the action', async () => {
    const created = await tickets.ok('create', { kind: 'repair', scope: 'in_home', unit: '1-1-101', description: '卫生间水龙头漏水' }, OWNER);
    const t = (await tickets.ok('accept', { id: created.ticket.id }, DUTY)).ticket;
    assert.equal(t.assignee, null);
    const commands: Array<[string, Record<string, unknown>]> = [
      ['get', {}],
      ['arrive', {}],
      ['resolve', { note: '已修好' }],
    ];
    for (const [command, input] of commands) {
      await alike((id) => tickets.failed(command as 'get', { id, ...input }, ENGINEER), t.id, `tickets.${command}`);
    }
    // once it is theirs they see it, and the state machine speaks
    await tickets.ok('assign', { id: t.id, assignee: ENGINEER }, DUTY);
    assert.equal((await tickets.ok('get', { id: t.id }, ENGINEER)).ticket.id, t.id);
    assert.equal((await tickets.failed('resolve', { id: t.id, note: '已修好' }, ENGINEER)).code, 'CONFLICT');
  });

  it('orders: an owner of another unit learns nothing of an order, whatever the action', async () => {
    const o = (await orders.ok('book', { item: 'yuehai:s01', quantity: 1, unit: '1-1-101', preferredAt: shanghai(start + 2 * 3600_000) }, OWNER)).order;
    const commands: Array<[string, Record<string, unknown>]> = [
      ['get', {}],
      ['cancel', {}],
      ['pay', {}],
      ['rate', { score: 5 }],
    ];
    for (const [command, input] of commands) {
      await alike((id) => orders.failed(command as 'get', { id, ...input }, OTHER_OWNER), o.id, `orders.${command}`);
    }
  });

  it('passes: an owner of another unit learns nothing of a pass, whatever the action', async () => {
    const from = start + 5 * 60_000;
    const p = (
      await passes.ok(
        'apply',
        {
          unit: '1-1-101',
          items: [{ name: '纸箱', count: 2 }],
          from: shanghai(from),
          to: shanghai(from + 3 * 3600_000),
          carrier: { name: '刘师傅', phone: '13912345678' },
          reason: 'moving_out',
        },
        OWNER,
      )
    ).pass;
    const commands: Array<[string, Record<string, unknown>]> = [
      ['get', {}],
      ['revoke', {}],
      ['ownerConfirm', {}],
    ];
    for (const [command, input] of commands) {
      await alike((id) => passes.failed(command as 'get', { id, ...input }, OTHER_OWNER), p.id, `passes.${command}`);
    }
  });

  it('questions: someone who did not ask learns nothing of the question, whatever the action', async () => {
    const q = (await questions.ok('ask', { category: 'other', text: '小区快递柜在哪里？' }, OWNER)).question;
    const commands: Array<[string, Record<string, unknown>]> = [
      ['get', {}],
      ['followUp', { text: '还没有答复吗' }],
      ['close', {}],
    ];
    for (const who of [RESIDENT, OTHER_OWNER]) {
      for (const [command, input] of commands) {
        await alike((id) => questions.failed(command as 'get', { id, ...input }, who), q.id, `questions.${command} by ${who}`);
      }
    }
  });
});
