// Which occasions fall on a Shanghai calendar day (SPEC §7). Pure: dates in, dates out. Lunar
// holidays come from chinese-days (a maintained package), never from a typed table.
import { getLunarDate, getSolarDateFromLunar } from 'chinese-days';
import type { FixedOccasion } from '../../../types/greetings';

/** chinese-days' lunar table covers 1900–2100; its first and last lunar years are partial. */
export const LUNAR_YEARS = { from: 1901, to: 2099 } as const;

export type Holiday = Exclude<FixedOccasion, 'birthday'>;
export const HOLIDAYS: readonly Holiday[] = ['newYear', 'springFestival', 'lantern', 'dragonBoat', 'midAutumn', 'nationalDay'];

const SOLAR: Partial<Record<Holiday, string>> = { newYear: '01-01', nationalDay: '10-01' };
/** lunar month-day of each lunar holiday (正月初一, 正月十五, 五月初五, 八月十五) */
const LUNAR: Partial<Record<Holiday, [number, number]>> = {
  springFestival: [1, 1],
  lantern: [1, 15],
  dragonBoat: [5, 5],
  midAutumn: [8, 15],
};

const pad = (n: number) => String(n).padStart(2, '0');

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const moved = new Date(Date.UTC(y, m - 1, d + days));
  return `${moved.getUTCFullYear()}-${pad(moved.getUTCMonth() + 1)}-${pad(moved.getUTCDate())}`;
}

function lunarMatches(date: string, month: number, day: number): boolean {
  const lunar = getLunarDate(date);
  return lunar.lunarMon === month && lunar.lunarDay === day && !lunar.isLeap;
}

/**
 * The Gregorian date (YYYY-MM-DD) of a holiday in a Gregorian year, or null when the lunar table
 * does not cover that year. Every lunar festival in the list falls in the same Gregorian year as
 * its lunar year (正月 starts between 21 Jan and 20 Feb).
 */
export function holidayDate(holiday: Holiday, year: number): string | null {
  const solar = SOLAR[holiday];
  if (solar) return `${year}-${solar}`;
  if (year < LUNAR_YEARS.from || year > LUNAR_YEARS.to) return null;
  const [month, day] = LUNAR[holiday] as [number, number];
  const found = getSolarDateFromLunar(`${year}-${pad(month)}-${pad(day)}`).date;
  // The package mixes local and UTC dates in places; confirm the answer by converting it back and
  // look a day either side, so a process time zone other than UTC/Shanghai cannot shift a holiday.
  for (const shift of [0, -1, 1]) {
    const candidate = addDays(found, shift);
    if (lunarMatches(candidate, month, day)) return candidate;
  }
  return null;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * The birthdays (MM-DD) greeted on a date: its own month-day, and on 28 February of a common year
 * also 29 February, so those born on a leap day are greeted every year.
 */
export function birthdaysOn(date: string): string[] {
  const [year, month, day] = date.split('-').map(Number);
  const own = `${pad(month)}-${pad(day)}`;
  if (month === 2 && day === 28 && !isLeapYear(year)) return [own, '02-29'];
  return [own];
}

/** The day (YYYY-MM-DD) a birthday is greeted on in a year. */
export function birthdayDate(birthday: string, year: number): string {
  if (birthday === '02-29' && !isLeapYear(year)) return `${year}-02-28`;
  return `${year}-${birthday}`;
}

/** The holidays that fall on a date. */
export function holidaysOn(date: string): Holiday[] {
  const year = Number(date.slice(0, 4));
  return HOLIDAYS.filter((holiday) => holidayDate(holiday, year) === date);
}

/** A community's own date (MM-DD, every year) on a given year; 29 February moves like a birthday. */
export function customDate(monthDay: string, year: number): string {
  return birthdayDate(monthDay, year);
}

/** The next date on or after `today` that a yearly date falls on (null outside the lunar table). */
export function nextOccurrence(dateIn: (year: number) => string | null, today: string): string | null {
  const year = Number(today.slice(0, 4));
  const thisYear = dateIn(year);
  if (thisYear !== null && thisYear >= today) return thisYear;
  return dateIn(year + 1);
}
