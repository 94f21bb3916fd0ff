// How spans read and measure, with no runtime dependency (types/sla.ts re-exports these): pages in
// the weapp main package import this file so that zod stays in the subpackages and functions.
import type { FixedSpan, SlaSpan, SpanUnit } from './sla';

const FIXED_UNIT_MS: Record<FixedSpan['unit'], number> = { minutes: 60_000, hours: 3_600_000, calendarDays: 86_400_000 };

/** A fixed span's length in milliseconds: what the functions compare against. */
export function spanMs(span: FixedSpan): number {
  return span.amount * FIXED_UNIT_MS[span.unit];
}

/** The unit words as a lead picks them (节假日与服务时限). */
export const spanUnitLabels: Record<SpanUnit, string> = {
  minutes: '分钟',
  hours: '小时',
  calendarDays: '天',
  workingDays: '个工作日',
  sameDay: '当天内',
  sameMonth: '当月内',
};

/**
 * A span as people read it: 1 小时, 15 分钟, 3 个工作日, 3 天, 当天, 当月. Sentences add 内 after
 * it (`${spanText(s)}内响应`), so the two unit-less spans name the period only.
 */
export function spanText(span: SlaSpan): string {
  switch (span.unit) {
    case 'sameDay':
      return '当天';
    case 'sameMonth':
      return '当月';
    default:
      return `${span.amount} ${spanUnitLabels[span.unit]}`;
  }
}

/** The span as a deadline in a sentence: 1 小时内, 3 个工作日内, 当天内. */
export function withinText(span: SlaSpan): string {
  return `${spanText(span)}内`;
}
