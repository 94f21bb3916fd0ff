// `deliverOnce`'s push markers (`deliveries`, a hash and a date, no personal data) serve only while
// a notice may be attempted again: a sweep's lease is resumed at most 3 times, minutes apart
// (core/workflow/sweep.ts). A week covers that with room; older markers are removed by the SLA
// sweep, a bounded number of pages per run, through the `at` index (only expired rows are read).
import type { Database } from '../sdk';
import { DELIVERIES } from './model';

export const DELIVERY_TTL_MS = 7 * 24 * 60 * 60_000;

export async function expireDeliveries(database: Database, now: Date, maxBatches = 20): Promise<number> {
  const _ = database.command;
  const expired = { at: _.lt(new Date(now.getTime() - DELIVERY_TTL_MS)) };
  let removed = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const page = await database.collection<{ _id: string }>(DELIVERIES).where(expired).orderBy('at', 'asc').field({ _id: true }).limit(100).get();
    if (page.data.length === 0) break;
    const gone = await database
      .collection(DELIVERIES)
      .where({ _id: _.in(page.data.map((d) => d._id)), ...expired })
      .remove();
    removed += gone.stats.removed;
    if (page.data.length < 100) break;
  }
  return removed;
}
