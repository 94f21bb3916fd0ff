// The visit's state machine (SPEC §14) as a table, who sees a visit, what the timer does next, and
// what a visitor code is worth at the gate — judged by the passes' one-time rules
// (core/passes/states.ts judgeSignedCode), the code signed by core/passes/token.ts.
import type { VisitAction, VisitorRefusal, VisitState } from '../../../types/visitors';
import { VISITOR_DATA_KEEP } from '../../../types/visitors';
import { spanMs } from '../../../types/sla';
import { type CodeVerdict, judgeSignedCode, type SignedObject } from '../passes/states';
import type { PassSecrets } from '../passes/token';
import { shanghaiDate } from '../time';
import { defineAccess } from '../workflow/access';
import { type Actor, type Decision, defineMachine, refuse, type Rule } from '../workflow/machine';
import { VISITOR_CODE_PURPOSE, type VisitDoc } from './model';

export const visitTransitions: Record<VisitAction, Rule<VisitState>> = {
  invite: { from: [], to: 'invited', roles: ['owner', 'resident'] },
  walkIn: { from: [], to: 'inside', roles: ['guard'] },
  /** once per invitation: the conditional write lets one of two guards through */
  admit: { from: ['invited'], to: 'inside', roles: ['guard'] },
  exit: { from: ['inside'], to: 'left', roles: ['guard', 'steward'] },
  revoke: { from: ['invited'], to: 'revoked', roles: ['owner', 'resident', 'steward'] },
  expire: { from: ['invited'], to: 'expired', roles: ['system'] },
  /** still inside at the end of the day: closed and flagged for the duty log */
  close: { from: ['inside'], to: 'closed', roles: ['system'] },
  /** the visitor's details erased; the state stays */
  erase: { from: ['left', 'closed', 'revoked', 'expired'], to: 'left', roles: ['system'] },
};

const FINAL: readonly VisitState[] = ['left', 'closed', 'revoked', 'expired'];

export const visitAccess = defineAccess<VisitDoc>({
  staff: ['guard', 'steward'],
  hidden: '没有找到这条访客记录',
  sees: ({ binding, post }) => Boolean(binding || post),
});

const machine = defineMachine<VisitState, VisitAction, Pick<VisitDoc, 'state' | 'to'>>({
  rules: visitTransitions,
  stale: '访客记录已变化，请刷新后重试',
  to: (o, command, rule) => (command === 'erase' ? o.state : rule.to),
  policy(o, command, _actor, now) {
    if ((command === 'admit' || command === 'revoke') && now > o.to) return refuse('CONFLICT', '邀请时段已过，访客码已失效');
    return null;
  },
});

export function decideVisit(
  v: Pick<VisitDoc, 'state' | 'to'>,
  action: VisitAction,
  actor: Actor,
  now: Date,
  note: string | null = null,
): Decision<VisitState, VisitAction, Rule<VisitState>> {
  return machine.decide(v, action, actor, now, note);
}

/** The state a visit reads as at `now`: an invitation past its window is expired. */
export function effectiveVisitState(v: Pick<VisitDoc, 'state' | 'to'>, now: Date): VisitState {
  return v.state === 'invited' && now > v.to ? 'expired' : v.state;
}

const DAY_MS = 86_400_000;

/** The start of the Shanghai day after `at`'s: when a visit still inside is closed. */
export function dayEndAfter(at: Date): Date {
  return new Date(Date.parse(`${shanghaiDate(at)}T00:00:00+08:00`) + DAY_MS);
}

/**
 * When the timer next has something to do for a visit (null: nothing): expire an invitation at the
 * end of its window, close a visit still inside at the end of its day, erase the visitor's details
 * VISITOR_DATA_KEEP after the visit ended.
 */
export function visitNextDueAt(v: Pick<VisitDoc, 'state' | 'to' | 'inAt' | 'outAt' | 'erased' | 'updatedAt'>): Date | null {
  if (v.state === 'invited') return v.to;
  if (v.state === 'inside') return dayEndAfter(v.inAt ?? v.to);
  if (FINAL.includes(v.state) && !v.erased) return new Date((v.outAt ?? v.to).getTime() + spanMs(VISITOR_DATA_KEEP));
  return null;
}

function visitStateRefusal(state: VisitState): VisitorRefusal | null {
  switch (state) {
    case 'invited':
      return null;
    case 'revoked':
    case 'expired':
      return state;
    default:
      // in already, out already, or closed: an invitation lets one visit in, once
      return 'used';
  }
}

export const signedVisit = (v: VisitDoc): SignedObject<VisitState> => ({
  id: v._id,
  communityId: v.communityId,
  ref: v.ref,
  from: v.from,
  to: v.to,
  state: v.state,
  purpose: VISITOR_CODE_PURPOSE,
});

/** What a visitor code is worth to a guard of `communities` now; a walk-in has no code. */
export function judgeVisitorCode(code: string, found: VisitDoc | null, secrets: PassSecrets, communities: readonly string[], now: Date): CodeVerdict<VisitorRefusal> {
  const invited = found && found.kind === 'invited' ? signedVisit(found) : null;
  return judgeSignedCode(code, invited, secrets, communities, now, visitStateRefusal);
}
