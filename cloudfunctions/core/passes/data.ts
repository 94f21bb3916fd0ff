// Pass data access beside the rules: lookups, the one conditional write every
// transition goes through, and the gate log.
import type { BindingDoc } from '../accounts/model';
import { AppError } from '../router/errors';
import { type Store, writeStep } from '../workflow/write';
import type { Database } from '../sdk';
import type { PassCheckDoc, PassDoc, PassEventDoc } from './model';
import { tellLapsed } from './notices';
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

/** How passes are written (core/workflow/write.ts): objects replaced whole, the CONFLICT message. */
const PASS_STORE: Store<PassDoc> = { collection: PASSES, whole: ['clock', 'decision', 'gate', 'ownerConfirmation'], stale: '放行条状态已变化，请刷新后重试' };

/**
 * The one way a pass changes state: the conditional write on `{_id, state, rev}` with its event
 * and the sweep's next item recomputed. Nothing matched means someone else moved it first (another
 * steward, the other guard): CONFLICT.
 */
export async function writePassTransition(
  database: Database,
  pass: PassDoc,
  changes: Partial<Omit<PassDoc, '_id' | 'events' | 'rev'>>,
  event: PassEventDoc,
  message = PASS_STORE.stale,
): Promise<void> {
  const nextDueAt = passNextDueAt({ ...pass, ...changes });
  await writeStep(database, PASS_STORE, pass, { ...changes, nextDueAt }, { events: [event] }, message);
}

/**
 * Writes `expired` on a live pass past its window (best effort: a concurrent change wins). A pass
 * that lapsed before anyone decided it is news to the people who asked: the write's winner alone
 * tells them (the conditional write admits one), so a sweep and a reader racing tell them once.
 */
export async function expireIfLapsed(database: Database, p: PassDoc, now: Date): Promise<void> {
  if (effectiveState(p, now) !== 'expired' || p.state === 'expired') return;
  const event: PassEventDoc = { action: 'expire', from: p.state, to: 'expired', actorRole: 'system', actorId: 'system', actorName: null, at: now, note: null };
  try {
    await writePassTransition(database, p, { state: 'expired', queueKey: null, updatedAt: now }, event);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return;
  }
  if (p.state === 'pending' || p.state === 'owner_confirmed') {
    const owners = p.needsOwner ? (await ownersOf(database, p.communityId, p.unit)).map((b) => b.openid) : [];
    await tellLapsed(database, p, [p.applicant, ...owners], now);
  }
}

/** Every check at the gate is written down, valid or not (the lobby's duty record). */
export async function logCheck(database: Database, check: Omit<PassCheckDoc, '_id'>): Promise<void> {
  await database.collection<PassCheckDoc>(PASS_CHECKS).add({ data: { ...check } });
}
