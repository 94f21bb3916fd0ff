// What leads set for the tickets' clocks, through the real wx-server-sdk against the local cloud:
// the working-day calendar for a year the package does not know (2027), and a community's
// versioned service levels. Tickets keep the deadlines and the version they were given.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { functionCalls } from '../support/calls';
import { OWNER, DUTY, LEAD, MANAGER, ENGINEER } from '../support/people';
import type { Ticket } from '../../types/tickets';

let cloud: TestCloud;

const { call, ok, failed } = functionCalls('tickets', () => cloud);
async function at(iso: string): Promise<void> {
  await cloud.setClock(new Date(iso).toISOString());
}
async function complaint(description: string): Promise<Ticket> {
  return (await ok('create', { kind: 'complaint', complaintClass: 'class1', scope: 'public_area', unit: '1-1-101', description }, OWNER)).ticket;
}

before(async () => {
  cloud = await startTestCloud();
});
after(() => cloud.close());

describe('a year without holiday data (2027), then a lead enters it', () => {
  it('computes on weekends only and warns staff; after the lead saves 2027, new deadlines use it and old ones stand', async () => {
    await at('2026-12-30T10:00:00+08:00'); // a Wednesday: 3 working days reach into 2027
    const before = await ok('calendar', {}, DUTY);
    assert.deepEqual(before.missingYears, [2027]);
    assert.equal(before.years.find((y) => y.year === 2027)?.source, 'none');
    assert.equal(before.years.find((y) => y.year === 2026)?.source, 'package');
    assert.match(before.warning ?? '', /2027 年/);
    assert.equal(before.canEdit, false, 'a steward sees, a lead edits');

    const old = await complaint('小区东门道闸经常抬不起来');
    // 12-31 is day 1, 2027-01-01 (a Friday, without data an ordinary working day) day 2, Monday day 3
    assert.equal(old.deadlines.resolveBy, '2027-01-04T10:00:00.000+08:00');
    assert.equal(old.calendarWarning, null, 'the owner is not asked to enter holidays');
    const staffView = (await ok('get', { id: old.id }, DUTY)).ticket;
    assert.match(staffView.calendarWarning ?? '', /缺少 2027 年.*请尽快录入/);
    const queue = await ok('list', { limit: 50 }, DUTY);
    assert.match(queue.calendarWarning ?? '', /2027 年/, 'the queue says next year is missing');
    assert.match(queue.tickets.find((t) => t.id === old.id)?.calendarWarning ?? '', /2027/);
    assert.equal((await ok('list', { mine: true }, OWNER)).calendarWarning, null);

    const year2027 = {
      year: 2027,
      holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'],
      workdays: ['2027-02-13', '2027-02-14'],
    };
    assert.equal((await failed('saveCalendar', year2027, DUTY)).code, 'FORBIDDEN', 'a steward may not change the calendar');
    assert.equal((await failed('saveCalendar', year2027, OWNER)).code, 'FORBIDDEN');
    const saved = await ok('saveCalendar', year2027, LEAD);
    assert.equal(saved.year.source, 'override');
    assert.equal(saved.year.updatedByName, '赵敏');

    await at('2026-12-30T10:01:00+08:00');
    const fresh = await complaint('小区东门道闸又抬不起来了');
    // 12-31 day 1; 01-01 to 01-03 the New Year holiday; Monday 01-04 day 2, Tuesday day 3
    assert.equal(fresh.deadlines.resolveBy, '2027-01-05T10:01:00.000+08:00');
    assert.equal((await ok('get', { id: fresh.id }, DUTY)).ticket.calendarWarning, null);
    const kept = (await ok('get', { id: old.id }, DUTY)).ticket;
    assert.equal(kept.deadlines.resolveBy, '2027-01-04T10:00:00.000+08:00', 'a ticket keeps the deadline it was given');
    assert.match(kept.calendarWarning ?? '', /已按周末计算/, 'its warning no longer asks for the data');
    assert.doesNotMatch(kept.calendarWarning ?? '', /请尽快录入/);
    const after = await ok('calendar', {}, LEAD);
    assert.deepEqual(after.missingYears, []);
    assert.equal(after.warning, null);
    assert.equal(after.canEdit, true);
    assert.deepEqual(after.years.find((y) => y.year === 2027)?.workdays, ['2027-02-13', '2027-02-14']);
    assert.equal((await ok('list', { limit: 5 }, DUTY)).calendarWarning, null);

    // make-up days count: from a holiday (Thursday 02-11) the clock starts on the next working day,
    // the make-up Saturday 02-13 (day 1), then Sunday 02-14 (2) and Monday 02-15 (3), to its end
    await at('2027-02-11T15:00:00+08:00');
    const spring = await complaint('春节期间楼道垃圾无人清运');
    assert.equal(spring.deadlines.resolveBy, '2027-02-15T23:59:59.999+08:00');
  });

  it('refuses a date that does not exist, a date of another year, and a day listed both ways, naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ year: 2028, holidays: ['2028-02-30'], workdays: [] }, 'holidays'],
      [{ year: 2028, holidays: ['2027-12-31'], workdays: [] }, 'holidays'],
      [{ year: 2028, holidays: ['2028-01-29'], workdays: ['2028-01-29'] }, 'workdays'],
      [{ year: 2028, holidays: ['2028/01/01'], workdays: [] }, 'holidays.0'],
    ];
    for (const [input, field] of cases) {
      const error = await failed('saveCalendar', input, LEAD);
      assert.equal(error.code, 'INVALID_INPUT', JSON.stringify(input));
      assert.ok(error.fields?.[field], `${JSON.stringify(input)} → ${JSON.stringify(error.fields)}`);
    }
    assert.equal(
      (await ok('calendar', {}, LEAD)).years.some((y) => y.year === 2028 && y.source === 'override'),
      false,
      'nothing saved',
    );
  });
});

describe('a community’s service levels, versioned', () => {
  it('changes new tickets’ deadlines and the version they record; old tickets keep theirs', async () => {
    await at('2027-03-02T09:00:00+08:00'); // a Tuesday
    const policy = await ok('policy', {}, DUTY);
    assert.equal(policy.version, 'guanjia-2026.1');
    assert.equal(policy.override, null);
    assert.deepEqual(policy.spans.resolve.complaint.general, { span: { unit: 'workingDays', amount: 3 } });
    assert.equal(policy.canEdit, false);
    assert.equal((await ok('policy', {}, LEAD)).canEdit, true);

    const old = await complaint('绿化带杂草很久没有修剪');
    assert.equal(old.policyVersion, 'guanjia-2026.1');
    assert.equal(old.deadlines.respondBy, '2027-03-02T10:00:00.000+08:00');
    assert.equal(old.deadlines.resolveBy, '2027-03-05T09:00:00.000+08:00');

    const override = {
      version: 'yuehai-2027.1',
      respond: { span: { unit: 'minutes', amount: 30 } },
      resolve: { complaint: { general: { span: { unit: 'workingDays', amount: 2 } } } },
    };
    assert.equal((await failed('savePolicy', { baseVersion: 'guanjia-2026.1', override }, DUTY)).code, 'FORBIDDEN');
    const saved = await ok('savePolicy', { baseVersion: 'guanjia-2026.1', override }, LEAD);
    assert.equal(saved.version, 'yuehai-2027.1');
    assert.deepEqual(saved.spans.respond, { span: { unit: 'minutes', amount: 30 } });
    assert.deepEqual(saved.spans.resolve.complaint.major, { span: { unit: 'workingDays', amount: 7 } }, 'what the override leaves alone stays');

    await at('2027-03-02T09:01:00+08:00');
    const fresh = await complaint('绿化带杂草还是没有修剪');
    assert.equal(fresh.policyVersion, 'yuehai-2027.1');
    assert.equal(fresh.deadlines.respondBy, '2027-03-02T09:31:00.000+08:00');
    assert.equal(fresh.deadlines.resolveBy, '2027-03-04T09:01:00.000+08:00');
    const kept = (await ok('get', { id: old.id }, DUTY)).ticket;
    assert.equal(kept.policyVersion, 'guanjia-2026.1');
    assert.equal(kept.deadlines.resolveBy, '2027-03-05T09:00:00.000+08:00');
    assert.equal(kept.deadlines.respondBy, '2027-03-02T10:00:00.000+08:00');

    const now = await ok('policy', {}, MANAGER);
    assert.equal(now.version, 'yuehai-2027.1');
    assert.deepEqual(now.override, override);
    assert.deepEqual(
      now.history.map((h) => [h.version, h.savedByName]),
      [['yuehai-2027.1', '赵敏']],
    );
  });

  it('answers CONFLICT to a lead saving over a version they did not see, and refuses a version used before', async () => {
    const current = (await ok('policy', {}, LEAD)).version;
    const next = (version: string, amount: number) => ({ version, resolve: { suggestion: { span: { unit: 'workingDays', amount } } } });
    // two leads editing the same version at once: one saves, the other is told to reload
    const replies = await Promise.all([
      call('savePolicy', { baseVersion: current, override: next('yuehai-2027.2', 4) }, LEAD),
      call('savePolicy', { baseVersion: current, override: next('yuehai-2027.3', 5) }, MANAGER),
    ]);
    assert.equal(replies.filter((r) => r.ok).length, 1, JSON.stringify(replies));
    const lost = replies.find((r) => !r.ok);
    assert.equal(lost && !lost.ok && lost.error.code, 'CONFLICT');
    const stale = await failed('savePolicy', { baseVersion: current, override: next('yuehai-2027.4', 6) }, LEAD);
    assert.equal(stale.code, 'CONFLICT');
    const latest = (await ok('policy', {}, LEAD)).version;
    const reused = await failed('savePolicy', { baseVersion: latest, override: next('yuehai-2027.1', 6) }, LEAD);
    assert.equal(reused.code, 'INVALID_INPUT', 'tickets recorded yuehai-2027.1: it names one set of numbers forever');
    assert.equal((await failed('savePolicy', { baseVersion: latest, override: next('guanjia-2026.1', 6) }, LEAD)).code, 'INVALID_INPUT');
    const history = (await ok('policy', {}, LEAD)).history.map((h) => h.version);
    assert.equal(history.length, 2);
  });

  it('refuses a span that is not a span, naming the field', async () => {
    const latest = (await ok('policy', {}, LEAD)).version;
    const bad: Array<[unknown, string]> = [
      [{ version: 'x-1', respond: { span: { unit: 'minutes', amount: 0 } } }, 'override.respond.span.amount'],
      [{ version: 'x-2', respond: { span: { unit: 'fortnights', amount: 1 } } }, 'override.respond.span.unit'],
      [{ version: 'x-3', resolve: { complaint: { general: { from: 'resolved', span: { unit: 'sameDay' } } } } }, 'override.resolve.complaint.general'],
      [{ version: '', respond: { span: { unit: 'hours', amount: 2 } } }, 'override.version'],
    ];
    for (const [override, field] of bad) {
      const error = await failed('savePolicy', { baseVersion: latest, override }, LEAD);
      assert.equal(error.code, 'INVALID_INPUT');
      assert.ok(
        Object.keys(error.fields ?? {}).some((f) => f.startsWith(field)),
        `${field}: ${JSON.stringify(error.fields)}`,
      );
    }
    assert.equal((await failed('policy', {}, ENGINEER)).code, 'FORBIDDEN');
  });

  it('reclassifies by the policy in force and records its version', async () => {
    await at('2027-03-03T09:00:00+08:00'); // Wednesday
    const t = await complaint('小区广场舞音响太吵');
    const major = (await ok('reclassify', { id: t.id, complaintClass: 'major', seen: 'class1' }, DUTY)).ticket;
    assert.equal(major.policyVersion, (await ok('policy', {}, DUTY)).version);
    // major complaints: 7 working days, untouched by the community's override
    assert.equal(major.deadlines.resolveBy, '2027-03-12T09:00:00.000+08:00');
  });
});
