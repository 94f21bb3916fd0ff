// The events function (社区文化活动, SPEC §15) through the real wx-server-sdk against the local
// cloud: the plan and its warning, sign-up never over capacity when many sign up at once, the
// waiting list moving up on a cancellation, check-in by a signed code, and the record afterwards.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { functionCalls } from '../support/calls';
import { OWNER, OTHER_OWNER, DUTY, LEAD, GUARD } from '../support/people';
import type { CommunityEvent } from '../../types/events';

let cloud: TestCloud;
let clockMs = Date.parse('2026-11-24T01:00:00.000Z'); // 09:00 Shanghai
async function at(ms: number): Promise<void> {
  clockMs = ms;
  await cloud.setClock(new Date(clockMs).toISOString());
}
const shanghai = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().replace('Z', '+08:00');
const DAY = 24 * 3600_000;

const PEOPLE = 30;
const person = (i: number) => `event-owner-${i}`;

before(async () => {
  cloud = await startTestCloud({ functionEnv: { PASS_SECRET: 'test-secret-events-0123456789', PASS_SECRET_PREVIOUS: '' } });
  await at(clockMs);
  const created = new Date('2026-01-05T02:00:00.000Z');
  cloud.cloud.store.insert(
    'bindings',
    Array.from({ length: PEOPLE }, (_, i) => ({
      _id: `event-binding-${i}`,
      openid: person(i),
      communityId: 'yuehai',
      unit: `3-1-${2000 + i}`,
      role: 'owner',
      state: 'active',
      phone: '13900000000',
      name: `业主${i}`,
      createdAt: created,
      decidedAt: created,
      decidedBy: 'roster',
      rejectReason: null,
    })),
  );
});
after(async () => {
  await cloud.close();
});

const { ok, failed } = functionCalls('events', () => cloud);

let planned = 0;
async function openEvent(capacity: number, startsIn = 7 * DAY): Promise<CommunityEvent> {
  planned += 1;
  const start = clockMs + startsIn;
  const ev = (
    await ok(
      'plan',
      {
        title: `亲子手工 ${planned}`,
        description: '中心花园亲子手工活动',
        place: '中心花园',
        startsAt: shanghai(start),
        endsAt: shanghai(start + 2 * 3600_000),
        signUpBy: shanghai(start - DAY),
        capacity,
      },
      DUTY,
      `event-plan-${planned}`,
    )
  ).event;
  assert.equal(ev.state, 'planned');
  assert.equal((await failed('get', { id: ev.id }, OWNER)).code, 'NOT_FOUND', 'owners do not see a planned event');
  return (await ok('open', { id: ev.id }, DUTY)).event;
}

describe('events: sign-up', () => {
  it('never goes over capacity: 30 at once for 20 places → 20 signed, 10 waiting; a cancellation moves the first waiting up and tells them', async () => {
    const ev = await openEvent(20);
    const replies = await Promise.all(
      Array.from({ length: PEOPLE }, (_, i) => cloud.call('events', 'signUp', { id: ev.id }, { openid: person(i) }) as Promise<{ ok: boolean; data?: { event: CommunityEvent } }>),
    );
    assert.ok(
      replies.every((r) => r.ok),
      JSON.stringify(replies.filter((r) => !r.ok)),
    );
    const states = replies.map((r) => r.data!.event.mine!.state);
    assert.equal(states.filter((s) => s === 'signed').length, 20);
    assert.equal(states.filter((s) => s === 'waiting').length, 10);
    assert.equal(cloud.cloud.store.count('eventSeats', { eventId: ev.id }), 20);
    const seen = (await ok('get', { id: ev.id }, DUTY)).event;
    assert.equal(seen.signed, 20);
    assert.equal(seen.waiting, 10);
    // signing up again changes nothing
    const signedOne = replies.findIndex((r) => r.data!.event.mine!.state === 'signed');
    assert.equal((await ok('signUp', { id: ev.id }, person(signedOne))).event.mine?.state, 'signed');
    assert.equal(cloud.cloud.store.count('eventSeats', { eventId: ev.id }), 20);

    const list = (await ok('signups', { id: ev.id }, DUTY)).signups;
    const firstWaiting = list.find((s) => s.position === 1)!;
    const firstWaitingOpenid = person(Number(firstWaiting.name!.replace('业主', '')));
    assert.equal((await ok('get', { id: ev.id }, firstWaitingOpenid)).event.mine?.position, 1);

    const cancelled = (await ok('cancelSignUp', { id: ev.id }, person(signedOne))).event;
    assert.equal(cancelled.mine?.state, 'cancelled');
    assert.equal(cancelled.signed, 20, 'the freed place went to the first waiting');
    assert.equal(cancelled.waiting, 9);
    assert.equal((await ok('get', { id: ev.id }, firstWaitingOpenid)).event.mine?.state, 'signed');
    const told = cloud.cloud.store.find('inbox', { openid: firstWaitingOpenid, template: 'communityNotice' }) as Array<{ title: string }>;
    assert.deepEqual(
      told.map((m) => m.title),
      ['活动候补成功'],
    );
    // the next waiting is now first
    const after = (await ok('signups', { id: ev.id }, DUTY)).signups;
    assert.equal(after.filter((s) => s.state === 'signed').length, 20);
    assert.equal(after.find((s) => s.position === 1)?.unit, list.find((s) => s.position === 2)?.unit);
  });

  it('refuses sign-ups after the deadline and from other communities; staff cannot sign up as owners', async () => {
    const ev = await openEvent(5, 2 * DAY);
    assert.equal((await failed('signUp', { id: ev.id }, GUARD)).code, 'FORBIDDEN');
    await at(clockMs + DAY + 60_000);
    assert.equal((await failed('signUp', { id: ev.id }, OWNER)).code, 'CONFLICT');
  });
});

describe('events: check-in and record', () => {
  it('checks in a signed-up owner once by their code; forged codes are refused; the record counts them', async () => {
    const ev = await openEvent(2, 3 * DAY);
    const mine = (await ok('signUp', { id: ev.id }, OWNER)).event.mine!;
    assert.equal(mine.state, 'signed');
    assert.ok(mine.code);
    await ok('signUp', { id: ev.id }, OTHER_OWNER);
    // too early
    assert.equal((await failed('checkIn', { code: mine.code }, DUTY)).code, 'CONFLICT');
    assert.equal((await failed('record', { id: ev.id, attended: 10, notes: '记录', summary: '总结' }, DUTY)).code, 'CONFLICT');
    await at(Date.parse(ev.startsAt) - 30 * 60_000);
    const forged = `${mine.code.slice(0, 15)}${mine.code.endsWith('A') ? 'B' : 'A'}`;
    assert.equal((await failed('checkIn', { code: forged }, DUTY)).code, 'INVALID_INPUT');
    assert.equal((await failed('checkIn', { code: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ' }, DUTY)).code, 'INVALID_INPUT');
    assert.equal((await failed('checkIn', { code: mine.code }, OWNER)).code, 'FORBIDDEN');
    const checked = await ok('checkIn', { code: mine.code }, DUTY);
    assert.equal(checked.signup.checkedIn, true);
    assert.equal((await failed('checkIn', { code: mine.code }, DUTY)).code, 'CONFLICT', 'once');
    await at(Date.parse(ev.startsAt) + 3 * 3600_000);
    const recorded = (
      await ok('record', { id: ev.id, attended: 25, photos: ['cloud://env/event/1.jpg'], notes: '活动顺利，现场秩序良好', summary: '参与度高，业主反馈良好' }, DUTY)
    ).event;
    assert.equal(recorded.state, 'held');
    assert.equal(recorded.record?.checkedIn, 1);
    assert.equal(recorded.record?.attended, 25);
    assert.deepEqual(recorded.record?.photos, ['cloud://env/event/1.jpg']);
    assert.equal((await ok('get', { id: ev.id }, OWNER)).event.record?.summary, '参与度高，业主反馈良好');
  });

  it('the lead cancels an event and everyone signed up is told', async () => {
    const ev = await openEvent(3);
    await ok('signUp', { id: ev.id }, OWNER);
    assert.equal((await failed('cancel', { id: ev.id, reason: '天气' }, DUTY)).code, 'FORBIDDEN');
    const cancelled = (await ok('cancel', { id: ev.id, reason: '台风预警，活动取消' }, LEAD)).event;
    assert.equal(cancelled.state, 'cancelled');
    assert.ok((cloud.cloud.store.find('inbox', { openid: OWNER, template: 'communityNotice' }) as Array<{ body: string }>).some((m) => m.body.includes('台风预警')));
  });
});

describe('events: the yearly plan', () => {
  it('warns the lead once when fewer than two events are planned for the year', async () => {
    await at(Date.parse('2027-01-20T01:00:00.000Z'));
    await cloud.runTimer('eventSweep');
    const warnings = () => (cloud.cloud.store.find('inbox', { openid: LEAD, template: 'staffAlert' }) as Array<{ title: string }>).filter((m) => m.title === '社区活动计划不足');
    assert.equal(warnings().length, 0, 'January is for planning');
    await at(Date.parse('2027-02-01T01:00:00.000Z'));
    await openEvent(10, 30 * DAY); // one event in 2027's plan
    await cloud.runTimer('eventSweep');
    await Promise.all([cloud.runTimer('eventSweep'), cloud.runTimer('eventSweep')]);
    assert.equal(warnings().length, 1, 'once, however often the timer runs');
    const plan = (await ok('list', { view: 'plan', year: 2027 }, LEAD)).events;
    assert.equal(plan.length, 1);
  });
});
