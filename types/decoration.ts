import { z } from 'zod';
import { ActorRole } from './enums';
import { CalendarDate, IsoTime, Phone, UnitLabel } from './common';

// Decoration (装修, SPEC §12): application, agreement, deposit, permit (施工许可证), the area
// steward's daily inspection, rectification notices (装修违约整改通知单), 初验 and 终验, settlement.

/**
 * applied → approved | rejected → permitted → in_progress → completion_requested →
 * initial_accepted (初验) → final_accepted (终验) → settled → closed; plus suspended (work stopped
 * by a notice) and cancelled.
 */
export const DecorationState = z.enum([
  'applied',
  'approved',
  'rejected',
  'permitted',
  'in_progress',
  'suspended',
  'completion_requested',
  'initial_accepted',
  'final_accepted',
  'settled',
  'closed',
  'cancelled',
]);
export type DecorationState = z.infer<typeof DecorationState>;

export const decorationStateLabels: Record<DecorationState, string> = {
  applied: '待审批',
  approved: '待签协议/缴押金',
  rejected: '未通过',
  permitted: '已发许可证',
  in_progress: '施工中',
  suspended: '已停工整改',
  completion_requested: '待初验',
  initial_accepted: '待终验',
  final_accepted: '待结算',
  settled: '退款中',
  closed: '已完结',
  cancelled: '已取消',
};

export const DecorationAction = z.enum([
  'apply',
  'approve',
  'reject',
  'signAgreement',
  'payDeposit',
  'permit',
  'start',
  'inspect',
  'notice',
  'verifyRectification',
  'suspend',
  'resume',
  'requestAcceptance',
  'accept',
  'settle',
  'close',
  'cancel',
]);
export type DecorationAction = z.infer<typeof DecorationAction>;

/** What a caller may do to an application now (drives the page's buttons). */
export const DecorationCommand = z.enum([
  'approve',
  'reject',
  'signAgreement',
  'payDeposit',
  'inspect',
  'notice',
  'verifyRectification',
  'suspend',
  'resume',
  'requestAcceptance',
  'accept',
  'settle',
  'cancel',
]);
export type DecorationCommand = z.infer<typeof DecorationCommand>;

/** The inspection checklist (SPEC §12): 建筑垃圾、违章拆改、施工时间、消防. */
export const CheckItem = z.enum(['waste', 'alteration', 'hours', 'fire']);
export type CheckItem = z.infer<typeof CheckItem>;
export const checkItemLabels: Record<CheckItem, string> = { waste: '建筑垃圾', alteration: '违章拆改', hours: '施工时间', fire: '消防' };

/** Why a permit was refused at the gate. */
export const PermitRefusal = z.enum(['forged', 'tampered', 'other_community', 'not_permitted', 'suspended', 'not_yet_valid', 'expired', 'outside_hours']);
export type PermitRefusal = z.infer<typeof PermitRefusal>;
export const permitRefusalLabels: Record<PermitRefusal, string> = {
  forged: '无效的许可证码，不是本系统签发的',
  tampered: '许可证码被改动过，无效',
  other_community: '这是其他小区的施工许可证',
  not_permitted: '该装修未在施工许可状态（已完工、已取消或未获许可）',
  suspended: '该户已被责令停工整改，暂停施工',
  not_yet_valid: '许可证尚未生效',
  expired: '许可证已过期',
  outside_hours: '不在许可的施工时间内',
};

/** The day's inspections are due by this Shanghai time; a unit not inspected by then is a miss. */
export const INSPECT_BY = { hour: 18, minute: 0 } as const;
export const inspectByText = `${INSPECT_BY.hour}:${String(INSPECT_BY.minute).padStart(2, '0')}`;

const HourMinute = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 时:分，例如 08:00');
const PhotoId = z
  .string()
  .regex(/^cloud:\/\/\S+$/, '图片地址不正确')
  .max(512);
const DecorationId = z.string().min(1).max(64);
const Note = (max: number) => z.string().trim().min(1, '请填写内容').max(max);
const CommunityField = z
  .string()
  .regex(/^[a-z0-9_-]{1,32}$/)
  .optional();
const Fen = z.number().int('金额以分为单位，应为整数').min(0, '金额不能为负');

export const WorkingHours = z
  .object({ from: HourMinute, to: HourMinute })
  .strict()
  .refine((h) => h.from < h.to, { message: '结束时间应晚于开始时间', path: ['to'] });
export type WorkingHours = z.infer<typeof WorkingHours>;

export const DecorationEvent = z.object({
  action: DecorationAction,
  from: DecorationState.nullable(),
  to: DecorationState,
  actorRole: ActorRole,
  actorName: z.string().nullable(),
  at: IsoTime,
  note: z.string().nullable(),
});

export const RectificationNotice = z.object({
  no: z.string(),
  items: z.array(z.string()),
  deadline: IsoTime,
  stopWork: z.boolean(),
  issuedAt: IsoTime,
  byName: z.string().nullable(),
  state: z.enum(['open', 'verified']),
  verifiedAt: IsoTime.nullable(),
  verifyNote: z.string().nullable(),
});
export type RectificationNotice = z.infer<typeof RectificationNotice>;

export const Acceptance = z.object({
  stage: z.enum(['initial', 'final']),
  passed: z.boolean(),
  items: z.array(z.string()),
  byName: z.string().nullable(),
  at: IsoTime,
});

export const Deduction = z.object({ amountFen: z.number().int(), reason: z.string() });

export const Decoration = z.object({
  id: z.string(),
  /** ZX20261124-0001 */
  no: z.string(),
  communityId: z.string(),
  unit: z.string(),
  building: z.string(),
  state: DecorationState,
  applicantRole: z.enum(['owner', 'resident']),
  applicantName: z.string().nullable(),
  /** an agent's application carries the owner's written authorisation (a photo) */
  authorisationPhoto: z.string().nullable(),
  contractor: z.object({ company: z.string(), leader: z.string(), phone: z.string() }),
  workers: z.array(z.string()),
  scope: z.string(),
  plannedStart: CalendarDate,
  plannedEnd: CalendarDate,
  documents: z.array(z.string()),
  approval: z.object({ depositFen: z.number().int(), rules: z.string(), workingHours: WorkingHours, byName: z.string().nullable(), at: IsoTime }).nullable(),
  rejection: z.object({ reason: z.string(), byName: z.string().nullable(), at: IsoTime }).nullable(),
  agreementSignedAt: IsoTime.nullable(),
  deposit: z.object({ amountFen: z.number().int(), paidAt: IsoTime }).nullable(),
  permit: z.object({ no: z.string(), validFrom: IsoTime, validTo: IsoTime, workingHours: WorkingHours }).nullable(),
  /** the permit's code (for the QR) to the applicant and the unit's owner while it can be used */
  permitCode: z.string().nullable(),
  lastInspectedDay: CalendarDate.nullable(),
  inspectedToday: z.boolean(),
  inspections: z.number().int(),
  notices: z.array(RectificationNotice),
  acceptances: z.array(Acceptance),
  deductions: z.array(Deduction),
  refund: z.object({ no: z.string(), amountFen: z.number().int(), state: z.string() }).nullable(),
  allowed: z.array(DecorationCommand),
  events: z.array(DecorationEvent),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type Decoration = z.infer<typeof Decoration>;

export const DecorationSummary = Decoration.omit({ events: true, permitCode: true, documents: true });
export type DecorationSummary = z.infer<typeof DecorationSummary>;

export const Inspection = z.object({
  id: z.string(),
  decorationId: z.string(),
  no: z.string(),
  unit: z.string(),
  day: CalendarDate,
  at: IsoTime,
  byName: z.string().nullable(),
  photos: z.array(z.string()),
  checklist: z.partialRecord(CheckItem, z.enum(['ok', 'issue'])),
  findings: z.string().nullable(),
});
export type Inspection = z.infer<typeof Inspection>;

export const PermitVerdict = z.object({
  valid: z.boolean(),
  refusal: PermitRefusal.nullable(),
  message: z.string(),
  /** what the guard may see: the unit, the contractor, the permit (when the code is ours and the community theirs) */
  decoration: DecorationSummary.nullable(),
});
export type PermitVerdict = z.infer<typeof PermitVerdict>;

const byId = z.object({ id: DecorationId }).strict();
const reply = z.object({ decoration: Decoration });

export const decorationActions = {
  /** the unit's owner (or a tenant as the owner's agent, with the written authorisation) applies; idempotent by requestId */
  apply: {
    input: z
      .object({
        communityId: CommunityField,
        unit: UnitLabel,
        contractor: z.object({ company: Note(40), leader: Note(20), phone: Phone }).strict(),
        workers: z.array(z.string().trim().min(1).max(20)).min(1, '请填写施工人员').max(30),
        scope: Note(500),
        plannedStart: CalendarDate,
        plannedEnd: CalendarDate,
        documents: z.array(PhotoId).max(9).default([]),
        authorisationPhoto: PhotoId.optional(),
      })
      .strict()
      .refine((v) => v.plannedStart <= v.plannedEnd, { message: '完工日期不能早于开工日期', path: ['plannedEnd'] }),
    output: reply,
  },
  approve: {
    input: z
      .object({
        id: DecorationId,
        depositFen: Fen.max(10_000_000, '押金过高'),
        rules: z.string().trim().max(1000).default(''),
        workingHours: WorkingHours.default({ from: '08:00', to: '18:00' }),
      })
      .strict(),
    output: reply,
  },
  reject: { input: z.object({ id: DecorationId, reason: Note(200) }).strict(), output: reply },
  /** the applicant confirms the 装饰装修服务协议 */
  signAgreement: { input: byId, output: reply },
  /** WeChat Pay's parameters for the deposit (the permit is issued by the payment callback) */
  payDeposit: {
    input: byId,
    output: z.object({
      decoration: Decoration,
      outTradeNo: z.string(),
      payment: z.object({ timeStamp: z.string(), nonceStr: z.string(), package: z.string(), signType: z.string(), paySign: z.string() }),
    }),
  },
  inspect: {
    input: z
      .object({
        id: DecorationId,
        photos: z.array(PhotoId).min(1, '请拍摄现场照片').max(9),
        checklist: z.partialRecord(CheckItem, z.enum(['ok', 'issue'])).default({}),
        findings: z.string().trim().max(500).optional(),
      })
      .strict(),
    output: z.object({ decoration: Decoration, inspection: Inspection }),
  },
  notice: {
    input: z
      .object({
        id: DecorationId,
        items: z.array(Note(100)).min(1, '请填写整改项目').max(20),
        deadline: IsoTime,
        stopWork: z.boolean().default(false),
      })
      .strict(),
    output: reply,
  },
  verifyRectification: { input: z.object({ id: DecorationId, notice: z.string().min(1).max(40), note: z.string().trim().max(200).optional() }).strict(), output: reply },
  suspend: { input: z.object({ id: DecorationId, reason: Note(200) }).strict(), output: reply },
  resume: { input: byId, output: reply },
  requestAcceptance: { input: byId, output: reply },
  accept: {
    input: z
      .object({ id: DecorationId, stage: z.enum(['initial', 'final']), passed: z.boolean(), items: z.array(Note(100)).max(20).default([]) })
      .strict()
      .refine((v) => v.passed || v.items.length > 0, { message: '未通过时请填写需整改的项目', path: ['items'] }),
    output: reply,
  },
  settle: {
    input: z
      .object({
        id: DecorationId,
        deductions: z
          .array(z.object({ amountFen: Fen.min(1), reason: Note(100) }).strict())
          .max(20)
          .default([]),
      })
      .strict(),
    output: reply,
  },
  cancel: { input: z.object({ id: DecorationId, reason: z.string().trim().max(200).optional() }).strict(), output: reply },
  get: { input: byId, output: reply },
  list: {
    input: z
      .object({
        /** mine: the caller's units; queue: staff, by urgency; today: the area steward's units in progress */
        view: z.enum(['mine', 'queue', 'today', 'all']).default('mine'),
        communityId: CommunityField,
        state: DecorationState.optional(),
        cursor: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(50).default(20),
      })
      .strict()
      .optional()
      .default({ view: 'mine', limit: 20 }),
    output: z.object({ decorations: z.array(DecorationSummary), nextCursor: z.string().nullable() }),
  },
  inspections: {
    input: z.object({ id: DecorationId }).strict(),
    output: z.object({ inspections: z.array(Inspection) }),
  },
  /** the guard checks a contractor's permit code at the gate */
  verifyPermit: { input: z.object({ code: z.string().trim().min(1, '请输入许可证码').max(64) }).strict(), output: PermitVerdict },
} as const;
