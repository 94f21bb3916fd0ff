// The visitors' part of the front desk timer (frontdeskSweep): invitations past their window are
// expired, visits still inside at the end of their day are closed and flagged, and the visitor's
// details are erased VISITOR_DATA_KEEP after the visit (the row and its counts stay). It reads only
// visits that are due (indexed on `nextDueAt`) through the sweep runner (core/workflow/sweep.ts);
// every change is the conditional write, so two runs at once change each visit once.
import { AppError } from '../router/errors';
import type { Database } from '../sdk';
import { type Faults, type LeaseDoc, runSweep } from '../workflow/sweep';
import { VISITS, writeVisit } from './data';
import type { VisitDoc, VisitEventDoc } from './model';
import { decideVisit } from './states';

export interface VisitSweepResult {
  read: number;
  expired: number;
  closed: number;
  erased: number;
}

const SYSTEM = { id: 'system', role: 'system' as const };

export async function sweepVisits(database: Database, options: { now: Date; budgetMs?: number; faults?: Faults }): Promise<VisitSweepResult> {
  const result: VisitSweepResult = { read: 0, expired: 0, closed: 0, erased: 0 };
  const stats = await runSweep<VisitDoc, LeaseDoc>(
    database,
    {
      name: 'frontdeskSweep',
      source: 'visits',
      collection: VISITS,
      dueField: 'nextDueAt',
      async handle(run, v) {
        const { now } = run;
        const action = v.state === 'invited' ? 'expire' : v.state === 'inside' ? 'close' : 'erase';
        const decided = decideVisit(v, action, SYSTEM, now);
        if (!decided.ok) return;
        const event: VisitEventDoc = { ...decided.event, actorName: null };
        const changes: Partial<VisitDoc> =
          action === 'close' ? { flagged: true } : action === 'erase' ? { visitorName: null, visitorPhone: null, plate: null, badge: null, erased: true } : {};
        try {
          run.alive();
          await writeVisit(database, v, { ...changes, state: decided.state, updatedAt: now }, event);
          run.claimed();
        } catch (error) {
          // moved meanwhile (the guard recorded the exit, another run got there): nothing to do
          if (error instanceof AppError && error.code === 'CONFLICT') return;
          throw error;
        }
        if (action === 'expire') result.expired += 1;
        else if (action === 'close') result.closed += 1;
        else result.erased += 1;
      },
      // no alerts, so no leases: nothing to resume
      async resume(run, lease) {
        await run.release(lease._id);
      },
    },
    options,
  );
  result.read = stats.read;
  return result;
}
