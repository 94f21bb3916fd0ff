// Pass data access beside the rules: lookups, the one conditional write every
// transition goes through, and the gate log.
import type { BindingDoc } from '../accounts/model';
import { conflict, AppError } from '../router/errors';
import type { Database } from '../sdk';
import type { PassCheckDoc, PassDoc, PassEventDoc } from './model';
import { effectiveState, passNextDueAt } from './states';

export const PASSES = 'passes';
export const PASS_CHECKS = 'passChecks';
export async function findPass(database: Database, id: string): Promise<PassDoc | null> {
  return (await database.collection<PassDoc>(PASSES).where({ _id: id }).limit(1).get()).data[0] ?? null;
}

export async function findPassByRef(database: Database, ref: string): Promise<PassDoc | null> {
  return (await database.collection<PassDoc>(PASSES).where({ ref }).limit(1).get()).data[0] ?? null;
}

/** The active owners of a unit: they confirm residents' passes and are told about them. */
export async function ownersOf(database: Database, communityId: string, unit: string): Promise<BindingDoc[]> {
  const found = await database.collection<BindingDoc>('bindings').where({ communityId, unit, role: 'owner', state: 'active' }).limit(20).get();
  return found.data;
}

/**
 * The one way a pass changes state: conditional on the state and revision read. Nothing matched
 * means someone else moved it first (another steward, the other guard): CONFLICT.
 */
export async function writePassTransition(
  database: Database,
  pass: PassDoc,
  changes: Partial<Omit<PassDoc, '_id' | 'events' | 'rev'>>,
  event: PassEventDoc,
  message = '放行条状态已变化，请刷新后重试',
): Promise<void> {
  const _ = database.command;
  const nextDueAt = passNextDueAt({ ...pass, ...changes });
  const data: Record<string, unknown> = { ...changes, nextDueAt, rev: _.inc(1), events: _.push([event]) };
  // objects are replaced whole: a partial object would be merged field by field
  for (const key of ['clock', 'decision', 'gate', 'ownerConfirmation'] as const) {
    if (key in changes && changes[key] !== null) data[key] = _.set(changes[key]);
  }
  const result = await database.collection<PassDoc>(PASSES).where({ _id: pass._id, state: pass.state, rev: pass.rev }).update({ data });
  if (result.stats.updated !== 1) throw conflict(message);
}

/** Writes `expired` on a live pass past its window (best effort: a concurrent change wins). */
export async function expireIfLapsed(database: Database, p: PassDoc, now: Date): Promise<void> {
  if (effectiveState(p, now) !== 'expired' || p.state === 'expired') return;
  const event: PassEventDoc = { action: 'expire', from: p.state, to: 'expired', actorRole: 'system', actorId: 'system', actorName: null, at: now, note: null };
  try {
    await writePassTransition(database, p, { state: 'expired', queueKey: null, updatedAt: now }, event);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
  }
}

/** Every check at the gate is written down, valid or not (the lobby's duty record). */
export async function logCheck(database: Database, check: Omit<PassCheckDoc, '_id'>): Promise<void> {
  await database.collection<PassCheckDoc>(PASS_CHECKS).add({ data: { ...check } });
}
