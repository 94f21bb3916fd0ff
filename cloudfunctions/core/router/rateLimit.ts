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

export async function takeCreateToken(database: Database, openid: string, fn: string, now: Date, limit = CREATES_PER_MINUTE): Promise<void> {
  const windowStart = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const id = `${fn}:${openid}:${windowStart.getTime()}`;
  const counters = database.collection<CounterDoc>('rateLimits');
  const _ = database.command;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const taken = await counters.where({ _id: id, count: _.lt(limit) }).update({ data: { count: _.inc(1) } });
    if (taken.stats.updated === 1) return;
    try {
      await counters.add({ data: { _id: id, openid, count: 1, windowStart } });
      return;
    } catch (error) {
      if (!isDuplicateError(error)) throw error;
      // someone created this minute's counter first: the conditional update decides
    }
  }
  throw new AppError('RATE_LIMITED', '操作太频繁，请一分钟后再试');
}
