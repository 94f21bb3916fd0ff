// The event's state machine (SPEC §15) as a table, and who sees an event. Pure: no database.
import type { EventAction, EventState } from '../../../types/events';
import type { Caller } from '../router/caller';
import { postFor } from '../workflow/access';
import { type Actor, defineMachine, refuse, type Rule } from '../workflow/machine';
import type { EventDoc } from './model';

export const eventTransitions: Record<EventAction, Rule<EventState>> = {
  plan: { from: [], to: 'planned', roles: ['steward'] },
  open: { from: ['planned'], to: 'open', roles: ['steward'] },
  /** the record is written once the event has started */
  record: { from: ['open'], to: 'held', roles: ['steward'] },
  cancel: { from: ['planned', 'open'], to: 'cancelled', roles: ['lead'], needsNote: true },
};

const machine = defineMachine<EventState, EventAction, Pick<EventDoc, 'state' | 'startsAt' | 'signUpBy'>>({
  rules: eventTransitions,
  stale: '活动状态已变化，请刷新后重试',
  policy(ev, action, _actor, now) {
    if (action === 'record' && now < ev.startsAt) return refuse('CONFLICT', '活动开始后才能填写活动记录');
    if (action === 'open' && now >= ev.signUpBy) return refuse('CONFLICT', '报名截止时间已过，请先修改活动时间');
    return null;
  },
});

export const decideEvent = (ev: Pick<EventDoc, 'state' | 'startsAt' | 'signUpBy'>, action: EventAction, actor: Actor, now: Date, note: string | null = null) =>
  machine.decide(ev, action, actor, now, note);

export const eventPost = (caller: Pick<Caller, 'staff'>, communityId: string) => postFor(caller, communityId, ['steward']);

/** Stewards see every event of their community; people bound there see open and held ones. */
export function seesEvent(caller: Caller, ev: Pick<EventDoc, 'communityId' | 'state'>): boolean {
  if (eventPost(caller, ev.communityId)) return true;
  return (ev.state === 'open' || ev.state === 'held') && caller.bindings.some((b) => b.communityId === ev.communityId);
}

const ACTIONS: readonly EventAction[] = ['open', 'record', 'cancel'];

export function eventCommands(caller: Caller, ev: EventDoc, now: Date): EventAction[] {
  const post = eventPost(caller, ev.communityId);
  if (!post) return [];
  return ACTIONS.filter((a) => decideEvent(ev, a, { id: caller.openid, role: post.role }, now, 'x').ok);
}
