// The `tickets` function's actions (SPEC §3, §10): report, read, list, and every transition of
// the state machine, each a conditional update on the state read (CONFLICT when it moved).
import type { z } from 'zod';
import type { TicketAction } from '../../../types/tickets';
import { ticketActions } from '../../../types/tickets';
import type { ComplaintClass, DeadlineKey, Ticket, TicketCommand, TicketState, TicketSummary } from '../../../types/tickets';
import { complaintClassLabels, ticketKindLabels } from '../../../types/labels';
import { maskPhone } from '../accounts/rules';
import type { Caller } from '../router/caller';
import { AppError, forbidden, invalid, notFound } from '../router/errors';
import { createdEarlier, idOfCreate } from '../router/idempotency';
import type { ActionContext, ActionTable } from '../router/router';
import type { Database } from '../sdk';
import { deadlinesFor, defaultPolicy, type ClockStart, type SlaPolicy, type TicketTerms, complaintRouting, isMajorComplaint } from '../sla/policy';
import type { Calendar } from '../sla/calendar';
import { loadCalendar, loadCalendarRows, loadPolicy } from '../sla/load';
import { spanText } from '../../../types/sla';
import { inTimeBounds, toShanghaiIso } from '../time';
import { findTicket, nextRevisitDraw, staffMember, staffOf, TICKET_STORE, TICKETS, writeTransition } from './data';
import {
  type ClockDoc,
  type TicketDoc,
  type TicketEventDoc,
  calendarWarning,
  nextDue,
  revisitRequiredFor,
  sampledAtResolution,
  UNBOUND_REPORTER,
  scheduleFields,
  TICKET_NUMBERS,
} from './model';
import { calendarStatus, calendarYearsWarning, settingsActions } from './settings';
import type { BindingDoc, UnitDoc } from '../accounts/model';
import { listTickets } from './list';
import { stewardsFor, tellReporter, tellStaff } from './notices';
import type { ActorRole } from '../../../types/enums';
import { isStaffRole, pickRole, roleMay, STAFF_RANK } from '../workflow/access';
import { nextDailyNumber } from '../workflow/number';
import { writeStep } from '../workflow/write';
import { revisitAction, ticketAccess, transition, transitions } from './states';

type Ctx<A extends keyof typeof ticketActions> = ActionContext<z.output<(typeof ticketActions)[A]['input']>>;

// ----- who the caller is to a ticket ---------------------------------------------------------

const postFor = (caller: Caller, communityId: string) => ticketAccess.post(caller, communityId);
const bindingFor = (caller: Caller, t: TicketDoc) => ticketAccess.standing(caller, t).binding;

type Standing = 'person' | 'staff' | 'any';

/** The role the caller acts in: the first of their roles here that the action admits. */
function actorRole(caller: Caller, t: TicketDoc, action: TicketAction, standing: Standing): ActorRole | null {
  const { post, binding } = ticketAccess.standing(caller, t);
  const staff = standing !== 'person' ? post?.role : undefined;
  const person = standing !== 'staff' ? binding?.role : undefined;
  const candidates = standing === 'person' ? [person, post?.role] : [staff, person];
  return pickRole(candidates, (role) => roleMay(role, transitions[action].roles));
}

function actorName(caller: Caller, t: TicketDoc, role: ActorRole): string | null {
  return isStaffRole(role) ? (postFor(caller, t.communityId)?.name ?? null) : null;
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

export function ticketView(t: TicketDoc, caller: Caller, now: Date, covered: CoveredYears = new Set()): Ticket {
  return {
    ...summaryView(t, caller, now, covered),
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

// ----- clocks -------------------------------------------------------------------------------------

export function termsOf(t: Pick<TicketDoc, 'kind' | 'severity' | 'complaintClass' | 'scope' | 'preferredAt'>): TicketTerms {
  // a visit time stored out of range (before inputs were bounded) is no agreement: the standard clocks run
  return { kind: t.kind, severity: t.severity, complaintClass: t.complaintClass, scope: t.scope, agreedVisitAt: inTimeBounds(t.preferredAt) ? t.preferredAt : null };
}

/** The clocks that start at `event`, as stored (start, due, not met). */
function startClocks(
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

const mergeYears = (a: number[], b: number[]) => [...new Set([...a, ...b])].sort((x, y) => x - y);

function met(clocks: TicketDoc['clocks'], keys: DeadlineKey[], now: Date): TicketDoc['clocks'] {
  const next: TicketDoc['clocks'] = { ...clocks };
  for (const key of keys) {
    const clock = next[key];
    if (clock && !clock.metAt) next[key] = { ...clock, metAt: now };
  }
  return next;
}

// ----- one transition ------------------------------------------------------------------------

/** The owner's rating of this round of work (a rating from before a reopening is history). */
function currentRating(t: Pick<TicketDoc, 'rating' | 'resolvedAt'>): TicketDoc['rating'] {
  return t.rating && t.resolvedAt && t.rating.at >= t.resolvedAt ? t.rating : null;
}

function snapshot(t: TicketDoc) {
  const rating = currentRating(t);
  return {
    state: t.state,
    kind: t.kind,
    assigneeId: t.assignee,
    revisitWaived: !t.revisitRequired,
    ratedSatisfied: rating !== null && rating.score > defaultPolicy.reopenAtOrBelow,
  };
}

/** A complaint can be classed again until it is resolved (its resolution clock still runs). */
const RECLASSIFIABLE: readonly TicketState[] = ['submitted', 'accepted', 'assigned', 'on_site', 'reopened'];

/** Years of the calendar entered by hand (a small read: one row per year). */
async function coveredYears(database: Database): Promise<CoveredYears> {
  return new Set((await loadCalendarRows(database)).map((row) => row.year));
}

/** A ticket as the caller sees it; the calendar rows are read only for a ticket that needs them. */
async function view(ctx: { db: Database; caller: Caller; now: Date }, t: TicketDoc): Promise<Ticket> {
  const covered = t.missingYears.length > 0 && postFor(ctx.caller, t.communityId) ? await coveredYears(ctx.db) : new Set<number>();
  return ticketView(t, ctx.caller, ctx.now, covered);
}

/**
 * The ticket, if the caller may see it — the same rule for every action as for `get`: anyone else
 * (an engineer included, for a ticket not assigned to them) learns nothing about it, not even from
 * the state machine's answer.
 */
async function loadFor(database: Database, caller: Caller, id: string): Promise<TicketDoc> {
  return ticketAccess.load(findTicket(database, id), caller);
}

interface Step {
  action: TicketAction;
  standing: Standing;
  note?: string | null;
  /** the changes besides state, events and the schedule */
  changes?: (t: TicketDoc, role: ActorRole) => Promise<Partial<TicketDoc>> | Partial<TicketDoc>;
}

/** Applies one transition by the caller; returns the ticket as written. */
async function step(ctx: { db: Database; caller: Caller; now: Date }, t: TicketDoc, s: Step): Promise<TicketDoc> {
  const { caller, now } = ctx;
  const role = actorRole(caller, t, s.action, s.standing);
  if (!role) throw notFound('没有找到这个工单');
  const result = transition(snapshot(t), s.action, { id: caller.openid, role }, now, s.note ?? null);
  if (!result.ok) {
    throw new AppError(result.code, result.message, result.code === 'INVALID_INPUT' ? { reason: result.message } : undefined);
  }
  const changes = s.changes ? await s.changes(t, role) : {};
  const event: TicketEventDoc = { ...result.event, actorName: actorName(caller, t, role) };
  const after: TicketDoc = { ...t, ...changes, state: result.state, updatedAt: now, events: [...t.events, event], rev: t.rev + 1 };
  const schedule = scheduleFields(after, now);
  await writeTransition(ctx.db, t, { ...changes, state: result.state, updatedAt: now, ...schedule }, event);
  return { ...after, ...schedule };
}

/** Back into the queue: a new round of work with fresh arrival and resolution clocks. */
async function reopenChanges(database: Database, t: TicketDoc, now: Date): Promise<Partial<TicketDoc>> {
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

async function reopen(ctx: { db: Database; caller: Caller; now: Date }, t: TicketDoc, note: string, standing: Standing, extra: Partial<TicketDoc> = {}) {
  const after = await step(ctx, t, {
    action: 'reopen',
    standing,
    note,
    changes: async () => ({ ...(await reopenChanges(ctx.db, t, ctx.now)), ...extra }),
  });
  const people = [after.assignee, after.acceptedBy].filter((p): p is string => Boolean(p));
  await tellStaff(ctx.db, people, after, '工单被退回重新处理', `${after.unit} ${after.no}：${note}`, after.clocks.resolveBy?.at ?? ctx.now, ctx.now);
  await tellReporter(ctx.db, after, `您的${ticketKindLabels[after.kind]} ${after.no} 已重新进入处理。`, '已安排重新处理', ctx.now);
  return after;
}

/**
 * A repair's revisit draw at its first resolution, taken after the resolution is written (a
 * resolution lost to a conflict takes no place in the day's count). A reopened repair is always
 * revisited. The update is conditional on the revision just written: if the owner rated it in
 * between, that rating already counts as its revisit.
 */
async function drawRevisit(ctx: { db: Database; now: Date }, t: TicketDoc): Promise<TicketDoc> {
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

/**
 * A steward classes a complaint. Its resolution deadline is recomputed from the start of the
 * running resolution clock (the report, or the reopening) by the community's policy in force,
 * whose version the ticket then records; class 2 is flagged for the developer's follow-up, and a
 * major complaint goes to the manager at once. An event records the change (from and to the state
 * it is in, the old and new class in the note).
 */
async function reclassify(ctx: { db: Database; caller: Caller; now: Date }, t: TicketDoc, to: ComplaintClass, note: string | null): Promise<TicketDoc> {
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

// ----- who reports -------------------------------------------------------------------------------

interface Reporter {
  communityId: string;
  reporter: string;
  reporterRole: 'owner' | 'resident';
  reporterName: string | null;
  reporterPhone: string | null;
  actorRole: ActorRole;
  actorName: string | null;
}

/** An owner or resident reporting for a unit they are bound to. */
function reportedBy(caller: Caller, input: Ctx<'create'>['input']): Reporter {
  const binding = caller.bindings.find((b) => b.unit === input.unit && (!input.communityId || b.communityId === input.communityId));
  if (!binding) throw new AppError('FORBIDDEN', '您尚未绑定该房屋，无法为它报事', { unit: '您尚未绑定该房屋' });
  return {
    communityId: binding.communityId,
    reporter: binding.openid,
    reporterRole: binding.role,
    reporterName: binding.name,
    reporterPhone: binding.phone,
    actorRole: binding.role,
    actorName: null,
  };
}

/**
 * A steward recording a report made by phone or at the front desk. The ticket belongs to the unit
 * (its owner and residents see it, as ever); notices go to the unit's owner on record, who may
 * not be the person who called: that person's name and number are kept as the contact.
 */
async function recordedFor(database: Database, caller: Caller, input: Ctx<'create'>['input']): Promise<Reporter> {
  const communityId = input.communityId ?? caller.communitiesAs(['steward'])[0];
  const post = communityId ? caller.postIn(communityId, ['steward']) : undefined;
  if (!communityId || !post) throw forbidden('只有本小区的管家可以代业主登记');
  const [unit, owners] = await Promise.all([
    database.collection<UnitDoc>('units').where({ communityId, unit: input.unit }).limit(1).get(),
    database.collection<BindingDoc>('bindings').where({ communityId, unit: input.unit, state: 'active' }).limit(20).get(),
  ]);
  if (unit.data.length === 0) throw invalid('本小区没有这个房号', { unit: '本小区没有这个房号' });
  const bound = owners.data.find((b) => b.role === 'owner') ?? owners.data[0];
  // someone who is bound and called: their own binding is the better contact
  const caller_ = input.contactPhone ? owners.data.find((b) => b.phone === input.contactPhone) : undefined;
  const holder = caller_ ?? bound;
  return {
    communityId,
    // no one bound yet: the ticket is the property's own, with the contact the steward took down
    reporter: holder?.openid ?? `${UNBOUND_REPORTER}:${communityId}:${input.unit}`,
    reporterRole: holder?.role ?? 'owner',
    reporterName: input.contactName ?? holder?.name ?? null,
    reporterPhone: input.contactPhone ?? holder?.phone ?? null,
    actorRole: postFor(caller, communityId)?.role ?? 'steward',
    actorName: post.name,
  };
}

function channelNote(channel: 'phone' | 'walk_in', contact: string | null): string {
  const how = channel === 'phone' ? '电话报事' : '来访报事';
  return contact ? `${how}，联系人 ${contact}` : how;
}

/** The manager at once of a major complaint; the lead and manager of an emergency (SPEC §2). */
async function tellUrgent(database: Database, staff: Awaited<ReturnType<typeof staffOf>>, ticket: TicketDoc, due: Date, now: Date): Promise<void> {
  const urgent = staff.filter((s) => s.role === 'manager' || (ticket.kind === 'emergency' && s.role === 'lead')).map((s) => s.openid);
  const title = ticket.kind === 'emergency' ? '突发事件，请立即处置' : '重大投诉，请立即牵头处理';
  await tellStaff(database, urgent, ticket, title, `${ticket.unit}：${ticket.description}`, ticket.clocks.arriveBy?.at ?? due, now);
}

// ----- the actions --------------------------------------------------------------------------------

const withTicket = (ctx: { db: Database; caller: Caller; input: { id: string } }): Promise<TicketDoc> => loadFor(ctx.db, ctx.caller, ctx.input.id);

export const ticketsActionTable = {
  create: {
    roles: ['owner', 'resident', 'steward'],
    create: true,
    async handler(ctx: Ctx<'create'>) {
      const { db: database, caller, now, input } = ctx;
      const earlier = await createdEarlier<TicketDoc>(ctx, TICKETS);
      if (earlier) return { ticket: await view(ctx, earlier) };
      const who = input.channel ? await recordedFor(database, caller, input) : reportedBy(caller, input);
      const { communityId } = who;
      const preferredAt = input.preferredAt ? new Date(input.preferredAt) : null;
      const shape = {
        kind: input.kind,
        severity: input.severity,
        complaintClass: input.kind === 'complaint' ? (input.complaintClass ?? null) : null,
        scope: input.scope,
        preferredAt,
      };
      const [policy, calendar, number] = await Promise.all([
        loadPolicy(database, communityId),
        loadCalendar(database),
        nextDailyNumber(database, TICKET_NUMBERS, communityId, now),
      ]);
      const started = startClocks(shape, policy, calendar, now, 'submitted');
      const routing = complaintRouting(shape, policy);
      // The report opens the timeline like any other event, so the log alone tells the story
      // (and the monthly report reads it): who reported, in what role, when.
      const submitted: TicketEventDoc = {
        action: 'submit',
        from: 'submitted',
        to: 'submitted',
        actorRole: who.actorRole,
        actorId: caller.openid,
        actorName: who.actorName,
        at: now,
        note: input.channel ? channelNote(input.channel, who.reporterName) : null,
      };
      const doc: Omit<TicketDoc, '_id'> = {
        no: number.no,
        seq: number.seq,
        communityId,
        unit: input.unit,
        unitKey: `${communityId}:${input.unit}`,
        building: input.unit.split('-')[0],
        ...shape,
        description: input.description,
        photos: input.photos,
        reporter: who.reporter,
        reporterRole: who.reporterRole,
        reporterName: who.reporterName,
        reporterPhone: who.reporterPhone,
        channel: input.channel ?? 'app',
        state: 'submitted',
        rev: 0,
        cycle: 0,
        acceptedBy: null,
        assignee: null,
        assigneeName: null,
        clocks: started.clocks,
        policyVersion: started.version,
        missingYears: started.missingYears,
        developerFollowUp: routing?.developerFollowUp ?? false,
        revisitRequired: revisitRequiredFor(input.kind),
        revisitDraw: null,
        escalateToManager: input.kind === 'emergency' || isMajorComplaint(shape),
        events: [submitted],
        revisit: null,
        rating: null,
        resolution: null,
        alerts: {},
        resolvedAt: null,
        revisitedAt: null,
        closedAt: null,
        nextDueAt: null,
        queueKey: null,
        createdAt: now,
        updatedAt: now,
      };
      const schedule = scheduleFields({ ...doc, _id: '' }, now);
      const added = await database.collection(TICKETS).add({ data: { ...idOfCreate(ctx), ...doc, ...schedule } });
      const ticket: TicketDoc = { ...doc, ...schedule, _id: added._id };

      // Who must know at once: the stewards; for an emergency the lead and the manager too, and
      // for a major complaint the manager, who leads the response (SPEC §2).
      const staff = await staffOf(database, communityId, ['steward', 'lead', 'manager']);
      const stewards = stewardsFor(staff, ticket.building).filter((openid) => openid !== caller.openid);
      const respondBy = ticket.clocks.respondBy?.at ?? now;
      const label = ticket.kind === 'complaint' && ticket.complaintClass ? complaintClassLabels[ticket.complaintClass] : ticketKindLabels[ticket.kind];
      await tellStaff(database, stewards, ticket, `新${label}`, `${ticket.unit}：${ticket.description}`, respondBy, now);
      if (ticket.escalateToManager) await tellUrgent(database, staff, ticket, respondBy, now);
      await tellReporter(
        database,
        ticket,
        `您的${ticketKindLabels[ticket.kind]}已提交，编号 ${ticket.no}，管家将在 ${spanText(policy.respond.span)}内响应。`,
        '管家将尽快响应',
        now,
      );
      return { ticket: await view(ctx, ticket) };
    },
  },

  get: {
    roles: 'anyone',
    async handler(ctx: Ctx<'get'>) {
      const t = await ticketAccess.load(findTicket(ctx.db, ctx.input.id), ctx.caller);
      return { ticket: await view(ctx, t) };
    },
  },

  list: {
    roles: 'anyone',
    async handler(ctx: Ctx<'list'>) {
      const page = await listTickets(ctx);
      let covered: CoveredYears = new Set();
      let warning: string | null = null;
      if (page.staff) {
        // staff are told when this year or the next has no holiday data (one small read)
        const status = await calendarStatus(ctx.db, ctx.now);
        covered = status.covered;
        warning = calendarYearsWarning(status.missing);
      }
      return { tickets: page.docs.map((t) => summaryView(t, ctx.caller, ctx.now, covered)), nextCursor: page.next, calendarWarning: warning };
    },
  },

  accept: {
    roles: ['steward'],
    async handler(ctx: Ctx<'accept'>) {
      const t = await withTicket(ctx);
      const after = await step(ctx, t, {
        action: 'accept',
        standing: 'staff',
        changes: async () => {
          // a repair's arrival and repair clocks start at acceptance (SPEC §2)
          const [policy, calendar] = await Promise.all([loadPolicy(ctx.db, t.communityId), loadCalendar(ctx.db)]);
          const started = startClocks(t, policy, calendar, ctx.now, 'accepted');
          return {
            acceptedBy: ctx.caller.openid,
            clocks: { ...met(t.clocks, ['respondBy'], ctx.now), ...started.clocks },
            missingYears: mergeYears(t.missingYears, started.missingYears),
          };
        },
      });
      await tellReporter(ctx.db, after, `您的${ticketKindLabels[after.kind]} ${after.no} 已受理，管家正在安排处理。`, '管家已受理', ctx.now);
      return { ticket: await view(ctx, after) };
    },
  },

  assign: {
    roles: ['steward'],
    async handler(ctx: Ctx<'assign'>) {
      const t = await withTicket(ctx);
      const person = await staffMember(ctx.db, t.communityId, ctx.input.assignee);
      if (!person || person.role === 'guard') throw invalid('只能派给本小区的工程或管家人员', { assignee: '只能派给本小区的工程或管家人员' });
      // once work is dispatched, changing the assignee is a lead's reassignment (SPEC §1)
      const action: TicketAction = t.state === 'assigned' || t.state === 'on_site' ? 'reassign' : 'assign';
      const after = await step(ctx, t, {
        action,
        standing: 'staff',
        note: person.name,
        changes: () => ({
          assignee: person.openid,
          assigneeName: person.name,
          acceptedBy: t.acceptedBy ?? ctx.caller.openid,
          clocks: met(t.clocks, ['respondBy'], ctx.now),
        }),
      });
      const due = after.clocks.arriveBy?.metAt ? after.clocks.resolveBy?.at : (after.clocks.arriveBy?.at ?? after.clocks.resolveBy?.at);
      await tellStaff(ctx.db, [person.openid], after, '新派单', `${after.unit}：${after.description}`, due ?? ctx.now, ctx.now);
      await tellReporter(ctx.db, after, `您的${ticketKindLabels[after.kind]} ${after.no} 已派给 ${person.name} 处理。`, `已派 ${person.name} 处理`, ctx.now);
      return { ticket: await view(ctx, after) };
    },
  },

  arrive: {
    roles: ['steward', 'engineer'],
    async handler(ctx: Ctx<'arrive'>) {
      const t = await withTicket(ctx);
      const after = await step(ctx, t, { action: 'arrive', standing: 'staff', changes: () => ({ clocks: met(t.clocks, ['arriveBy'], ctx.now) }) });
      await tellReporter(ctx.db, after, `${after.assigneeName ?? '工作人员'}已到场处理 ${after.no}。`, '工作人员已到场', ctx.now);
      return { ticket: await view(ctx, after) };
    },
  },

  resolve: {
    roles: ['steward', 'engineer'],
    async handler(ctx: Ctx<'resolve'>) {
      const t = await withTicket(ctx);
      const after = await step(ctx, t, {
        action: 'resolve',
        standing: 'staff',
        note: ctx.input.note,
        changes: async () => {
          const [policy, calendar] = await Promise.all([loadPolicy(ctx.db, t.communityId), loadCalendar(ctx.db)]);
          const started = startClocks(t, policy, calendar, ctx.now, 'resolved');
          return {
            clocks: { ...met(t.clocks, ['respondBy', 'arriveBy', 'resolveBy'], ctx.now), ...started.clocks },
            missingYears: mergeYears(t.missingYears, started.missingYears),
            resolvedAt: ctx.now,
            resolution: { note: ctx.input.note, photos: ctx.input.photos ?? [], at: ctx.now },
          };
        },
      });
      const drawn = await drawRevisit(ctx, after);
      // the revisit invitation follows from the sweep, which also keeps it from being sent twice
      await tellReporter(ctx.db, drawn, `您的${ticketKindLabels[drawn.kind]} ${drawn.no} 已处理完成：${ctx.input.note}`, ctx.input.note, ctx.now);
      return { ticket: await view(ctx, drawn) };
    },
  },

  revisit: {
    roles: ['steward'],
    async handler(ctx: Ctx<'revisit'>) {
      const t = await withTicket(ctx);
      const { method, score, note } = ctx.input;
      const policy = await loadPolicy(ctx.db, t.communityId);
      const by = (role: ActorRole) => ({ method, score: score ?? null, note, byRole: role, by: ctx.caller.openid, at: ctx.now });
      if (score !== undefined && revisitAction(score, policy.reopenAtOrBelow) === 'reopen') {
        const after = await reopen(ctx, t, `回访不满意（${score} 分）：${note}`, 'staff');
        return { ticket: await view(ctx, after) };
      }
      const after = await step(ctx, t, {
        action: 'revisit',
        standing: 'staff',
        note,
        changes: (_t, role) => ({ revisit: by(role), revisitedAt: ctx.now, clocks: met(t.clocks, ['revisitBy'], ctx.now) }),
      });
      return { ticket: await view(ctx, after) };
    },
  },

  rate: {
    roles: ['owner', 'resident'],
    async handler(ctx: Ctx<'rate'>) {
      const t = await withTicket(ctx);
      if (!bindingFor(ctx.caller, t)) throw forbidden('只有该房屋的业主或住户可以评价');
      const { score } = ctx.input;
      const comment = ctx.input.comment?.trim() || null;
      const rating = { score, comment, at: ctx.now };
      const policy = await loadPolicy(ctx.db, t.communityId);
      if (revisitAction(score, policy.reopenAtOrBelow) === 'reopen') {
        const after = await reopen(ctx, t, `业主评价 ${score} 分${comment ? `：${comment}` : ''}`, 'person', { rating });
        return { ticket: await view(ctx, after) };
      }
      if (t.state === 'revisited' && !currentRating(t)) {
        // staff already recorded a revisit; the owner's own rating is kept beside it
        await writeStep(ctx.db, TICKET_STORE, t, { rating, updatedAt: ctx.now });
        return { ticket: await view(ctx, { ...t, rating, updatedAt: ctx.now, rev: t.rev + 1 }) };
      }
      const after = await step(ctx, t, {
        action: 'revisit',
        standing: 'person',
        note: comment,
        changes: (_t, role) => ({
          rating,
          revisit: { method: 'online', score, note: comment, byRole: role, by: ctx.caller.openid, at: ctx.now },
          revisitedAt: ctx.now,
          clocks: met(t.clocks, ['revisitBy'], ctx.now),
        }),
      });
      return { ticket: await view(ctx, after) };
    },
  },

  cancel: {
    roles: ['owner', 'resident', 'manager'],
    async handler(ctx: Ctx<'cancel'>) {
      const t = await withTicket(ctx);
      const after = await step(ctx, t, { action: 'cancel', standing: 'person', changes: () => ({ closedAt: ctx.now }) });
      const people = [after.assignee, after.acceptedBy].filter((p): p is string => Boolean(p));
      await tellStaff(ctx.db, people, after, '业主已取消', `${after.unit} ${after.no} 已由业主取消`, ctx.now, ctx.now);
      return { ticket: await view(ctx, after) };
    },
  },

  reject: {
    roles: ['steward'],
    async handler(ctx: Ctx<'reject'>) {
      const t = await withTicket(ctx);
      const after = await step(ctx, t, {
        action: 'reject',
        standing: 'staff',
        note: ctx.input.reason,
        changes: () => ({ closedAt: ctx.now, clocks: met(t.clocks, ['respondBy'], ctx.now) }),
      });
      await tellReporter(ctx.db, after, `您的${ticketKindLabels[after.kind]} ${after.no} 未予受理：${ctx.input.reason}`, ctx.input.reason, ctx.now);
      return { ticket: await view(ctx, after) };
    },
  },

  reopen: {
    roles: ['owner', 'resident', 'steward'],
    async handler(ctx: Ctx<'reopen'>) {
      const t = await withTicket(ctx);
      const after = await reopen(ctx, t, ctx.input.reason, 'any');
      return { ticket: await view(ctx, after) };
    },
  },

  reclassify: {
    roles: ['steward'],
    async handler(ctx: Ctx<'reclassify'>) {
      const t = await withTicket(ctx);
      if (!ctx.caller.postIn(t.communityId, ['steward'])) throw forbidden('只有本小区的管家可以为投诉分类');
      if (t.kind !== 'complaint') throw invalid('只有投诉可以分类', { complaintClass: '只有投诉可以分类' });
      if (!RECLASSIFIABLE.includes(t.state)) throw new AppError('CONFLICT', '投诉已处理完成，不能再改分类');
      if (ctx.input.seen !== undefined && ctx.input.seen !== t.complaintClass) {
        throw new AppError('CONFLICT', `该投诉已被改为${t.complaintClass ? complaintClassLabels[t.complaintClass] : '未分类'}，请刷新后重试`);
      }
      const to = ctx.input.complaintClass;
      if (t.complaintClass === to) throw new AppError('CONFLICT', `已经是${complaintClassLabels[to]}`);
      const after = await reclassify(ctx, t, to, ctx.input.note?.trim() || null);
      return { ticket: await view(ctx, after) };
    },
  },

  ...settingsActions,

  staffList: {
    roles: ['steward'],
    async handler(ctx: Ctx<'staffList'>) {
      const communityId = ctx.input.communityId ?? ctx.caller.communitiesAs(['steward'])[0];
      if (!communityId || !ctx.caller.postIn(communityId, ['steward'])) throw forbidden('您不是该小区的管家');
      const staff = await staffOf(ctx.db, communityId, ['engineer', 'steward', 'lead', 'manager']);
      const working = staff.flatMap((s) => (s.role === 'guard' ? [] : [{ ...s, role: s.role }]));
      return {
        staff: working
          .sort((a, b) => STAFF_RANK[a.role] - STAFF_RANK[b.role] || a.name.localeCompare(b.name, 'zh'))
          .map((s) => ({ openid: s.openid, name: s.name, role: s.role, kind: s.kind, buildings: s.buildings })),
      };
    },
  },
} satisfies ActionTable<'tickets'>;

export type { TicketState };
