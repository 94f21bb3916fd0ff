// A steward classes a complaint again while it runs (SPEC §2 complaint routing).
import type { ActorRole } from '../../../types/enums';
import { complaintClassLabels } from '../../../types/labels';
import type { ComplaintClass } from '../../../types/tickets';
import type { Caller } from '../router/caller';
import type { Database } from '../sdk';
import { loadCalendar, loadPolicy } from '../sla/load';
import { complaintRouting, deadlinesFor, isMajorComplaint } from '../sla/policy';
import { mergeYears, termsOf } from './clocks';
import { staffOf, writeTransition } from './data';
import { scheduleFields, type TicketDoc, type TicketEventDoc } from './model';
import { tellStaff, tellUrgent } from './notices';
import { actorName, postFor } from './views';

/**
 * A steward classes a complaint. Its resolution deadline is recomputed from the start of the
 * running resolution clock (the report, or the reopening) by the community's policy in force,
 * whose version the ticket then records; class 2 is flagged for the developer's follow-up, and a
 * major complaint goes to the manager at once. An event records the change (from and to the state
 * it is in, the old and new class in the note).
 */
export async function reclassify(ctx: { db: Database; caller: Caller; now: Date }, t: TicketDoc, to: ComplaintClass, note: string | null): Promise<TicketDoc> {
  const { db: database, caller, now } = ctx;
  const [policy, calendar] = await Promise.all([loadPolicy(database, t.communityId), loadCalendar(database)]);
  const terms = { ...termsOf(t), complaintClass: to };
  const running = t.clocks.resolveBy;
  const clocks: TicketDoc['clocks'] = { ...t.clocks };
  let missing = t.missingYears;
  if (running && !running.metAt) {
    const start = running.start;
    const computed = deadlinesFor(terms, policy, calendar, start, 'submitted');
    const at = computed.deadlines.resolveBy;
    if (at) clocks.resolveBy = { start, at, metAt: null };
    missing = mergeYears(missing, computed.missingYears);
  }
  const routing = complaintRouting(terms, policy);
  const wasMajor = isMajorComplaint(t);
  const role: ActorRole = postFor(caller, t.communityId)?.role ?? 'steward';
  const from = t.complaintClass ? complaintClassLabels[t.complaintClass] : '未分类';
  const event: TicketEventDoc = {
    action: 'reclassify',
    from: t.state,
    to: t.state,
    actorRole: role,
    actorId: caller.openid,
    actorName: actorName(caller, t, role),
    at: now,
    note: `${from} → ${complaintClassLabels[to]}${note ? `：${note}` : ''}`,
  };
  const changes = {
    complaintClass: to,
    clocks,
    missingYears: missing,
    policyVersion: policy.version,
    developerFollowUp: routing?.developerFollowUp ?? false,
    escalateToManager: isMajorComplaint(terms),
    updatedAt: now,
  };
  const after: TicketDoc = { ...t, ...changes, events: [...t.events, event], rev: t.rev + 1 };
  const schedule = scheduleFields(after, now);
  await writeTransition(database, t, { ...changes, ...schedule }, event);
  const done = { ...after, ...schedule };
  if (!wasMajor && routing?.notifyManagerAtOnce) {
    const staff = await staffOf(database, t.communityId, ['manager']);
    await tellUrgent(database, staff, done, done.clocks.resolveBy?.at ?? now, now);
  }
  if (routing?.developerFollowUp && !t.developerFollowUp) {
    const people = [done.assignee, done.acceptedBy].filter((p): p is string => Boolean(p));
    await tellStaff(
      database,
      people,
      done,
      '二类投诉：请跟进开发商整改',
      `${done.unit} ${done.no} 由开发商负责整改，请跟进进度，逾期书面督促`,
      done.clocks.resolveBy?.at ?? now,
      now,
    );
  }
  return done;
}
