// The PRC working-day calendar: statutory holidays and make-up working days (调休) from the
// maintained `chinese-days` package, plus overrides (held in the database later) for the years the
// package does not know yet. Every date here is an Asia/Shanghai calendar date written YYYY-MM-DD;
// nothing reads a Date in the process time zone (cloud functions run in UTC).
//
// We read the package's published JSON (its README offers it as a supported artefact) rather than
// its isWorkday(): the package's date helper parses and formats with the process's local time, and
// the raw data also tells us which years it covers.
import packageData from 'chinese-days/dist/chinese-days.json';

/** A Shanghai calendar date, YYYY-MM-DD. */
export type DateString = string;

/**
 * One year's official arrangement, entered by staff when the State Council publishes it (usually
 * in November for the next year). It replaces whatever the package says for that year, so it can
 * also correct a year the package has wrong or that was changed after publication.
 */
export interface CalendarOverride {
  year: number;
  /** rest days beyond ordinary weekends, including weekends inside a holiday span */
  holidays: DateString[];
  /** weekend days that are working days (调休上班) */
  workdays: DateString[];
}

/** Where a year's data came from. */
export type CalendarSource = 'package' | 'override' | 'none';

export interface Calendar {
  /** True on a Shanghai date people work: a weekday that is not a holiday, or a make-up day. */
  isWorkingDay(date: DateString): boolean;
  /** False when the year falls back to weekends only (the package and overrides are silent). */
  hasDataFor(year: number): boolean;
  sourceOf(year: number): CalendarSource;
  /** Years from `fromYear` to `toYear` inclusive that have no data, for the staff warning. */
  missingYears(fromYear: number, toYear: number): number[];
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Days since 1970-01-01 for a calendar date; the arithmetic is on the date, not on a moment. */
export function dayNumber(date: DateString): number {
  const match = DATE_PATTERN.exec(date);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  // Date.UTC rolls 2026-02-30 over into March; a calendar entry like that is a typo, not a date.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`no such date: ${date}`);
  }
  return ms / DAY_MS;
}

export function fromDayNumber(days: number): DateString {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: DateString, days: number): DateString {
  return fromDayNumber(dayNumber(date) + days);
}

export function yearOf(date: DateString): number {
  return Number(date.slice(0, 4));
}

/** 0 = Sunday … 6 = Saturday, of the calendar date itself. */
export function weekdayOf(date: DateString): number {
  return new Date(dayNumber(date) * DAY_MS).getUTCDay();
}

export function isWeekend(date: DateString): boolean {
  const weekday = weekdayOf(date);
  return weekday === 0 || weekday === 6;
}

/** Problems with an override as staff typed it; empty when it can be used. */
export function overrideProblems(override: CalendarOverride): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(override.year) || override.year < 2000 || override.year > 2100) {
    problems.push(`year out of range: ${override.year}`);
  }
  const check = (date: string, list: 'holidays' | 'workdays'): void => {
    try {
      dayNumber(date);
    } catch {
      problems.push(`${list}: not a date: ${date}`);
      return;
    }
    if (yearOf(date) !== override.year) problems.push(`${list}: ${date} is not in ${override.year}`);
  };
  for (const date of override.holidays) check(date, 'holidays');
  for (const date of override.workdays) check(date, 'workdays');
  const holidays = new Set(override.holidays);
  for (const date of override.workdays) {
    if (holidays.has(date)) problems.push(`${date} is both a holiday and a working day`);
  }
  return problems;
}

interface YearData {
  source: Exclude<CalendarSource, 'none'>;
  holidays: ReadonlySet<DateString>;
  workdays: ReadonlySet<DateString>;
}

/** The package's data, grouped by year. Exported so tests can check what the package really says. */
export interface PackageCalendarData {
  holidays: Record<DateString, string>;
  workdays: Record<DateString, string>;
}

function groupByYear(data: PackageCalendarData): Map<number, YearData> {
  const years = new Map<number, { holidays: Set<DateString>; workdays: Set<DateString> }>();
  const slot = (date: DateString) => {
    const year = yearOf(date);
    let entry = years.get(year);
    if (!entry) {
      entry = { holidays: new Set(), workdays: new Set() };
      years.set(year, entry);
    }
    return entry;
  };
  for (const date of Object.keys(data.holidays)) slot(date).holidays.add(date);
  for (const date of Object.keys(data.workdays)) slot(date).workdays.add(date);
  const result = new Map<number, YearData>();
  for (const [year, entry] of years) result.set(year, { source: 'package', ...entry });
  return result;
}

export const chineseDaysData: PackageCalendarData = packageData;

/**
 * A calendar from the package's data and the overrides. An override wins over the package for its
 * year; an invalid override throws, because a silently ignored holiday list would produce wrong
 * deadlines for a whole year.
 */
export function buildCalendar(overrides: readonly CalendarOverride[] = [], base: PackageCalendarData = chineseDaysData): Calendar {
  const years = groupByYear(base);
  for (const override of overrides) {
    const problems = overrideProblems(override);
    if (problems.length > 0) throw new RangeError(`calendar override ${override.year}: ${problems.join('; ')}`);
    years.set(override.year, {
      source: 'override',
      holidays: new Set(override.holidays),
      workdays: new Set(override.workdays),
    });
  }

  const hasDataFor = (year: number): boolean => years.has(year);
  return {
    isWorkingDay(date) {
      const data = years.get(yearOf(date));
      if (data?.workdays.has(date)) return true;
      if (data?.holidays.has(date)) return false;
      return !isWeekend(date);
    },
    hasDataFor,
    sourceOf: (year) => years.get(year)?.source ?? 'none',
    missingYears(fromYear, toYear) {
      const missing: number[] = [];
      for (let year = fromYear; year <= toYear; year += 1) if (!hasDataFor(year)) missing.push(year);
      return missing;
    },
  };
}
