// The monthly report's front desk figures (SPEC §14), counted in the database, one read each side
// by side: visitors let in with an owner's invitation and walk-ins registered in the month (and
// those closed at day end without an exit), key loans due in the month that came back late or are
// still out past due, and the month's last stock-take with its differences.
import type { FrontdeskFigures } from '../../../types/reports';
import { KEY_LOANS, KEY_STOCK_TAKES } from '../keys/data';
import type { StockTakeDoc } from '../keys/model';
import type { Database } from '../sdk';
import { VISITS } from '../visitors/data';
import { monthBounds } from './figures';

export async function frontdeskFigures(database: Database, communityId: string, month: string, now: Date): Promise<FrontdeskFigures> {
  const _ = database.command;
  const { start, end } = monthBounds(month);
  const [visits, loans, takes] = await Promise.all([
    database
      .collection(VISITS)
      .aggregate()
      // admitted visits by the register's day (index community_day_from)
      .match({ communityId, day: _.and(_.gte(`${month}-01`), _.lte(`${month}-31`)), state: _.in(['inside', 'left', 'closed']) })
      .group({
        _id: null,
        invited: { $sum: { $cond: [{ $eq: ['$kind', 'invited'] }, 1, 0] } },
        walkIns: { $sum: { $cond: [{ $eq: ['$kind', 'walk_in'] }, 1, 0] } },
        flagged: { $sum: { $cond: ['$flagged', 1, 0] } },
      })
      .end(),
    database
      .collection(KEY_LOANS)
      .aggregate()
      .match({ communityId, dueBack: _.and(_.gte(start), _.lt(end), _.lt(now)), state: _.in(['out', 'returned']) })
      .group({
        _id: null,
        // still out past due, or back after it was due
        overdue: { $sum: { $cond: [{ $or: [{ $eq: ['$state', 'out'] }, { $gt: ['$returnedAt', '$dueBack'] }] }, 1, 0] } },
        stillOut: { $sum: { $cond: [{ $eq: ['$state', 'out'] }, 1, 0] } },
      })
      .end(),
    database
      .collection<StockTakeDoc>(KEY_STOCK_TAKES)
      .where({ communityId, at: _.and(_.gte(start), _.lt(end)) })
      .orderBy('at', 'desc')
      .limit(1)
      .get(),
  ]);
  const v = (visits.list[0] ?? {}) as { invited?: number; walkIns?: number; flagged?: number };
  const l = (loans.list[0] ?? {}) as { overdue?: number; stillOut?: number };
  const take = takes.data[0];
  return {
    invitedVisitors: v.invited ?? 0,
    walkIns: v.walkIns ?? 0,
    closedWithoutExit: v.flagged ?? 0,
    overdueLoans: l.overdue ?? 0,
    overdueStillOut: l.stillOut ?? 0,
    stockTake: take
      ? {
          keys: take.lines.length,
          differences: take.lines.filter((line) => line.found !== line.expected).map((line) => ({ tag: line.tag, expected: line.expected, found: line.found })),
        }
      : null,
  };
}
