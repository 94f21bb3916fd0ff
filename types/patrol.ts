import { z } from 'zod';
import { ActorRole } from './enums';
import { CalendarDate, CommunityId, IsoTime, UnitLabel } from './common';
import type { FixedSpan } from './sla';

// Patrols, vacant units, the steward log, the duty log and shift handover (SPEC §13). Chinese
// labels live in labels.ts. The manual's numbers (000_…txt 区域管家岗位职责) are the defaults below.

/** A problem found on patrol and not handled is reported up after this long (SPEC §2). */
export const PROBLEM_ESCALATE_AFTER: FixedSpan = { unit: 'calendarDays', amount: 3 };
/** A shift not handed over this long after its time alerts the lead (SPEC §13). */
export const HANDOVER_GRACE: FixedSpan = { unit: 'minutes', amount: 30 };
/** An offline check-in whose scan and receipt differ by more than this is flagged on the report. */
export const OFFLINE_SKEW: FixedSpan = { unit: 'minutes', amount: 10 };
/** An offline check-in older than this counts on the day it reached the server, not the day it says. */
export const OFFLINE_KEEP: FixedSpan = { unit: 'calendarDays', amount: 3 };

/** The manual's rule for an area steward: 4 rounds a day per building, the area every 2 days, vacant units monthly. */
export const DEFAULT_PATROL_RULE = { roundsPerDay: 4, wholeAreaDays: 2, vacantPerMonth: 1 } as const;
/** Handovers at 08:00 and 18:00 (客服部交接班管理制度 3.1/3.2) unless a lead sets others. */
export const DEFAULT_SHIFT_TIMES = ['08:00', '18:00'] as const;

export const PointKind = z.enum(['lobby', 'corridor', 'lift', 'floor', 'equipment', 'perimeter', 'other']);
export type PointKind = z.infer<typeof PointKind>;

export const PointState = z.enum(['active', 'retired']);
export type PointState = z.infer<typeof PointState>;

/** open → reported (to the duty steward) / ticketed → handled. */
export const ProblemState = z.enum(['open', 'reported', 'ticketed', 'handled']);
export type ProblemState = z.infer<typeof ProblemState>;

export const ProblemAction = z.enum(['find', 'report', 'ticket', 'handle']);
export type ProblemAction = z.infer<typeof ProblemAction>;

export const LogState = z.enum(['draft', 'submitted', 'reviewed']);
export type LogState = z.infer<typeof LogState>;

/** open (the shift runs) → submitted (outgoing signed) → accepted | disputed → submitted … */
export const HandoverState = z.enum(['open', 'submitted', 'disputed', 'accepted']);
export type HandoverState = z.infer<typeof HandoverState>;

export const HandoverAction = z.enum(['submit', 'accept', 'dispute']);
export type HandoverAction = z.infer<typeof HandoverAction>;

/** A point's code: Crockford base32 groups like a pass code (case and dashes ignored). */
export const PointCode = z.string().trim().min(1, '请扫描或输入巡查点编码').max(64, '编码太长');
/** HH:MM on the 24-hour clock, Asia/Shanghai. */
export const ShiftTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 时:分，例如 08:00');

const PhotoId = z
  .string()
  .regex(/^cloud:\/\/\S+$/, '图片地址不正确')
  .max(512);
const Photos = z.array(PhotoId).max(9, '最多上传 9 张图片');
const Id = z.string().min(1).max(64);
const Note = (max: number) => z.string().trim().min(1, '请填写内容').max(max);
const RequestId = z.string().trim().min(8).max(64);

export const ChecklistItem = z.object({ item: z.string().trim().min(1).max(20), ok: z.boolean() }).strict();

// ----- views ----------------------------------------------------------------------------------------

export const PatrolPoint = z.object({
  id: z.string(),
  communityId: z.string(),
  building: z.string(),
  name: z.string(),
  kind: PointKind,
  state: PointState,
  /** the signed code printed as the point's QR code (leads only) */
  code: z.string().nullable(),
  createdAt: IsoTime,
});
export type PatrolPoint = z.infer<typeof PatrolPoint>;

export const PatrolRule = z.object({
  steward: z.string(),
  stewardName: z.string(),
  buildings: z.array(z.string()),
  roundsPerDay: z.number().int(),
  wholeAreaDays: z.number().int(),
  vacantPerMonth: z.number().int(),
  /** false while the manual's defaults apply */
  custom: z.boolean(),
});
export type PatrolRule = z.infer<typeof PatrolRule>;

export const CheckIn = z.object({
  id: z.string(),
  pointId: z.string(),
  pointName: z.string(),
  building: z.string(),
  stewardName: z.string(),
  /** the server's receipt: the time that counts */
  at: IsoTime,
  /** what the phone said it scanned at (offline check-ins only) */
  scannedAt: IsoTime.nullable(),
  /** scan and receipt differ by more than OFFLINE_SKEW: the report shows both */
  skewed: z.boolean(),
  /** the Shanghai day it counts on */
  day: CalendarDate,
  checklist: z.array(z.object({ item: z.string(), ok: z.boolean() })),
  photos: z.array(z.string()),
  note: z.string().nullable(),
  problemId: z.string().nullable(),
});
export type CheckIn = z.infer<typeof CheckIn>;

export const ProblemEvent = z.object({
  action: ProblemAction,
  from: ProblemState.nullable(),
  to: ProblemState,
  actorRole: ActorRole,
  actorName: z.string().nullable(),
  at: IsoTime,
  note: z.string().nullable(),
});

export const PatrolProblem = z.object({
  id: z.string(),
  /** XC20261203-0001 */
  no: z.string(),
  communityId: z.string(),
  building: z.string(),
  pointName: z.string().nullable(),
  unit: z.string().nullable(),
  text: z.string(),
  photos: z.array(z.string()),
  state: ProblemState,
  rev: z.number().int(),
  foundByName: z.string(),
  foundAt: IsoTime,
  /** the public_area ticket it became */
  ticketId: z.string().nullable(),
  ticketNo: z.string().nullable(),
  handledAt: IsoTime.nullable(),
  handledNote: z.string().nullable(),
  /** the lead was told it stayed unhandled past PROBLEM_ESCALATE_AFTER */
  escalatedAt: IsoTime.nullable(),
  events: z.array(ProblemEvent),
});
export type PatrolProblem = z.infer<typeof PatrolProblem>;

export const VacantCheck = z.object({
  id: z.string(),
  unit: z.string(),
  building: z.string(),
  stewardName: z.string(),
  at: IsoTime,
  clean: z.boolean(),
  damaged: z.boolean(),
  damp: z.boolean(),
  aired: z.boolean(),
  note: z.string().nullable(),
  photos: z.array(z.string()),
});
export type VacantCheck = z.infer<typeof VacantCheck>;

export const VacantUnit = z.object({
  unit: z.string(),
  building: z.string(),
  /** the latest check this month, if any */
  checkedAt: IsoTime.nullable(),
  /** an exception on the latest check (damage, damp/mould, not clean) */
  exception: z.boolean(),
});
export type VacantUnit = z.infer<typeof VacantUnit>;

export const BuildingToday = z.object({
  building: z.string(),
  required: z.number().int(),
  /** complete rounds today: every active point of the building checked this many times */
  rounds: z.number().int(),
  points: z.array(z.object({ id: z.string(), name: z.string(), kind: PointKind, count: z.number().int(), lastAt: IsoTime.nullable() })),
});

export const PatrolToday = z.object({
  day: CalendarDate,
  rule: PatrolRule,
  buildings: z.array(BuildingToday),
  /** rounds still to do today over all buildings */
  roundsLeft: z.number().int(),
  openProblems: z.array(PatrolProblem),
  vacantDue: z.number().int(),
});
export type PatrolToday = z.infer<typeof PatrolToday>;

export const CoverageRow = z.object({
  steward: z.string(),
  stewardName: z.string(),
  building: z.string(),
  points: z.number().int(),
  /** point visits the rule asks for in the period (points × rounds × days) */
  required: z.number().int(),
  /** point visits done, each point counted at most `rounds` times a day */
  done: z.number().int(),
  /** done / required, 0…1; null when nothing is required */
  completion: z.number().nullable(),
  /** check-ins flagged offline-late (scan and receipt more than 10 minutes apart) */
  skewed: z.number().int(),
});
export type CoverageRow = z.infer<typeof CoverageRow>;

export const AreaRow = z.object({
  steward: z.string(),
  stewardName: z.string(),
  /** windows of `wholeAreaDays` days in the period */
  windows: z.number().int(),
  /** windows in which every point of the steward's buildings was checked */
  covered: z.number().int(),
});
export type AreaRow = z.infer<typeof AreaRow>;

export const LogTicketRow = z.object({
  ticketId: z.string(),
  no: z.string(),
  /** the steward's first action on it that day */
  at: IsoTime,
  unit: z.string(),
  name: z.string().nullable(),
  progress: z.string(),
  result: z.string(),
  revisit: z.string(),
});
export const LogRoundRow = z.object({ at: IsoTime, building: z.string(), points: z.string(), exceptions: z.string() });
export const LogUnitRow = z.object({ at: IsoTime, unit: z.string(), exceptions: z.string() });

/** 管家日志: the four sections the manual requires (1–3 required; 4 only on a day units were checked). */
export const LogSections = z.object({
  tickets: z.array(LogTicketRow),
  /** the day's decoration inspections ([] on a day without); null only in logs submitted before the register existed */
  decoration: z.array(LogUnitRow).nullable(),
  rounds: z.array(LogRoundRow),
  vacant: z.array(LogUnitRow),
});
export type LogSections = z.infer<typeof LogSections>;

export const StewardLog = z.object({
  id: z.string(),
  steward: z.string(),
  stewardName: z.string(),
  day: CalendarDate,
  state: LogState,
  rev: z.number().int(),
  sections: LogSections,
  notes: z.string(),
  submittedAt: IsoTime.nullable(),
  review: z.object({ byName: z.string(), comment: z.string(), at: IsoTime }).nullable(),
});
export type StewardLog = z.infer<typeof StewardLog>;

export const OpenItem = z.object({
  kind: z.enum(['ticket', 'pass', 'question', 'problem', 'key', 'visitor']),
  id: z.string(),
  no: z.string(),
  text: z.string(),
});
export type OpenItem = z.infer<typeof OpenItem>;

export const DutyEntry = z.object({ id: z.string(), at: IsoTime, authorName: z.string(), text: z.string() });
export type DutyEntry = z.infer<typeof DutyEntry>;

export const HandoverEvent = z.object({
  action: HandoverAction,
  from: HandoverState,
  to: HandoverState,
  actorName: z.string().nullable(),
  at: IsoTime,
  note: z.string().nullable(),
});

export const Handover = z.object({
  id: z.string(),
  communityId: z.string(),
  /** the shift time this handover is due at */
  at: IsoTime,
  /** the shift it closes started here */
  shiftFrom: IsoTime,
  state: HandoverState,
  rev: z.number().int(),
  outgoing: z.string().nullable(),
  outgoingName: z.string().nullable(),
  incoming: z.string().nullable(),
  incomingName: z.string().nullable(),
  checklist: z.array(z.object({ item: z.string(), ok: z.boolean() })),
  notes: z.string().nullable(),
  /** what stayed open, as listed when the outgoing steward submitted */
  openItems: z.array(OpenItem),
  submittedAt: IsoTime.nullable(),
  acceptedAt: IsoTime.nullable(),
  disputeNote: z.string().nullable(),
  /** accepted by the due time + HANDOVER_GRACE */
  onTime: z.boolean().nullable(),
  entries: z.array(DutyEntry),
  events: z.array(HandoverEvent),
});
export type Handover = z.infer<typeof Handover>;

const Rate = z.object({ n: z.number().int(), of: z.number().int(), rate: z.number().nullable() });

/** The monthly report's patrol figures (core/reports/patrol.ts). */
export const PatrolFigures = z.object({
  /** point visits done / required by the rules, the month so far */
  completion: Rate,
  /** vacant units checked this month / vacant units */
  vacantChecked: Rate,
  /** problems found this month handled within 3 days / found */
  problemsClosed: Rate,
  /** handovers due this month accepted within 30 minutes / due */
  handoversOnTime: Rate,
});
export type PatrolFigures = z.infer<typeof PatrolFigures>;

// ----- the contract ---------------------------------------------------------------------------------

const Community = { communityId: CommunityId.optional() };
const problemReply = z.object({ problem: PatrolProblem });
const handoverReply = z.object({ handover: Handover });
const logReply = z.object({ log: StewardLog });

const CheckInFields = {
  code: PointCode,
  checklist: z.array(ChecklistItem).max(12).default([]),
  photos: Photos.default([]),
  note: z.string().trim().max(200).optional(),
  /** a problem found here: handled on the spot (with a note), or left open to follow */
  problem: z
    .object({ text: Note(300), photos: Photos.default([]), handledNote: z.string().trim().max(300).optional() })
    .strict()
    .optional(),
};

export const patrolActions = {
  /** a lead adds a point (name, building, kind); its code is printed as a QR code */
  createPoint: {
    input: z.object({ ...Community, building: z.string().trim().min(1).max(8), name: Note(30), kind: PointKind }).strict(),
    output: z.object({ point: PatrolPoint }),
  },
  retirePoint: { input: z.object({ id: Id }).strict(), output: z.object({ point: PatrolPoint }) },
  points: {
    input: z.object({ ...Community, building: z.string().max(8).optional(), includeRetired: z.boolean().default(false) }).strict(),
    output: z.object({ points: z.array(PatrolPoint) }),
  },
  rules: { input: z.object({ ...Community }).strict(), output: z.object({ rules: z.array(PatrolRule) }) },
  setRule: {
    input: z
      .object({
        ...Community,
        steward: Id,
        roundsPerDay: z.number().int().min(1).max(12),
        wholeAreaDays: z.number().int().min(1).max(7),
        vacantPerMonth: z.number().int().min(1).max(4),
      })
      .strict(),
    output: z.object({ rule: PatrolRule }),
  },
  /** the scan: the server's time counts; the same requestId counts once */
  checkIn: { input: z.object(CheckInFields).strict(), output: z.object({ checkIn: CheckIn, duplicate: z.boolean() }) },
  /** check-ins kept on a phone without network, sent later, each with its own requestId and scan time */
  checkInBatch: {
    input: z
      .object({
        items: z
          .array(z.object({ ...CheckInFields, requestId: RequestId, scannedAt: IsoTime }).strict())
          .min(1)
          .max(50),
      })
      .strict(),
    output: z.object({
      results: z.array(z.object({ requestId: z.string(), ok: z.boolean(), duplicate: z.boolean(), checkIn: CheckIn.nullable(), error: z.string().nullable() })),
    }),
  },
  today: { input: z.object({ ...Community, steward: Id.optional() }).strict(), output: z.object({ today: PatrolToday }) },
  checkIns: {
    input: z.object({ ...Community, day: CalendarDate, steward: Id.optional() }).strict(),
    output: z.object({ checkIns: z.array(CheckIn) }),
  },
  problems: {
    input: z.object({ ...Community, state: z.enum(['open', 'all']).default('open') }).strict(),
    output: z.object({ problems: z.array(PatrolProblem) }),
  },
  getProblem: { input: z.object({ id: Id }).strict(), output: problemReply },
  /** handled on the spot, or verified on site after its ticket (the manual: 到现场验证) */
  handleProblem: { input: z.object({ id: Id, rev: z.number().int(), note: Note(300), photos: Photos.default([]) }).strict(), output: problemReply },
  /** reported to the duty steward */
  reportProblem: { input: z.object({ id: Id, rev: z.number().int(), note: z.string().trim().max(300).optional() }).strict(), output: problemReply },
  /** turned into a public_area ticket through the tickets' create path; linked both ways */
  ticketProblem: {
    input: z
      .object({ id: Id, rev: z.number().int(), kind: z.enum(['repair', 'complaint', 'suggestion']).default('repair'), severity: z.enum(['minor', 'major']).default('minor') })
      .strict(),
    output: z.object({ problem: PatrolProblem, ticketId: z.string(), ticketNo: z.string() }),
  },
  vacantUnits: {
    input: z.object({ ...Community, steward: Id.optional() }).strict(),
    output: z.object({ month: z.string(), units: z.array(VacantUnit) }),
  },
  /** 空置房巡查记录表: cleanliness, damage, damp/mould, aired */
  checkVacant: {
    input: z
      .object({
        ...Community,
        unit: UnitLabel,
        clean: z.boolean(),
        damaged: z.boolean(),
        damp: z.boolean(),
        aired: z.boolean(),
        note: z.string().trim().max(300).optional(),
        photos: Photos.default([]),
      })
      .strict(),
    output: z.object({ check: VacantCheck }),
  },
  /** completion by building and steward over Shanghai days `from`…`to` (at most 31), aggregated in the database */
  coverage: {
    input: z.object({ ...Community, from: CalendarDate, to: CalendarDate }).strict(),
    output: z.object({ from: CalendarDate, to: CalendarDate, rows: z.array(CoverageRow), areas: z.array(AreaRow) }),
  },
  /** the day's log: composed from the day's own records, with the notes saved so far */
  log: { input: z.object({ ...Community, day: CalendarDate, steward: Id.optional() }).strict(), output: logReply },
  saveLog: { input: z.object({ ...Community, day: CalendarDate, notes: z.string().trim().max(2000) }).strict(), output: logReply },
  submitLog: { input: z.object({ ...Community, day: CalendarDate, notes: z.string().trim().max(2000) }).strict(), output: logReply },
  logs: {
    input: z.object({ ...Community, state: z.enum(['submitted', 'reviewed', 'all']).default('submitted') }).strict(),
    output: z.object({ logs: z.array(StewardLog) }),
  },
  reviewLog: { input: z.object({ id: Id, rev: z.number().int(), comment: Note(500) }).strict(), output: logReply },

  shiftTimes: { input: z.object({ ...Community }).strict(), output: z.object({ times: z.array(ShiftTime) }) },
  setShiftTimes: {
    input: z
      .object({ ...Community, times: z.array(ShiftTime).min(1).max(4) })
      .strict()
      .refine((v) => new Set(v.times).size === v.times.length, { message: '交接班时间不能重复', path: ['times'] }),
    output: z.object({ times: z.array(ShiftTime) }),
  },
  /** the shift running now (or the one due at `at`): its duty log and its handover */
  shift: {
    input: z.object({ ...Community, at: IsoTime.optional() }).strict(),
    /** with the community's stewards the outgoing one may hand over to */
    output: z.object({ handover: Handover, colleagues: z.array(z.object({ openid: z.string(), name: z.string() })) }),
  },
  addDutyEntry: { input: z.object({ ...Community, text: Note(500) }).strict(), output: handoverReply },
  /** what stays open now: the outgoing steward's tickets, undecided passes, unanswered questions, open problems */
  openItems: { input: z.object({ ...Community }).strict(), output: z.object({ items: z.array(OpenItem) }) },
  submitHandover: {
    input: z
      .object({
        id: Id,
        rev: z.number().int(),
        incoming: Id,
        checklist: z.array(ChecklistItem).min(1).max(20),
        notes: z.string().trim().max(1000).optional(),
      })
      .strict(),
    output: handoverReply,
  },
  acceptHandover: { input: z.object({ id: Id, rev: z.number().int() }).strict(), output: handoverReply },
  disputeHandover: { input: z.object({ id: Id, rev: z.number().int(), note: Note(500) }).strict(), output: handoverReply },
  handovers: { input: z.object({ ...Community, day: CalendarDate.optional() }).strict(), output: z.object({ handovers: z.array(Handover) }) },
  /** the month's patrol figures for the monthly report page (core/reports/patrol.ts) */
  figures: {
    input: z.object({ ...Community, month: z.string().regex(/^(20\d{2})-(0[1-9]|1[0-2])$/, '月份格式应为 年-月，例如 2026-11') }).strict(),
    output: z.object({ month: z.string(), figures: PatrolFigures }),
  },
} as const;
