// How orders, catalogue lines, payments and refunds are stored, and the pure rules over them:
// pricing (SPEC §4: fixed × quantity, or a quote inside the range), the state machine, and where
// an order sits in the staff queue. No database and no clock here: `now` is an argument.
import type { DueLevel } from '../../../types/sla';
import type { StaffContact } from '../../../types/common';
import type { ActorRole } from '../../../types/enums';
import { defineAccess } from '../workflow/access';
import { type Actor, type Decision, defineMachine, type Refusal, type Rule } from '../workflow/machine';
import type { DailyNumbering } from '../workflow/number';
import type { OrderAction, OrderFlag, OrderState, PaymentMethod, Pricing, RefundState, ServiceCategory } from '../../../types/orders';

export interface CatalogueDoc {
  /** `${communityId}:${code}` */
  _id: string;
  communityId: string;
  code: string;
  line: number | null;
  category: ServiceCategory;
  name: string;
  priceUnit: string;
  pricing: Pricing;
  note: string | null;
  maxQuantity: number;
  /** display order within the community */
  sort: number;
  active: boolean;
  /** bumped by every edit; an order records the revision it was priced from */
  rev: number;
  updatedAt: Date;
}

export interface OrderEventDoc {
  action: OrderAction;
  from: OrderState | null;
  to: OrderState;
  actorRole: ActorRole;
  actorId: string;
  actorName: string | null;
  at: Date;
  note: string | null;
}

export interface RefundEntry {
  no: string;
  amountFen: number;
  state: RefundState;
  method: PaymentMethod;
  reason: string;
  requestedAt: Date;
  doneAt: Date | null;
  /** the create's derived id (router/idempotency.ts createdId) when asked with a requestId: a retry finds it */
  request?: string | null;
}

export interface OrderDoc {
  _id: string;
  /** TY20261124-0003 */
  no: string;
  communityId: string;
  unit: string;
  /** `${communityId}:${unit}`: an owner's orders across communities in one indexed query */
  unitKey: string;
  building: string;
  /** the catalogue line as booked (its price is the order's for good) */
  item: {
    id: string;
    code: string;
    name: string;
    category: ServiceCategory;
    priceUnit: string;
    note: string | null;
    free: boolean;
    pricing: Pricing;
    catalogueRev: number;
  };
  quantity: number;
  unitPriceFen: number | null;
  amountFen: number | null;
  preferredAt: Date | null;
  scheduledAt: Date | null;
  /**
   * the first response is due (the community's policy at booking, as a ticket's respondBy);
   * absent on orders booked before it was recorded, which keep SPEC §2's hour
   */
  respondBy?: Date;
  remark: string | null;
  booker: string;
  bookerRole: 'owner' | 'resident';
  bookerName: string | null;
  bookerPhone: string | null;
  worker: string | null;
  workerName: string | null;
  /** who the owner can ring: set by confirm and by start (absent on orders from before) */
  contact?: StaffContact | null;
  state: OrderState;
  /** bumped by every write; every transition is conditional on it */
  rev: number;
  /** the cloud-pay order number the owner is paying now (reused by a repeated `pay`) */
  payingNo: string | null;
  paySeq: number;
  paid: { method: PaymentMethod; amountFen: number; at: Date; outTradeNo: string | null; transactionId: string | null } | null;
  /** integer fen refunded or being refunded (requested, pending, done) */
  refundedFen: number;
  /** integer fen whose refund WeChat confirmed */
  refundDoneFen: number;
  refundSeq: number;
  refunds: RefundEntry[];
  flag: OrderFlag | null;
  rating: { score: number; comment: string | null; at: Date } | null;
  events: OrderEventDoc[];
  quotedAt: Date | null;
  startedAt: Date | null;
  /** staff queue order (see queueKey); null when nothing is left for staff */
  queueKey: number | null;
  createdAt: Date;
  updatedAt: Date;
}

// The payment, refund and anomaly records belong to the shared payment path (core/payments).
export type { PayAnomalyDoc, PaymentDoc, RefundDoc } from '../payments/records';

// ----- pricing --------------------------------------------------------------------------------------

export interface Priced {
  unitPriceFen: number | null;
  amountFen: number | null;
  /** the whole order's range while not quoted */
  quote: { minFen: number; maxFen: number } | null;
}

export const isFree = (pricing: Pricing): boolean => pricing.kind === 'fixed' && pricing.priceFen === 0;

/** The server's price for a booking: fixed lines at once, ranged lines as a range to quote in. */
export function priceAtBooking(pricing: Pricing, quantity: number): Priced {
  if (pricing.kind === 'fixed') return { unitPriceFen: pricing.priceFen, amountFen: pricing.priceFen * quantity, quote: null };
  return { unitPriceFen: null, amountFen: null, quote: { minFen: pricing.minFen * quantity, maxFen: pricing.maxFen * quantity } };
}

const yuan = (fen: number): string => (fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2));

/** The final unit price a steward or engineer sets: inside the range, or the fixed price itself. */
export function quotedUnitPrice(pricing: Pricing, unitPriceFen: number | undefined): { ok: true; unitPriceFen: number } | { ok: false; message: string } {
  if (pricing.kind === 'fixed') {
    if (unitPriceFen === undefined || unitPriceFen === pricing.priceFen) return { ok: true, unitPriceFen: pricing.priceFen };
    return { ok: false, message: `该项目为固定价格 ${yuan(pricing.priceFen)} 元，不能改价` };
  }
  if (unitPriceFen === undefined) return { ok: false, message: `请填写单价（${yuan(pricing.minFen)}–${yuan(pricing.maxFen)} 元）` };
  if (unitPriceFen < pricing.minFen || unitPriceFen > pricing.maxFen) {
    return { ok: false, message: `单价须在 ${yuan(pricing.minFen)}–${yuan(pricing.maxFen)} 元之间` };
  }
  return { ok: true, unitPriceFen };
}

// ----- the state machine ----------------------------------------------------------------------------

/** Every command but `book`, which creates the order. */
export type OrderTransition = Exclude<OrderAction, 'book'>;

const PERSON: readonly ActorRole[] = ['owner', 'resident'];
const BEFORE_PAYMENT: readonly OrderState[] = ['booked', 'confirmed', 'in_service', 'awaiting_payment'];

/**
 * Who may do what from where. An action may have several rows (owners cancel only before the
 * work starts; stewards at any time, refunding what was paid). `pay` is the payment arriving:
 * WeChat Pay's callback (`system`) or a steward's front-desk record.
 */
export const orderTransitions: Record<OrderTransition, ReadonlyArray<Rule<OrderState>>> = {
  confirm: [{ roles: ['steward'], from: ['booked', 'confirmed'], to: 'confirmed' }],
  start: [{ roles: ['steward', 'engineer'], from: ['confirmed'], to: 'in_service' }],
  /** `paid` at once when the amount is 0 (targetState) */
  quote: [{ roles: ['steward', 'engineer'], from: ['in_service'], to: 'awaiting_payment' }],
  pay: [{ roles: ['system', 'steward'], from: ['awaiting_payment'], to: 'paid' }],
  cancel: [
    { roles: PERSON, from: ['booked', 'confirmed'], to: 'cancelled' },
    { roles: ['steward'], from: [...BEFORE_PAYMENT, 'paid', 'rated'], to: 'cancelled' },
  ],
  /** stays where it is until all is back, then `refunded` (applied with the refund, pay.ts) */
  refund: [{ roles: ['steward'], from: ['paid', 'rated', 'cancelled'], to: 'refunded' }],
  rate: [{ roles: PERSON, from: ['paid'], to: 'rated' }],
};

export const finalStates: readonly OrderState[] = ['rated', 'cancelled', 'refunded'];

/** Who sees an order: a person bound to its unit, and the community's staff who work orders (not guards). */
export const orderAccess = defineAccess<OrderDoc>({
  staff: ['steward', 'engineer'],
  hidden: '没有找到这个订单',
  sees: ({ binding, post }) => Boolean(binding || post),
});

/** The state `action` leads to from `state` (a free order is settled by its quote: nothing to pay). */
export function targetState(action: OrderTransition, state: OrderState, amountFen: number | null): OrderState {
  switch (action) {
    case 'confirm':
      return 'confirmed';
    case 'start':
      return 'in_service';
    case 'quote':
      return amountFen === 0 ? 'paid' : 'awaiting_payment';
    case 'pay':
      return 'paid';
    case 'cancel':
      return 'cancelled';
    case 'refund':
      return state;
    case 'rate':
      return 'rated';
  }
}

/** The order's machine (core/workflow/machine.ts): role first (FORBIDDEN whatever the state), then the state (CONFLICT). */
const orderMachine = defineMachine<OrderState, OrderTransition, Pick<OrderDoc, 'state' | 'amountFen'>>({
  rules: orderTransitions,
  stale: '订单状态已变化，请刷新后重试',
  to: (o, action) => targetState(action, o.state, o.amountFen),
});

export type OrderDecision = Decision<OrderState, OrderTransition, Rule<OrderState>>;

/** `action` by `actor` on an order: the next state and its event, or the refusal. */
export function decideOrder(o: Pick<OrderDoc, 'state' | 'amountFen'>, action: OrderTransition, actor: Actor, now: Date, note: string | null = null): OrderDecision {
  return orderMachine.decide(o, action, actor, now, note);
}

/** Whether a person in `role` may do `action` from `state` (the role-only form). */
export function mayTransition(state: OrderState, action: OrderTransition, role: ActorRole): { ok: true } | Refusal {
  const decided = decideOrder({ state, amountFen: null }, action, { id: '', role }, new Date(0));
  return decided.ok ? { ok: true } : decided;
}

// ----- the staff queue --------------------------------------------------------------------------------

/** First effective response to any owner request within 1 hour (SPEC §2). */
/** Orders booked before they recorded their own response deadline: SPEC §2's first hour. */
export const RESPOND_WITHIN_MS = 60 * 60 * 1000;
/** Payment is chased a day after the quote. */
export const CHASE_PAYMENT_AFTER_MS = 24 * 60 * 60 * 1000;
export const NEAR_MS = 15 * 60 * 1000;
/** Flagged orders sort before every other (their key is their creation time, far below this). */
const UNFLAGGED_BASE = 1e13;

/** When staff should next act on the order; null when nothing is left for them. */
export function actBy(o: Pick<OrderDoc, 'state' | 'createdAt' | 'scheduledAt' | 'startedAt' | 'quotedAt' | 'refunds' | 'respondBy'>): Date | null {
  const unsent = o.refunds.find((r) => r.state === 'requested');
  if (unsent) return unsent.requestedAt;
  const respondBy = o.respondBy ?? new Date(o.createdAt.getTime() + RESPOND_WITHIN_MS);
  switch (o.state) {
    case 'booked':
      return respondBy;
    case 'confirmed':
      return o.scheduledAt ?? respondBy;
    case 'in_service':
      return o.startedAt ?? o.createdAt;
    case 'awaiting_payment':
      return new Date((o.quotedAt ?? o.createdAt).getTime() + CHASE_PAYMENT_AFTER_MS);
    default:
      return null;
  }
}

export function queueKey(o: Pick<OrderDoc, 'state' | 'createdAt' | 'scheduledAt' | 'startedAt' | 'quotedAt' | 'refunds' | 'flag' | 'respondBy'>): number | null {
  if (o.flag) return o.createdAt.getTime();
  const at = actBy(o);
  return at ? UNFLAGGED_BASE + at.getTime() : null;
}

export function dueLevel(at: Date, now: Date): DueLevel {
  if (now > at) return 'breached';
  return at.getTime() - now.getTime() <= NEAR_MS ? 'near' : 'ok';
}

/** TY20261124-0003 (特约) */
export const ORDER_NUMBERS: DailyNumbering = { prefix: 'TY', counters: 'orderCounters', busy: '预约的人太多，请稍后重试' };

/** outTradeNo: WeChat allows 6–32 of [0-9A-Za-z_-|*]; unique per order and attempt. */
export function outTradeNo(orderId: string, attempt: number): string {
  return `${orderId}P${attempt}`;
}

/** outRefundNo: unique per refund of an order, never the payment's number (partial refunds). */
export function outRefundNo(orderId: string, seq: number): string {
  return `${orderId}R${seq}`;
}

/** The refunds still counted against what was paid. */
export function committedRefunds(refunds: readonly RefundEntry[]): number {
  return refunds.filter((r) => r.state !== 'failed').reduce((sum, r) => sum + r.amountFen, 0);
}
