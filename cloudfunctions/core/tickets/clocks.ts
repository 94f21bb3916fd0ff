// A ticket's clocks as stored: which start at an event, which are met, the fresh round a reopening
// starts, and a repair's revisit draw at its first resolution.
import type { DeadlineKey } from '../../../types/tickets';
import type { Database } from '../sdk';
import { inTimeBounds } from '../time';
import type { Calendar } from '../sla/calendar';
import { loadCalendar, loadPolicy } from '../sla/load';
import { type ClockStart, deadlinesFor, type SlaPolicy, type TicketTerms } from '../sla/policy';
import { nextRevisitDraw, TICKETS } from './data';
import { type ClockDoc, sampledAtResolution, scheduleFields, type TicketDoc } from './model';

export function termsOf(t: Pick<TicketDoc, 'kind' | 'severity' | 'complaintClass' | 'scope' | 'preferredAt'>): TicketTerms {
  // a visit time stored out of range (before inputs were bounded) is no agreement: the standard clocks run
  return { kind: t.kind, severity: t.severity, complaintClass: t.complaintClass, scope: t.scope, agreedVisitAt: inTimeBounds(t.preferredAt) ? t.preferredAt : null };
}

/** The clocks that start at `event`, as stored (start, due, not met). */
export function startClocks(
  t: Pick<TicketDoc, 'kind' | 'severity' | 'complaintClass' | 'scope' | 'preferredAt'>,
  policy: SlaPolicy,
  calendar: Calendar,
  now: Date,
  event: ClockStart,
): { clocks: Partial<Record<DeadlineKey, ClockDoc>>; missingYears: number[]; version: string } {
  const computed = deadlinesFor(termsOf(t), policy, calendar, now, event);
  const clocks: Partial<Record<DeadlineKey, ClockDoc>> = {};
  for (const [key, at] of Object.entries(computed.deadlines) as Array<[DeadlineKey, Date]>) clocks[key] = { start: now, at, metAt: null };
  return { clocks, missingYears: computed.missingYears, version: computed.policyVersion };
}

export const mergeYears = (a: number[], b: number[]) => [...new Set([...a, ...b])].sort((x, y) => x - y);

export function met(clocks: TicketDoc['clocks'], keys: DeadlineKey[], now: Date): TicketDoc['clocks'] {
  const next: TicketDoc['clocks'] = { ...clocks };
  for (const key of keys) {
    const clock = next[key];
    if (clock && !clock.metAt) next[key] = { ...clock, metAt: now };
  }
  return next;
}

/** Back into the queue: a new round of work with fresh arrival and resolution clocks. */
export async function reopenChanges(database: Database, t: TicketDoc, now: Date): Promise<Partial<TicketDoc>> {
  const [policy, calendar] = await Promise.all([loadPolicy(database, t.communityId), loadCalendar(database)]);
  const submitted = startClocks(t, policy, calendar, now, 'submitted');
  const accepted = startClocks(t, policy, calendar, now, 'accepted');
  const restarted = { ...submitted.clocks, ...accepted.clocks };
  const clocks: TicketDoc['clocks'] = { respondBy: t.clocks.respondBy };
  for (const key of ['arriveBy', 'resolveBy'] as const) if (restarted[key]) clocks[key] = restarted[key];
  return {
    clocks,
    cycle: t.cycle + 1,
    resolvedAt: null,
    revisitedAt: null,
    revisit: null,
    missingYears: mergeYears(t.missingYears, mergeYears(submitted.missingYears, accepted.missingYears)),
  };
}

/**
 * A repair's revisit draw at its first resolution, taken after the resolution is written (a
 * resolution lost to a conflict takes no place in the day's count). A reopened repair is always
 * revisited. The update is conditional on the revision just written: if the owner rated it in
 * between, that rating already counts as its revisit.
 */
export async function drawRevisit(ctx: { db: Database; now: Date }, t: TicketDoc): Promise<TicketDoc> {
  if (t.kind !== 'repair' || t.revisitRequired || (t.revisitDraw != null && t.cycle === 0)) return t;
  // a reopened repair is revisited whatever its first draw was: it takes no place in the day's count
  const draw = t.revisitDraw ?? (t.cycle > 0 ? 0 : await nextRevisitDraw(ctx.db, t.communityId, ctx.now));
  const sampled = sampledAtResolution(draw, t.cycle);
  const next: TicketDoc = { ...t, revisitDraw: draw, revisitRequired: sampled, rev: t.rev + 1 };
  const schedule = scheduleFields(next, ctx.now);
  const _ = ctx.db.command;
  const result = await ctx.db
    .collection(TICKETS)
    .where({ _id: t._id, rev: t.rev })
    .update({ data: { revisitDraw: draw, revisitRequired: sampled, rev: _.inc(1), ...schedule } });
  return result.stats.updated === 1 ? { ...next, ...schedule } : t;
}
