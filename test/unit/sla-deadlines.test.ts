import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildCalendar } from '../../cloudfunctions/core/sla/calendar';
import { addCalendarDays, addHours, addMinutes, addWorkingDays, endOfSameDay, endOfSameMonth } from '../../cloudfunctions/core/sla/deadlines';
import { toShanghaiIso } from '../../cloudfunctions/core/time';

const calendar = buildCalendar();
const with2027 = buildCalendar([
  // hypothetical, as staff would enter it before the State Council's notice is in the package
  { year: 2027, holidays: ['2027-01-01', '2027-01-02', '2027-01-03'], workdays: [] },
]);
const at = (iso: string): Date => new Date(iso);

describe('N working days from a moment on a working day: the N-th following working day, same clock time', () => {
  const cases: [start: string, n: number, due: string, why: string][] = [
    ['2025-09-30T18:00:00+08:00', 3, '2025-10-11T18:00:00.000+08:00', 'across National Day 2025 onto a make-up Saturday'],
    ['2025-09-30T18:00:00+08:00', 1, '2025-10-09T18:00:00.000+08:00', 'the whole holiday is skipped'],
    ['2025-09-28T09:30:00+08:00', 3, '2025-10-09T09:30:00.000+08:00', 'from a make-up Sunday: 09-29, 09-30, then after the holiday'],
    ['2026-09-30T10:00:00+08:00', 3, '2026-10-10T10:00:00.000+08:00', 'National Day 2026 onto its make-up Saturday'],
    ['2026-02-13T09:00:00+08:00', 1, '2026-02-14T09:00:00.000+08:00', 'Friday before Spring Festival: the make-up Saturday is next'],
    ['2026-02-13T09:00:00+08:00', 2, '2026-02-24T09:00:00.000+08:00', 'across Spring Festival 2026'],
    ['2026-02-13T09:00:00+08:00', 7, '2026-03-02T09:00:00.000+08:00', 'Spring Festival, then the make-up Saturday 02-28'],
    ['2025-10-11T10:00:00+08:00', 1, '2025-10-13T10:00:00.000+08:00', 'from a make-up Saturday, over an ordinary Sunday'],
    ['2025-12-31T16:00:00+08:00', 1, '2026-01-04T16:00:00.000+08:00', "over New Year's Day 2026 onto its make-up Sunday"],
    ['2025-10-09T01:00:00+08:00', 1, '2025-10-10T01:00:00.000+08:00', 'just after midnight: still 10-08 in UTC, a holiday'],
    ['2025-11-18T15:45:30.250+08:00', 0, '2025-11-18T15:45:30.250+08:00', 'zero days is the start itself'],
  ];
  for (const [start, n, due, why] of cases) {
    it(`${start} + ${n} → ${due} (${why})`, () => {
      const result = addWorkingDays(at(start), n, calendar);
      assert.equal(toShanghaiIso(result.at), due);
      assert.deepEqual(result.missingYears, []);
    });
  }
});

describe('N working days from a moment on a rest day: day 1 is the next working day, due at its N-th end', () => {
  const cases: [start: string, n: number, due: string, why: string][] = [
    ['2025-11-15T10:00:00+08:00', 3, '2025-11-19T23:59:59.999+08:00', 'an ordinary Saturday: Mon, Tue, Wed'],
    ['2025-11-15T10:00:00+08:00', 5, '2025-11-21T23:59:59.999+08:00', 'an ordinary Saturday: by the end of Friday, not Monday'],
    ['2025-11-16T23:59:00+08:00', 1, '2025-11-17T23:59:59.999+08:00', 'late Sunday night'],
    ['2025-10-03T14:00:00+08:00', 3, '2025-10-11T23:59:59.999+08:00', 'a National Day holiday, ending on the make-up Saturday'],
    ['2026-02-17T08:00:00+08:00', 3, '2026-02-26T23:59:59.999+08:00', 'Spring Festival 2026 (正月初一)'],
    ['2026-02-21T08:00:00+08:00', 5, '2026-02-28T23:59:59.999+08:00', 'a Saturday inside Spring Festival, onto its make-up Saturday'],
    ['2025-10-03T14:00:00+08:00', 0, '2025-10-09T00:00:00.000+08:00', 'zero days: the start of the next working day'],
  ];
  for (const [start, n, due, why] of cases) {
    it(`${start} + ${n} → ${due} (${why})`, () => {
      const result = addWorkingDays(at(start), n, calendar);
      assert.equal(toShanghaiIso(result.at), due);
      assert.deepEqual(result.missingYears, []);
    });
  }
});

describe('deadlines reaching a year without calendar data', () => {
  it('counts 2027 on weekends only and reports the year missing', () => {
    const result = addWorkingDays(at('2026-12-30T10:00:00+08:00'), 3, calendar);
    // 12-31, then 2027-01-01 (a Friday, no data), then Monday 01-04
    assert.equal(toShanghaiIso(result.at), '2027-01-04T10:00:00.000+08:00');
    assert.deepEqual(result.missingYears, [2027]);
  });
  it('uses the override once staff have entered 2027, and reports nothing missing', () => {
    const result = addWorkingDays(at('2026-12-30T10:00:00+08:00'), 3, with2027);
    assert.equal(toShanghaiIso(result.at), '2027-01-05T10:00:00.000+08:00');
    assert.deepEqual(result.missingYears, []);
  });
  it('reports a start already in a year without data', () => {
    const result = addWorkingDays(at('2027-03-05T10:00:00+08:00'), 1, calendar);
    assert.equal(toShanghaiIso(result.at), '2027-03-08T10:00:00.000+08:00');
    assert.deepEqual(result.missingYears, [2027]);
  });
  it('does not report 2027 for a deadline that stays in 2026', () => {
    assert.deepEqual(addWorkingDays(at('2026-12-28T10:00:00+08:00'), 3, calendar).missingYears, []);
  });
});

describe('clock and calendar-day arithmetic in Shanghai time', () => {
  const cases: [what: string, due: string, expected: string][] = [
    ['+20 minutes', toShanghaiIso(addMinutes(at('2026-11-24T23:50:00+08:00'), 20).at), '2026-11-25T00:10:00.000+08:00'],
    ['+1 hour', toShanghaiIso(addHours(at('2026-12-31T23:30:00+08:00'), 1).at), '2027-01-01T00:30:00.000+08:00'],
    ['+3 days over a holiday', toShanghaiIso(addCalendarDays(at('2025-09-30T18:00:00+08:00'), 3).at), '2025-10-03T18:00:00.000+08:00'],
    ['+7 days over the year end', toShanghaiIso(addCalendarDays(at('2026-12-28T08:00:00+08:00'), 7).at), '2027-01-04T08:00:00.000+08:00'],
    ['end of the Shanghai day (17:00 UTC is the next day there)', toShanghaiIso(endOfSameDay(at('2026-11-24T17:00:00Z')).at), '2026-11-25T23:59:59.999+08:00'],
    ['end of the month', toShanghaiIso(endOfSameMonth(at('2026-11-24T15:00:00+08:00')).at), '2026-11-30T23:59:59.999+08:00'],
    ['end of December', toShanghaiIso(endOfSameMonth(at('2026-12-01T00:00:00+08:00')).at), '2026-12-31T23:59:59.999+08:00'],
    ['end of a leap February', toShanghaiIso(endOfSameMonth(at('2028-02-10T12:00:00+08:00')).at), '2028-02-29T23:59:59.999+08:00'],
  ];
  for (const [what, due, expected] of cases) {
    it(`${what} → ${expected}`, () => assert.equal(due, expected));
  }
  it('needs no calendar data for clock time', () => {
    assert.deepEqual(addCalendarDays(at('2027-06-01T08:00:00+08:00'), 3).missingYears, []);
  });
  it('refuses a negative or fractional count', () => {
    assert.throws(() => addWorkingDays(at('2026-11-24T10:00:00+08:00'), -1, calendar), RangeError);
    assert.throws(() => addMinutes(at('2026-11-24T10:00:00+08:00'), 1.5), RangeError);
  });
});
