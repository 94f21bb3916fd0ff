// The timer functions (slaSweep, passSweep, questionSweep, greetDaily) run for their trigger only:
// called from the mini-program — by an owner, a manager, or with the trigger's own event forged as
// the call's data — each is refused with FORBIDDEN and sweeps nothing; the trigger's call works.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { functionCalls } from '../support/calls';
import { MANAGER, OWNER } from '../support/people';
import type { Reply } from '../../types/envelope';

const MIN = 60_000;
const HOLIDAY = Date.parse('2026-10-01T01:00:00.000Z'); // 国庆, 09:00 Shanghai
const T0 = Date.parse('2026-11-24T01:00:00.000Z'); // a Tuesday, 09:00 Shanghai
const shanghai = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().replace('Z', '+08:00');

let cloud: TestCloud;
const tickets = functionCalls('tickets', () => cloud);
const passes = functionCalls('passes', () => cloud);
const questions = functionCalls('questions', () => cloud);

before(async () => {
  cloud = await startTestCloud({ functionEnv: { PASS_SECRET: 'test-secret-timers-0123456789ab', PASS_SECRET_PREVIOUS: '' } });
});
after(() => cloud.close());

/** Everything a sweep or a greeting run writes, as it stands. */
function world(): string {
  const { store } = cloud.cloud;
  return JSON.stringify(['tickets', 'passes', 'questions', 'alertLeases', 'greetings', 'greetRuns', 'inbox', 'deliveries'].map((c) => store.find(c, {})));
}

/** Calls `fn` from the mini-program in every way a person could, and expects each refused. */
async function refusedToClients(fn: string): Promise<void> {
  const forged = { Type: 'Timer', TriggerName: fn, Time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), Message: '' };
  const calls: Array<[string, unknown, string | undefined]> = [
    ['an owner', {}, OWNER],
    ['a manager', {}, MANAGER],
    ['an owner sending the trigger’s event', forged, OWNER],
    ['a manager sending the trigger’s event', forged, MANAGER],
    ['a client without a login', forged, undefined],
  ];
  for (const [who, body, openid] of calls) {
    const reply = (await cloud.raw(fn, body, openid)) as Reply<unknown>;
    assert.equal(reply.ok, false, `${fn} called by ${who}: ${JSON.stringify(reply)}`);
    assert.equal(reply.error.code, 'FORBIDDEN', `${fn} called by ${who}`);
  }
}

async function byTrigger<T>(fn: string): Promise<T> {
  const reply = (await cloud.runTimer(fn)) as Reply<T>;
  assert.ok(reply.ok, `${fn} by its trigger: ${JSON.stringify(reply)}`);
  return reply.data;
}

describe('timer functions called from the mini-program', () => {
  it('greetDaily: refused on a holiday morning, nobody greeted; the trigger greets', async () => {
    await cloud.setClock(new Date(HOLIDAY).toISOString());
    const before = world();
    await refusedToClients('greetDaily');
    assert.equal(world(), before, 'nothing written');
    assert.equal(cloud.cloud.store.find('greetings', {}).length, 0);
    const report = await byTrigger<{ greeted: number }>('greetDaily');
    assert.ok(report.greeted > 0, 'the trigger greets the opted-in owners');
  });

  it('slaSweep, passSweep, questionSweep: refused with a ticket, a pass and a question overdue; the trigger sweeps each', async () => {
    await cloud.setClock(new Date(T0).toISOString());
    const ticket = (await tickets.ok('create', { kind: 'repair', scope: 'in_home', unit: '1-1-101', description: '卫生间水龙头漏水' }, OWNER)).ticket;
    const pass = (
      await passes.ok(
        'apply',
        {
          unit: '1-1-101',
          items: [{ name: '双人床', count: 1 }],
          from: shanghai(T0 + 120 * MIN),
          to: shanghai(T0 + 300 * MIN),
          carrier: { name: '刘师傅', phone: '13912345678' },
          reason: 'moving_out',
        },
        OWNER,
      )
    ).pass;
    const question = (await questions.ok('ask', { category: 'bus_routes', text: '小区附近有哪些公交线路可以到火车站？' }, OWNER)).question;
    // past the ticket's 1-hour response, the pass's 15-minute decision and the question's 10 minutes
    await cloud.setClock(new Date(T0 + 62 * MIN).toISOString());
    const find = <T>(collection: string, id: string) => cloud.cloud.store.find(collection, { _id: id })[0] as T;

    const before = world();
    for (const fn of ['slaSweep', 'passSweep', 'questionSweep', 'decorationSweep']) await refusedToClients(fn);
    assert.equal(world(), before, 'nothing swept, nothing told');
    assert.equal(cloud.cloud.store.find('alertLeases', {}).length, 0);

    const sla = await byTrigger<{ sent: number }>('slaSweep');
    assert.ok(sla.sent >= 1);
    assert.ok('c0-breach-respondBy' in find<{ alerts: Record<string, Date> }>('tickets', ticket.id).alerts, 'the ticket’s breach is claimed');
    const passRun = await byTrigger<{ alerted: number }>('passSweep');
    assert.equal(passRun.alerted, 1);
    assert.ok(find<{ alerts: { breach?: Date } }>('passes', pass.id).alerts.breach, 'the pass’s breach is claimed');
    const questionRun = await byTrigger<{ alerted: number }>('questionSweep');
    assert.equal(questionRun.alerted, 1);
    assert.equal(find<{ alertAt: Date | null }>('questions', question.id).alertAt, null, 'the question’s alert is claimed');
  });
});
