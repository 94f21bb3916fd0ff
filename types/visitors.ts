import { z } from 'zod';
import type { FixedSpan } from './sla';
import { ActorRole } from './enums';
import { CalendarDate, CommunityId, Id, IsoTime, Phone, UnitLabel } from './common';

// Visitors at the gate (SPEC §14): an owner's invitation with a signed one-time code, and the
// lobby's walk-in register (来人来访记录表). Chinese labels live in frontdesk-labels.ts.

/** The longest window an invitation may have. */
export const VISITOR_MAX_WINDOW: FixedSpan = { unit: 'hours', amount: 24 };
/** How long a visitor's name, phone and plate are kept after the visit (then erased, counts kept). */
export const VISITOR_DATA_KEEP: FixedSpan = { unit: 'calendarDays', amount: 90 };

/**
 * invited → inside → left; an invitation may be revoked, or expire unused; a visit still inside at
 * the end of its day is `closed` by the timer and flagged. A walk-in starts `inside`.
 */
export const VisitState = z.enum(['invited', 'inside', 'left', 'closed', 'revoked', 'expired']);
export type VisitState = z.infer<typeof VisitState>;

export const VisitKind = z.enum(['invited', 'walk_in']);
export type VisitKind = z.infer<typeof VisitKind>;

/** Who comes (the lobby procedure's kinds of people). */
export const VisitorCategory = z.enum(['guest', 'staff', 'leader', 'government', 'tour', 'permit_holder']);
export type VisitorCategory = z.infer<typeof VisitorCategory>;

/** How the visit was agreed: the host by intercom or phone, an invitation, the duty office, a staff badge or a permit. */
export const VisitConsent = z.enum(['invitation', 'intercom', 'phone', 'duty_office', 'badge', 'permit']);
export type VisitConsent = z.infer<typeof VisitConsent>;

export const VisitAction = z.enum(['invite', 'walkIn', 'admit', 'exit', 'revoke', 'expire', 'close', 'erase']);
export type VisitAction = z.infer<typeof VisitAction>;

/** Why a visitor code was refused at the gate. */
export const VisitorRefusal = z.enum(['forged', 'tampered', 'other_community', 'expired', 'not_yet_valid', 'used', 'revoked']);
export type VisitorRefusal = z.infer<typeof VisitorRefusal>;

/** A visitor code: the same 16-character form as a pass's (case and dashes ignored). */
export const VisitorCode = z.string().trim().min(1, '请输入访客码').max(64, '访客码太长');

const Plate = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[\u4e00-\u9fa5][A-Z][A-Z0-9]{5,6}$/, '车牌号格式不正确，例如 鲁B12345');
const PersonName = z.string().trim().min(1, '请填写访客姓名').max(20, '姓名不超过 20 字');

export const VisitEvent = z.object({
  action: VisitAction,
  from: VisitState.nullable(),
  to: VisitState,
  actorRole: ActorRole,
  actorName: z.string().nullable(),
  at: IsoTime,
  note: z.string().nullable(),
});

export const Visit = z.object({
  id: z.string(),
  /** FK20261124-0003 */
  no: z.string(),
  communityId: z.string(),
  unit: z.string(),
  kind: VisitKind,
  /** as of now: an invitation past its window reads `expired` */
  state: VisitState,
  /** null once erased (after 90 days) */
  visitorName: z.string().nullable(),
  /** masked except to the host and the guard's register of the day */
  visitorPhone: z.string().nullable(),
  plate: z.string().nullable(),
  /** people in the party */
  count: z.number().int(),
  category: VisitorCategory,
  consent: VisitConsent,
  /** badge or permit number (walk-ins) */
  badge: z.string().nullable(),
  /** ISO +08:00: the invitation's window; a walk-in's is its day */
  from: IsoTime,
  to: IsoTime,
  inAt: IsoTime.nullable(),
  outAt: IsoTime.nullable(),
  /** closed at the day's end without an exit recorded */
  flagged: z.boolean(),
  erased: z.boolean(),
  /** the code for the QR and to read out: only to the host, only while it can be used */
  qr: z.string().nullable(),
  events: z.array(VisitEvent),
  createdAt: IsoTime,
});
export type Visit = z.infer<typeof Visit>;

export const VisitSummary = Visit.omit({ events: true, qr: true });
export type VisitSummary = z.infer<typeof VisitSummary>;

export const VisitorVerdict = z.object({
  valid: z.boolean(),
  refusal: VisitorRefusal.nullable(),
  message: z.string(),
  visit: VisitSummary.nullable(),
});
export type VisitorVerdict = z.infer<typeof VisitorVerdict>;

const visitReply = z.object({ visit: Visit });
const list = z.object({ visits: z.array(VisitSummary), nextCursor: z.string().nullable() });
const paging = { cursor: z.string().max(200).optional(), limit: z.number().int().min(1).max(50).default(20) };

export const visitorActions = {
  /** an owner (or resident) invites a visitor to their unit; idempotent by requestId */
  invite: {
    input: z
      .object({
        communityId: CommunityId.optional(),
        unit: UnitLabel,
        name: PersonName,
        phone: Phone.optional(),
        plate: Plate.optional(),
        count: z.number().int().min(1).max(20).default(1),
        /** ISO with offset: from (not in the past) to (at most 24 hours later) */
        from: IsoTime,
        to: IsoTime,
      })
      .strict(),
    output: visitReply,
  },
  /** the host withdraws an invitation not yet used */
  revoke: { input: z.object({ id: Id }).strict(), output: visitReply },
  get: { input: z.object({ id: Id }).strict(), output: visitReply },
  /** the caller's units' visitors (invited and walk-ins), newest first */
  mine: {
    input: z
      .object({ ...paging })
      .strict()
      .optional()
      .default({ limit: 20 }),
    output: list,
  },
  /** the guard checks a code (scanned or typed) */
  verify: { input: z.object({ code: VisitorCode }).strict(), output: VisitorVerdict },
  /** the guard lets the visitor in: once per invitation */
  admit: { input: z.object({ code: VisitorCode }).strict(), output: z.object({ verdict: VisitorVerdict, visit: VisitSummary }) },
  /** the lobby's walk-in register; idempotent by requestId */
  walkIn: {
    input: z
      .object({
        communityId: CommunityId.optional(),
        unit: UnitLabel,
        name: PersonName,
        phone: Phone.optional(),
        plate: Plate.optional(),
        count: z.number().int().min(1).max(20).default(1),
        category: VisitorCategory.default('guest'),
        consent: VisitConsent.exclude(['invitation']),
        badge: z.string().trim().min(1).max(30).optional(),
      })
      .strict()
      .refine((v) => !(v.consent === 'badge' || v.consent === 'permit') || Boolean(v.badge), { message: '请填写工作证或出入证号', path: ['badge'] }),
    output: visitReply,
  },
  /** the guard records the visitor leaving */
  exit: { input: z.object({ id: Id }).strict(), output: visitReply },
  /** the register (guard, stewards): a day's visits, latest first; `inside` for those not yet out */
  register: {
    input: z
      .object({ communityId: CommunityId.optional(), date: CalendarDate.optional(), inside: z.boolean().optional(), ...paging })
      .strict()
      .optional()
      .default({ limit: 20 }),
    output: list,
  },
} as const;
