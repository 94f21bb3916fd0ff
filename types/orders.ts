import { z } from 'zod';
import { ActorRole } from './enums';
import { IsoTime, StaffContact, UnitLabel } from './common';
import { DueLevel } from './sla';
import { Rating } from './tickets';

// Paid special services (特约服务) and the free ones (亲情服务), SPEC §4. Money is integer fen
// everywhere; the client never sends a price — the server prices every order from the catalogue.

/** booked → confirmed (time agreed) → in_service → awaiting_payment → paid → rated, plus cancelled and refunded. */
export const OrderState = z.enum(['booked', 'confirmed', 'in_service', 'awaiting_payment', 'paid', 'rated', 'cancelled', 'refunded']);
export type OrderState = z.infer<typeof OrderState>;

/** The catalogue's sections, in the order the owner sees them. */
export const ServiceCategory = z.enum(['electric', 'plumbing', 'carpentry', 'agency', 'office', 'free']);
export type ServiceCategory = z.infer<typeof ServiceCategory>;

/** What someone does to an order; each moves it along one row of the transition table. */
export const OrderAction = z.enum(['book', 'confirm', 'start', 'quote', 'pay', 'cancel', 'refund', 'rate']);
export type OrderAction = z.infer<typeof OrderAction>;

/** What a caller may ask of an order now (drives the page's buttons). */
export const OrderCommand = z.enum(['confirm', 'start', 'quote', 'pay', 'recordOfflinePayment', 'cancel', 'refund', 'rate']);
export type OrderCommand = z.infer<typeof OrderCommand>;

/** Who did something to an order: a person's role, `system` for WeChat Pay's callbacks. */

/** WeChat Pay in the mini-program, or cash/card taken at the front desk and recorded by a steward. */
export const PaymentMethod = z.enum(['wechat', 'front_desk']);
export type PaymentMethod = z.infer<typeof PaymentMethod>;

/** requested (numbered, not yet accepted by WeChat) → pending (accepted) → done | failed (per its callback). */
export const RefundState = z.enum(['requested', 'pending', 'done', 'failed']);
export type RefundState = z.infer<typeof RefundState>;

/** Something about an order's money that staff must look at (SPEC §4: flagged for staff). */
export const OrderFlag = z.enum(['amount_mismatch', 'paid_twice', 'paid_after_cancel', 'refund_failed']);
export type OrderFlag = z.infer<typeof OrderFlag>;

/** Integer fen; the largest price the catalogue accepts is 100 000 元. */
export const Fen = z.number().int('金额必须是整数（分）').min(0, '金额不能为负').max(10_000_000, '金额过大');

/** A fixed price per unit, or a range the steward quotes inside after seeing the job. */
export const Pricing = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), priceFen: Fen }).strict(),
  z
    .object({ kind: z.literal('range'), minFen: Fen, maxFen: Fen })
    .strict()
    .refine((p) => p.minFen < p.maxFen, { message: '最低价必须低于最高价', path: ['maxFen'] }),
]);
export type Pricing = z.infer<typeof Pricing>;

export const CatalogueItem = z.object({
  /** `${communityId}:${code}` */
  id: z.string(),
  /** s01…s23 for the seed's paid lines (s23a 打印, s23b 复印), f01… for the free ones */
  code: z.string(),
  /** the line number in the seed's 特约服务 table; null for the free services */
  line: z.number().int().nullable(),
  category: ServiceCategory,
  name: z.string(),
  /** what a price is per: 个, 次, 幅, 扇, 套, 车位, 张 */
  priceUnit: z.string(),
  pricing: Pricing,
  /** 不提供材料 / 提供材料 / … */
  note: z.string().nullable(),
  /** the most one order may book */
  maxQuantity: z.number().int(),
  free: z.boolean(),
  active: z.boolean(),
});
export type CatalogueItem = z.infer<typeof CatalogueItem>;

export const OrderEventView = z.object({
  action: OrderAction,
  from: OrderState.nullable(),
  to: OrderState,
  actorRole: ActorRole,
  /** staff name for staff, null for owners and the system */
  actorName: z.string().nullable(),
  at: IsoTime,
  note: z.string().nullable(),
});
export type OrderEventView = z.infer<typeof OrderEventView>;

export const RefundView = z.object({
  /** outRefundNo: unique, and the same on every retry of this refund */
  no: z.string(),
  /** integer fen */
  amountFen: z.number().int(),
  state: RefundState,
  method: PaymentMethod,
  reason: z.string(),
  requestedAt: IsoTime,
  doneAt: IsoTime.nullable(),
});
export type RefundView = z.infer<typeof RefundView>;

export const Order = z.object({
  id: z.string(),
  /** TY20261124-0003: per community and Shanghai day */
  no: z.string(),
  communityId: z.string(),
  /** 栋-单元-房号 */
  unit: z.string(),
  state: OrderState,
  /** the catalogue line as it was when booked: the order keeps this price whatever changes later */
  item: z.object({
    id: z.string(),
    name: z.string(),
    category: ServiceCategory,
    priceUnit: z.string(),
    note: z.string().nullable(),
    free: z.boolean(),
    pricing: Pricing,
  }),
  quantity: z.number().int(),
  /** integer fen; known at booking for a fixed price, after the quote for a range */
  unitPriceFen: z.number().int().nullable(),
  /** integer fen: unit price × quantity, once known */
  amountFen: z.number().int().nullable(),
  /** the range for the whole order (× quantity), while the amount is not known yet */
  quote: z.object({ minFen: z.number().int(), maxFen: z.number().int() }).nullable(),
  preferredAt: IsoTime.nullable(),
  /** the visit time agreed with the owner */
  scheduledAt: IsoTime.nullable(),
  remark: z.string().nullable(),
  bookerName: z.string().nullable(),
  /** masked (138****0001) except to the booker */
  bookerPhone: z.string().nullable(),
  workerName: z.string().nullable(),
  /** who to ring about it: the worker once started, else the steward who confirmed the time */
  contact: StaffContact.nullable(),
  paid: z.object({ method: PaymentMethod, amountFen: z.number().int(), at: IsoTime }).nullable(),
  /** integer fen refunded or being refunded */
  refundedFen: z.number().int(),
  refunds: z.array(RefundView),
  /** staff only: money that needs a person (wrong amount, a second payment, a failed refund) */
  flag: OrderFlag.nullable(),
  rating: z.object({ score: Rating, comment: z.string().nullable(), at: IsoTime }).nullable(),
  /** staff queue: when someone should act next, and how urgent that is */
  due: z.object({ at: IsoTime, level: DueLevel }).nullable(),
  events: z.array(OrderEventView),
  allowed: z.array(OrderCommand),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type Order = z.infer<typeof Order>;

export const OrderSummary = Order.omit({ events: true });
export type OrderSummary = z.infer<typeof OrderSummary>;

/** What wx.requestPayment takes, as cloudPay.unifiedOrder returned it. */
export const PaymentParams = z.object({
  timeStamp: z.string(),
  nonceStr: z.string(),
  package: z.string(),
  signType: z.string(),
  paySign: z.string(),
});
export type PaymentParams = z.infer<typeof PaymentParams>;

const OrderId = z.string().min(1).max(64);
const CommunityRef = z.string().regex(/^[a-z0-9_-]{1,32}$/);
const Note = (max: number) => z.string().trim().min(1, '请填写内容').max(max);
const byId = z.object({ id: OrderId }).strict();
const orderReply = z.object({ order: Order });

export const orderActions = {
  /** the community's catalogue with its supervision phone (监督电话); staff also see inactive lines */
  catalogue: {
    input: z.object({ communityId: CommunityRef.optional() }).strict().optional().default({}),
    output: z.object({
      community: z.object({ id: z.string(), name: z.string(), supervisionPhone: z.string() }),
      items: z.array(CatalogueItem),
    }),
  },
  /** an owner or resident books a line; idempotent by requestId. No price: the server prices it. */
  book: {
    input: z
      .object({
        /** a catalogue item id */
        item: z.string().min(1).max(80),
        quantity: z.number().int('数量必须是整数').min(1, '数量至少为 1').max(999, '数量过大'),
        unit: UnitLabel,
        /** ISO time with offset: when the owner would like the service */
        preferredAt: IsoTime,
        remark: z.string().trim().max(200, '备注不能超过 200 字').optional(),
      })
      .strict(),
    output: orderReply,
  },
  get: { input: byId, output: orderReply },
  list: {
    input: z
      .object({
        state: z.union([OrderState, z.array(OrderState).min(1).max(8)]).optional(),
        /** the owner view: orders of the caller's units, newest first */
        mine: z.boolean().optional(),
        communityId: CommunityRef.optional(),
        cursor: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(50).default(20),
      })
      .strict()
      .optional()
      .default({ limit: 20 }),
    output: z.object({
      /** staff: flagged first, then by when someone must act; owners: newest first */
      orders: z.array(OrderSummary),
      nextCursor: z.string().nullable(),
    }),
  },
  /** a steward agrees the visit time with the owner (again, to move it) */
  confirm: { input: z.object({ id: OrderId, at: IsoTime }).strict(), output: orderReply },
  start: { input: byId, output: orderReply },
  /** the final unit price (integer fen): inside the range for a ranged line; a fixed line needs none */
  quote: { input: z.object({ id: OrderId, unitPriceFen: Fen.optional() }).strict(), output: orderReply },
  /** the owner pays with WeChat Pay: the parameters for wx.requestPayment */
  pay: {
    input: byId,
    output: z.object({
      order: Order,
      /** cloud pay's order number; the local cloud delivers its callback at POST /api/pay/:outTradeNo */
      outTradeNo: z.string(),
      payment: PaymentParams,
    }),
  },
  /** a steward records payment taken at the front desk */
  recordOfflinePayment: { input: z.object({ id: OrderId, note: z.string().trim().max(200).optional() }).strict(), output: orderReply },
  /** owners before the work starts; staff at any time before payment, and after it with a full refund */
  cancel: { input: z.object({ id: OrderId, reason: z.string().trim().max(200).optional() }).strict(), output: orderReply },
  /** a (partial) refund of a paid order; a retry with the same amount re-sends the same refund number */
  refund: {
    input: z.object({ id: OrderId, amountFen: Fen.min(1, '退款金额至少 1 分'), reason: Note(200) }).strict(),
    output: z.object({ order: Order, outRefundNo: z.string() }),
  },
  rate: {
    input: z.object({ id: OrderId, score: Rating, comment: z.string().trim().max(200).optional() }).strict(),
    output: orderReply,
  },
  /** a lead edits a line's price, note or availability; booked orders keep their price */
  saveItem: {
    input: z
      .object({
        id: z.string().min(1).max(80),
        pricing: Pricing.optional(),
        note: z.string().trim().max(60).nullable().optional(),
        active: z.boolean().optional(),
      })
      .strict(),
    output: z.object({ item: CatalogueItem }),
  },
} as const;

/** What payNotify answers WeChat Pay: errcode 0 once handled, anything else is retried for two days. */
export interface PayNotifyReply {
  errcode: number;
  errmsg: string;
}
