import { z } from 'zod';
import { ActorRole } from './enums';
import { IsoTime, Phone, StaffContact, UnitLabel } from './common';
import { DueLevel, SlaPolicyOverride, SlaSpans } from './sla';

// The ticket's enums (SPEC §3). Their Chinese labels live in labels.ts. The actions' input and
// output schemas come with the tickets contract; these are the names everything else shares.

/** submitted → accepted → assigned → on_site → resolved → revisited → closed, plus the side exits. */
export const TicketState = z.enum(['submitted', 'accepted', 'assigned', 'on_site', 'resolved', 'revisited', 'closed', 'cancelled', 'rejected', 'reopened']);
export type TicketState = z.infer<typeof TicketState>;

export const TicketKind = z.enum(['repair', 'warranty', 'complaint', 'suggestion', 'emergency']);
export type TicketKind = z.infer<typeof TicketKind>;

/** 户内 or 公共区域. */
export const TicketScope = z.enum(['in_home', 'public_area']);
export type TicketScope = z.infer<typeof TicketScope>;

/** 小修/一般 or 大修/重大. */
export const Severity = z.enum(['minor', 'major']);
export type Severity = z.infer<typeof Severity>;

/** 投诉分类: 1 property service, 2 the developer's product, 3 external, major (群诉、诉讼、媒体). */
export const ComplaintClass = z.enum(['class1', 'class2', 'class3', 'major']);
export type ComplaintClass = z.infer<typeof ComplaintClass>;

/** What someone does to a ticket; each moves it along one row of the transition table. */
export const TicketAction = z.enum(['accept', 'assign', 'reassign', 'arrive', 'resolve', 'revisit', 'reopen', 'close', 'cancel', 'reject']);
export type TicketAction = z.infer<typeof TicketAction>;

/**
 * What a ticket's timeline records: every action of the state machine, plus the report itself
 * (`submit`, from and to `submitted`) and a steward's reclassification of a complaint
 * (`reclassify`, from and to the state it was in). Every event has the same shape (who, role, when,
 * from, to, note), so the monthly report can read the log alone.
 */
export const TicketEventAction = z.enum([...TicketAction.options, 'submit', 'reclassify']);
export type TicketEventAction = z.infer<typeof TicketEventAction>;

/** How a ticket reached us: the owner in the mini-program, or a steward recording a call or a visit. */
/** patrol: a problem an area steward found on patrol (core/patrol), the property's own report */
export const TicketChannel = z.enum(['app', 'phone', 'walk_in', 'patrol']);
export type TicketChannel = z.infer<typeof TicketChannel>;

/** Owner's rating at the revisit, 1–5; 2 or less reopens the ticket (SPEC §3). */
export const Rating = z.number().int().min(1).max(5);
export type Rating = z.infer<typeof Rating>;

/**
 * The form only: whether the date exists and lies in the override's year (2000–2100) is the rule's
 * (core/sla/calendar.ts overrideProblems), which names the list the bad date is in.
 */
const OverrideDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 年-月-日，例如 2027-01-01');

/** One year's holidays and make-up working days entered by staff (the package knows 2004–2026). */
export const CalendarOverride = z
  .object({
    year: z.number().int().min(2000).max(2100),
    /** rest days beyond ordinary weekends, YYYY-MM-DD (Asia/Shanghai) */
    holidays: z.array(OverrideDate).max(366),
    /** weekend days that are working days (调休上班), YYYY-MM-DD */
    workdays: z.array(OverrideDate).max(366),
  })
  .strict();
export type CalendarOverride = z.infer<typeof CalendarOverride>;

// ---------------------------------------------------------------------------------------------
// The tickets contract (SPEC §3, §10): what the pages send and what the function answers.

/** The clocks a ticket can carry (SPEC §2); which apply depends on its kind. */
export const DeadlineKey = z.enum(['respondBy', 'arriveBy', 'resolveBy', 'revisitBy']);
export type DeadlineKey = z.infer<typeof DeadlineKey>;

/** Who did something to a ticket: a person's role, or `system` for the scheduled sweep. */

/** How a revisit was made: by phone, on site, or the owner's own rating in the mini-program. */
export const RevisitMethod = z.enum(['phone', 'on_site', 'online']);
export type RevisitMethod = z.infer<typeof RevisitMethod>;

/** What a caller can ask of the tickets function about one ticket (`rate` is the owner's revisit). */
export const TicketCommand = z.enum(['accept', 'assign', 'arrive', 'resolve', 'revisit', 'rate', 'cancel', 'reject', 'reopen', 'reclassify']);
export type TicketCommand = z.infer<typeof TicketCommand>;

/** A cloud storage file id (cloud://env.bucket/path) of an uploaded, already compressed photo. */
const PhotoId = z
  .string()
  .regex(/^cloud:\/\/\S+$/, '图片地址不正确')
  .max(512);
const Photos = z.array(PhotoId).max(9, '最多上传 9 张图片');
const TicketId = z.string().min(1).max(64);
/** A reason or a note a person types: trimmed, never empty. */
const Note = (max: number) => z.string().trim().min(1, '请填写内容').max(max);

export const TicketDeadlines = z.object({
  /** ISO time +08:00: the first effective response (1 hour) */
  respondBy: IsoTime,
  /** repairs from acceptance, emergencies from submission; null where it does not apply (yet) */
  arriveBy: IsoTime.nullable(),
  resolveBy: IsoTime.nullable(),
  /** starts at resolution */
  revisitBy: IsoTime.nullable(),
});
export type TicketDeadlines = z.infer<typeof TicketDeadlines>;

export const NextDue = z.object({ key: DeadlineKey, at: IsoTime, level: DueLevel });
export type NextDue = z.infer<typeof NextDue>;

export const TicketEventView = z.object({
  action: TicketEventAction,
  from: TicketState,
  to: TicketState,
  actorRole: ActorRole,
  /** staff name for staff, null for owners and the system (the page shows the role) */
  actorName: z.string().nullable(),
  at: IsoTime,
  note: z.string().nullable(),
});
export type TicketEventView = z.infer<typeof TicketEventView>;

export const TicketRevisit = z.object({
  method: RevisitMethod,
  score: Rating.nullable(),
  note: z.string().nullable(),
  byRole: ActorRole,
  at: IsoTime,
});
export type TicketRevisit = z.infer<typeof TicketRevisit>;

export const TicketRating = z.object({ score: Rating, comment: z.string().nullable(), at: IsoTime });
export type TicketRating = z.infer<typeof TicketRating>;

/** What the person who resolved it wrote, with their photos (cloud file ids). */
export const TicketResolution = z.object({ note: z.string(), photos: z.array(z.string()), at: IsoTime });
export type TicketResolution = z.infer<typeof TicketResolution>;

/** A ticket as the pages see it. */
export const Ticket = z.object({
  id: z.string(),
  /** BX20261124-0007: per community and Shanghai day */
  no: z.string(),
  communityId: z.string(),
  /** 栋-单元-房号 */
  unit: z.string(),
  building: z.string(),
  state: TicketState,
  kind: TicketKind,
  scope: TicketScope,
  severity: Severity,
  /** complaints only */
  complaintClass: ComplaintClass.nullable(),
  description: z.string(),
  /** cloud file ids */
  photos: z.array(z.string()),
  /** ISO time +08:00 the owner asked for a visit */
  preferredAt: IsoTime.nullable(),
  reporterName: z.string().nullable(),
  /** masked (138****0001) except to the reporter and the assignee */
  reporterPhone: z.string().nullable(),
  assignee: z.string().nullable(),
  assigneeName: z.string().nullable(),
  /** who to ring about it: the assignee, else the steward who accepted it; null before anyone did */
  contact: StaffContact.nullable(),
  deadlines: TicketDeadlines,
  /** the earliest clock still running, coloured for the queue; null when none runs */
  nextDue: NextDue.nullable(),
  policyVersion: z.string(),
  /** shown to staff when a deadline fell in a year without holiday data (weekends only there) */
  calendarWarning: z.string().nullable(),
  /** class 2 complaints: the developer repairs, the steward follows up */
  developerFollowUp: z.boolean(),
  /** this ticket must be revisited by staff (every complaint/warranty; sampled repairs) */
  revisitRequired: z.boolean(),
  events: z.array(TicketEventView),
  revisit: TicketRevisit.nullable(),
  rating: TicketRating.nullable(),
  resolution: TicketResolution.nullable(),
  /** app: the owner reported it; phone / walk_in: a steward recorded it for the unit */
  channel: TicketChannel,
  /** what the caller may do to it now (drives the page's buttons) */
  allowed: z.array(TicketCommand),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type Ticket = z.infer<typeof Ticket>;

/** A ticket in a list: everything but the timeline. */
export const TicketSummary = Ticket.omit({ events: true });
export type TicketSummary = z.infer<typeof TicketSummary>;

export const AssignableStaff = z.object({
  openid: z.string(),
  name: z.string(),
  role: z.enum(['steward', 'lead', 'engineer', 'manager']),
  /** duty or area steward */
  kind: z.enum(['duty', 'area']).nullable(),
  buildings: z.array(z.string()),
});
export type AssignableStaff = z.infer<typeof AssignableStaff>;

// ----- service levels a lead may change (SPEC §2 per community, versioned) ------------------------

export const PolicyVersionRecord = z.object({
  version: z.string(),
  savedAt: IsoTime,
  savedByName: z.string().nullable(),
});

/** One year of the working-day calendar as the staff page shows it. */
export const CalendarYear = z.object({
  year: z.number().int(),
  /** package: chinese-days; override: entered by staff; none: weekends only */
  source: z.enum(['package', 'override', 'none']),
  /** the override as entered (empty for package or none) */
  holidays: z.array(z.string()),
  workdays: z.array(z.string()),
  updatedAt: IsoTime.nullable(),
  updatedByName: z.string().nullable(),
});
export type CalendarYear = z.infer<typeof CalendarYear>;

const CommunityInput = z
  .object({
    communityId: z
      .string()
      .regex(/^[a-z0-9_-]{1,32}$/)
      .optional(),
  })
  .strict();

const byId = z.object({ id: TicketId }).strict();
const ticketReply = z.object({ ticket: Ticket });

export const ticketActions = {
  /** an owner or resident reports; idempotent by requestId (a double tap makes one ticket) */
  create: {
    input: z
      .object({
        /** optional while the deployment has one community */
        communityId: z
          .string()
          .regex(/^[a-z0-9_-]{1,32}$/)
          .optional(),
        kind: TicketKind,
        scope: TicketScope,
        unit: UnitLabel,
        description: z.string().trim().min(5, '请至少描述 5 个字').max(500, '描述不能超过 500 字'),
        photos: Photos.default([]),
        /** ISO time with offset: the visit time the owner would like */
        preferredAt: IsoTime.optional(),
        severity: Severity.default('minor'),
        /** complaints only; unclassified counts as class 1 until a steward classifies it */
        complaintClass: ComplaintClass.optional(),
        /** a steward recording a call or a visit for the unit (staff only; the owner's own report is `app`) */
        channel: z.enum(['phone', 'walk_in']).optional(),
        /** who called or came, when a steward records it (else the unit's owner on record) */
        contactName: z.string().trim().min(1).max(20).optional(),
        contactPhone: Phone.optional(),
      })
      .strict()
      .refine((value) => value.kind === 'complaint' || value.complaintClass === undefined, {
        message: '只有投诉需要选择投诉分类',
        path: ['complaintClass'],
      })
      .refine((value) => value.channel !== undefined || (value.contactName === undefined && value.contactPhone === undefined), {
        message: '联系人只在管家代为登记时填写',
        path: ['contactName'],
      }),
    output: ticketReply,
  },
  get: { input: byId, output: ticketReply },
  list: {
    input: z
      .object({
        /** one state or several; default: every open state */
        state: z.union([TicketState, z.array(TicketState).min(1).max(10)]).optional(),
        kind: TicketKind.optional(),
        building: z.string().min(1).max(8).optional(),
        /** staff: only tickets assigned to the caller */
        assignee: z.literal('me').optional(),
        /** the owner view: tickets of the units the caller is bound to, newest first */
        mine: z.boolean().optional(),
        communityId: z
          .string()
          .regex(/^[a-z0-9_-]{1,32}$/)
          .optional(),
        /** from the previous page's nextCursor */
        cursor: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(50).default(20),
      })
      .strict()
      .optional()
      .default({ limit: 20 }),
    output: z.object({
      /** staff: ordered by time left on the next deadline (area stewards' buildings first); owners: newest first */
      tickets: z.array(TicketSummary),
      nextCursor: z.string().nullable(),
      /** staff only: this year or the next has no holiday data (deadlines there count weekends only) */
      calendarWarning: z.string().nullable(),
    }),
  },
  /** a steward claims it (受理); two claims, one wins */
  accept: { input: byId, output: ticketReply },
  /** dispatch to an engineer or steward of the community (a lead may change it later) */
  assign: { input: z.object({ id: TicketId, assignee: z.string().min(1).max(64) }).strict(), output: ticketReply },
  arrive: { input: byId, output: ticketReply },
  resolve: {
    input: z.object({ id: TicketId, note: Note(500), photos: Photos.optional() }).strict(),
    output: ticketReply,
  },
  /** staff's record of a phone or on-site revisit; a score of 2 or less reopens the ticket */
  revisit: {
    input: z.object({ id: TicketId, method: RevisitMethod, score: Rating.optional(), note: Note(500) }).strict(),
    output: ticketReply,
  },
  /** the owner's rating 1–5; 2 or less reopens the ticket */
  rate: {
    input: z.object({ id: TicketId, score: Rating, comment: z.string().trim().max(200).optional() }).strict(),
    output: ticketReply,
  },
  cancel: { input: byId, output: ticketReply },
  reject: { input: z.object({ id: TicketId, reason: Note(200) }).strict(), output: ticketReply },
  reopen: { input: z.object({ id: TicketId, reason: Note(200) }).strict(), output: ticketReply },
  /** a steward classes a complaint (1/2/3/major): the resolution deadline is recomputed, and it is routed */
  reclassify: {
    input: z
      .object({
        id: TicketId,
        complaintClass: ComplaintClass,
        /** the class the steward saw (null: unclassified); someone else changed it meanwhile → CONFLICT */
        seen: ComplaintClass.nullable().optional(),
        note: z.string().trim().max(200).optional(),
      })
      .strict(),
    output: ticketReply,
  },
  /** the working-day calendar by year, from last year to two years ahead (staff) */
  calendar: {
    input: z.object({}).strict().optional().default({}),
    output: z.object({
      years: z.array(CalendarYear),
      /** this year or the next without data */
      missingYears: z.array(z.number().int()),
      warning: z.string().nullable(),
      /** whether the caller may save a year (leads and managers) */
      canEdit: z.boolean(),
    }),
  },
  /** a lead enters a year's holidays and make-up working days (replaces that year whole) */
  saveCalendar: { input: CalendarOverride, output: z.object({ year: CalendarYear }) },
  /** the community's service levels in force, with their version and earlier versions */
  policy: {
    input: CommunityInput.optional().default({}),
    output: z.object({
      communityId: z.string(),
      version: z.string(),
      defaultVersion: z.string(),
      /** the community's override as saved, null while the default applies */
      override: SlaPolicyOverride.nullable(),
      spans: SlaSpans,
      history: z.array(PolicyVersionRecord),
      canEdit: z.boolean(),
    }),
  },
  /**
   * a lead saves a new version of the community's override; `baseVersion` is the version the
   * editor started from (someone else saved meanwhile → CONFLICT). Existing tickets keep theirs.
   */
  savePolicy: {
    input: z
      .object({
        communityId: z
          .string()
          .regex(/^[a-z0-9_-]{1,32}$/)
          .optional(),
        baseVersion: z.string().min(1).max(40),
        override: SlaPolicyOverride,
      })
      .strict(),
    output: z.object({ version: z.string(), spans: SlaSpans }),
  },
  /** engineers and stewards a ticket of the community can be assigned to */
  staffList: {
    input: z
      .object({
        communityId: z
          .string()
          .regex(/^[a-z0-9_-]{1,32}$/)
          .optional(),
      })
      .strict()
      .optional()
      .default({}),
    output: z.object({ staff: z.array(AssignableStaff) }),
  },
} as const;
