// A per-caller limit on creates, counted per function and minute in the database so that every
// instance of a function shares it.
import { type Database, isDuplicateError } from '../sdk';
import { AppError } from './errors';
import { RATE_COUNT_KEEP } from '../../../types/account';
import { spanMs } from '../../../types/sla';

export interface CounterDoc {
  _id: string;
  /** whose counter (its id holds the openid too): deleteMyData removes it */
  openid: string;
  count: number;
  windowStart: Date;
}

/** A minute's counter is useless once the minute is over; the sweep removes it after this. */
export const RATE_WINDOW_TTL_MS = spanMs(RATE_COUNT_KEEP);

export const CREATES_PER_MINUTE = 20;

/**
 * Counters this instance has seen exist: for them the conditional update comes first, for any
 * other the insert (a person's first create of a minute is the usual case: one round trip either
 * way). A hint only — the insert's unique _id and the update's condition decide.
 */
const seen = new Set<string>();
const SEEN_KEPT = 1_000;

export async function takeCreateToken(database: Database, openid: string, fn: string, now: Date, limit = CREATES_PER_MINUTE): Promise<void> {
  const windowStart = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const id = `${fn}:${openid}:${windowStart.getTime()}`;
  const counters = database.collection<CounterDoc>('rateLimits');
  const _ = database.command;
  const bump = async () => (await counters.where({ _id: id, count: _.lt(limit) }).update({ data: { count: _.inc(1) } })).stats.updated === 1;
  if (seen.has(id) && (await bump())) return;
  try {
    await counters.add({ data: { _id: id, openid, count: 1, windowStart } });
    remember(id);
    return;
  } catch (error) {
    if (!isDuplicateError(error)) throw error;
    // this minute's counter exists: the conditional update decides
  }
  remember(id);
  if (await bump()) return;
  throw new AppError('RATE_LIMITED', '操作太频繁，请一分钟后再试');
}

function remember(id: string): void {
  if (seen.size >= SEEN_KEPT) seen.clear();
  seen.add(id);
}
