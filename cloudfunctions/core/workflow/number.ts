// The per-community daily number every subject gives its objects (BX20261124-0007, TY…, FX…, ZX…):
// one counter row per community and Shanghai day, bumped by compare-and-set, so two callers at the
// same instant never share a number.
import { AppError } from '../router/errors';
import { type Database, isDuplicateError } from '../sdk';
import { shanghaiDate } from '../time';

/** A subject's numbering: its prefix, the collection holding its counters, and what a caller hears when it is too busy. */
export interface DailyNumbering {
  prefix: string;
  counters: string;
  busy: string;
}

interface CounterDoc {
  _id: string;
  seq: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The next value of counter `id` in `collection`. It is bumped with `_.inc` under the condition
 * that it still holds the value read (compare-and-set); the loser of a race reads again.
 */
export async function bumpCounter(database: Database, collection: string, id: string, busy = '提交的人太多，请稍后重试'): Promise<number> {
  const counters = database.collection<CounterDoc>(collection);
  const _ = database.command;
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const current = (await counters.where({ _id: id }).limit(1).get()).data[0];
    if (!current) {
      try {
        await counters.add({ data: { _id: id, seq: 1 } });
        return 1;
      } catch (error) {
        if (!isDuplicateError(error)) throw error;
        continue; // another caller created the counter first
      }
    }
    const taken = await counters.where({ _id: id, seq: current.seq }).update({ data: { seq: _.inc(1) } });
    if (taken.stats.updated === 1) return current.seq + 1;
    await sleep(Math.random() * 10 * (attempt + 1));
  }
  throw new AppError('CONFLICT', busy);
}

/** `BX20261124-0007`: the prefix, the Shanghai date, the day's sequence in four digits. */
function dailyNumberText(prefix: string, day: string, seq: number): string {
  return `${prefix}${day.replace(/-/g, '')}-${String(seq).padStart(4, '0')}`;
}

/** The next number of the community's Shanghai day. */
export async function nextDailyNumber(database: Database, numbering: DailyNumbering, communityId: string, now: Date): Promise<{ no: string; seq: number }> {
  const day = shanghaiDate(now);
  const seq = await bumpCounter(database, numbering.counters, `${communityId}:${day}`, numbering.busy);
  return { no: dailyNumberText(numbering.prefix, day, seq), seq };
}

// ----- gapless sequences ------------------------------------------------------------------------

/**
 * A sequence that must have no gaps (发文 〔2026〕第 N 号): each number is a claim document
 * `<scope>:<n>` naming what holds it, inserted under a unique `_id`. A number is claimed only as
 * the one after the highest claimed, claims are never removed, and a holder asking again gets its
 * own number back — so two callers at once get two consecutive numbers, a retry after a crash
 * takes none twice, and no number is skipped. The caller claims only once its object is certain to
 * take the number (after its own conditional write), so no claim is left unused.
 */
export interface ClaimDoc {
  _id: string;
  scope: string;
  seq: number;
  /** the object holding the number */
  holder: string;
  at: Date;
}

export async function claimGaplessNumber(database: Database, collection: string, scope: string, holder: string, now: Date, busy = '提交的人太多，请稍后重试'): Promise<number> {
  const claims = database.collection<ClaimDoc>(collection);
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const mine = (await claims.where({ scope, holder }).limit(1).get()).data[0];
    if (mine) return mine.seq;
    const top = (await claims.where({ scope }).orderBy('seq', 'desc').limit(1).get()).data[0];
    const seq = (top?.seq ?? 0) + 1;
    try {
      await claims.add({ data: { _id: `${scope}:${seq}`, scope, seq, holder, at: now } });
      return seq;
    } catch (error) {
      if (!isDuplicateError(error)) throw error;
      // another holder took it first: read again (it may even be ours, from a concurrent retry)
      await sleep(Math.random() * 10 * (attempt + 1));
    }
  }
  throw new AppError('CONFLICT', busy);
}
