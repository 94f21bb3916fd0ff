// The item release pass's service level (SPEC §2: 大件物品放行 decided within 15 minutes), beside
// the tickets' policy rather than inside it: a pass has one clock and none of a ticket's terms.
// Pure, like the rest of sla/: the moment the clock starts is an argument.
import type { DueLevel } from '../../../types/sla';
import type { Calendar } from './calendar';
import { type Span, applySpan } from './policy';

export interface PassPolicy {
  /** recorded on every pass, like a ticket's policy version */
  version: string;
  /** from the moment a pass can be decided to its decision */
  decide: Span;
  /** the share of the span after which the queue shows the clock as near (as for tickets) */
  warnAtFraction: number;
}

export const defaultPassPolicy: PassPolicy = {
  version: 'guanjia-2026.1',
  decide: { unit: 'minutes', amount: 15 },
  warnAtFraction: 0.75,
};

/**
 * The decision deadline of a pass that became decidable at `readyAt`: the owner's own application
 * at once, a resident's when the owner (or a steward for the owner) confirms it.
 */
export function passDecisionDeadline(readyAt: Date, calendar: Calendar, policy: PassPolicy = defaultPassPolicy): Date {
  return applySpan(readyAt, policy.decide, calendar).at;
}

/** The colour of a running decision clock at `now`. */
export function passDueLevel(start: Date, due: Date, now: Date, policy: PassPolicy = defaultPassPolicy): DueLevel {
  if (now > due) return 'breached';
  const warnAt = start.getTime() + (due.getTime() - start.getTime()) * policy.warnAtFraction;
  return now.getTime() >= warnAt ? 'near' : 'ok';
}
