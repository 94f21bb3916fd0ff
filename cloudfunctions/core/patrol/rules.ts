// The patrol's pure rules (SPEC §13): which Shanghai day a check-in counts on, when an offline
// scan is flagged, how many rounds a building has had, the handover instants of a community's
// shift times. No database, no clock: `now` is given.
import { DEFAULT_PATROL_RULE, OFFLINE_KEEP, OFFLINE_SKEW } from '../../../types/patrol';
import { spanMs } from '../../../types/sla';
import { shanghaiDate } from '../time';

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

export interface RuleValues {
  roundsPerDay: number;
  wholeAreaDays: number;
  vacantPerMonth: number;
}

export const defaultRule = (): RuleValues => ({ ...DEFAULT_PATROL_RULE });

/** Days since 1970-01-01 of a Shanghai calendar date. */
export function dayNumber(day: string): number {
  return Math.floor(Date.parse(`${day}T00:00:00.000Z`) / DAY_MS);
}

/** The first instant of a Shanghai day, and of the day after. */
export function dayBounds(day: string): { start: Date; end: Date } {
  const start = new Date(Date.parse(`${day}T00:00:00.000Z`) - SHANGHAI_OFFSET_MS);
  return { start, end: new Date(start.getTime() + DAY_MS) };
}

/** Every Shanghai day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let n = dayNumber(from); n <= dayNumber(to); n += 1) days.push(new Date(n * DAY_MS).toISOString().slice(0, 10));
  return days;
}

export interface Counted {
  countedAt: Date;
  day: string;
  dayNo: number;
  skewed: boolean;
}

/**
 * When a check-in counts. Online: the server's receipt, whatever the phone says. Offline (sent
 * later with the phone's scan time): the scan time, when it is plausible — not after the receipt
 * and not older than OFFLINE_KEEP — else the receipt; flagged when the two differ by more than
 * OFFLINE_SKEW, so the report shows both.
 */
export function countedAt(receivedAt: Date, scannedAt: Date | null): Counted {
  let at = receivedAt;
  if (scannedAt && scannedAt.getTime() <= receivedAt.getTime() && receivedAt.getTime() - scannedAt.getTime() <= spanMs(OFFLINE_KEEP)) at = scannedAt;
  const skewed = scannedAt !== null && Math.abs(receivedAt.getTime() - scannedAt.getTime()) > spanMs(OFFLINE_SKEW);
  const day = shanghaiDate(at);
  return { countedAt: at, day, dayNo: dayNumber(day), skewed };
}

/** Complete rounds of a building: every active point checked this many times (none without points). */
export function roundsOf(counts: readonly number[]): number {
  return counts.length === 0 ? 0 : Math.min(...counts);
}

/** Point visits that count toward a rule: each point at most `rounds` times a day. */
export function cappedVisits(perPointDay: readonly number[], rounds: number): number {
  return perPointDay.reduce((sum, n) => sum + Math.min(n, rounds), 0);
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** The handover instants of `times` (HH:MM Shanghai) on a Shanghai day, in order. */
export function handoverInstants(day: string, times: readonly string[]): Date[] {
  const { start } = dayBounds(day);
  return [...times].sort().map((t) => new Date(start.getTime() + minutesOf(t) * 60_000));
}

/** The shift running at `now`: it started at the last handover at or before `now` and ends at the next. */
export function shiftAt(now: Date, times: readonly string[]): { from: Date; to: Date } {
  const today = shanghaiDate(now);
  const yesterday = shanghaiDate(new Date(now.getTime() - DAY_MS));
  const tomorrow = shanghaiDate(new Date(now.getTime() + DAY_MS));
  const all = [...handoverInstants(yesterday, times), ...handoverInstants(today, times), ...handoverInstants(tomorrow, times)];
  const next = all.findIndex((t) => t.getTime() > now.getTime());
  return { from: all[next - 1], to: all[next] };
}

/** Handover instants in (`since`, `until`]: the ones a sweep makes sure exist. */
export function handoversBetween(since: Date, until: Date, times: readonly string[]): Date[] {
  const days = daysBetween(shanghaiDate(since), shanghaiDate(until));
  return days.flatMap((d) => handoverInstants(d, times)).filter((t) => t.getTime() > since.getTime() && t.getTime() <= until.getTime());
}

/** `yuehai:2026-12-03T18:00`: a handover's id from its community and instant. */
export function handoverId(communityId: string, at: Date): string {
  const local = new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16);
  return `${communityId}:${local}`;
}

/** Whole-area windows fully inside `from`…`to`: day numbers divided by `n`, as the pipeline groups them. */
export function windowsWithin(from: string, to: string, n: number): number[] {
  const first = Math.ceil(dayNumber(from) / n);
  const last = Math.floor((dayNumber(to) + 1) / n) - 1;
  const out: number[] = [];
  for (let w = first; w <= last; w += 1) out.push(w);
  return out;
}
