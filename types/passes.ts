import { z } from 'zod';
import { DueLevel, type FixedSpan } from './sla';
import { ActorRole } from './enums';
import { CalendarDate, IsoTime, Phone, UnitLabel } from './common';

// Item release passes (物品放行条, SPEC §5). Chinese labels live in labels.ts.

/**
 * pending → (owner_confirmed) → approved | rejected → used | refused_at_gate | expired | revoked.
 * An owner's own application is decidable while `pending`; a resident's only once `owner_confirmed`.
 */
/** The longest release window a pass may have (the form says it, \`apply\` enforces it). */
export const PASS_MAX_WINDOW: FixedSpan = { unit: 'hours', amount: 12 };

export const PassState = z.enum(['pending', 'owner_confirmed', 'approved', 'rejected', 'used', 'refused_at_gate', 'expired', 'revoked']);
export type PassState = z.infer<typeof PassState>;

/** Why the goods go out (the lobby register's 事由). */
export const PassReason = z.enum(['moving_out', 'renovation_waste', 'furniture', 'other']);
export type PassReason = z.infer<typeof PassReason>;

/** What a caller can do to a pass now (drives the page's buttons). */
export const PassCommand = z.enum(['ownerConfirm', 'ownerDecline', 'approve', 'reject', 'revoke']);
export type PassCommand = z.infer<typeof PassCommand>;

/** Why a code was refused at the gate; each has its own message for the guard. */
export const PassRefusal = z.enum([
  /** not a code this system issued (wrong shape, unknown pass) */
  'forged',
  /** the pass exists but the signature does not match it (altered code, unknown secret, changed pass) */
  'tampered',
  'expired',
  'not_yet_valid',
  'revoked',
  /** already released once */
  'used',
  'other_community',
  /** a guard refused it before because the goods did not match */
  'refused_at_gate',
  /** pending, awaiting the owner, or rejected */
  'not_approved',
]);
export type PassRefusal = z.infer<typeof PassRefusal>;

/** How the owner's consent to a resident's pass was given. */
export const OwnerConfirmMethod = z.enum(['app', 'phone']);
export type OwnerConfirmMethod = z.infer<typeof OwnerConfirmMethod>;

export const PassAction = z.enum(['apply', 'ownerConfirm', 'ownerDecline', 'approve', 'reject', 'revoke', 'release', 'refuse', 'expire']);
export type PassAction = z.infer<typeof PassAction>;

/** Where a check happened in the gate log. */
export const GateCheckKind = z.enum(['verify', 'release', 'refuse']);
export type GateCheckKind = z.infer<typeof GateCheckKind>;

// ---------------------------------------------------------------------------------------------

/** A pass's code: Crockford base32 groups, e.g. 7KQ2-M9XD-4TZR-B1NP (case and dashes are ignored). */
export const PassCode = z.string().trim().min(1, '请输入放行码').max(64, '放行码太长');

const PhotoId = z
  .string()
  .regex(/^cloud:\/\/\S+$/, '图片地址不正确')
  .max(512);
const PassId = z.string().min(1).max(64);
const Note = (max: number) => z.string().trim().min(1, '请填写内容').max(max);
/** A Chinese vehicle plate: province character, letter, 5–6 letters/digits (new-energy plates 6). */
const Plate = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[\u4e00-\u9fa5][A-Z][A-Z0-9]{5,6}$/, '车牌号格式不正确，例如 鲁B12345');

export const PassItemInput = z
  .object({
    name: z.string().trim().min(1, '请填写物品名称').max(40, '物品名称不超过 40 字'),
    count: z.number().int().min(1, '数量至少为 1').max(999, '数量不超过 999'),
    photos: z.array(PhotoId).max(3, '每件物品最多 3 张图片').default([]),
  })
  .strict();

export const CarrierInput = z
  .object({
    /** the mover's or driver's name */
    name: z.string().trim().min(1, '请填写搬运人姓名').max(20),
    phone: Phone.optional(),
    plate: Plate.optional(),
  })
  .strict()
  .refine((c) => c.phone !== undefined || c.plate !== undefined, { message: '请填写搬运人电话或车牌号', path: ['phone'] });

export const PassItem = z.object({ name: z.string(), count: z.number().int(), photos: z.array(z.string()) });
export type PassItem = z.infer<typeof PassItem>;

export const PassEvent = z.object({
  action: PassAction,
  from: PassState.nullable(),
  to: PassState,
  actorRole: ActorRole,
  /** staff name for staff, null for owners, residents and the system */
  actorName: z.string().nullable(),
  at: IsoTime,
  note: z.string().nullable(),
});
export type PassEvent = z.infer<typeof PassEvent>;

export const Pass = z.object({
  id: z.string(),
  /** FX20261124-0003: per community and Shanghai day */
  no: z.string(),
  communityId: z.string(),
  unit: z.string(),
  building: z.string(),
  /** the state as of now: an approved pass past its window reads `expired` */
  state: PassState,
  applicantRole: z.enum(['owner', 'resident']),
  applicantName: z.string().nullable(),
  /** masked (138****0001) except to the applicant and to staff on the detail page */
  applicantPhone: z.string().nullable(),
  items: z.array(PassItem),
  /** ISO +08:00: the window the goods may leave in */
  from: IsoTime,
  to: IsoTime,
  carrier: z.object({ name: z.string().nullable(), phone: z.string().nullable(), plate: z.string().nullable() }),
  reason: PassReason,
  reasonNote: z.string().nullable(),
  /** a resident's pass waits for the owner (or a steward's record of the owner's phone consent) */
  needsOwner: z.boolean(),
  ownerConfirmation: z.object({ method: OwnerConfirmMethod, at: IsoTime, byName: z.string().nullable(), note: z.string().nullable() }).nullable(),
  /** the 15-minute decision clock; null until the pass can be decided */
  decideBy: IsoTime.nullable(),
  /** the clock's colour while it runs; null once decided or before it starts */
  due: z.object({ at: IsoTime, level: DueLevel }).nullable(),
  decision: z.object({ approved: z.boolean(), byName: z.string().nullable(), at: IsoTime, reason: z.string().nullable() }).nullable(),
  gate: z.object({ released: z.boolean(), byName: z.string().nullable(), at: IsoTime, note: z.string().nullable() }).nullable(),
  /** the code (for the QR and to read aloud); only to the applicant and the unit's owner, only while it can be used */
  qr: z.string().nullable(),
  /** staff only, on the detail page: the unit's owners to call for a phone confirmation */
  ownerContacts: z.array(z.object({ name: z.string().nullable(), phone: z.string() })),
  allowed: z.array(PassCommand),
  events: z.array(PassEvent),
  policyVersion: z.string(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type Pass = z.infer<typeof Pass>;

/** A pass in a list: no timeline, no code, no contacts. */
export const PassSummary = Pass.omit({ events: true, qr: true, ownerContacts: true });
export type PassSummary = z.infer<typeof PassSummary>;

/** What the guard sees for a code: the pass (when the signature is ours and the community theirs) and the verdict. */
export const GateVerdict = z.object({
  valid: z.boolean(),
  refusal: PassRefusal.nullable(),
  /** Chinese, for the guard to read out */
  message: z.string(),
  pass: PassSummary.nullable(),
});
export type GateVerdict = z.infer<typeof GateVerdict>;

const byId = z.object({ id: PassId }).strict();
const passReply = z.object({ pass: Pass });
const CommunityField = z
  .string()
  .regex(/^[a-z0-9_-]{1,32}$/)
  .optional();

export const passActions = {
  /** an owner or resident applies for a unit they are bound to; idempotent by requestId */
  apply: {
    input: z
      .object({
        communityId: CommunityField,
        unit: UnitLabel,
        items: z.array(PassItemInput).min(1, '请至少填写一件物品').max(20, '一张放行条最多 20 项物品'),
        /** ISO with offset: the window's start (not in the past) */
        from: IsoTime,
        /** ISO with offset: the window's end (at most 12 hours after the start) */
        to: IsoTime,
        carrier: CarrierInput,
        reason: PassReason,
        /** required when the reason is `other` */
        reasonNote: z.string().trim().max(100).optional(),
      })
      .strict()
      .refine((v) => v.reason !== 'other' || Boolean(v.reasonNote), { message: '请说明放行事由', path: ['reasonNote'] }),
    output: passReply,
  },
  /** the unit's owner consents to a resident's pass; a steward records the owner's consent by phone */
  ownerConfirm: { input: z.object({ id: PassId, note: z.string().trim().max(100).optional() }).strict(), output: passReply },
  /** the unit's owner declines a resident's pass, with the reason the resident reads */
  ownerDecline: { input: z.object({ id: PassId, reason: Note(200) }).strict(), output: passReply },
  approve: { input: byId, output: passReply },
  reject: { input: z.object({ id: PassId, reason: Note(200) }).strict(), output: passReply },
  /** the applicant or the unit's owner withdraws a pass not yet used; a steward may too */
  revoke: { input: z.object({ id: PassId, reason: z.string().trim().max(200).optional() }).strict(), output: passReply },
  get: { input: byId, output: passReply },
  list: {
    input: z
      .object({
        /** mine: the caller's units' passes, newest first; queue: staff, undecided by urgency; log: staff, the register */
        view: z.enum(['mine', 'queue', 'log']).default('mine'),
        communityId: CommunityField,
        /** log: one state */
        state: PassState.optional(),
        /** log: the Shanghai day the window starts on */
        date: CalendarDate.optional(),
        building: z.string().min(1).max(8).optional(),
        cursor: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(50).default(20),
      })
      .strict()
      .optional()
      .default({ view: 'mine', limit: 20 }),
    output: z.object({ passes: z.array(PassSummary), nextCursor: z.string().nullable() }),
  },
  /** the guard checks a code (scanned or typed); every check is logged */
  verify: { input: z.object({ code: PassCode }).strict(), output: GateVerdict },
  /** the guard releases (match) or refuses because the goods do not match (a note is required) */
  release: {
    input: z
      .object({ code: PassCode, match: z.boolean(), note: z.string().trim().max(200).optional() })
      .strict()
      .refine((v) => v.match || Boolean(v.note), { message: '不予放行时请填写原因', path: ['note'] }),
    output: z.object({ verdict: GateVerdict, pass: PassSummary }),
  },
} as const;
