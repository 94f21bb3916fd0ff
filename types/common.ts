import { z } from 'zod';

/**
 * The range every time the contract carries must fall in. A time far outside it is no real
 * appointment, window or deadline, and once stored it breaks every reply that shows it (a year
 * past 9999 has no four-digit ISO form): so it is refused on the way in, and the views clamp to it.
 */
export const TIME_BOUNDS = {
  minYear: 2000,
  maxYear: 2100,
  /** UTC offsets in minutes, as the world's time zones span them: −12:00 … +14:00 */
  minOffset: -12 * 60,
  maxOffset: 14 * 60,
} as const;

const ISO_TIME_PARTS = /^(\d{4})-\d{2}-\d{2}T[^Z+-]*(?:Z|([+-])(\d{2}):(\d{2}))$/;

/** True when an ISO date-time's written year and offset are within TIME_BOUNDS. */
export function withinTimeBounds(value: string): boolean {
  const parts = ISO_TIME_PARTS.exec(value);
  if (!parts) return false;
  const year = Number(parts[1]);
  if (year < TIME_BOUNDS.minYear || year > TIME_BOUNDS.maxYear) return false;
  if (parts[2] === undefined) return true;
  const offset = (parts[2] === '-' ? -1 : 1) * (Number(parts[3]) * 60 + Number(parts[4]));
  return offset >= TIME_BOUNDS.minOffset && offset <= TIME_BOUNDS.maxOffset;
}

const TIME_RANGE_MESSAGE = `时间超出范围：年份应在 ${TIME_BOUNDS.minYear}–${TIME_BOUNDS.maxYear} 之间，时区应在 −12:00 至 +14:00 之间`;

/**
 * ISO-8601 time with offset, e.g. 2026-11-24T09:00:00+08:00: a real calendar date and clock time
 * (zod's format), a year in 2000–2100 and an offset in −12:00…+14:00. Whether a time is near
 * enough to now (an appointment within weeks, a window starting today) is the rule's to check,
 * with `now` in hand (orders' futureTime, passes' window checks).
 */
export const IsoTime = z.iso.datetime({ offset: true }).refine(withinTimeBounds, TIME_RANGE_MESSAGE);

/** A calendar date YYYY-MM-DD: a real date, its year in 2000–2100. */
export const CalendarDate = z.iso.date('日期格式应为 年-月-日，例如 2027-01-01').refine((value) => {
  const year = Number(value.slice(0, 4));
  return year >= TIME_BOUNDS.minYear && year <= TIME_BOUNDS.maxYear;
}, `日期超出范围：年份应在 ${TIME_BOUNDS.minYear}–${TIME_BOUNDS.maxYear} 之间`);

/** A unit address 栋-单元-房号, e.g. 3-2-1201 */
export const UnitLabel = z
  .string()
  .trim()
  .regex(/^\d{1,3}-\d{1,2}-\d{3,5}$/, '房号格式应为 栋-单元-房号，例如 3-2-1201');

/** A mainland mobile number: 11 digits starting with 1. */
export const Phone = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, '请输入 11 位手机号');

/** A birthday kept as month-day only (SPEC §7): MM-DD. */
export const MonthDay = z.string().refine((value) => {
  const match = /^(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const month = Number(match[1]);
  const day = Number(match[2]);
  const daysIn = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysIn[month - 1];
}, '生日格式应为 月-日，例如 03-15');

export const Id = z.string().min(1).max(64);
export const CommunityId = z.string().regex(/^[a-z0-9_-]{1,32}$/, '小区编号格式不正确');

export const Empty = z.object({}).strict().optional().default({});

/**
 * The member of staff an owner can ring about one request (the one working it now): their name,
 * post (steward, engineer…) and work phone ('' when none is on file).
 */
export const StaffContact = z.object({
  name: z.string(),
  role: z.enum(['steward', 'lead', 'engineer', 'guard', 'manager']),
  phone: z.string(),
});
export type StaffContact = z.infer<typeof StaffContact>;
