// Decoration data access beside the rules: lookups, the one conditional write every transition
// goes through (core/workflow/write.ts), and the unit-day ledger the inspection rate counts.
import type { BindingDoc, StaffDoc } from '../accounts/model';
import { type Database, isDuplicateError } from '../sdk';
import { type Store, writeStep } from '../workflow/write';
import { type DecorationDayDoc, type DecorationDoc, type DecorationEventDoc, decorationNextDueAt, decorationQueueKey } from './model';

export const DECORATIONS = 'decorations';
export const INSPECTIONS = 'decorationInspections';
export const DECORATION_DAYS = 'decorationDays';

export async function findDecoration(database: Database, id: string): Promise<DecorationDoc | null> {
  return (await database.collection<DecorationDoc>(DECORATIONS).where({ _id: id }).limit(1).get()).data[0] ?? null;
}

export async function findByRef(database: Database, ref: string): Promise<DecorationDoc | null> {
  return (await database.collection<DecorationDoc>(DECORATIONS).where({ ref }).limit(1).get()).data[0] ?? null;
}

/** The active owners of a unit: an agent's application is told to them too. */
export async function ownersOf(database: Database, communityId: string, unit: string): Promise<BindingDoc[]> {
  return (await database.collection<BindingDoc>('bindings').where({ communityId, unit, role: 'owner', state: 'active' }).limit(20).get()).data;
}

/** The community's stewards and leads (active), for who is told. */
export async function stewardsOf(database: Database, communityId: string): Promise<StaffDoc[]> {
  const _ = database.command;
  return (
    await database
      .collection<StaffDoc>('staff')
      .where({ communityId, role: _.in(['steward', 'lead']), active: true })
      .limit(100)
      .get()
  ).data;
}

/** The building's area stewards (any steward when none is named for it). */
export function areaStewards(staff: readonly StaffDoc[], building: string): string[] {
  const stewards = staff.filter((s) => s.role === 'steward');
  const area = stewards.filter((s) => s.kind === 'area' && s.buildings.includes(building));
  return (area.length > 0 ? area : stewards.filter((s) => s.kind === 'duty')).map((s) => s.openid);
}

const STORE: Store<DecorationDoc> = {
  collection: DECORATIONS,
  whole: ['approval', 'rejection', 'deposit', 'permit', 'notices', 'acceptances', 'deductions', 'refund', 'alerts', 'contractor'],
  stale: '装修申请状态已变化，请刷新后重试',
};

/**
 * The one way an application changes: conditional on `{_id, state, rev}`, with its event, the queue
 * key and the sweep's next item recomputed. Answers the application as written.
 */
export async function writeDecoration(
  database: Database,
  d: DecorationDoc,
  changes: Partial<Omit<DecorationDoc, '_id' | 'rev' | 'events'>>,
  events: DecorationEventDoc[],
  now: Date,
): Promise<DecorationDoc> {
  const after: DecorationDoc = { ...d, ...changes, rev: d.rev + 1, updatedAt: now, events: [...d.events, ...events] };
  after.queueKey = decorationQueueKey(after);
  after.nextDueAt = decorationNextDueAt(after);
  await writeStep(database, STORE, d, { ...changes, updatedAt: now, queueKey: after.queueKey, nextDueAt: after.nextDueAt }, { events });
  return after;
}

/** Writes a unit-day of the ledger (inspected, or missed); a repeat only adds what is new. */
export async function markDay(database: Database, d: DecorationDoc, day: string, what: { inspected?: boolean; missed?: boolean }, now: Date): Promise<void> {
  const days = database.collection<DecorationDayDoc>(DECORATION_DAYS);
  const _id = `${d._id}:${day}`;
  try {
    await days.add({
      data: {
        _id,
        decorationId: d._id,
        no: d.no,
        communityId: d.communityId,
        unit: d.unit,
        building: d.building,
        day,
        month: day.slice(0, 7),
        inspected: Boolean(what.inspected),
        missed: Boolean(what.missed),
        at: now,
      },
    });
  } catch (error) {
    if (!isDuplicateError(error)) throw error;
    const data: Record<string, unknown> = {};
    if (what.inspected) data.inspected = true;
    if (what.missed) data.missed = true;
    await days.where({ _id }).update({ data });
  }
}
