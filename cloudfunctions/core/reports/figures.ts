// The commitments the property promises (SPEC §2 服务承诺) as data, and the pure rules around a
// month: its Shanghai bounds, the archive deadline, and a figure's status from its counts. How each
// figure is counted per ticket is in pipeline.ts; docs/reports.md says the same in words.
import type { FigureGroup, FigureKey, FigureStatus } from '../../../types/reports';
import { type ServiceLevels, spanText, withinText as within } from '../../../types/sla';
import { DECORATION_FIGURE_DEFS, DECORATION_FIGURES } from './decoration';

export interface FigureDef {
  key: FigureKey;
  group: FigureGroup;
  /** met when numerator / denominator ≥ targetPercent / 100 */
  targetPercent: number;
  /** false: the product holds no data for it yet (shown as such, never as 0 % or 100 %) */
  sourced: boolean;
  /** what the figure promises, in the community's own service levels (never a literal time) */
  note: ((levels: ServiceLevels) => string) | null;
}

/** In the order the page and the export show them. */
export const FIGURES: readonly FigureDef[] = [
  { key: 'response', group: 'response', targetPercent: 100, sourced: true, note: ({ tickets: t }) => `所有报事报修 ${within(t.respond.span)}首次有效响应` },
  { key: 'complaintHandled', group: 'complaint', targetPercent: 95, sourced: true, note: null },
  {
    key: 'complaintOnTime',
    group: 'complaint',
    targetPercent: 95,
    sourced: true,
    note: ({ tickets: t }) => `一般投诉 ${spanText(t.resolve.complaint.general.span)}、重大投诉 ${within(t.resolve.complaint.major.span)}处理完毕；重新处理的投诉不计为及时`,
  },
  { key: 'complaintRevisit', group: 'complaint', targetPercent: 100, sourced: true, note: ({ tickets: t }) => `投诉处理后 ${within(t.revisit.complaint.span)}回访` },
  { key: 'complaintOnSite', group: 'complaint', targetPercent: 30, sourced: true, note: () => '投诉回访中至少 30% 为上门回访' },
  {
    key: 'repairOnTime',
    group: 'repair',
    targetPercent: 98,
    sourced: true,
    note: ({ tickets: t }) =>
      `${within(t.respond.span)}响应、受理后 ${spanText(t.arrive.repair.span)}或约定时间到场、小修${within(t.resolve.repair.minor.span)}修好、大修 ${within(t.resolve.repair.major.span)}；返修不计为及时`,
  },
  { key: 'repairSatisfaction', group: 'repair', targetPercent: 95, sourced: true, note: () => '业主评价或回访评分 4–5 分为满意；重新处理视为不满意' },
  { key: 'repairRevisit', group: 'repair', targetPercent: 50, sourced: true, note: () => '维修完成后回访（含业主线上评价），抽样不少于 50%' },
  { key: 'warrantyRevisit', group: 'warranty', targetPercent: 100, sourced: true, note: ({ tickets: t }) => `房屋质量遗留问题处理完毕后${within(t.revisit.warranty.span)}回访` },
  { key: 'infoFeedback', group: 'information', targetPercent: 100, sourced: true, note: ({ questions: q }) => `业主咨询 ${within(q.firstAnswer)}得到首次答复（或告知需核实）` },
  {
    key: 'infoHandled',
    group: 'information',
    targetPercent: 95,
    sourced: true,
    note: ({ questions: q }) => `咨询 ${within(q.firstAnswer)}答复，复杂问题 ${within(q.complexAnswer)}给出初步解决方案`,
  },
  ...DECORATION_FIGURE_DEFS,
];

/** The figures counted from questions (SPEC §6); every other one from tickets. */
export const QUESTION_FIGURES: readonly FigureKey[] = ['infoFeedback', 'infoHandled'];
export const TICKET_FIGURES = FIGURES.filter((f) => f.sourced && !QUESTION_FIGURES.includes(f.key) && !DECORATION_FIGURES.includes(f.key)).map((f) => f.key);

export const GROUPS: readonly FigureGroup[] = ['response', 'complaint', 'repair', 'warranty', 'information'];

const SHANGHAI_MS = 8 * 3600_000;

/** The month's bounds: [first day 00:00, next month's first day 00:00) in Shanghai. */
export function monthBounds(month: string): { start: Date; end: Date } {
  const [year, mon] = month.split('-').map(Number);
  return {
    start: new Date(Date.UTC(year, mon - 1, 1) - SHANGHAI_MS),
    end: new Date(Date.UTC(year, mon, 1) - SHANGHAI_MS),
  };
}

/** The month containing `now` in Shanghai, YYYY-MM. */
export function monthOf(now: Date): string {
  const shifted = new Date(now.getTime() + SHANGHAI_MS);
  return `${shifted.getUTCFullYear()}-${String(shifted.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The seed: "每月底将客服部记录按时存档，要求次月5日前完成" — by the end of the 5th of the next month. */
export function archiveDueBy(month: string): Date {
  const [year, mon] = month.split('-').map(Number);
  return new Date(Date.UTC(year, mon, 6) - SHANGHAI_MS - 1);
}

/** An archive counts from the month's end (a file taken mid-month misses later tickets). */
export function archiveStatus(month: string, archivedAt: Date[], now: Date): FigureStatus {
  const { end } = monthBounds(month);
  const due = archiveDueBy(month);
  if (archivedAt.some((at) => at >= end && at <= due)) return 'met';
  return now > due ? 'not_met' : 'no_data';
}

/** Integer comparison (no floating point): numerator / denominator ≥ target %. */
export function figureStatus(def: Pick<FigureDef, 'targetPercent' | 'sourced'>, numerator: number, denominator: number): FigureStatus {
  if (!def.sourced) return 'unavailable';
  if (denominator === 0) return 'no_data';
  return numerator * 100 >= def.targetPercent * denominator ? 'met' : 'not_met';
}

export const rateOf = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : numerator / denominator);
