// A ticket as the caller sees it (SPEC §10): who the caller is to it, the role they act in, the
// commands they may give it now, and its summary and detail views.
import type { ActorRole } from '../../../types/enums';
import type { DeadlineKey, Ticket, TicketAction, TicketCommand, TicketSummary } from '../../../types/tickets';
import { maskPhone } from '../accounts/rules';
import type { Caller } from '../router/caller';
import type { Database } from '../sdk';
import { loadCalendarRows } from '../sla/load';
import { defaultPolicy } from '../sla/policy';
import { toShanghaiIso } from '../time';
import { isStaffRole, pickRole, roleMay } from '../workflow/access';
import { calendarWarning, nextDue, type TicketDoc } from './model';
import { RECLASSIFIABLE, ticketAccess, transition, transitions } from './states';

export const postFor = (caller: Caller, communityId: string) => ticketAccess.post(caller, communityId);
export const bindingFor = (caller: Caller, t: TicketDoc) => ticketAccess.standing(caller, t).binding;

export type Standing = 'person' | 'staff' | 'any';

/** The role the caller acts in: the first of their roles here that the action admits. */
export function actorRole(caller: Caller, t: TicketDoc, action: TicketAction, standing: Standing): ActorRole | null {
  const { post, binding } = ticketAccess.standing(caller, t);
  const staff = standing !== 'person' ? post?.role : undefined;
  const person = standing !== 'staff' ? binding?.role : undefined;
  const candidates = standing === 'person' ? [person, post?.role] : [staff, person];
  return pickRole(candidates, (role) => roleMay(role, transitions[action].roles));
}

export function actorName(caller: Caller, t: TicketDoc, role: ActorRole): string | null {
  return isStaffRole(role) ? (postFor(caller, t.communityId)?.name ?? null) : null;
}

/** The owner's rating of this round of work (a rating from before a reopening is history). */
export function currentRating(t: Pick<TicketDoc, 'rating' | 'resolvedAt'>): TicketDoc['rating'] {
  return t.rating && t.resolvedAt && t.rating.at >= t.resolvedAt ? t.rating : null;
}

export function snapshot(t: TicketDoc) {
  const rating = currentRating(t);
  return {
    state: t.state,
    kind: t.kind,
    assigneeId: t.assignee,
    revisitWaived: !t.revisitRequired,
    ratedSatisfied: rating !== null && rating.score > defaultPolicy.reopenAtOrBelow,
  };
}

// ----- the view ---------------------------------------------------------------------------------

const iso = (d: Date | null | undefined) => (d ? toShanghaiIso(d) : null);

function commandsFor(caller: Caller, t: TicketDoc, now: Date): TicketCommand[] {
  const allowed: TicketCommand[] = [];
  const may = (action: TicketAction, standing: Standing, note: string | null = 'x'): boolean => {
    const role = actorRole(caller, t, action, standing);
    if (!role) return false;
    return transition(snapshot(t), action, { id: caller.openid, role }, now, note).ok;
  };
  if (may('accept', 'staff')) allowed.push('accept');
  if (may('assign', 'staff') || may('reassign', 'staff')) allowed.push('assign');
  if (may('arrive', 'staff')) allowed.push('arrive');
  if (may('resolve', 'staff')) allowed.push('resolve');
  if (may('revisit', 'staff')) allowed.push('revisit');
  const person = bindingFor(caller, t);
  if (person && (t.state === 'resolved' || (t.state === 'revisited' && !currentRating(t)))) allowed.push('rate');
  if (may('cancel', 'person')) allowed.push('cancel');
  if (may('reject', 'staff')) allowed.push('reject');
  if (may('reopen', 'any')) allowed.push('reopen');
  if (t.kind === 'complaint' && RECLASSIFIABLE.includes(t.state) && caller.postIn(t.communityId, ['steward'])) allowed.push('reclassify');
  return allowed;
}

/** Years entered by hand since: a ticket's warning then says its deadlines were counted without them. */
export type CoveredYears = ReadonlySet<number>;

export function summaryView(t: TicketDoc, caller: Caller, now: Date, covered: CoveredYears = new Set()): TicketSummary {
  const due = nextDue(t, now);
  const isStaffHere = Boolean(postFor(caller, t.communityId));
  const showPhone = t.reporter === caller.openid || t.assignee === caller.openid;
  const clock = (key: DeadlineKey) => iso(t.clocks[key]?.at);
  return {
    id: t._id,
    no: t.no,
    communityId: t.communityId,
    unit: t.unit,
    building: t.building,
    state: t.state,
    kind: t.kind,
    scope: t.scope,
    severity: t.severity,
    complaintClass: t.complaintClass,
    description: t.description,
    photos: t.photos,
    preferredAt: iso(t.preferredAt),
    reporterName: t.reporterName,
    reporterPhone: t.reporterPhone === null ? null : showPhone ? t.reporterPhone : maskPhone(t.reporterPhone),
    assignee: t.assignee,
    assigneeName: t.assigneeName,
    contact: t.contact ?? null,
    deadlines: {
      respondBy: clock('respondBy') ?? toShanghaiIso(t.createdAt),
      arriveBy: clock('arriveBy'),
      resolveBy: clock('resolveBy'),
      revisitBy: clock('revisitBy'),
    },
    nextDue: due ? { key: due.key, at: toShanghaiIso(due.clock.at), level: due.level } : null,
    policyVersion: t.policyVersion,
    // the warning is for staff, who must enter the next year's holidays
    calendarWarning: isStaffHere ? calendarWarning(t.missingYears, covered) : null,
    developerFollowUp: t.developerFollowUp,
    revisitRequired: t.revisitRequired,
    revisit: t.revisit ? { method: t.revisit.method, score: t.revisit.score, note: t.revisit.note, byRole: t.revisit.byRole, at: toShanghaiIso(t.revisit.at) } : null,
    rating: t.rating ? { score: t.rating.score, comment: t.rating.comment, at: toShanghaiIso(t.rating.at) } : null,
    resolution: t.resolution ? { note: t.resolution.note, photos: t.resolution.photos, at: toShanghaiIso(t.resolution.at) } : null,
    channel: t.channel ?? 'app',
    allowed: commandsFor(caller, t, now),
    createdAt: toShanghaiIso(t.createdAt),
    updatedAt: toShanghaiIso(t.updatedAt),
  };
}

/** The commands that make a member of staff the one working a ticket right now. */
const WORKING: readonly TicketCommand[] = ['accept', 'assign', 'arrive', 'resolve', 'revisit', 'reject', 'reclassify'];

function ticketView(t: TicketDoc, caller: Caller, now: Date, covered: CoveredYears = new Set()): Ticket {
  const summary = summaryView(t, caller, now, covered);
  // SPEC §1: numbers are masked in staff lists except for the person working that request; on the
  // ticket itself, whoever can act on it now (the duty steward accepting, the lead reassigning)
  // needs the number to call.
  const working = summary.allowed.some((command) => WORKING.includes(command));
  return {
    ...summary,
    reporterPhone: working && t.reporterPhone !== null ? t.reporterPhone : summary.reporterPhone,
    events: t.events.map((e) => ({
      action: e.action,
      from: e.from,
      to: e.to,
      actorRole: e.actorRole,
      actorName: e.actorName,
      at: toShanghaiIso(e.at),
      note: e.note,
    })),
  };
}

/** Years of the calendar entered by hand (a small read: one row per year). */
async function coveredYears(database: Database): Promise<CoveredYears> {
  return new Set((await loadCalendarRows(database)).map((row) => row.year));
}

/** A ticket as the caller sees it; the calendar rows are read only for a ticket that needs them. */
export async function view(ctx: { db: Database; caller: Caller; now: Date }, t: TicketDoc): Promise<Ticket> {
  const covered = t.missingYears.length > 0 && postFor(ctx.caller, t.communityId) ? await coveredYears(ctx.db) : new Set<number>();
  return ticketView(t, ctx.caller, ctx.now, covered);
}
