// Visit data access beside the rules: lookups, the one conditional write every change goes
// through (core/workflow/write.ts), and the handover's reader.
import { AppError } from '../router/errors';
import type { Database } from '../sdk';
import { type Store, writeStep } from '../workflow/write';
import type { VisitDoc, VisitEventDoc } from './model';
import { effectiveVisitState, visitNextDueAt } from './states';

export const VISITS = 'visits';

export async function findVisit(database: Database, id: string): Promise<VisitDoc | null> {
  return (await database.collection<VisitDoc>(VISITS).where({ _id: id }).limit(1).get()).data[0] ?? null;
}

export async function findVisitByRef(database: Database, ref: string): Promise<VisitDoc | null> {
  return (await database.collection<VisitDoc>(VISITS).where({ ref }).limit(1).get()).data[0] ?? null;
}

const VISIT_STORE: Store<VisitDoc> = { collection: VISITS, whole: [], stale: '访客记录已变化，请刷新后重试' };

/** The one way a visit changes: conditional on `{_id, state, rev}`, its event appended, the timer's next job recomputed. */
export async function writeVisit(database: Database, v: VisitDoc, changes: Partial<Omit<VisitDoc, '_id' | 'events' | 'rev'>>, event: VisitEventDoc): Promise<VisitDoc> {
  const merged = { ...v, ...changes };
  const nextDueAt = visitNextDueAt(merged);
  await writeStep(database, VISIT_STORE, v, { ...changes, nextDueAt }, { events: [event] });
  return { ...merged, nextDueAt, rev: v.rev + 1, events: [...v.events, event] };
}

/** Writes `expired` on an invitation past its window (best effort: a concurrent change wins). */
export async function expireIfLapsed(database: Database, v: VisitDoc, now: Date): Promise<void> {
  if (v.state !== 'invited' || effectiveVisitState(v, now) !== 'expired') return;
  const event: VisitEventDoc = { action: 'expire', from: 'invited', to: 'expired', actorRole: 'system', actorId: 'system', actorName: null, at: now, note: null };
  try {
    await writeVisit(database, v, { state: 'expired', updatedAt: now }, event);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
  }
}

/** Who is inside now (for the shift handover): each visit still in, oldest entry first. */
export interface InsideVisitor {
  id: string;
  no: string;
  unit: string;
  kind: VisitDoc['kind'];
  visitorName: string | null;
  count: number;
  inAt: Date;
}

export async function visitorsInside(database: Database, communityId: string): Promise<InsideVisitor[]> {
  const found = await database.collection<VisitDoc>(VISITS).where({ communityId, state: 'inside' }).orderBy('from', 'asc').limit(100).get();
  return found.data.map((v) => ({ id: v._id, no: v.no, unit: v.unit, kind: v.kind, visitorName: v.visitorName, count: v.count, inAt: v.inAt ?? v.from }));
}
