import { z } from 'zod';
import { CalendarDate, CommunityId, Id, IsoTime, UnitLabel } from './common';

// The quarterly satisfaction survey (业主意见征询表), its follow-ups and the annual household visit
// (业户访问记录), SPEC §15.

/** The service areas asked about unless the lead sets others. */
export const DEFAULT_SURVEY_AREAS = [
  { key: 'customer_service', label: '客户服务' },
  { key: 'repairs', label: '维修服务' },
  { key: 'security', label: '安全秩序' },
  { key: 'cleaning', label: '环境卫生' },
  { key: 'greening', label: '绿化养护' },
] as const;

/** The target: the quarter's average satisfaction (服务承诺: 季度满意度 ≥ 90 %). */
export const SATISFACTION_TARGET_PERCENT = 90;
/** A score at or below this in any area is "dissatisfied" and opens a follow-up. */
export const DISSATISFIED_AT_MOST = 2;
/**
 * How a 1–5 score reads as a percentage: score ÷ 5 × 100 (5 = 100 %, 4 = 80 %, 3 = 60 % …), so the
 * 90 % target is an average score of 4.5.
 */
export const scorePercent = (score: number) => (score / 5) * 100;

export const Quarter = z.string().regex(/^20\d{2}-Q[1-4]$/, '季度格式应为 年-Q季度，例如 2026-Q4');

export const SurveyArea = z.object({
  key: z.string().regex(/^[a-z_]{2,24}$/),
  label: z.string().trim().min(2).max(12),
});
export type SurveyArea = z.infer<typeof SurveyArea>;

export const Survey = z.object({
  id: z.string(),
  communityId: z.string(),
  quarter: Quarter,
  areas: z.array(SurveyArea),
  state: z.enum(['open', 'closed']),
  openedAt: IsoTime,
});
export type Survey = z.infer<typeof Survey>;

export const FollowupState = z.enum(['open', 'communicated', 'handled', 'closed']);
export type FollowupState = z.infer<typeof FollowupState>;
export const FollowupStep = z.enum(['communicate', 'handle', 'revisit']);
export type FollowupStep = z.infer<typeof FollowupStep>;

export const Followup = z.object({
  id: z.string(),
  surveyId: z.string(),
  quarter: Quarter,
  unit: z.string(),
  building: z.string(),
  /** the areas scored ≤ 2, with their scores */
  low: z.array(z.object({ key: z.string(), label: z.string(), score: z.number().int() })),
  comment: z.string(),
  state: FollowupState,
  dueAt: IsoTime,
  steps: z.array(z.object({ step: FollowupStep, note: z.string(), byName: z.string().nullable(), at: IsoTime })),
  rev: z.number().int(),
});
export type Followup = z.infer<typeof Followup>;

export const AreaFigure = z.object({ key: z.string(), label: z.string(), answers: z.number().int(), average: z.number().nullable(), percent: z.number().nullable() });
export const SurveyResults = z.object({
  survey: Survey,
  households: z.number().int(),
  answered: z.number().int(),
  /** all areas together, 1–5 and as % (scorePercent) against the target */
  average: z.number().nullable(),
  percent: z.number().nullable(),
  target: z.number(),
  met: z.boolean().nullable(),
  byArea: z.array(AreaFigure),
  byBuilding: z.array(z.object({ building: z.string(), answered: z.number().int(), households: z.number().int(), average: z.number().nullable(), percent: z.number().nullable() })),
  followups: z.object({ opened: z.number().int(), closed: z.number().int() }),
});
export type SurveyResults = z.infer<typeof SurveyResults>;

export const VisitCoverage = z.object({
  year: z.number().int(),
  households: z.number().int(),
  visited: z.number().int(),
  percent: z.number().nullable(),
  byBuilding: z.array(z.object({ building: z.string(), households: z.number().int(), visited: z.number().int(), percent: z.number().nullable() })),
});
export type VisitCoverage = z.infer<typeof VisitCoverage>;

const Note = z.string().trim().min(1, '请填写内容').max(500);

export const surveyActions = {
  /** the lead sets the community's areas (from the next survey on) */
  setAreas: { input: z.object({ communityId: CommunityId.optional(), areas: z.array(SurveyArea).min(1).max(10) }).strict(), output: z.object({ areas: z.array(SurveyArea) }) },
  /** the lead opens the quarter's survey (once per quarter) */
  open: { input: z.object({ communityId: CommunityId.optional(), quarter: Quarter }).strict(), output: z.object({ survey: Survey }) },
  /** the lead closes it */
  close: { input: z.object({ id: Id }).strict(), output: z.object({ survey: Survey }) },
  /** an owner: the open surveys of their households, each with whether it is answered */
  mine: {
    input: z.object({}).strict().optional().default({}),
    output: z.object({ surveys: z.array(z.object({ survey: Survey, unit: z.string(), answered: z.boolean() })) }),
  },
  /** an owner answers for a household that has taken possession: once per household and quarter */
  answer: {
    input: z
      .object({
        id: Id,
        unit: UnitLabel,
        scores: z.record(z.string(), z.number().int().min(1, '评分为 1–5').max(5, '评分为 1–5')),
        comment: z.string().trim().max(500).default(''),
      })
      .strict(),
    output: z.object({ answered: z.boolean(), followupOpened: z.boolean() }),
  },
  results: { input: z.object({ id: Id }).strict(), output: SurveyResults },
  /** staff: the follow-ups of dissatisfied answers, open ones first */
  followups: {
    input: z
      .object({ communityId: CommunityId.optional(), state: z.enum(['open', 'all']).default('open') })
      .strict()
      .optional()
      .default({ state: 'open' }),
    output: z.object({ followups: z.array(Followup) }),
  },
  /** a steward records the next step: communication, handling, then the revisit that closes it */
  advanceFollowup: { input: z.object({ id: Id, rev: z.number().int().min(0), step: FollowupStep, note: Note }).strict(), output: z.object({ followup: Followup }) },
  /** an area steward records a household visit (业户访问记录) */
  recordVisit: {
    input: z.object({ communityId: CommunityId.optional(), unit: UnitLabel, date: CalendarDate, notes: Note, issues: z.string().trim().max(500).default('') }).strict(),
    output: z.object({ visit: z.object({ id: z.string(), unit: z.string(), date: CalendarDate, notes: z.string(), issues: z.string(), byName: z.string().nullable() }) }),
  },
  /** the year's visit coverage by building */
  visitCoverage: { input: z.object({ communityId: CommunityId.optional(), year: z.number().int().min(2000).max(2100) }).strict(), output: VisitCoverage },
} as const;
