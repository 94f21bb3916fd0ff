// The monthly report's patrol figures (SPEC §13): patrol completion, vacant units checked this
// month, problems closed within 3 days, handovers completed on time. Counted in the database
// (aggregations grouped to one row each), like the report's other figures.
import { HANDOVER_GRACE, PROBLEM_ESCALATE_AFTER, type PatrolFigures } from '../../../types/patrol';
import { spanMs } from '../../../types/sla';
import { coverage } from '../patrol/coverage';
import { HANDOVERS, PROBLEMS, VACANT_CHECKS } from '../patrol/model';
import { vacantUnits } from '../patrol/vacant';
import type { Database } from '../sdk';
import { shanghaiDate } from '../time';
import { monthBounds } from './figures';

const rate = (n: number, of: number) => ({ n, of, rate: of === 0 ? null : n / of });

export async function patrolFigures(database: Database, communityId: string, month: string, now: Date): Promise<PatrolFigures> {
  const _ = database.command;
  const { start, end } = monthBounds(month);
  const until = now.getTime() < end.getTime() ? now : new Date(end.getTime() - 1);
  const first = `${month}-01`;
  const last = shanghaiDate(until);
  const [cover, units, checked, problems, handovers] = await Promise.all([
    last >= first ? coverage(database, communityId, first, last) : Promise.resolve({ rows: [], areas: [] }),
    vacantUnits(database, communityId, null),
    database
      .collection(VACANT_CHECKS)
      .aggregate()
      .match({ communityId, month })
      .group({ _id: '$unit' })
      .group({ _id: null, n: { $sum: 1 } })
      .end(),
    database
      .collection(PROBLEMS)
      .aggregate()
      .match({ communityId, foundAt: _.and(_.gte(start), _.lt(end)) })
      .group({
        _id: null,
        of: { $sum: 1 },
        n: { $sum: { $cond: [{ $and: [{ $eq: ['$state', 'handled'] }, { $lte: [{ $subtract: ['$handledAt', '$foundAt'] }, spanMs(PROBLEM_ESCALATE_AFTER)] }] }, 1, 0] } },
      })
      .end(),
    database
      .collection(HANDOVERS)
      .aggregate()
      .match({ communityId, at: _.and(_.gte(start), _.lt(end), _.lte(new Date(now.getTime() - spanMs(HANDOVER_GRACE)))) })
      .group({
        _id: null,
        of: { $sum: 1 },
        n: { $sum: { $cond: [{ $and: [{ $eq: ['$state', 'accepted'] }, { $lte: [{ $subtract: ['$acceptedAt', '$at'] }, spanMs(HANDOVER_GRACE)] }] }, 1, 0] } },
      })
      .end(),
  ]);
  const done = cover.rows.reduce((sum, r) => sum + (r.required > 0 ? Math.min(r.done, r.required) : 0), 0);
  const required = cover.rows.reduce((sum, r) => sum + r.required, 0);
  const one = (list: Array<Record<string, unknown>>) => (list[0] ?? { n: 0, of: 0 }) as { n: number; of: number };
  return {
    completion: rate(done, required),
    vacantChecked: rate(one(checked.list).n ?? 0, units.length),
    problemsClosed: rate(one(problems.list).n, one(problems.list).of),
    handoversOnTime: rate(one(handovers.list).n, one(handovers.list).of),
  };
}
