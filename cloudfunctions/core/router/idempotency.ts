// `requestId` makes a create idempotent (SPEC §10), in both directions: a repeat never makes a
// second object, and a repeat is never refused for good because an earlier attempt died.
//
// - The claim: the first call claims the request key by inserting a document keyed on it (the
//   store's unique _id makes the claim atomic); a repeat gets the stored reply, or waits while the
//   first attempt runs. Settling and releasing the claim are conditional on the attempt that holds
//   it, so a late attempt never settles or frees a claim another one took over.
// - The object: a create's document takes an `_id` derived from the request key (`createdId`), so
//   an attempt that wrote and then failed (or died before it could answer) left its object where
//   the retry looks first (`createdEarlier`) and answers from, instead of creating another.
// - A crash: a claim still `pending` after the function's time limit belongs to an attempt the
//   platform has killed; the next repeat takes it over with a conditional update (one taker wins).
// - A failed attempt marks its claim `failed` (it does not remove it): a repeat takes a failed
//   claim over like an abandoned one. So a claim inserted fresh is the request's first attempt,
//   and nothing can be under its derived `_id` yet: `createdEarlier` skips its read then. (After
//   the claims' retention a very late repeat counts as first again; its insert under the derived
//   `_id` is then refused by the store, the call fails, and the repeat after it answers from the
//   object.)
import { createHash, randomUUID } from 'node:crypto';
import type { Reply } from '../../../types/envelope';
import { type Database, isDuplicateError } from '../sdk';
import { AppError } from './errors';
import { REQUEST_KEEP } from '../../../types/account';
import { spanMs } from '../../../types/sla';

export interface RequestDoc {
  _id: string;
  /** whose call it was: the reply may hold their details, so deleteMyData removes it */
  openid: string;
  state: 'pending' | 'done' | 'failed';
  reply: Reply<unknown> | null;
  /** the first attempt's start; the retention sweep's clock */
  createdAt: Date;
  /** when the attempt holding the claim took it (absent on claims written before takeovers existed) */
  takenAt?: Date;
  /** the attempt holding the claim (absent likewise) */
  attempt?: string;
}

/** How long a reply is kept for a retry with the same requestId (then the sweep removes it). */
export const REQUEST_TTL_MS = spanMs(REQUEST_KEEP);

/**
 * Added to the function's time limit before a pending claim counts as abandoned: instances' clocks
 * differ by a little, and a write already on the wire when the platform kills the instance lands
 * a moment later. A write landing even later is still caught by the derived `_id`.
 */
export const TAKEOVER_GRACE_MS = 2_000;

/** The platform's longest function time limit: the fallback when the call's context has none. */
export const DEFAULT_TIME_LIMIT_MS = 60_000;

const POLL_MS = 100;
const POLL_ROUNDS = 50;

export function requestKey(openid: string, fn: string, action: string, requestId: string): string {
  return createHash('sha256').update(`${openid}\n${fn}\n${action}\n${requestId}`).digest('hex').slice(0, 40);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** True when the claim's attempt must be dead: older than the function may run. */
export function abandoned(claim: RequestDoc, now: Date, timeLimitMs: number): boolean {
  const taken = new Date(claim.takenAt ?? claim.createdAt).getTime();
  return claim.state === 'pending' && now.getTime() - taken > timeLimitMs + TAKEOVER_GRACE_MS;
}

export interface Claim {
  key: string;
  openid: string;
  now: Date;
  /** the function's time limit (its config.json `timeout`, as the call's context gives it) */
  timeLimitMs: number;
}

/**
 * Runs `work` once per key. A concurrent duplicate waits for the first to finish and returns its
 * reply; an abandoned claim is taken over; a failed attempt releases the key so that the client's
 * retry can run (which finds, by the derived `_id`, whatever the failed attempt had written).
 */
export async function once(database: Database, claim: Claim, work: (attempt: { first: boolean }) => Promise<Reply<unknown>>): Promise<Reply<unknown>> {
  const { key, openid, now, timeLimitMs } = claim;
  const requests = database.collection<RequestDoc>('requests');
  const _ = database.command;
  const attempt = randomUUID();
  const owned = { _id: key, attempt };

  const take = async (): Promise<Reply<unknown> | 'first' | 'again'> => {
    for (let round = 0; round < POLL_ROUNDS; round += 1) {
      try {
        await requests.add({ data: { _id: key, openid, state: 'pending', reply: null, createdAt: now, takenAt: now, attempt } });
        return 'first';
      } catch (error) {
        if (!isDuplicateError(error)) throw error;
      }
      const existing = (await requests.where({ _id: key }).limit(1).get()).data[0];
      if (!existing) continue; // released meanwhile: claim it again
      if (existing.state === 'done' && existing.reply) return existing.reply;
      if (existing.state === 'failed' || abandoned(existing, now, timeLimitMs)) {
        // conditional on the holder seen: of two retries taking it over, only one still matches
        const holder = existing.attempt === undefined ? _.exists(false) : existing.attempt;
        const took = await requests.where({ _id: key, state: existing.state, attempt: holder }).update({ data: { state: 'pending', attempt, takenAt: now } });
        if (took.stats.updated === 1) return 'again';
        continue;
      }
      await sleep(POLL_MS);
    }
    throw new AppError('CONFLICT', '同一请求正在处理中，请稍后刷新查看');
  };

  const release = async () => {
    try {
      // kept, marked failed: the repeat that takes it over knows it is not the first attempt
      await requests.where(owned).update({ data: { state: 'failed' } });
    } catch (error) {
      // left pending, the claim is taken over once the time limit has passed
      console.error('[idempotency] could not release a claim', error);
    }
  };

  const taken = await take();
  if (taken !== 'first' && taken !== 'again') return taken;
  let reply: Reply<unknown>;
  try {
    reply = await work({ first: taken === 'first' });
  } catch (error) {
    await release();
    throw error;
  }
  if (!reply.ok) {
    await release();
    return reply;
  }
  try {
    await requests.where(owned).update({ data: { state: 'done', reply } });
  } catch (error) {
    // the object exists under its derived _id: a retry that runs again answers from it
    await release();
    throw error;
  }
  return reply;
}

const CREATED_ID_HEX = 24;

/** The part of an action's context a create's idempotent write needs. */
export interface CreateKeyed {
  db: Database;
  /** set for a create called with a requestId */
  requestKey?: string;
  /** true when this is the request's first attempt (its claim was new): no earlier object can exist */
  firstAttempt?: boolean;
}

/**
 * The `_id` a create gives the document it makes, fixed by the call's request key: a retry of the
 * same request looks for it first (`createdEarlier`), and an insert racing past that check is
 * refused by the store. Undefined without a requestId (there is no retry to recognise).
 */
export function createdId(ctx: Pick<CreateKeyed, 'requestKey'>): string | undefined {
  // 96 bits of the key: unique enough, and short enough that an order's payment number built on
  // its id (`<id>P<attempt>`) stays within WeChat Pay's 32 characters
  return ctx.requestKey === undefined ? undefined : `rq${ctx.requestKey.slice(0, CREATED_ID_HEX)}`;
}

/**
 * The document an earlier attempt of this same request created in `collection`, if one wrote it
 * and then failed or died before answering: the retry answers from it. Called before anything is
 * counted or written, so a retry takes no second daily number and sends no second notice. On the
 * request's first attempt it answers null without a read (nothing can be there yet).
 */
export async function createdEarlier<T>(ctx: CreateKeyed, collection: string): Promise<T | null> {
  const id = createdId(ctx);
  if (id === undefined || ctx.firstAttempt === true) return null;
  const found = await ctx.db.collection<T>(collection).where({ _id: id }).limit(1).get();
  return found.data[0] ?? null;
}

/** `{ _id: createdId(ctx) }` to spread into a create's insert; nothing without a requestId. */
export function idOfCreate(ctx: Pick<CreateKeyed, 'requestKey'>): { _id: string } | Record<string, never> {
  const id = createdId(ctx);
  return id === undefined ? {} : { _id: id };
}
