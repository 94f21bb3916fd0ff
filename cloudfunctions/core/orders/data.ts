// Order data access beside the rules: lookups, and the one conditional write every
// transition goes through.
import { randomBytes } from 'node:crypto';
import type { Database } from '../sdk';
import { type Store, writeStep } from '../workflow/write';
import type { OrderDoc, OrderEventDoc } from './model';
import { queueKey } from './model';

export const ORDERS = 'orders';
export const CATALOGUE = 'catalogue';
export { ANOMALIES, PAYMENTS, PAY_SETTINGS as SETTINGS, REFUNDS } from '../payments/records';
export { findOne } from '../payments/pay';
export type { PaySettingsDoc as OrderSettingsDoc } from '../payments/pay';

/** Short enough that `${id}P${n}` stays within WeChat's 32 characters for an outTradeNo. */
export function newOrderId(now: Date): string {
  return `o${now.getTime().toString(36)}${randomBytes(5).toString('hex')}`;
}

export async function findOrder(database: Database, id: string): Promise<OrderDoc | null> {
  return (await database.collection<OrderDoc>(ORDERS).where({ _id: id }).limit(1).get()).data[0] ?? null;
}

/** How orders are written (core/workflow/write.ts): objects replaced whole, the CONFLICT message. */
const ORDER_STORE: Store<OrderDoc> = { collection: ORDERS, whole: ['paid', 'rating', 'refunds', 'item', 'contact'], stale: '订单状态已变化，请刷新后重试' };

/**
 * The one way an order changes outside a payment callback: the conditional write on
 * `{_id, state, rev}` with its event and the queue key recomputed. Nothing matched means someone
 * else moved it first: CONFLICT, never an overwrite.
 */
export async function writeOrder(
  database: Database,
  order: OrderDoc,
  changes: Partial<Omit<OrderDoc, '_id' | 'events' | 'rev'>>,
  event: OrderEventDoc | null,
  now: Date,
): Promise<OrderDoc> {
  const after: OrderDoc = { ...order, ...changes, rev: order.rev + 1, updatedAt: now, events: event ? [...order.events, event] : order.events };
  after.queueKey = queueKey(after);
  await writeStep(database, ORDER_STORE, order, { ...changes, queueKey: after.queueKey, updatedAt: now }, { events: event ? [event] : [] });
  return after;
}
