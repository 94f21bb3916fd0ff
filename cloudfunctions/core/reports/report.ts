// Assembles the month's figures from the database's group rows: totals, the splits by building
// and steward, and the tickets behind each miss. The rows are few (one per building and steward),
// so this is the only part done in the function. Pure.
import type { Figure, FigureKey, FigureSplit, MissedTicket } from '../../../types/reports';
import type { QuestionState } from '../../../types/questions';
import type { DecorationState } from '../../../types/decoration';
import type { TicketKind, TicketState } from '../../../types/tickets';
import type { ServiceLevels } from '../../../types/sla';
import { toShanghaiIso } from '../time';
import { FIGURES, figureStatus, rateOf } from './figures';
import { counter, type GroupRow } from './pipeline';

/** The page and the export show this many missed tickets per figure; the count is always whole. */
export const MISSED_SHOWN = 200;

export const UNACCEPTED = '未受理';
export const UNKNOWN_STAFF = '（已不在本小区）';

export function buildingLabel(building: string): string {
  return `${building}栋`;
}

export function stewardLabel(openid: string | null, names: ReadonlyMap<string, string>): string {
  if (openid === null) return UNACCEPTED;
  return names.get(openid) ?? UNKNOWN_STAFF;
}

const byNumber = (a: string, b: string) => {
  const na = Number(a);
  const nb = Number(b);
  return Number.isFinite(na) && Number.isFinite(nb) ? na - nb : a.localeCompare(b, 'zh');
};

function split(rows: GroupRow[], key: FigureKey, keyOf: (row: GroupRow) => string | null, labelOf: (k: string | null) => string): FigureSplit[] {
  const sums = new Map<string | null, { numerator: number; denominator: number }>();
  for (const row of rows) {
    const k = keyOf(row);
    const sum = sums.get(k) ?? { numerator: 0, denominator: 0 };
    sum.numerator += counter(row, `${key}Ok`);
    sum.denominator += counter(row, `${key}In`);
    sums.set(k, sum);
  }
  return [...sums.entries()]
    .filter(([, s]) => s.denominator > 0)
    .map(([k, s]) => ({ key: k, label: labelOf(k), numerator: s.numerator, denominator: s.denominator, rate: rateOf(s.numerator, s.denominator) }))
    .sort((a, b) => (a.key === null ? 1 : b.key === null ? -1 : 0) || byNumber(a.label, b.label));
}

export interface Figures {
  figures: Figure[];
  tickets: { total: number; cancelled: number; rejected: number };
  questions: number;
}

export function buildFigures(rows: GroupRow[], names: ReadonlyMap<string, string>, levels: ServiceLevels): Figures {
  const missedAll: MissedTicket[] = rows
    .flatMap((row) => row.missed)
    .map((m) => ({
      subject: m.subject,
      id: m.id,
      no: m.no,
      unit: m.unit,
      building: m.building,
      kind: m.kind as TicketKind | 'question' | 'decoration',
      state: m.state as TicketState | QuestionState | DecorationState,
      stewardName: m.steward === null ? null : stewardLabel(m.steward, names),
      createdAt: toShanghaiIso(new Date(m.createdAt)),
      figures: m.figures as FigureKey[],
    }))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.no.localeCompare(b.no));

  const figures = FIGURES.map((def): Figure => {
    if (!def.sourced) {
      return {
        key: def.key,
        group: def.group,
        targetPercent: def.targetPercent,
        status: 'unavailable',
        numerator: 0,
        denominator: 0,
        rate: null,
        pending: 0,
        byBuilding: [],
        bySteward: [],
        missedCount: 0,
        missed: [],
        note: def.note?.(levels) ?? null,
      };
    }
    let numerator = 0;
    let denominator = 0;
    let pending = 0;
    for (const row of rows) {
      numerator += counter(row, `${def.key}Ok`);
      denominator += counter(row, `${def.key}In`);
      pending += counter(row, `${def.key}Pending`);
    }
    const missed = missedAll.filter((m) => m.figures.includes(def.key));
    return {
      key: def.key,
      group: def.group,
      targetPercent: def.targetPercent,
      status: figureStatus(def, numerator, denominator),
      numerator,
      denominator,
      rate: rateOf(numerator, denominator),
      pending,
      byBuilding: split(
        rows,
        def.key,
        (r) => r._id.building,
        (b) => buildingLabel(b ?? ''),
      ),
      bySteward: split(
        rows,
        def.key,
        (r) => r._id.steward,
        (s) => stewardLabel(s, names),
      ),
      missedCount: missed.length,
      missed: missed.slice(0, MISSED_SHOWN),
      note: def.note?.(levels) ?? null,
    };
  });
  const sum = (name: string) => rows.reduce((n, row) => n + counter(row, name), 0);
  return { figures, tickets: { total: sum('total'), cancelled: sum('cancelled'), rejected: sum('rejected') }, questions: sum('questions') };
}
