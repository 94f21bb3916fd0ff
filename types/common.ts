import { z } from 'zod';

/** ISO-8601 time with offset, e.g. 2026-11-24T09:00:00+08:00 */
export const IsoTime = z.iso.datetime({ offset: true });

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
