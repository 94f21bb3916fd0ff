// The ticket's state machine (SPEC §3): its table and its policy on the shared machine
// (core/workflow/machine.ts). The action that calls it turns the answer into the conditional write
// on `{_id, state, rev}` (core/workflow/write.ts), so a stale or concurrent transition still ends in
// CONFLICT at the database.
import type { TicketAction, TicketKind, TicketState } from '../../../types/tickets';
import { defineAccess } from '../workflow/access';
import { type Actor, type Decision, defineMachine, type MachineEvent, refuse, type Rule } from '../workflow/machine';
import type { TicketDoc } from './model';

/** A row of the table; its roles are base roles: a lead also holds every steward right and a manager every right (SPEC §1). */
export interface TransitionRule extends Rule<TicketState> {
  /** an engineer may only do this to a ticket assigned to them */
  assigneeOnly?: boolean;
  /** states allowed only for some kinds (a visit is not needed to answer a complaint) */
  onlyForKinds?: Partial<Record<TicketState, readonly TicketKind[]>>;
  /** more states allowed when the ticket needs no staff revisit (an unsampled repair) */
  whenRevisitWaived?: readonly TicketState[];
}

export const transitions: Record<TicketAction, TransitionRule> = {
  /** a steward takes the ticket (认领/受理); two claims: the conditional update lets one win */
  accept: { from: ['submitted'], to: 'accepted', roles: ['steward'] },
  /** dispatch to an engineer or to oneself; a reopened ticket is dispatched again */
  assign: { from: ['accepted', 'reopened'], to: 'assigned', roles: ['steward'] },
  /** change the assignee once work has been dispatched: a lead's right (SPEC §1) */
  reassign: { from: ['assigned', 'on_site'], to: 'assigned', roles: ['lead'] },
  arrive: { from: ['assigned'], to: 'on_site', roles: ['steward', 'engineer'], assigneeOnly: true },
  resolve: {
    from: ['assigned', 'on_site'],
    to: 'resolved',
    roles: ['steward', 'engineer'],
    assigneeOnly: true,
    // complaints and suggestions are often settled by phone or in the office; repairs,
    // warranty work and emergencies are resolved only after someone was on site
    onlyForKinds: { assigned: ['complaint', 'suggestion'] },
  },
  /** the owner's rating, or a steward's record of a phone or on-site revisit */
  revisit: { from: ['resolved'], to: 'revisited', roles: ['owner', 'resident', 'steward'] },
  /** unsatisfied at the revisit (rating ≤ 2): back into the queue to be dispatched again */
  reopen: { from: ['resolved', 'revisited'], to: 'reopened', roles: ['owner', 'resident', 'steward'] },
  /**
   * an unsampled repair nobody rated is closed from `resolved` when its revisit window ends
   * (SPEC §3: repairs are sampled, not all revisited); every other ticket only after a revisit
   */
  close: { from: ['revisited'], to: 'closed', roles: ['steward', 'system'], whenRevisitWaived: ['resolved'] },
  /** the reporter withdraws it, only before anyone is on site */
  cancel: { from: ['submitted', 'accepted', 'assigned'], to: 'cancelled', roles: ['owner', 'resident'] },
  /** not a valid request (e.g. not a valid complaint); the reason is shown to the owner */
  reject: { from: ['submitted', 'accepted', 'assigned'], to: 'rejected', roles: ['steward'], needsNote: true },
};

export const terminalStates: readonly TicketState[] = ['closed', 'cancelled', 'rejected'];

/** A complaint can be classed again until it is resolved (its resolution clock still runs). */
export const RECLASSIFIABLE: readonly TicketState[] = ['submitted', 'accepted', 'assigned', 'on_site', 'reopened'];

/**
 * Who sees a ticket: a person bound to its unit (owner or resident); a steward, lead or manager
 * every ticket of their community; an engineer what is assigned to them. Guards work no tickets.
 */
export const ticketAccess = defineAccess<TicketDoc>({
  staff: ['steward', 'engineer'],
  hidden: '没有找到这个工单',
  sees: ({ binding, post }, t, caller) => Boolean(binding) || (post !== undefined && (post.role !== 'engineer' || t.assignee === caller.openid)),
});

export interface TicketSnapshot {
  state: TicketState;
  kind: TicketKind;
  assigneeId?: string | null;
  /** true for a repair not sampled for a staff revisit */
  revisitWaived?: boolean;
  /** the owner (or resident) rated it 3 or more themselves */
  ratedSatisfied?: boolean;
}

export type { Actor };

export type TicketEvent = MachineEvent<TicketState, TicketAction>;

export type TransitionResult = Decision<TicketState, TicketAction, TransitionRule>;

const ticketMachine = defineMachine<TicketState, TicketAction, TicketSnapshot, TransitionRule>({
  rules: transitions,
  stale: '工单状态已变化，请刷新后重试',
  inState(t, _action, rule) {
    const kindsHere = rule.onlyForKinds?.[t.state];
    const fromHere = rule.from.includes(t.state) || (t.revisitWaived === true && (rule.whenRevisitWaived ?? []).includes(t.state));
    return fromHere && (!kindsHere || kindsHere.includes(t.kind));
  },
  policy(t, action, actor, _now, _note, rule) {
    if (rule.assigneeOnly && actor.role === 'engineer' && t.assigneeId !== actor.id) return refuse('FORBIDDEN', '只能处理派给自己的工单');
    // Having rated the work satisfactory, the owner closes their side of it: a problem that comes
    // back is a new report. A steward may still reopen it (the owner phoned within the 3 days).
    if (action === 'reopen' && t.ratedSatisfied && (actor.role === 'owner' || actor.role === 'resident')) {
      return refuse('CONFLICT', '您已评价满意，如问题再次出现请重新报事');
    }
    return null;
  },
});

/**
 * Apply `action` by `actor` to a ticket in its current state. The role is checked first (a person
 * who may never do this is FORBIDDEN whatever the state), then the state (CONFLICT: someone else
 * moved it, or it is too late or too early).
 */
export function transition(ticket: TicketSnapshot, action: TicketAction, actor: Actor, now: Date, note: string | null = null): TransitionResult {
  return ticketMachine.decide(ticket, action, actor, now, note);
}

/** A revisit's rating decides the action: 2 or less reopens the ticket (SPEC §3). */
export function revisitAction(rating: number, reopenAtOrBelow = 2): 'revisit' | 'reopen' {
  return rating <= reopenAtOrBelow ? 'reopen' : 'revisit';
}
