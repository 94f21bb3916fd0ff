import { z } from 'zod';
import { CommunityId, IsoTime } from './common';
import { QuestionState } from './questions';
import { DecorationState } from './decoration';
import { TicketKind, TicketState } from './tickets';

// The monthly commitments report (SPEC §2 服务承诺, §8): each promised figure of one community and
// month, computed from the tickets, with its target and whether it is met. How each figure is
// counted is written down in docs/reports.md; the keys here are the names used there.

/** The figures the property promises in writing (SPEC §2), by key. */
export const FigureKey = z.enum([
  /** any owner request: first effective response within 1 hour, 100 % */
  'response',
  /** valid complaints handled, ≥95 % */
  'complaintHandled',
  /** valid complaints handled within 3 / 7 working days, ≥95 % */
  'complaintOnTime',
  /** handled complaints revisited, 100 % */
  'complaintRevisit',
  /** complaint revisits made on site, ≥30 % */
  'complaintOnSite',
  /** repairs on time (response, arrival, repair), ≥98 % */
  'repairOnTime',
  /** repairs whose owner is satisfied, ≥95 % */
  'repairSatisfaction',
  /** repairs revisited, ≥50 % */
  'repairRevisit',
  /** house-quality (warranty) issues revisited, 100 % */
  'warrantyRevisit',
  /** information feedback on time, 100 % (questions) */
  'infoFeedback',
  /** information handled on time, ≥95 % (questions) */
  'infoHandled',
  /** inspected unit-days ÷ in-progress unit-days, 100 % (decoration, SPEC §12) */
  'decorationInspection',
  /** finished decorations that had their 初验, 100 % */
  'decorationInitial',
  /** finished decorations that had their 终验, 100 % */
  'decorationFinal',
]);
export type FigureKey = z.infer<typeof FigureKey>;

/** The sheets of the export and the sections of the page. */
export const FigureGroup = z.enum(['response', 'complaint', 'repair', 'warranty', 'information', 'decoration']);
export type FigureGroup = z.infer<typeof FigureGroup>;

/**
 * met / not_met against the target; `no_data` when nothing of the month could be counted yet
 * (denominator 0); `unavailable` when the product has no source for the figure yet.
 */
export const FigureStatus = z.enum(['met', 'not_met', 'no_data', 'unavailable']);
export type FigureStatus = z.infer<typeof FigureStatus>;

/** YYYY-MM, a Shanghai calendar month. */
export const Month = z.string().regex(/^(20\d{2})-(0[1-9]|1[0-2])$/, '月份格式应为 年-月，例如 2026-11');

export const FigureSplit = z.object({
  /** a building number, or a steward's openid (null: not yet accepted by anyone) */
  key: z.string().nullable(),
  /** 1栋 / the steward's name / 未受理 */
  label: z.string(),
  numerator: z.number().int(),
  denominator: z.number().int(),
  /** numerator / denominator, null when the denominator is 0 */
  rate: z.number().nullable(),
});
export type FigureSplit = z.infer<typeof FigureSplit>;

/** A ticket (or, for information feedback, a question) behind a missed count, and why it missed. */
export const MissedTicket = z.object({
  /** which page opens it: the ticket detail, or the question's thread */
  subject: z.enum(['ticket', 'question', 'decoration']),
  id: z.string(),
  no: z.string(),
  unit: z.string(),
  building: z.string(),
  /** `question` for a question */
  kind: z.union([TicketKind, z.literal('question'), z.literal('decoration')]),
  state: z.union([TicketState, QuestionState, DecorationState]),
  stewardName: z.string().nullable(),
  /** ISO time +08:00 it was submitted (asked) */
  createdAt: IsoTime,
  /** the figures it counts against */
  figures: z.array(FigureKey),
});
export type MissedTicket = z.infer<typeof MissedTicket>;

export const Figure = z.object({
  key: FigureKey,
  group: FigureGroup,
  /** the promised rate in percent (≥ target is met) */
  targetPercent: z.number().int(),
  status: FigureStatus,
  numerator: z.number().int(),
  denominator: z.number().int(),
  rate: z.number().nullable(),
  /** tickets of the month this figure will count once their clock has run out or they are done */
  pending: z.number().int(),
  byBuilding: z.array(FigureSplit),
  bySteward: z.array(FigureSplit),
  /** how many tickets counted against it (in the denominator, not in the numerator) */
  missedCount: z.number().int(),
  /** the first of them (up to 200), oldest first */
  missed: z.array(MissedTicket),
  /** why a figure is unavailable, or a remark on how it is counted */
  note: z.string().nullable(),
});
export type Figure = z.infer<typeof Figure>;

/** One archived export of the month (SPEC §2: records archived by the 5th of the next month). */
export const ReportArchive = z.object({
  id: z.string(),
  fileID: z.string(),
  /** a temporary download link (cloud storage), null when storage could not give one */
  url: z.string().nullable(),
  fileName: z.string(),
  createdAt: IsoTime,
  byName: z.string().nullable(),
});
export type ReportArchive = z.infer<typeof ReportArchive>;

/** The front desk's month (SPEC §14; core/reports/frontdesk.ts): counted, the seeds set no target. */
export const FrontdeskFigures = z.object({
  /** visitors let in with an owner's invitation */
  invitedVisitors: z.number().int(),
  /** the walk-in register's entries */
  walkIns: z.number().int(),
  /** visits closed at day end without an exit recorded */
  closedWithoutExit: z.number().int(),
  /** key loans due in the month that came back late or are still out past due */
  overdueLoans: z.number().int(),
  overdueStillOut: z.number().int(),
  /** the month's last stock-take: keys counted and the lines that differ */
  stockTake: z.object({ keys: z.number().int(), differences: z.array(z.object({ tag: z.string(), expected: z.number().int(), found: z.number().int() })) }).nullable(),
});
export type FrontdeskFigures = z.infer<typeof FrontdeskFigures>;

export const MonthlyReport = z.object({
  communityId: z.string(),
  communityName: z.string(),
  month: z.string(),
  /** the instant the figures were taken at (ISO +08:00): clocks still running then are pending */
  asOf: IsoTime,
  /** tickets submitted in the month: all, and those withdrawn or refused (left out of every figure but response) */
  tickets: z.object({ total: z.number().int(), cancelled: z.number().int(), rejected: z.number().int() }),
  /** questions asked in the month (information feedback) */
  questions: z.number().int(),
  figures: z.array(Figure),
  /** the archive duty: due by the end of the 5th of the next month */
  archive: z.object({
    dueBy: IsoTime,
    /** met: archived by the due time; not_met: not (or late); no_data: not yet due and not archived */
    status: FigureStatus,
    archives: z.array(ReportArchive),
  }),
  /** the caller may export (leads and managers) */
  canExport: z.boolean(),
  /** the front desk's counts (absent from reports composed before issue 17) */
  frontdesk: FrontdeskFigures.optional(),
});
export type MonthlyReport = z.infer<typeof MonthlyReport>;

const reportTarget = z
  .object({
    month: Month,
    /** default: the community of the caller's first staff post that may read reports */
    communityId: CommunityId.optional(),
  })
  .strict();

export const reportActions = {
  /** the month's figures against their targets, split by building and steward, with the missed tickets */
  monthly: { input: reportTarget, output: MonthlyReport },
  /** writes the month as an .xlsx to cloud storage and archives it; idempotent by requestId */
  export: { input: reportTarget, output: z.object({ archive: ReportArchive }) },
} as const;
