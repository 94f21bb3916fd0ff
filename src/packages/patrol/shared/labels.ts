// Chinese labels of the patrol's states (SPEC §13), used by its pages.
import type { HandoverState, LogState, ProblemState } from '../../../../types/patrol';

export const problemStateLabels: Record<ProblemState, string> = { open: '待处理', reported: '已上报值班管家', ticketed: '已转工单', handled: '已处理' };
export const logStateLabels: Record<LogState, string> = { draft: '未提交', submitted: '已提交', reviewed: '已审阅' };
export const handoverStateLabels: Record<HandoverState, string> = { open: '值班中', submitted: '待接班确认', disputed: '接班人有异议', accepted: '已交接' };
export const percent = (value: number | null): string => (value === null ? '—' : `${Math.round(value * 100)}%`);
