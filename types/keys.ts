import { z } from 'zod';
import { ActorRole } from './enums';
import { CommunityId, Id, IsoTime, Phone, UnitLabel } from './common';
import type { FixedSpan } from './sla';

/** The shortest due-back a keeper offers when lending a key (a repair visit). */
export const SHORT_LOAN: FixedSpan = { unit: 'hours', amount: 2 };

// The key register (SPEC §14; 钥匙管理 in 000_…txt and 004_…txt): keys held by the front desk or
// engineering, the owner's entrustment (业主委托钥匙委托书), loans (钥匙借用登记表) and the monthly
// stock-take. Chinese labels live in frontdesk-labels.ts.

/** 开发商托管 (unsold units), 业主委托, 公共区域门窗, 设施设备房 (engineering's). */
export const KeySource = z.enum(['developer', 'entrusted', 'public_area', 'equipment_room']);
export type KeySource = z.infer<typeof KeySource>;

/** In the cabinet, or lent. */
export const KeyState = z.enum(['in', 'out']);
export type KeyState = z.infer<typeof KeyState>;

/** The owner's entrustment: waiting for the owner's agreement in the app, in force, or revoked by the owner. */
export const EntrustmentState = z.enum(['awaiting_owner', 'active', 'revoked']);
export type EntrustmentState = z.infer<typeof EntrustmentState>;

/** awaiting_owner → confirmed → out → returned; declined by the owner, cancelled by staff (or a lost race). */
export const LoanState = z.enum(['awaiting_owner', 'confirmed', 'out', 'returned', 'declined', 'cancelled']);
export type LoanState = z.infer<typeof LoanState>;

export const LoanAction = z.enum(['lend', 'confirm', 'decline', 'handOut', 'return', 'cancel']);
export type LoanAction = z.infer<typeof LoanAction>;

export const KeyCondition = z.enum(['intact', 'damaged']);
export type KeyCondition = z.infer<typeof KeyCondition>;

/** What the owner agrees to when entrusting a key (the seed's words, shown on the owner's page). */
export const ENTRUSTMENT_TERMS = '业主委托物业保管房屋钥匙，物业不承担为业主保管家庭财产的责任；钥匙借出前须经业主确认，业主可随时撤销委托。';

const Text = (max: number, message = '请填写内容') => z.string().trim().min(1, message).max(max);

export const Entrustment = z.object({
  state: EntrustmentState,
  ownerName: z.string().nullable(),
  /** the day the owner entrusted the key (ISO) */
  since: IsoTime,
  agreedAt: IsoTime.nullable(),
  revokedAt: IsoTime.nullable(),
});

export const Key = z.object({
  id: z.string(),
  communityId: z.string(),
  /** the label on the key: 栋-单元 房号 or the room's name, e.g. 1-1-101 防盗门 */
  tag: z.string(),
  source: KeySource,
  unit: z.string().nullable(),
  area: z.string().nullable(),
  count: z.number().int(),
  /** the cabinet slot */
  slot: z.string(),
  /** who keeps it: 客服中心 or 工程部 */
  holder: z.string(),
  state: KeyState,
  entrustment: Entrustment.nullable(),
  /** the loan it is out on */
  loanId: z.string().nullable(),
  /** whether a new loan may be asked for now (entrustment in force, key in) */
  lendable: z.boolean(),
  createdAt: IsoTime,
});
export type Key = z.infer<typeof Key>;

export const LoanEvent = z.object({
  action: LoanAction,
  from: LoanState.nullable(),
  to: LoanState,
  actorRole: ActorRole,
  actorName: z.string().nullable(),
  at: IsoTime,
  note: z.string().nullable(),
});

export const Loan = z.object({
  id: z.string(),
  /** YS20261124-0001 */
  no: z.string(),
  keyId: z.string(),
  tag: z.string(),
  unit: z.string().nullable(),
  source: KeySource,
  state: LoanState,
  borrowerName: z.string(),
  borrowerPhone: z.string().nullable(),
  purpose: z.string(),
  /** a linked ticket or decoration number */
  ticketNo: z.string().nullable(),
  decorationNo: z.string().nullable(),
  dueBack: IsoTime,
  /** the owner's confirmation: in the app, or by phone as recorded by a steward with the time */
  confirmation: z.object({ method: z.enum(['app', 'phone']), at: IsoTime, byName: z.string().nullable(), note: z.string().nullable() }).nullable(),
  lentAt: IsoTime.nullable(),
  lentByName: z.string().nullable(),
  returnedAt: IsoTime.nullable(),
  returnCheck: z.object({ count: z.number().int(), countMatches: z.boolean(), condition: KeyCondition, note: z.string().nullable() }).nullable(),
  overdue: z.boolean(),
  events: z.array(LoanEvent),
  createdAt: IsoTime,
});
export type Loan = z.infer<typeof Loan>;

export const StockTakeLine = z.object({ keyId: z.string(), tag: z.string(), slot: z.string(), expected: z.number().int(), found: z.number().int(), loanNo: z.string().nullable() });
export const StockTake = z.object({
  id: z.string(),
  communityId: z.string(),
  /** YYYY-MM */
  month: z.string(),
  byName: z.string().nullable(),
  at: IsoTime,
  lines: z.array(StockTakeLine),
  /** the lines where found ≠ expected */
  differences: z.array(StockTakeLine),
});
export type StockTake = z.infer<typeof StockTake>;

const keyReply = z.object({ key: Key });
const loanReply = z.object({ loan: Loan });
const paging = { cursor: z.string().max(200).optional(), limit: z.number().int().min(1).max(50).default(20) };
const TicketRef = z
  .string()
  .trim()
  .regex(/^[A-Z]{2}\d{8}-\d{4}$/, '单号格式应如 BX20261124-0007');

export const keyActions = {
  /** a keeper registers a key (engineering its public-area and equipment-room keys); an entrusted key waits for the owner's agreement */
  register: {
    input: z
      .object({
        communityId: CommunityId.optional(),
        tag: Text(40, '请填写钥匙标签'),
        source: KeySource,
        unit: UnitLabel.optional(),
        area: Text(40).optional(),
        count: z.number().int().min(1).max(50),
        slot: Text(20, '请填写存放位置'),
        holder: Text(20).optional(),
      })
      .strict()
      .refine((v) => (v.source === 'developer' || v.source === 'entrusted' ? Boolean(v.unit) : Boolean(v.area)), {
        message: '房屋钥匙请填写房号，公共钥匙请填写区域',
        path: ['unit'],
      }),
    output: keyReply,
  },
  /** the owner agrees to the entrustment's terms in the app */
  agree: { input: z.object({ id: Id, terms: z.literal(true, '请阅读并同意委托条款') }).strict(), output: keyReply },
  /** the owner revokes the entrustment: no new loans */
  revoke: { input: z.object({ id: Id }).strict(), output: keyReply },
  get: { input: z.object({ id: Id }).strict(), output: z.object({ key: Key, loans: z.array(Loan) }) },
  /** the register (staff), by registration */
  list: {
    input: z
      .object({ communityId: CommunityId.optional(), ...paging })
      .strict()
      .optional()
      .default({ limit: 20 }),
    output: z.object({ keys: z.array(Key), nextCursor: z.string().nullable() }),
  },
  /** the owner's entrusted keys and the loans waiting for their confirmation */
  mine: { input: z.object({}).strict().optional().default({}), output: z.object({ keys: z.array(Key), loans: z.array(Loan) }) },
  /** a keeper lends a key (钥匙借用登记表); an entrusted key's loan waits for the owner; idempotent by requestId */
  lend: {
    input: z
      .object({
        id: Id,
        borrowerName: Text(20, '请填写借用人'),
        borrowerPhone: Phone.optional(),
        purpose: Text(100, '请填写借用事由'),
        ticketNo: TicketRef.optional(),
        decorationNo: z.string().trim().min(1).max(30).optional(),
        /** ISO with offset: when it is due back */
        dueBack: IsoTime,
      })
      .strict(),
    output: loanReply,
  },
  /** the owner confirms a loan in the app; a steward records the owner's phone confirmation with its time */
  confirmLoan: { input: z.object({ id: Id, phoneAt: IsoTime.optional(), note: z.string().trim().max(100).optional() }).strict(), output: loanReply },
  declineLoan: { input: z.object({ id: Id }).strict(), output: loanReply },
  /** the keeper hands a confirmed loan's key over */
  handOut: { input: z.object({ id: Id }).strict(), output: loanReply },
  cancelLoan: { input: z.object({ id: Id, reason: Text(100) }).strict(), output: loanReply },
  /** the key comes back: the keeper checks count and condition */
  returnKey: {
    input: z.object({ id: Id, count: z.number().int().min(0).max(50), condition: KeyCondition, note: z.string().trim().max(100).optional() }).strict(),
    output: loanReply,
  },
  /** loans not yet closed (staff), due back first */
  loans: {
    input: z
      .object({ communityId: CommunityId.optional(), ...paging })
      .strict()
      .optional()
      .default({ limit: 20 }),
    output: z.object({ loans: z.array(Loan), nextCursor: z.string().nullable() }),
  },
  /** the monthly stock-take: what the cabinet holds against the register; idempotent by requestId */
  stockTake: {
    input: z
      .object({
        communityId: CommunityId.optional(),
        found: z.array(z.object({ id: Id, found: z.number().int().min(0).max(50) }).strict()).max(500),
      })
      .strict(),
    output: z.object({ stockTake: StockTake }),
  },
} as const;
