// Shared by the sweeps that claim an alert and then deliver it (tickets' slaSweep, questionSweep):
// an alert in hand is held by a lease in `alertLeases` until its notices are delivered, so that a
// run dying in between leaves it to be resumed instead of lost (docs/rules.md, The SLA sweep).
import type { Database } from '../sdk';
import { DELIVERIES } from './model';

/** The collection of leases; index (source, until) finds the expired ones of each sweep. */
export const ALERT_LEASES = 'alertLeases';

/**
 * How long a lease protects an alert in hand: well past the sweeps' 60-second limit (their
 * config.json), so a lease this old belongs to a dead run.
 */
export const LEASE_MS = 2 * 60_000;

/** Thrown by the sweeps' test hook (`crashAfterClaims`): the instance is gone. */
export class SweepCrash extends Error {}

/**
 * `deliverOnce`'s markers serve only while a notice may be attempted again: a lease is resumed at
 * most 3 times, minutes apart. A week covers that with room; older markers are removed by the SLA
 * sweep, a bounded number of pages per run, through the `at` index (only expired rows are read).
 */
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
