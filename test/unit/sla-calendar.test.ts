import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, buildCalendar, chineseDaysData, overrideProblems, weekdayOf } from '../../cloudfunctions/core/sla/calendar';
import { CalendarOverride } from '../../types/tickets';

const calendar = buildCalendar();

// Hypothetical 2027 arrangement typed by staff; the real one is published by the State Council.
const override2027: CalendarOverride = {
  year: 2027,
  holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
  workdays: ['2027-02-20'],
};

describe('the working-day calendar from chinese-days', () => {
  it('covers 2004–2026 and nothing else', () => {
    assert.equal(calendar.hasDataFor(2004), true);
    assert.equal(calendar.hasDataFor(2026), true);
    assert.equal(calendar.hasDataFor(2003), false);
    assert.equal(calendar.hasDataFor(2027), false);
    assert.deepEqual(calendar.missingYears(2025, 2028), [2027, 2028]);
    assert.equal(calendar.sourceOf(2026), 'package');
    assert.equal(calendar.sourceOf(2027), 'none');
  });

  const cases: [date: string, working: boolean, why: string][] = [
    ['2025-09-28', true, 'Sunday, make-up working day before National Day 2025'],
    ['2025-09-30', true, 'ordinary Tuesday'],
    ['2025-10-01', false, 'National Day'],
    ['2025-10-06', false, 'Mid-Autumn inside the National Day span'],
    ['2025-10-08', false, 'last day of the 2025 National Day holiday'],
    ['2025-10-09', true, 'Thursday after the holiday'],
    ['2025-10-11', true, 'Saturday, make-up working day'],
    ['2025-10-12', false, 'ordinary Sunday'],
    ['2026-02-14', true, 'Saturday, make-up working day before Spring Festival 2026'],
    ['2026-02-15', false, 'first day of Spring Festival 2026'],
    ['2026-02-17', false, 'Spring Festival (正月初一)'],
    ['2026-02-23', false, 'last day of Spring Festival 2026 (a Monday)'],
    ['2026-02-24', true, 'Tuesday after Spring Festival'],
    ['2026-02-28', true, 'Saturday, make-up working day after Spring Festival'],
    ['2026-01-01', false, "New Year's Day 2026"],
    ['2026-01-04', true, "Sunday, make-up working day after New Year's Day 2026"],
    ['2026-09-20', true, 'Sunday, make-up working day before National Day 2026'],
    ['2026-10-01', false, 'National Day 2026'],
    ['2026-10-07', false, 'last day of National Day 2026'],
    ['2026-10-10', true, 'Saturday, make-up working day after National Day 2026'],
    ['2027-01-01', true, 'a Friday in a year without data: weekends only'],
    ['2027-01-02', false, 'a Saturday in a year without data'],
  ];
  for (const [date, working, why] of cases) {
    it(`${date} is ${working ? 'a working day' : 'a rest day'} (${why})`, () => {
      assert.equal(calendar.isWorkingDay(date), working);
    });
  }

  it('agrees with the package data it was built from', () => {
    for (const date of Object.keys(chineseDaysData.holidays)) assert.equal(calendar.isWorkingDay(date), false, date);
    for (const date of Object.keys(chineseDaysData.workdays)) assert.equal(calendar.isWorkingDay(date), true, date);
  });
});

describe('calendar overrides', () => {
  it('fills a year the package does not know', () => {
    const withOverride = buildCalendar([override2027]);
    assert.equal(withOverride.hasDataFor(2027), true);
    assert.equal(withOverride.sourceOf(2027), 'override');
    assert.deepEqual(withOverride.missingYears(2026, 2027), []);
    assert.equal(withOverride.isWorkingDay('2027-01-01'), false);
    assert.equal(withOverride.isWorkingDay('2027-02-20'), true, 'a Saturday entered as a working day');
    assert.equal(withOverride.isWorkingDay('2027-01-04'), true);
  });

  it('replaces the package for a year it covers (a late change to the arrangement)', () => {
    const corrected = buildCalendar([{ year: 2026, holidays: [], workdays: [] }]);
    assert.equal(corrected.sourceOf(2026), 'override');
    assert.equal(corrected.isWorkingDay('2026-10-01'), true, 'a Thursday with no holiday entered');
    assert.equal(corrected.isWorkingDay('2026-10-10'), false, 'a Saturday with no make-up entered');
    assert.equal(corrected.isWorkingDay('2025-10-01'), false, 'other years keep the package data');
  });

  it('refuses an override with a date outside its year, a typo or a day both ways', () => {
    assert.deepEqual(overrideProblems(override2027), []);
    assert.notDeepEqual(overrideProblems({ year: 2027, holidays: ['2028-01-01'], workdays: [] }), []);
    assert.notDeepEqual(overrideProblems({ year: 2027, holidays: ['2027-02-30'], workdays: [] }), []);
    assert.notDeepEqual(overrideProblems({ year: 2027, holidays: ['2027-01-01'], workdays: ['2027-01-01'] }), []);
    assert.throws(() => buildCalendar([{ year: 2027, holidays: ['2027-13-01'], workdays: [] }]), RangeError);
  });

  it('parses the stored override with its schema', () => {
    assert.equal(CalendarOverride.safeParse(override2027).success, true);
    assert.equal(CalendarOverride.safeParse({ ...override2027, holidays: ['1/1/2027'] }).success, false);
  });
});

describe('calendar dates without the process time zone', () => {
  it('steps across month and year ends and knows the weekday', () => {
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(addDays('2028-02-28', 1), '2028-02-29');
    assert.equal(weekdayOf('2025-10-11'), 6);
    assert.equal(weekdayOf('2026-02-17'), 2);
  });
});
