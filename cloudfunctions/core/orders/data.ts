// Order data access beside the rules: numbering, lookups, and the one conditional write every
// transition goes through.
import { randomBytes } from 'node:crypto';
import { type Database, isDuplicateError } from '../sdk';
import { shanghaiDate } from '../time';
import { AppError, conflict } from '../router/errors';
import type { OrderDoc, OrderEventDoc } from './model';
import { orderNumber, queueKey } from './model';

export const ORDERS = 'orders';
export const CATALOGUE = 'catalogue';
export const PAYMENTS = 'payments';
export const REFUNDS = 'refunds';
export const ANOMALIES = 'payAnomalies';
export const SETTINGS = 'orderSettings';

/** Per community: the WeChat Pay sub-merchant (特约商户号) its payments go to. */
export interface OrderSettingsDoc {
  _id: string;
  subMchId: string;
  /** what the owner's WeChat Pay bill shows before the item, e.g. 悦海和园物业 */
  payee: string;
}

interface CounterDoc {
  _id: string;
  seq: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Short enough that `${id}P${n}` stays within WeChat's 32 characters for an outTradeNo. */
export function newOrderId(now: Date): string {
  return `o${now.getTime().toString(36)}${randomBytes(5).toString('hex')}`;
}

/** The next number of the community's Shanghai day, by compare-and-set on a counter row. */
export async function nextOrderNumber(database: Database, communityId: string, now: Date): Promise<string> {
  const day = shanghaiDate(now);
  const id = `${communityId}:${day}`;
  const counters = database.collection<CounterDoc>('orderCounters');
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const current = (await counters.where({ _id: id }).limit(1).get()).data[0];
    if (!current) {
      try {
        await counters.add({ data: { _id: id, seq: 1 } });
        return orderNumber(day, 1);
      } catch (error) {
        if (!isDuplicateError(error)) throw error;
        continue;
      }
    }
    const taken = await counters.where({ _id: id, seq: current.seq }).update({ data: { seq: database.command.inc(1) } });
    if (taken.stats.updated === 1) return orderNumber(day, current.seq + 1);
    await sleep(Math.random() * 10 * (attempt + 1));
  }
  throw new AppError('CONFLICT', '预约的人太多，请稍后重试');
}

export async function findOrder(database: Database, id: string): Promise<OrderDoc | null> {
  return (await database.collection<OrderDoc>(ORDERS).where({ _id: id }).limit(1).get()).data[0] ?? null;
}

export async function findOne<T>(database: Database, collection: string, id: string): Promise<T | null> {
  return (await database.collection<T>(collection).where({ _id: id }).limit(1).get()).data[0] ?? null;
}

/** Objects replaced whole: a partial object would be merged field by field by the SDK. */
export const WHOLE: ReadonlyArray<keyof OrderDoc> = ['paid', 'rating', 'refunds', 'item'];

/**
 * The one way an order changes outside a payment callback: an update conditional on the state and
 * revision read. Nothing matched means someone else moved it first: CONFLICT, never an overwrite.
 */
export async function writeOrder(
  database: Database,
  order: OrderDoc,
  changes: Partial<Omit<OrderDoc, '_id' | 'events' | 'rev'>>,
  event: OrderEventDoc | null,
  now: Date,
): Promise<OrderDoc> {
  const _ = database.command;
  const after: OrderDoc = { ...order, ...changes, rev: order.rev + 1, updatedAt: now, events: event ? [...order.events, event] : order.events };
  after.queueKey = queueKey(after);
  const data: Record<string, unknown> = { ...changes, queueKey: after.queueKey, updatedAt: now, rev: _.inc(1) };
  if (event) data.events = _.push([event]);
  for (const key of WHOLE) if (key in changes && changes[key as keyof typeof changes] !== null) data[key] = _.set(changes[key as keyof typeof changes]);
  const result = await database.collection<OrderDoc>(ORDERS).where({ _id: order._id, state: order.state, rev: order.rev }).update({ data });
  if (result.stats.updated !== 1) throw conflict('订单状态已变化，请刷新后重试');
  return after;
}
