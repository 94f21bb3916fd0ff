import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildCalendar } from '../../cloudfunctions/core/sla/calendar';
import { complaintRouting, deadlinesFor, defaultPolicy, resolvePolicy, type ClockStart, type DeadlineKey, type TicketTerms } from '../../cloudfunctions/core/sla/policy';
import { toShanghaiIso } from '../../cloudfunctions/core/time';

const calendar = buildCalendar();
const terms = (overrides: Partial<TicketTerms>): TicketTerms => ({
  kind: 'repair',
  severity: 'minor',
  complaintClass: null,
  scope: 'in_home',
  ...overrides,
});
const shown = (deadlines: Partial<Record<DeadlineKey, Date>>): Partial<Record<DeadlineKey, string>> =>
  Object.fromEntries(Object.entries(deadlines).map(([key, at]) => [key, toShanghaiIso(at)]));

describe('deadlines by the SPEC §2 table', () => {
  const cases: [what: string, ticket: TicketTerms, event: ClockStart, now: string, expected: Partial<Record<DeadlineKey, string>>][] = [
    [
      'a general complaint at submission: 1 hour, 3 working days',
      terms({ kind: 'complaint', complaintClass: 'class1' }),
      'submitted',
      '2025-09-30T18:00:00+08:00',
      {
        respondBy: '2025-09-30T19:00:00.000+08:00',
        resolveBy: '2025-10-11T18:00:00.000+08:00',
      },
    ],
    [
      'an unclassified complaint counts as general',
      terms({ kind: 'complaint' }),
      'submitted',
      '2025-09-30T18:00:00+08:00',
      {
        respondBy: '2025-09-30T19:00:00.000+08:00',
        resolveBy: '2025-10-11T18:00:00.000+08:00',
      },
    ],
    [
      'a major complaint: 7 working days',
      terms({ kind: 'complaint', complaintClass: 'major', severity: 'major' }),
      'submitted',
      '2025-09-30T18:00:00+08:00',
      {
        respondBy: '2025-09-30T19:00:00.000+08:00',
        resolveBy: '2025-10-16T18:00:00.000+08:00',
      },
    ],
    [
      'a minor warranty issue: 7 working days over Spring Festival',
      terms({ kind: 'warranty' }),
      'submitted',
      '2026-02-13T09:00:00+08:00',
      {
        respondBy: '2026-02-13T10:00:00.000+08:00',
        resolveBy: '2026-03-02T09:00:00.000+08:00',
      },
    ],
    [
      'a major warranty issue: 14 working days',
      terms({ kind: 'warranty', severity: 'major' }),
      'submitted',
      '2026-02-13T09:00:00+08:00',
      {
        respondBy: '2026-02-13T10:00:00.000+08:00',
        resolveBy: '2026-03-11T09:00:00.000+08:00',
      },
    ],
    [
      'a suggestion (non-repair daily item) on a Saturday: 3 working days',
      terms({ kind: 'suggestion', scope: 'public_area' }),
      'submitted',
      '2025-11-15T10:00:00+08:00',
      {
        respondBy: '2025-11-15T11:00:00.000+08:00',
        resolveBy: '2025-11-19T23:59:59.999+08:00',
      },
    ],
    [
      'a repair at submission: only the response clock',
      terms({}),
      'submitted',
      '2026-11-24T09:00:00+08:00',
      {
        respondBy: '2026-11-24T10:00:00.000+08:00',
      },
    ],
    [
      'a minor repair at acceptance: 20 minutes, fixed that day',
      terms({}),
      'accepted',
      '2026-11-24T10:00:00+08:00',
      {
        arriveBy: '2026-11-24T10:20:00.000+08:00',
        resolveBy: '2026-11-24T23:59:59.999+08:00',
      },
    ],
    [
      'a minor repair accepted at 23:50: fixed on the day of the visit',
      terms({}),
      'accepted',
      '2026-11-24T23:50:00+08:00',
      {
        arriveBy: '2026-11-25T00:10:00.000+08:00',
        resolveBy: '2026-11-25T23:59:59.999+08:00',
      },
    ],
    [
      'a major repair at acceptance: 3 days from the visit',
      terms({ severity: 'major', scope: 'public_area' }),
      'accepted',
      '2026-11-24T10:00:00+08:00',
      {
        arriveBy: '2026-11-24T10:20:00.000+08:00',
        resolveBy: '2026-11-27T10:20:00.000+08:00',
      },
    ],
    [
      'a repair with a visit agreed for tomorrow morning',
      terms({ agreedVisitAt: new Date('2026-11-25T09:00:00+08:00') }),
      'accepted',
      '2026-11-24T16:00:00+08:00',
      {
        arriveBy: '2026-11-25T09:00:00.000+08:00',
        resolveBy: '2026-11-25T23:59:59.999+08:00',
      },
    ],
    [
      'an agreed time sooner than 20 minutes does not shorten the arrival',
      terms({ agreedVisitAt: new Date('2026-11-24T16:05:00+08:00') }),
      'accepted',
      '2026-11-24T16:00:00+08:00',
      {
        arriveBy: '2026-11-24T16:20:00.000+08:00',
        resolveBy: '2026-11-24T23:59:59.999+08:00',
      },
    ],
    [
      'an emergency: on site in 5 minutes from submission',
      terms({ kind: 'emergency', severity: 'major', scope: 'public_area' }),
      'submitted',
      '2026-11-24T03:00:00+08:00',
      {
        respondBy: '2026-11-24T04:00:00.000+08:00',
        arriveBy: '2026-11-24T03:05:00.000+08:00',
      },
    ],
    ['an emergency has no clock at acceptance', terms({ kind: 'emergency' }), 'accepted', '2026-11-24T03:02:00+08:00', {}],
    ['a complaint has no clock at acceptance', terms({ kind: 'complaint' }), 'accepted', '2026-11-24T03:02:00+08:00', {}],
    ['a repair revisit: 3 days after resolution', terms({}), 'resolved', '2026-11-24T15:00:00+08:00', { revisitBy: '2026-11-27T15:00:00.000+08:00' }],
    ['an emergency revisit: as a repair', terms({ kind: 'emergency' }), 'resolved', '2026-11-24T15:00:00+08:00', { revisitBy: '2026-11-27T15:00:00.000+08:00' }],
    [
      'a complaint revisit: 7 days after resolution',
      terms({ kind: 'complaint', complaintClass: 'class2' }),
      'resolved',
      '2026-11-24T15:00:00+08:00',
      { revisitBy: '2026-12-01T15:00:00.000+08:00' },
    ],
    ['a suggestion revisit: 7 days', terms({ kind: 'suggestion' }), 'resolved', '2026-11-24T15:00:00+08:00', { revisitBy: '2026-12-01T15:00:00.000+08:00' }],
    ['a warranty revisit: in the same month', terms({ kind: 'warranty' }), 'resolved', '2026-11-24T15:00:00+08:00', { revisitBy: '2026-11-30T23:59:59.999+08:00' }],
  ];
  for (const [what, ticket, event, now, expected] of cases) {
    it(what, () => {
      const result = deadlinesFor(ticket, defaultPolicy, calendar, new Date(now), event);
      assert.deepEqual(shown(result.deadlines), expected);
      assert.equal(result.startedAt, event);
      assert.equal(result.policyVersion, defaultPolicy.version);
      assert.deepEqual(result.missingYears, []);
    });
  }
});

describe('the policy version and the calendar warning travel with the deadlines', () => {
  it('records the policy version', () => {
    assert.match(defaultPolicy.version, /^[a-z0-9-]+-\d{4}\.\d+$/);
    const result = deadlinesFor(terms({ kind: 'complaint' }), defaultPolicy, calendar, new Date('2026-11-24T09:00:00+08:00'));
    assert.equal(result.policyVersion, 'guanjia-2026.1');
  });
  it('reports 2027 missing for a complaint filed on 2026-12-30, and nothing once 2027 is entered', () => {
    const now = new Date('2026-12-30T10:00:00+08:00');
    const without = deadlinesFor(terms({ kind: 'complaint' }), defaultPolicy, calendar, now);
    assert.equal(toShanghaiIso(without.deadlines.resolveBy!), '2027-01-04T10:00:00.000+08:00');
    assert.deepEqual(without.missingYears, [2027]);
    const entered = buildCalendar([{ year: 2027, holidays: ['2027-01-01', '2027-01-02', '2027-01-03'], workdays: [] }]);
    const withData = deadlinesFor(terms({ kind: 'complaint' }), defaultPolicy, entered, now);
    assert.equal(toShanghaiIso(withData.deadlines.resolveBy!), '2027-01-05T10:00:00.000+08:00');
    assert.deepEqual(withData.missingYears, []);
  });
});

describe('a community override of the policy', () => {
  const yuehai = resolvePolicy({
    version: 'yuehai-2026.1',
    respond: { span: { unit: 'minutes', amount: 30 } },
    resolve: { complaint: { general: { from: 'submitted', span: { unit: 'workingDays', amount: 2 } } } },
    revisit: { warranty: { from: 'resolved', span: { unit: 'calendarDays', amount: 14 } } },
  });

  it('changes only what it names and records its own version', () => {
    const now = new Date('2025-09-30T18:00:00+08:00');
    const general = deadlinesFor(terms({ kind: 'complaint' }), yuehai, calendar, now);
    assert.equal(general.policyVersion, 'yuehai-2026.1');
    assert.deepEqual(shown(general.deadlines), {
      respondBy: '2025-09-30T18:30:00.000+08:00',
      resolveBy: '2025-10-10T18:00:00.000+08:00',
    });
    const major = deadlinesFor(terms({ kind: 'complaint', complaintClass: 'major' }), yuehai, calendar, now);
    assert.equal(toShanghaiIso(major.deadlines.resolveBy!), '2025-10-16T18:00:00.000+08:00', 'major keeps 7 working days');
  });
  it('replaces a span whole, so no stray amount is left behind', () => {
    assert.deepEqual(yuehai.respond, { from: 'submitted', span: { unit: 'minutes', amount: 30 } });
    assert.deepEqual(yuehai.revisit.warranty, { from: 'resolved', span: { unit: 'calendarDays', amount: 14 } });
    const sameDay = resolvePolicy({ version: 'test-2026.1', resolve: { repair: { major: { span: { unit: 'sameDay' } } } } });
    assert.deepEqual(sameDay.resolve.repair.major, { from: 'accepted', span: { unit: 'sameDay' } });
    assert.deepEqual(sameDay.resolve.repair.minor, defaultPolicy.resolve.repair.minor);
  });
  it('leaves the default untouched', () => {
    assert.equal(defaultPolicy.version, 'guanjia-2026.1');
    assert.deepEqual(defaultPolicy.respond, { from: 'submitted', span: { unit: 'hours', amount: 1 } });
    assert.deepEqual(defaultPolicy.resolve.complaint.general.span, { unit: 'workingDays', amount: 3 });
  });
});

describe('complaint classes and their routing', () => {
  const cases: [cls: TicketTerms['complaintClass'], handledBy: string, developerFollowUp: boolean, notifyManagerAtOnce: boolean][] = [
    ['class1', 'responsible_department', false, false],
    ['class2', 'developer', true, false],
    ['class3', 'named_steward', false, false],
    ['major', 'manager', false, true],
    [null, 'responsible_department', false, false],
  ];
  for (const [cls, handledBy, developerFollowUp, notifyManagerAtOnce] of cases) {
    it(`routes ${cls ?? 'an unclassified complaint'} to ${handledBy}`, () => {
      const routing = complaintRouting({ kind: 'complaint', complaintClass: cls }, defaultPolicy);
      assert.equal(routing?.handledBy, handledBy);
      assert.equal(routing?.developerFollowUp, developerFollowUp);
      assert.equal(routing?.notifyManagerAtOnce, notifyManagerAtOnce);
    });
  }
  it('has no complaint routing for a repair', () => {
    assert.equal(complaintRouting({ kind: 'repair', complaintClass: null }, defaultPolicy), null);
  });
});
