// The router's own records hold personal data: an idempotency reply (`requests`) carries what the
// create answered (a binding's phone, a ticket's reporter), a rate-limit counter (`rateLimits`) the
// caller's openid. They are kept only as long as they serve (a retry within a day; the current
// minute), are removed by a bounded clean-up the SLA sweep runs, and deleteMyData erases them.
import { deletable, registerPersonalData } from '../privacy';
import type { Database } from '../sdk';
import { REQUEST_TTL_MS } from './idempotency';
import { RATE_WINDOW_TTL_MS } from './rateLimit';

export interface RetentionReport {
  requests: number;
  rateLimits: number;
  /** true when the batch limit was reached with expired rows possibly left (the next run goes on) */
  stoppedEarly: boolean;
}

const PAGE = 100;

/**
 * Removes up to `maxBatches` pages of expired rows per collection, oldest first, through an index
 * on the time field (the query reads only expired rows). The remove is by id and repeats the
 * expiry condition, so a row written again meanwhile is not lost, and two runs at once are harmless.
 */
export async function expireRouterRecords(database: Database, now: Date, maxBatches = 20): Promise<RetentionReport> {
  const report: RetentionReport = { requests: 0, rateLimits: 0, stoppedEarly: false };
  const _ = database.command;
  const targets = [
    { collection: 'requests', field: 'createdAt', before: new Date(now.getTime() - REQUEST_TTL_MS), key: 'requests' as const },
    { collection: 'rateLimits', field: 'windowStart', before: new Date(now.getTime() - RATE_WINDOW_TTL_MS), key: 'rateLimits' as const },
  ];
  for (const target of targets) {
    let batches = 0;
    for (;;) {
      if (batches >= maxBatches) {
        report.stoppedEarly = true;
        break;
      }
      batches += 1;
      const expired = { [target.field]: _.lt(target.before) };
      const page = await database.collection<{ _id: string }>(target.collection).where(expired).orderBy(target.field, 'asc').field({ _id: true }).limit(PAGE).get();
      if (page.data.length === 0) break;
      const removed = await database
        .collection(target.collection)
        .where({ _id: _.in(page.data.map((d) => d._id)), ...expired })
        .remove();
      report[target.key] += removed.stats.removed;
      if (page.data.length < PAGE) break;
    }
  }
  return report;
}

registerPersonalData(deletable('requests', 'requests'));
registerPersonalData(deletable('rateLimits', 'rateLimits'));
