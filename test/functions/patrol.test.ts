// The steward's day (SPEC §13): patrol points and check-ins, problems, vacant units, coverage, the
// steward log, the duty log and the handover, through the real SDK against the local cloud.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { functionCalls } from '../support/calls';
import { AREA, DUTY, GUARD, LEAD, OWNER } from '../support/people';
import type { Reply } from '../../types/envelope';
import type { PatrolPoint } from '../../types/patrol';
import { sweepPatrol } from '../../cloudfunctions/core/patrol/sweep';
import { LEASE_MS } from '../../cloudfunctions/core/workflow/sweep';
import { SimulatedCrash, crashAfterClaims } from '../support/faults';
import type { Database } from '../../cloudfunctions/core/sdk';
import { connectSdk } from '../support/sdk';
import { signPass } from '../../cloudfunctions/core/passes/token';

const SECRET = 'test-patrol-secret-0123456789abcdef';
let cloud: TestCloud;
// 2026-12-03 09:00 Shanghai, a Thursday
let clockMs = Date.parse('2026-12-03T01:00:00.000Z');
async function at(ms: number): Promise<void> {
  clockMs = ms;
  await cloud.setClock(new Date(clockMs).toISOString());
}
const advance = (minutes: number) => at(clockMs + minutes * 60_000);
const shanghai = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().replace('Z', '+08:00');

before(async () => {
  cloud = await startTestCloud({ functionEnv: { PASS_SECRET: SECRET, PASS_SECRET_PREVIOUS: '' } });
  await at(clockMs);
});
after(async () => {
  await cloud.close();
});

const { ok, failed } = functionCalls('patrol', () => cloud);
const tickets = functionCalls('tickets', () => cloud);
const inboxOf = (openid: string) => cloud.cloud.store.find('inbox', { openid }) as Array<{ template: string; title: string; body: string }>;
let seq = 0;
const rid = () => `req-patrol-${(seq += 1).toString().padStart(6, '0')}`;

async function point(building: string, name: string): Promise<PatrolPoint> {
  return (await ok('createPoint', { building, name, kind: 'lobby' }, LEAD)).point;
}
const check = (code: string, extra: Record<string, unknown> = {}) => ok('checkIn', { code, checklist: [{ item: '照明', ok: true }], ...extra }, AREA, rid());

describe('points and check-ins', () => {
  let lobby: PatrolPoint;
  before(async () => {
    lobby = await point('1', '1栋大堂');
  });

  it('a lead creates a point and gets its printable code; a steward sees the point but not its code', async () => {
    assert.match(lobby.code ?? '', /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    const seen = (await ok('points', {}, AREA)).points.find((p) => p.id === lobby.id);
    assert.ok(seen);
    assert.equal(seen.code, null);
    const refused = await failed('createPoint', { building: '1', name: '乱加', kind: 'lobby' }, AREA);
    assert.equal(refused.code, 'FORBIDDEN');
  });

  it('checks in with the server time, and refuses forged, altered, foreign and retired codes', async () => {
    const done = await check(lobby.code as string);
    assert.equal(done.checkIn.at, shanghai(clockMs));
    assert.equal(done.checkIn.building, '1');
    assert.equal(done.checkIn.skewed, false);

    const guess = await failed('checkIn', { code: 'ABCD-EFGH-JKMN-PQRS' }, AREA, rid());
    assert.equal(guess.code, 'INVALID_INPUT');
    assert.match(guess.message, /不是本系统/);
    const code = lobby.code as string;
    const altered = code.slice(0, -1) + (code.endsWith('0') ? '1' : '0');
    assert.match((await failed('checkIn', { code: altered }, AREA, rid())).message, /无效/);

    // a point of another community, signed with the same secret (a photo of their sticker)
    const createdAt = new Date(clockMs);
    cloud.cloud.store.insert('patrolPoints', [
      {
        _id: 'other-point',
        communityId: 'other',
        building: '1',
        name: '别人的大堂',
        kind: 'lobby',
        state: 'active',
        rev: 0,
        ref: 'ZZZZ9999',
        createdBy: 'x',
        createdAt,
        retiredAt: null,
      },
    ]);
    const foreign = signPass({ id: 'patrol-point:other-point', communityId: 'other', from: createdAt, to: createdAt, ref: 'ZZZZ9999' }, SECRET);
    assert.equal((await failed('checkIn', { code: foreign }, AREA, rid())).code, 'FORBIDDEN');

    const retiring = await point('2', '2栋地库');
    await ok('retirePoint', { id: retiring.id }, LEAD);
    const retired = await failed('checkIn', { code: retiring.code }, AREA, rid());
    assert.equal(retired.code, 'CONFLICT');
    assert.match(retired.message, /停用/);
  });

  it('the same check-in sent twice counts once', async () => {
    const requestId = rid();
    const before_ = cloud.cloud.store.count('patrolCheckins', { pointId: lobby.id });
    const first = await ok('checkIn', { code: lobby.code }, AREA, requestId);
    const again = await ok('checkIn', { code: lobby.code }, AREA, requestId);
    assert.equal(again.checkIn.id, first.checkIn.id);
    // and once more in an offline batch with the same requestId
    const batch = await ok('checkInBatch', { items: [{ requestId, code: lobby.code, scannedAt: shanghai(clockMs) }] }, AREA);
    assert.equal(batch.results[0].duplicate, true);
    assert.equal(cloud.cloud.store.count('patrolCheckins', { pointId: lobby.id }), before_ + 1);
  });

  it('an offline batch sent late keeps each scan time and flags the late one', async () => {
    await advance(60);
    const scanned = clockMs - 45 * 60_000;
    const recent = clockMs - 5 * 60_000;
    const batch = await ok(
      'checkInBatch',
      {
        items: [
          { requestId: rid(), code: lobby.code, scannedAt: shanghai(scanned) },
          { requestId: rid(), code: lobby.code, scannedAt: shanghai(recent) },
          { requestId: rid(), code: 'NOT-A-CODE', scannedAt: shanghai(recent) },
        ],
      },
      AREA,
    );
    const [late, near, bad] = batch.results;
    assert.ok(late.ok && late.checkIn);
    assert.equal(late.checkIn.scannedAt, shanghai(scanned), 'the phone’s scan time is kept');
    assert.equal(late.checkIn.at, shanghai(clockMs), 'beside the server’s receipt');
    assert.equal(late.checkIn.skewed, true, 'more than 10 minutes apart: flagged');
    assert.equal(near.checkIn?.skewed, false);
    assert.equal(bad.ok, false, 'one refused code does not lose the others');
    assert.match(bad.error ?? '', /不是本系统/);
  });
});

describe('a day of rounds against the rule', () => {
  it('counts completion on Shanghai days across midnight with the function in UTC', async () => {
    // building 2's points: one lobby, one stair (2 points × 4 rounds = 8 visits a day)
    const a = await point('2', '2栋大堂');
    const b = await point('2', '2栋楼梯');
    // 23:30 Shanghai on 12-05 (15:30 UTC, the same UTC day as the next check-ins)
    await at(Date.parse('2026-12-05T15:30:00.000Z'));
    for (let round = 0; round < 4; round += 1) {
      await check(a.code as string);
      await check(b.code as string);
    }
    await check(a.code as string); // a fifth visit of one point: capped at the rule's 4
    // 00:30 Shanghai on 12-06: the next day, though UTC still says 12-05
    await at(Date.parse('2026-12-05T16:30:00.000Z'));
    await check(a.code as string);

    const day5 = await ok('coverage', { from: '2026-12-05', to: '2026-12-05' }, LEAD);
    const row5 = day5.rows.find((r) => r.building === '2' && r.steward === AREA);
    assert.ok(row5);
    assert.equal(row5.points, 2);
    assert.equal(row5.required, 8);
    assert.equal(row5.done, 8);
    assert.equal(row5.completion, 1);
    const day6 = await ok('coverage', { from: '2026-12-06', to: '2026-12-06' }, LEAD);
    const row6 = day6.rows.find((r) => r.building === '2' && r.steward === AREA);
    assert.equal(row6?.done, 1);
    assert.equal(row6?.completion, 1 / 8);

    const today = await ok('today', {}, AREA);
    assert.equal(today.today.day, '2026-12-06');
    const b2 = today.today.buildings.find((x) => x.building === '2');
    assert.equal(b2?.rounds, 0, 'one point visited once is not a round');
    assert.equal(b2?.required, 4);
  });

  it('a lead edits the rule; the coverage follows it', async () => {
    const set = await ok('setRule', { steward: AREA, roundsPerDay: 2, wholeAreaDays: 2, vacantPerMonth: 1 }, LEAD);
    assert.equal(set.rule.custom, true);
    const day5 = await ok('coverage', { from: '2026-12-05', to: '2026-12-05' }, LEAD);
    const row = day5.rows.find((r) => r.building === '2' && r.steward === AREA);
    assert.equal(row?.required, 4);
    assert.equal(row?.done, 4, 'each point counted at most twice a day now');
    assert.equal((await failed('setRule', { steward: AREA, roundsPerDay: 3, wholeAreaDays: 2, vacantPerMonth: 1 }, AREA)).code, 'FORBIDDEN');
    await ok('setRule', { steward: AREA, roundsPerDay: 4, wholeAreaDays: 2, vacantPerMonth: 1 }, LEAD);
  });
});

describe('problems', () => {
  it('a problem turned into a ticket links both ways', async () => {
    await at(Date.parse('2026-12-07T02:00:00.000Z'));
    const p = await point('1', '1栋电梯厅');
    const done = await check(p.code as string, { problem: { text: '电梯厅顶灯不亮' } });
    const problemId = done.checkIn.problemId;
    assert.ok(problemId);
    const { problem } = await ok('getProblem', { id: problemId }, AREA);
    assert.equal(problem.state, 'open');
    const turned = await ok('ticketProblem', { id: problem.id, rev: problem.rev }, AREA);
    assert.equal(turned.problem.state, 'ticketed');
    assert.equal(turned.problem.ticketId, turned.ticketId);
    const { ticket } = await tickets.ok('get', { id: turned.ticketId }, DUTY);
    assert.equal(ticket.scope, 'public_area');
    assert.equal(ticket.channel, 'patrol');
    assert.ok(ticket.description.includes(problem.no));
    const stored = cloud.cloud.store.find('tickets', { _id: turned.ticketId })[0] as { origin?: { id: string } };
    assert.equal(stored.origin?.id, problem.id, 'the ticket names the problem');
    // a stale screen, or a second tap, files nothing more
    assert.equal((await failed('ticketProblem', { id: problem.id, rev: problem.rev }, AREA)).code, 'CONFLICT');
    assert.equal(cloud.cloud.store.count('tickets', { 'origin.id': problem.id }), 1);
    // verified on site and closed
    const handled = await ok('handleProblem', { id: problem.id, rev: turned.problem.rev, note: '已更换灯管，现场验证' }, AREA);
    assert.equal(handled.problem.state, 'handled');
    assert.equal((await failed('getProblem', { id: problem.id }, OWNER)).code, 'FORBIDDEN');
  });

  it('a problem reported to the duty steward tells them', async () => {
    const p = await point('1', '1栋消防通道');
    const done = await check(p.code as string, { problem: { text: '消防通道堆放杂物' } });
    const { problem } = await ok('getProblem', { id: done.checkIn.problemId }, AREA);
    await ok('reportProblem', { id: problem.id, rev: problem.rev, note: '需物业协调清理' }, AREA);
    assert.ok(inboxOf(DUTY).some((m) => m.title === '巡查问题上报' && m.body.includes('消防通道堆放杂物')));
  });

  it('an unhandled problem is reported to the lead once on day 3, across two sweeps and a killed run', async () => {
    await at(Date.parse('2026-12-08T02:00:00.000Z'));
    const p = await point('1', '1栋地下室');
    const first = await check(p.code as string, { problem: { text: '地下室积水' } });
    const second = await check(p.code as string, { problem: { text: '地下室门锁损坏' } });
    const alerts = (text: string) => inboxOf(LEAD).filter((m) => m.title === '巡查问题超期未处理' && m.body.includes(text));
    const database = connectSdk(cloud.url).database() as Database;

    await at(clockMs + 3 * 86_400_000 - 60_000);
    await sweepPatrol(database, { now: new Date(clockMs), budgetMs: 10_000 });
    assert.equal(alerts('地下室积水').length, 0, 'not before 3 days');

    await at(clockMs + 120_000);
    // the run dies right after its first claim
    await assert.rejects(sweepPatrol(database, { now: new Date(clockMs), budgetMs: 10_000, faults: crashAfterClaims(1) }), SimulatedCrash);
    const claimed = [first, second].filter(
      (c) => (cloud.cloud.store.find('patrolProblems', { _id: c.checkIn.problemId })[0] as { alerts: Record<string, unknown> }).alerts.escalated,
    );
    assert.equal(claimed.length, 1, 'one claim landed');
    assert.equal(alerts('地下室积水').length + alerts('地下室门锁损坏').length, 0, 'nothing sent yet');

    // two sweeps within the lease: the other problem is told, the dead run's is left to its lease
    const [a, b] = await Promise.all([sweepPatrol(database, { now: new Date(clockMs), budgetMs: 10_000 }), sweepPatrol(database, { now: new Date(clockMs), budgetMs: 10_000 })]);
    assert.equal(a.problems.alerted + b.problems.alerted, 1);
    assert.equal(alerts('地下室积水').length + alerts('地下室门锁损坏').length, 1);

    await at(clockMs + LEASE_MS);
    const [c, d] = await Promise.all([sweepPatrol(database, { now: new Date(clockMs), budgetMs: 10_000 }), sweepPatrol(database, { now: new Date(clockMs), budgetMs: 10_000 })]);
    assert.equal(c.problems.resumed + d.problems.resumed, 1, 'one of two runs after the lease delivers the dead run’s alert');
    await sweepPatrol(database, { now: new Date(clockMs + 86_400_000), budgetMs: 10_000 });
    assert.equal(alerts('地下室积水').length, 1, 'told once');
    assert.equal(alerts('地下室门锁损坏').length, 1, 'told once');
    const timer = (await cloud.runTimer('patrolSweep')) as Reply<{ problems: { alerted: number } }>;
    assert.ok(timer.ok);
    assert.equal(timer.data.problems.alerted, 0);
  });
});

describe('vacant units', () => {
  it('lists the steward’s units not taken possession of and records a check', async () => {
    const before_ = await ok('vacantUnits', {}, AREA);
    assert.ok(before_.units.length > 0);
    assert.ok(
      before_.units.every((u) => ['1', '2'].includes(u.building)),
      'their own buildings',
    );
    const unit = before_.units[0].unit;
    const { check: recorded } = await ok('checkVacant', { unit, clean: true, damaged: false, damp: true, aired: true, note: '北卧墙角发霉' }, AREA, rid());
    assert.equal(recorded.damp, true);
    const after_ = await ok('vacantUnits', {}, AREA);
    const row = after_.units.find((u) => u.unit === unit);
    assert.ok(row?.checkedAt);
    assert.equal(row?.exception, true);
    assert.equal(
      (await failed('checkVacant', { unit: '1-1-101', clean: true, damaged: false, damp: false, aired: true }, AREA, rid())).code,
      'INVALID_INPUT',
      'an occupied unit is not vacant',
    );
  });
});

describe('the steward log', () => {
  it('lists exactly that day’s records, is submitted with notes and reviewed by the lead', async () => {
    // a seeded day: 2026-12-15, a ticket worked, a round, a vacant unit; and records of the days around it
    await at(Date.parse('2026-12-14T15:50:00.000Z')); // 23:50 on 12-14
    const p = await point('1', '1栋天台');
    await check(p.code as string);
    await at(Date.parse('2026-12-15T01:00:00.000Z')); // 09:00 on 12-15
    const { ticket } = await tickets.ok('create', { kind: 'repair', scope: 'in_home', unit: '1-1-101', description: '厨房水龙头漏水' }, OWNER, rid());
    await tickets.ok('accept', { id: ticket.id }, AREA);
    await check(p.code as string, { checklist: [{ item: '门窗', ok: false }] });
    const vacant = (await ok('vacantUnits', {}, AREA)).units.find((u) => u.building === '2');
    assert.ok(vacant);
    await ok('checkVacant', { unit: vacant.unit, clean: true, damaged: false, damp: false, aired: true }, AREA, rid());
    await at(Date.parse('2026-12-15T16:10:00.000Z')); // 00:10 on 12-16
    await check(p.code as string);

    const { log } = await ok('log', { day: '2026-12-15' }, AREA);
    assert.deepEqual(
      log.sections.tickets.map((t) => t.no),
      [ticket.no],
    );
    assert.equal(log.sections.tickets[0].unit, '1-1-101');
    assert.equal(log.sections.tickets[0].name, '王建国');
    assert.match(log.sections.tickets[0].progress, /受理/);
    assert.deepEqual(log.sections.decoration, [], 'no decoration inspected that day: the section is empty');
    assert.equal(log.sections.rounds.length, 1);
    assert.equal(log.sections.rounds[0].building, '1');
    assert.match(log.sections.rounds[0].exceptions, /门窗/);
    assert.deepEqual(
      log.sections.vacant.map((v) => v.unit),
      [vacant.unit],
    );

    const submitted = await ok('submitLog', { day: '2026-12-15', notes: '1栋天台门窗需修理' }, AREA);
    assert.equal(submitted.log.state, 'submitted');
    assert.equal((await failed('submitLog', { day: '2026-12-15', notes: '再交一次' }, AREA)).code, 'CONFLICT');
    const queue = await ok('logs', {}, LEAD);
    const mine = queue.logs.find((l) => l.id === submitted.log.id);
    assert.ok(mine);
    assert.equal((await failed('reviewLog', { id: mine.id, rev: mine.rev, comment: '好' }, AREA)).code, 'FORBIDDEN');
    const reviewed = await ok('reviewLog', { id: mine.id, rev: mine.rev, comment: '天台门窗请跟进报修' }, LEAD);
    assert.equal(reviewed.log.state, 'reviewed');
    assert.equal(reviewed.log.review?.comment, '天台门窗请跟进报修');
  });
});

describe('the duty log and the handover', () => {
  it('the incoming steward accepts from their own account; a dispute keeps the shift open; late shifts alert once', async () => {
    // 2026-12-20 10:00 Shanghai: the shift 08:00–18:00
    await at(Date.parse('2026-12-20T02:00:00.000Z'));
    const entry = await ok('addDutyEntry', { text: '10:00 3栋业主来电反映噪音，已登记' }, DUTY);
    assert.equal(entry.handover.at, '2026-12-20T18:00:00.000+08:00');
    assert.equal(entry.handover.entries.length, 1);
    const open = await ok('openItems', {}, DUTY);
    assert.ok(
      open.items.some((i) => i.kind === 'problem'),
      'open patrol problems are listed',
    );

    await at(Date.parse('2026-12-20T10:05:00.000Z')); // 18:05
    const { handover } = await ok('shift', {}, DUTY);
    assert.equal(handover.id, entry.handover.id, 'the due handover stays in front');
    const submitted = await ok(
      'submitHandover',
      {
        id: handover.id,
        rev: handover.rev,
        incoming: AREA,
        checklist: [
          { item: '钥匙', ok: true },
          { item: '对讲机', ok: false },
        ],
        notes: '对讲机电池不足',
      },
      DUTY,
    );
    assert.equal(submitted.handover.state, 'submitted');
    assert.ok(submitted.handover.openItems.length > 0);
    const h = submitted.handover;
    assert.equal((await failed('acceptHandover', { id: h.id, rev: h.rev }, LEAD)).code, 'FORBIDDEN', 'not even the lead accepts for someone else');
    assert.equal((await failed('acceptHandover', { id: h.id, rev: h.rev }, DUTY)).code, 'FORBIDDEN', 'nor the outgoing steward');
    const disputed = await ok('disputeHandover', { id: h.id, rev: h.rev, note: '对讲机未充电，请先处理' }, AREA);
    assert.equal(disputed.handover.state, 'disputed');
    assert.equal((await ok('shift', {}, DUTY)).handover.state, 'disputed', 'the shift stays open');

    // 18:31: not handed over 30 minutes after its time
    await at(Date.parse('2026-12-20T10:31:00.000Z'));
    const lateAlerts = () => inboxOf(LEAD).filter((m) => m.title === '交接班超时未完成' && m.body.includes('2026年12月20日 18:00'));
    const first = (await cloud.runTimer('patrolSweep')) as Reply<{ handovers: { alerted: number } }>;
    assert.ok(first.ok);
    assert.ok(first.data.handovers.alerted >= 1);
    await cloud.runTimer('patrolSweep');
    assert.equal(lateAlerts().length, 1, 'told once');

    // the sweep's claim moved the revision: the page reads the shift again before submitting
    assert.equal((await failed('submitHandover', { id: h.id, rev: disputed.handover.rev, incoming: AREA, checklist: [{ item: '对讲机', ok: true }] }, DUTY)).code, 'CONFLICT');
    const fresh = (await ok('shift', { at: '2026-12-20T17:00:00+08:00' }, DUTY)).handover;
    assert.equal(fresh.id, h.id);
    const again = await ok('submitHandover', { id: h.id, rev: fresh.rev, incoming: AREA, checklist: [{ item: '对讲机', ok: true }], notes: '已充电' }, DUTY);
    const accepted = await ok('acceptHandover', { id: h.id, rev: again.handover.rev }, AREA);
    assert.equal(accepted.handover.state, 'accepted');
    assert.equal(accepted.handover.onTime, false);
    assert.equal(accepted.handover.events.length, 4);
    await cloud.runTimer('patrolSweep');
    assert.equal(lateAlerts().length, 1);
  });

  it('a lead sets the shift times', async () => {
    assert.deepEqual((await ok('shiftTimes', {}, DUTY)).times, ['08:00', '18:00']);
    assert.deepEqual((await ok('setShiftTimes', { times: ['20:00', '08:00'] }, LEAD)).times, ['08:00', '20:00']);
    assert.equal((await failed('setShiftTimes', { times: ['09:00'] }, DUTY)).code, 'FORBIDDEN');
    await at(Date.parse('2026-12-21T02:00:00.000Z'));
    assert.equal((await ok('addDutyEntry', { text: '交接时间调整' }, DUTY)).handover.at, '2026-12-21T20:00:00.000+08:00');
  });
});

describe('the month’s patrol figures', () => {
  it('counts completion, vacant units checked, problems closed within 3 days and handovers on time', async () => {
    await at(Date.parse('2026-12-28T02:00:00.000Z'));
    const { figures } = await ok('figures', { month: '2026-12' }, LEAD);
    assert.ok(figures.completion.of > 0 && figures.completion.n > 0 && figures.completion.n <= figures.completion.of);
    assert.equal(figures.vacantChecked.n, 2, 'the two vacant units checked in December');
    assert.ok(figures.vacantChecked.of >= 2);
    // handled within 3 days: the ticketed light (verified the same day); the others stayed open
    assert.equal(figures.problemsClosed.n, 1);
    assert.ok(figures.problemsClosed.of >= 4);
    // the 12-20 18:00 handover was accepted late: none on time
    assert.equal(figures.handoversOnTime.n, 0);
    assert.ok(figures.handoversOnTime.of >= 1);
    assert.equal((await failed('figures', { month: '2027-01' }, LEAD)).code, 'INVALID_INPUT');
  });
});

// The registers that landed beside patrol: decoration inspections in the steward log, keys out and
// visitors inside among the handover's open items (after the month's figures, so they count none of it).
describe('the steward log and the handover read the other registers', () => {
  const decoration = functionCalls('decoration', () => cloud);
  const keys = functionCalls('keys', () => cloud);
  const visitors = functionCalls('visitors', () => cloud);
  const PHOTO = 'cloud://local-env.6c6f/inspections/a.jpg';

  it('a decoration inspection appears in that day’s log, and only that steward’s', async () => {
    await at(Date.parse('2026-12-29T01:00:00.000Z')); // 09:00 on 12-29
    const { decoration: applied } = await decoration.ok(
      'apply',
      {
        unit: '1-1-101',
        contractor: { company: '青岛安居装饰', leader: '王工', phone: '13912345678' },
        workers: ['王工'],
        scope: '厨卫改造，墙面刷漆',
        plannedStart: '2026-12-29',
        plannedEnd: '2027-01-20',
      },
      OWNER,
      rid(),
    );
    await decoration.ok('approve', { id: applied.id, depositFen: 0 }, DUTY);
    assert.equal((await decoration.ok('signAgreement', { id: applied.id }, OWNER)).decoration.state, 'permitted');
    assert.ok(((await cloud.runTimer('decorationSweep')) as Reply<unknown>).ok);
    assert.equal((await decoration.ok('get', { id: applied.id }, OWNER)).decoration.state, 'in_progress');

    assert.deepEqual((await ok('log', { day: '2026-12-29' }, AREA)).log.sections.decoration, [], 'nothing before the inspection');
    await at(Date.parse('2026-12-29T02:30:00.000Z')); // 10:30
    await decoration.ok(
      'inspect',
      { id: applied.id, photos: [PHOTO], checklist: { waste: 'issue', alteration: 'ok', hours: 'ok', fire: 'ok' }, findings: '楼道堆放建筑垃圾' },
      AREA,
    );

    const { log } = await ok('log', { day: '2026-12-29' }, AREA);
    assert.equal(log.sections.decoration?.length, 1);
    const row = log.sections.decoration?.[0];
    assert.equal(row?.unit, '1-1-101');
    assert.equal(row?.at, '2026-12-29T10:30:00.000+08:00');
    assert.match(row?.exceptions ?? '', /建筑垃圾.*楼道堆放建筑垃圾/);
    assert.deepEqual((await ok('log', { day: '2026-12-30' }, AREA)).log.sections.decoration, [], 'not the next day');
    assert.deepEqual((await ok('log', { day: '2026-12-29' }, DUTY)).log.sections.decoration, [], 'not another steward’s');
    // the log keeps the section as submitted
    const submitted = await ok('submitLog', { day: '2026-12-29', notes: '1-1-101 建筑垃圾已提醒清运' }, AREA);
    assert.equal(submitted.log.sections.decoration?.[0]?.unit, '1-1-101');
  });

  it('a key lent and not returned, and a visitor in without exit, are open items of the handover; once back and gone they are not', async () => {
    await at(Date.parse('2026-12-29T03:00:00.000Z')); // 11:00 on 12-29
    const key = (await keys.ok('register', { tag: '1号楼 天台门', source: 'public_area', area: '1号楼天台', count: 2, slot: 'P-7' }, DUTY)).key;
    const loan = (await keys.ok('lend', { id: key.id, borrowerName: '王师傅', borrowerPhone: '13912345678', purpose: '天台防水维修', dueBack: '2026-12-29T15:00:00+08:00' }, DUTY))
      .loan;
    assert.equal(loan.state, 'out');
    const returned = (await keys.ok('register', { tag: '2号楼 天台门', source: 'public_area', area: '2号楼天台', count: 1, slot: 'P-8' }, DUTY)).key;
    const back = (await keys.ok('lend', { id: returned.id, borrowerName: '李师傅', borrowerPhone: '13912345679', purpose: '清洗水箱', dueBack: '2026-12-29T12:00:00+08:00' }, DUTY))
      .loan;
    await keys.ok('returnKey', { id: back.id, count: 1, condition: 'intact' }, DUTY);
    const visit = (await visitors.ok('walkIn', { unit: '1-1-101', name: '孙七', phone: '13911112222', consent: 'intercom', count: 2 }, GUARD, rid())).visit;
    const gone = (await visitors.ok('walkIn', { unit: '1-1-101', name: '周八', consent: 'phone' }, GUARD, rid())).visit;
    await visitors.ok('exit', { id: gone.id }, GUARD);

    const open = (await ok('openItems', {}, DUTY)).items;
    const keyItem = open.find((i) => i.kind === 'key' && i.id === loan.id);
    assert.ok(keyItem, JSON.stringify(open));
    assert.equal(keyItem.no, loan.no);
    assert.match(keyItem.text, /1号楼 天台门.*王师傅.*应还 12月29日 15:00/);
    assert.ok(!open.some((i) => i.id === back.id), 'a returned key is not open');
    const visitItem = open.find((i) => i.kind === 'visitor' && i.id === visit.id);
    assert.ok(visitItem, JSON.stringify(open));
    assert.match(visitItem.text, /孙七 等 2 人.*1-1-101/);
    assert.ok(!open.some((i) => i.id === gone.id), 'a visitor who left is not open');

    // at 18:05 the duty steward hands over: both are kept with the submission; the key is now overdue
    await at(Date.parse('2026-12-29T10:05:00.000Z'));
    const { handover } = await ok('shift', {}, DUTY);
    const submitted = await ok('submitHandover', { id: handover.id, rev: handover.rev, incoming: AREA, checklist: [{ item: '钥匙', ok: false }], notes: '天台门钥匙未还' }, DUTY);
    const kept = submitted.handover.openItems;
    assert.match(kept.find((i) => i.id === loan.id)?.text ?? '', /已超期/);
    assert.ok(kept.some((i) => i.kind === 'visitor' && i.id === visit.id));

    await keys.ok('returnKey', { id: loan.id, count: 2, condition: 'intact' }, DUTY);
    await visitors.ok('exit', { id: visit.id }, GUARD);
    const after = (await ok('openItems', {}, DUTY)).items;
    assert.ok(!after.some((i) => i.kind === 'key' || i.kind === 'visitor'), JSON.stringify(after));
  });
});
