// `requestId` makes a create idempotent (SPEC §10): the first call claims the id by inserting a
// document keyed on it (the store's unique _id makes the claim atomic); a repeat gets the stored
// reply. A weak network retries with the same id, so the owner who taps twice creates one ticket.
import { createHash } from 'node:crypto';
import type { Reply } from '../../../types/envelope';
import { type Database, isDuplicateError } from '../sdk';
import { AppError } from './errors';

export interface RequestDoc {
  _id: string;
  /** whose call it was: the reply may hold their details, so deleteMyData removes it */
  openid: string;
  state: 'pending' | 'done';
  reply: Reply<unknown> | null;
  createdAt: Date;
}

/** How long a reply is kept for a retry with the same requestId (then the sweep removes it). */
export const REQUEST_TTL_MS = 24 * 60 * 60 * 1000;

const POLL_MS = 100;
const POLL_ROUNDS = 50;

export function requestKey(openid: string, fn: string, action: string, requestId: string): string {
  return createHash('sha256').update(`${openid}\n${fn}\n${action}\n${requestId}`).digest('hex').slice(0, 40);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` once per key. A concurrent duplicate waits for the first to finish and returns its
 * reply; a failed first attempt releases the key so that the client's retry can run.
 */
export async function once(database: Database, key: string, openid: string, now: Date, work: () => Promise<Reply<unknown>>): Promise<Reply<unknown>> {
  const requests = database.collection<RequestDoc>('requests');
  try {
    await requests.add({ data: { _id: key, openid, state: 'pending', reply: null, createdAt: now } });
  } catch (error) {
    if (!isDuplicateError(error)) throw error;
    for (let round = 0; round < POLL_ROUNDS; round += 1) {
      const found = await requests.where({ _id: key }).limit(1).get();
      const existing = found.data[0];
      if (!existing) break; // the first attempt failed and released the key: run it now
      if (existing.state === 'done' && existing.reply) return existing.reply;
      await sleep(POLL_MS);
    }
    const again = await requests.where({ _id: key }).limit(1).get();
    if (again.data.length > 0) throw new AppError('CONFLICT', '同一请求正在处理中，请稍后刷新查看');
    return once(database, key, openid, now, work);
  }
  let reply: Reply<unknown>;
  try {
    reply = await work();
  } catch (error) {
    await requests.doc(key).remove();
    throw error;
  }
  if (reply.ok) {
    await requests.doc(key).update({ data: { state: 'done', reply } });
  } else {
    await requests.doc(key).remove();
  }
  return reply;
}
