// Deadline arithmetic in Asia/Shanghai. Pure: the start moment and the calendar are arguments.
// Shanghai has had no daylight saving since 1991, so "the same clock time D days later" is exactly
// D × 24 hours later; we still step through calendar dates so working days are judged on the
// Shanghai date, never on the process's.
import { shanghaiDate } from '../time';
import { addDays, dayNumber, yearOf, type Calendar, type DateString } from './calendar';

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

export interface Deadline {
  at: Date;
  /**
   * Calendar years this result relied on that have neither package data nor an override: the
   * deadline was computed on weekends only there, and staff should be warned to enter the year.
   */
  missingYears: number[];
}

function assertCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative integer, got ${n}`);
}

/** 00:00 Asia/Shanghai of a calendar date, as a moment. */
export function startOfShanghaiDay(date: DateString): Date {
  return new Date(dayNumber(date) * DAY_MS - SHANGHAI_OFFSET_MS);
}

/**
 * The last millisecond of a Shanghai calendar date. "By the end of the day" is stored this way so
 * that it is shown as 23:59 of the due day (not 00:00 of the next), and `now > at` breaches from
 * 24:00 on.
 */
export function endOfShanghaiDay(date: DateString): Date {
  return new Date(startOfShanghaiDay(addDays(date, 1)).getTime() - 1);
}

export function addMinutes(start: Date, n: number): Deadline {
  assertCount(n, 'minutes');
  return { at: new Date(start.getTime() + n * MINUTE_MS), missingYears: [] };
}

export function addHours(start: Date, n: number): Deadline {
  assertCount(n, 'hours');
  return { at: new Date(start.getTime() + n * HOUR_MS), missingYears: [] };
}

/** N calendar days later at the same Shanghai clock time; holidays do not matter. */
export function addCalendarDays(start: Date, n: number): Deadline {
  assertCount(n, 'days');
  return { at: new Date(start.getTime() + n * DAY_MS), missingYears: [] };
}

/** The end of the Shanghai day containing `start` ("fixed on that visit", 当天). */
export function endOfSameDay(start: Date): Deadline {
  return { at: endOfShanghaiDay(shanghaiDate(start)), missingYears: [] };
}

/** The end of the Shanghai calendar month containing `start` ("revisit in the same month", 当月内). */
export function endOfSameMonth(start: Date): Deadline {
  const date = shanghaiDate(start);
  const [year, month] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
  const firstOfNext = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  return { at: new Date(startOfShanghaiDay(firstOfNext).getTime() - 1), missingYears: [] };
}

/**
 * N working days after `start`, by the PRC calendar (holidays and make-up working days).
 *
 * - **From a moment on a working day**: the N-th following working day at the same Shanghai clock
 *   time. 2025-09-30 (Tue) 18:00 + 3 → 2025-10-11 (a make-up Saturday) 18:00: 10-01…10-08 are the
 *   National Day holiday, 10-09 and 10-10 are days 1 and 2.
 * - **From a moment on a rest day** (weekend or holiday, at any hour): the clock starts at 00:00 of
 *   the next working day, which counts as day 1, and the deadline is the end (23:59:59.999) of the
 *   N-th working day. A complaint made on Saturday with 3 working days is due by the end of
 *   Wednesday; one made on Saturday with 5 working days by the end of Friday, not Monday 00:00.
 *   Nothing a rest day's hours could add is lost: the first working day is counted whole.
 * - N = 0 gives `start` on a working day, and 00:00 of the next working day from a rest day.
 *
 * `missingYears` lists the years of every date examined (from the start's date to the deadline's)
 * that the calendar has no data for; such a deadline is still computed, on weekends only.
 */
export function addWorkingDays(start: Date, n: number, calendar: Calendar): Deadline {
  assertCount(n, 'working days');
  const missing = new Set<number>();
  const isWorking = (date: DateString): boolean => {
    const year = yearOf(date);
    if (!calendar.hasDataFor(year)) missing.add(year);
    return calendar.isWorkingDay(date);
  };
  const result = (at: Date): Deadline => ({ at, missingYears: [...missing].sort((a, b) => a - b) });

  const startDate = shanghaiDate(start);
  let date = startDate;
  if (isWorking(startDate)) {
    for (let counted = 0; counted < n;) {
      date = addDays(date, 1);
      if (isWorking(date)) counted += 1;
    }
    return result(new Date(start.getTime() + (dayNumber(date) - dayNumber(startDate)) * DAY_MS));
  }

  do date = addDays(date, 1);
  while (!isWorking(date));
  if (n === 0) return result(startOfShanghaiDay(date));
  for (let counted = 1; counted < n;) {
    date = addDays(date, 1);
    if (isWorking(date)) counted += 1;
  }
  return result(endOfShanghaiDay(date));
}
