// The pass's state machine (SPEC §5) as a table, and the pure rules over a stored pass: which
// transition applies, what the pass reads as at a moment (an approved pass past its window is
// expired), where it sits in the staff queue, and what a code at the gate is worth.
// No database and no clock: `now` is an argument. The action turns an allowed transition into an
// update conditional on the state and revision read, so a race still ends in CONFLICT.
import type { ActorRole } from '../../../types/enums';
import type { PassAction, PassRefusal, PassState } from '../../../types/passes';
import { defineAccess } from '../workflow/access';
import { type Actor, type Decision, defineMachine, refuse, type Rule } from '../workflow/machine';
import type { PassDoc } from './model';
import { type PassSecrets, checkMac, normaliseCode } from './token';

/** A row of the table; base roles: a lead holds every steward right, a manager every right. */
export type PassTransitionRule = Rule<PassState>;

export const passTransitions: Record<PassAction, PassTransitionRule> = {
  apply: { from: [], to: 'pending', roles: ['owner', 'resident'] },
  /** the owner's consent to a resident's pass, in the app or (recorded by a steward) by phone */
  ownerConfirm: { from: ['pending'], to: 'owner_confirmed', roles: ['owner', 'steward'] },
  /** the owner says no to a resident's pass: it ends there, with the owner's reason */
  ownerDecline: { from: ['pending'], to: 'rejected', roles: ['owner'], needsNote: true },
  /** an owner's own pass straight from pending; a resident's only after the owner's consent */
  approve: { from: ['pending', 'owner_confirmed'], to: 'approved', roles: ['steward'] },
  reject: { from: ['pending', 'owner_confirmed'], to: 'rejected', roles: ['steward'], needsNote: true },
  /** withdrawn by the applicant or the unit's owner (or a steward at their request) before use */
  revoke: { from: ['pending', 'owner_confirmed', 'approved'], to: 'revoked', roles: ['owner', 'resident', 'steward'] },
  release: { from: ['approved'], to: 'used', roles: ['guard'] },
  /** the goods do not match the pass (the lobby procedure): the owner must apply again */
  refuse: { from: ['approved'], to: 'refused_at_gate', roles: ['guard'], needsNote: true },
  /** written when a pass past its window is next touched */
  expire: { from: ['pending', 'owner_confirmed', 'approved'], to: 'expired', roles: ['system'] },
};

export const FINAL_STATES: readonly PassState[] = ['rejected', 'used', 'refused_at_gate', 'expired', 'revoked'];
const LIVE_STATES: readonly PassState[] = ['pending', 'owner_confirmed', 'approved'];

/** Who sees a pass: a person bound to its unit, and the community's stewards (leads, managers). */
export const passAccess = defineAccess<PassDoc>({
  staff: ['steward'],
  hidden: '没有找到这张放行条',
  sees: ({ binding, post }) => Boolean(binding || post),
});

/** What the rules need of a pass. */
export interface PassSnapshot {
  state: PassState;
  needsOwner: boolean;
  from: Date;
  to: Date;
}

export type PassTransitionResult = { ok: true; to: PassState } | { ok: false; code: 'CONFLICT' | 'FORBIDDEN' | 'INVALID_INPUT'; message: string };

/** The state a pass reads as at `now`: a live pass whose window has ended is expired. */
export function effectiveState(pass: Pick<PassSnapshot, 'state' | 'to'>, now: Date): PassState {
  return LIVE_STATES.includes(pass.state) && now > pass.to ? 'expired' : pass.state;
}

/** Whether a steward can decide it now (the owner's own pass, or a resident's the owner confirmed). */
export function isDecidable(pass: Pick<PassSnapshot, 'state' | 'needsOwner'>): boolean {
  return pass.state === 'owner_confirmed' || (pass.state === 'pending' && !pass.needsOwner);
}

/**
 * The pass's machine (core/workflow/machine.ts): its table and the pass's own conditions, checked
 * after the role (FORBIDDEN whatever the state) and the state (CONFLICT).
 */
const passMachine = defineMachine<PassState, PassAction, PassSnapshot>({
  rules: passTransitions,
  stale: '放行条状态已变化，请刷新后重试',
  policy(pass, action, _actor, now) {
    if (action !== 'expire' && LIVE_STATES.includes(pass.state) && now > pass.to) return refuse('CONFLICT', '放行时段已过，放行条已过期');
    if ((action === 'ownerConfirm' || action === 'ownerDecline') && !pass.needsOwner) return refuse('CONFLICT', '业主本人申请的放行条无需确认');
    if (action === 'approve' && !isDecidable(pass)) return refuse('CONFLICT', '住户申请的放行条需先经业主确认（或管家电话确认）才能批准');
    return null;
  },
});

export type PassDecision = Decision<PassState, PassAction, PassTransitionRule>;

/** `action` by `actor` on a pass at `now`: the next state and its event, or the refusal. */
export function decidePass(pass: PassSnapshot, action: PassAction, actor: Actor, now: Date, note: string | null = null): PassDecision {
  return passMachine.decide(pass, action, actor, now, note);
}

/** Whether a person in `role` may do `action` now (the role-only form the rule tests use). */
export function passTransition(pass: PassSnapshot, action: PassAction, role: ActorRole, now: Date, note: string | null = null): PassTransitionResult {
  const decided = decidePass(pass, action, { id: '', role }, now, note);
  return decided.ok ? { ok: true, to: decided.state } : decided;
}

/** Passes with no running decision clock sort after all others in the queue, oldest first. */
const AWAITING_OWNER_BASE = 8.64e15;

/** Staff queue order: the decision deadline (ms); awaiting the owner after; null once decided. */
export function passQueueKey(pass: Pick<PassSnapshot, 'state' | 'needsOwner'> & { decideBy: Date | null; createdAt: Date }): number | null {
  if (isDecidable(pass) && pass.decideBy) return pass.decideBy.getTime();
  if (pass.state === 'pending') return AWAITING_OWNER_BASE + pass.createdAt.getTime();
  return null;
}

/**
 * When the sweep next has something to do for a pass (null: nothing): tell the lead once its
 * decision clock has run out undecided, and write `expired` once its window has ended unused.
 */
export function passNextDueAt(
  pass: Pick<PassSnapshot, 'state' | 'needsOwner' | 'to'> & { clock: { at: Date; metAt: Date | null } | null; alerts?: Record<string, Date> },
): Date | null {
  const due: number[] = [];
  if (isDecidable(pass) && pass.clock && !pass.clock.metAt && !pass.alerts?.breach) due.push(pass.clock.at.getTime());
  if (LIVE_STATES.includes(pass.state)) due.push(pass.to.getTime());
  return due.length > 0 ? new Date(Math.min(...due)) : null;
}

// ----- the gate ---------------------------------------------------------------------------------

export interface GatePass extends PassSnapshot {
  id: string;
  communityId: string;
  ref: string;
}

/** An object a signed one-time code names (a pass, a visitor's invitation): what the gate judges. */
export interface SignedObject<S extends string> {
  id: string;
  communityId: string;
  ref: string;
  from: Date;
  to: Date;
  state: S;
  /** the code's kind, signed with it (token.ts `purpose`); absent for passes */
  purpose?: string;
}

/** The refusals every signed code shares, whatever it names. */
export type CodeRefusal = 'forged' | 'tampered' | 'other_community' | 'expired' | 'not_yet_valid';

export type CodeVerdict<R extends string> =
  | { valid: true; signedWith: 'current' | 'previous' }
  /** `showPass` is set when the signature is ours, so the guard may see what the object was */
  | { valid: false; refusal: R | CodeRefusal; showPass: boolean };

/**
 * The gate's one-time rules for any signed code, in this order: a code that is not ours says
 * nothing about any object; a signature that does not match is tampered; an object of another
 * community is not described to this community's guard; then the object's own state (`refusalOf`:
 * null when it admits, else why not — used, revoked, …); then the window.
 */
export function judgeSignedCode<S extends string, R extends string>(
  code: string,
  found: SignedObject<S> | null,
  secrets: PassSecrets,
  guardCommunities: readonly string[],
  now: Date,
  refusalOf: (state: S) => R | null,
): CodeVerdict<R> {
  const parsed = normaliseCode(code);
  if (!parsed || !found || found.ref !== parsed.ref) return { valid: false, refusal: 'forged', showPass: false };
  const signedWith = checkMac(found, parsed.mac, secrets);
  if (!signedWith) return { valid: false, refusal: 'tampered', showPass: false };
  if (!guardCommunities.includes(found.communityId)) return { valid: false, refusal: 'other_community', showPass: false };
  const refusal = refusalOf(found.state);
  if (refusal) return { valid: false, refusal, showPass: true };
  if (now > found.to) return { valid: false, refusal: 'expired', showPass: true };
  if (now < found.from) return { valid: false, refusal: 'not_yet_valid', showPass: true };
  return { valid: true, signedWith };
}

export type GateResult = CodeVerdict<PassRefusal>;

function passStateRefusal(state: PassState): PassRefusal | null {
  switch (state) {
    case 'used':
    case 'revoked':
    case 'refused_at_gate':
    case 'expired':
      return state;
    case 'pending':
    case 'owner_confirmed':
    case 'rejected':
      return 'not_approved';
    case 'approved':
      return null;
  }
}

/**
 * What a code is worth at the gate of `guardCommunities` at `now`. `found` is the pass the code's
 * reference names (null when none).
 */
export function judgeCode(code: string, found: GatePass | null, secrets: PassSecrets, guardCommunities: readonly string[], now: Date): GateResult {
  return judgeSignedCode(code, found, secrets, guardCommunities, now, passStateRefusal);
}

/** What the code binds and the gate judges: the stored pass under the names the rules use. */
export const gateView = (p: PassDoc): GatePass => ({ id: p._id, communityId: p.communityId, ref: p.ref, from: p.from, to: p.to, state: p.state, needsOwner: p.needsOwner });
