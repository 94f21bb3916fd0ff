// Cloud functions run with TZ=UTC; every calendar date and clock time the product shows or
// reasons about is Asia/Shanghai (UTC+8, no daylight saving since 1991), computed explicitly here.

import { TIME_BOUNDS } from '../../types/common';

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The first and last instants the contract's IsoTime admits, written in Shanghai time. */
export const EARLIEST_TIME_MS = Date.parse(`${TIME_BOUNDS.minYear}-01-01T00:00:00.000+08:00`);
export const LATEST_TIME_MS = Date.parse(`${TIME_BOUNDS.maxYear}-12-31T23:59:59.999+08:00`);

/** True when `date` is a time the contract can carry (types/common.ts TIME_BOUNDS). */
export function inTimeBounds(date: Date | null | undefined): date is Date {
  const ms = date ? new Date(date).getTime() : Number.NaN;
  return ms >= EARLIEST_TIME_MS && ms <= LATEST_TIME_MS;
}

/**
 * ISO-8601 with the +08:00 offset, e.g. 2026-11-24T09:00:00.000+08:00. A stored time outside the
 * contract's range (written before the inputs were bounded, or by hand) is shown at the nearest
 * bound rather than break every reply that includes it; an unreadable one as the earliest.
 */
export function toShanghaiIso(date: Date): string {
  const ms = new Date(date).getTime();
  const shown = Number.isNaN(ms) ? EARLIEST_TIME_MS : Math.min(Math.max(ms, EARLIEST_TIME_MS), LATEST_TIME_MS);
  return new Date(shown + SHANGHAI_OFFSET_MS).toISOString().replace('Z', '+08:00');
}

export interface ShanghaiParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

export function shanghaiParts(date: Date): ShanghaiParts {
  const shifted = new Date(date.getTime() + SHANGHAI_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    weekday: shifted.getUTCDay(),
  };
}

const pad = (value: number): string => String(value).padStart(2, '0');

/** YYYY-MM-DD of the Shanghai calendar day containing `date`. */
export function shanghaiDate(date: Date): string {
  const p = shanghaiParts(date);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** 2026年11月24日 09:05 — the form WeChat's `time` keyword accepts. */
export function chineseDateTime(date: Date): string {
  const p = shanghaiParts(date);
  return `${p.year}年${p.month}月${p.day}日 ${pad(p.hour)}:${pad(p.minute)}`;
}

/** 2026年11月24日 — WeChat's `date` keyword. */
export function chineseDate(date: Date): string {
  const p = shanghaiParts(date);
  return `${p.year}年${p.month}月${p.day}日`;
}
