// The decoration figures of the monthly report (SPEC §12, manual 服务承诺 装修服务 100 %), in the
// report's group rows so the composer treats them like any other:
//   装修巡检率  inspected unit-days ÷ in-progress unit-days (the `decorationDays` ledger: a unit-day
//              is inspected when its inspection came by 18:00, missed when the sweep recorded a miss);
//   装修初验率 / 装修终验率  of the decorations whose work ended in the month (settled, or cancelled
//              with the deposit back), those with a passed 初验 / 终验 before the deposit went back.
// Every miss names its unit. Reads: one aggregation over the month's ledger (index community_month),
// its misses, and the month's ended decorations (index community_ended_month).
import type { FigureKey } from '../../../types/reports';
import { inspectByText } from '../../../types/decoration';
import type { DecorationDoc } from '../decoration/model';
import type { Database } from '../sdk';
import type { FigureDef } from './figures';
import type { GroupRow } from './pipeline';

export type DecorationFigureKey = 'decorationInspection' | 'decorationInitial' | 'decorationFinal';
export const DECORATION_FIGURES: readonly FigureKey[] = ['decorationInspection', 'decorationInitial', 'decorationFinal'];

export const DECORATION_FIGURE_DEFS: readonly FigureDef[] = [
  { key: 'decorationInspection', group: 'decoration', targetPercent: 100, sourced: true, note: () => `施工中的装修户每天 ${inspectByText} 前由区域管家巡查一遍` },
  { key: 'decorationInitial', group: 'decoration', targetPercent: 100, sourced: true, note: () => '本月完工结算（或取消退押金）的装修户中，退押金前完成初验的比例' },
  { key: 'decorationFinal', group: 'decoration', targetPercent: 100, sourced: true, note: () => '本月完工结算（或取消退押金）的装修户中，退押金前完成终验的比例' },
];

type Missed = GroupRow['missed'][number];

function rowFor(rows: Map<string, GroupRow>, building: string): GroupRow {
  let row = rows.get(building);
  if (!row) {
    row = { _id: { building, steward: null }, total: 0, cancelled: 0, rejected: 0, missed: [] };
    rows.set(building, row);
  }
  return row;
}

const bump = (row: GroupRow, name: string, by = 1) => {
  row[name] = (typeof row[name] === 'number' ? (row[name] as number) : 0) + by;
};

export async function monthDecorationGroups(database: Database, communityId: string, month: string): Promise<GroupRow[]> {
  const rows = new Map<string, GroupRow>();
  const [days, misses, ended] = await Promise.all([
    database
      .collection('decorationDays')
      .aggregate()
      .match({ communityId, month })
      .group({ _id: '$building', n: { $sum: 1 }, missed: { $sum: { $cond: ['$missed', 1, 0] } } })
      .limit(10_000)
      .end(),
    database
      .collection<{ decorationId: string; no: string; unit: string; building: string; day: string }>('decorationDays')
      .where({ communityId, month, missed: true })
      .limit(1000)
      .get(),
    database.collection<DecorationDoc>('decorations').where({ communityId, endedMonth: month }).limit(1000).get(),
  ]);
  for (const g of days.list as Array<{ _id: string; n: number; missed: number }>) {
    const row = rowFor(rows, String(g._id));
    bump(row, 'decorationInspectionIn', g.n);
    bump(row, 'decorationInspectionOk', g.n - g.missed);
  }
  for (const m of misses.data) {
    const row = rowFor(rows, m.building);
    const miss: Missed = {
      subject: 'decoration',
      id: m.decorationId,
      no: m.no,
      unit: m.unit,
      building: m.building,
      kind: 'decoration',
      state: 'in_progress',
      steward: null,
      createdAt: new Date(`${m.day}T18:00:00.000+08:00`),
      figures: ['decorationInspection'],
    };
    row.missed.push(miss);
  }
  for (const d of ended.data) {
    const row = rowFor(rows, d.building);
    const initial = d.acceptances.some((a) => a.stage === 'initial' && a.passed);
    const final = d.acceptances.some((a) => a.stage === 'final' && a.passed);
    bump(row, 'decorationInitialIn');
    bump(row, 'decorationFinalIn');
    if (initial) bump(row, 'decorationInitialOk');
    if (final) bump(row, 'decorationFinalOk');
    const figures = [...(initial ? [] : ['decorationInitial']), ...(final ? [] : ['decorationFinal'])];
    if (figures.length > 0) {
      row.missed.push({
        subject: 'decoration',
        id: d._id,
        no: d.no,
        unit: d.unit,
        building: d.building,
        kind: 'decoration',
        state: d.state,
        steward: null,
        createdAt: d.createdAt,
        figures,
      });
    }
  }
  return [...rows.values()];
}
