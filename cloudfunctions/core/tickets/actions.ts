// The `tickets` function's actions (SPEC §3, §10): report, read, list, and every transition of
// the state machine, each a conditional update on the state read (CONFLICT when it moved).
import type { z } from 'zod';
import type { ActorRole } from '../../../types/enums';
import { complaintClassLabels, ticketKindLabels } from '../../../types/labels';
import { spanText } from '../../../types/sla';
import type { TicketAction, TicketChannel, TicketState } from '../../../types/tickets';
import { ticketActions } from '../../../types/tickets';
import type { Caller } from '../router/caller';
import { AppError, forbidden, invalid, notFound } from '../router/errors';
import { createdEarlier, idOfCreate } from '../router/idempotency';
import type { ActionContext, ActionTable } from '../router/router';
import type { Database } from '../sdk';
import { loadCalendar, loadPolicy } from '../sla/load';
import { complaintRouting, isMajorComplaint } from '../sla/policy';
import { postFor, STAFF_RANK } from '../workflow/access';
import { contactOf } from '../accounts/rules';
import { nextDailyNumber } from '../workflow/number';
import { writeStep } from '../workflow/write';
import { drawRevisit, mergeYears, met, reopenChanges, startClocks } from './clocks';
import { findTicket, staffMember, staffOf, TICKET_STORE, TICKETS, writeTransition } from './data';
import { listTickets } from './list';
import { revisitRequiredFor, scheduleFields, TICKET_NUMBERS, type TicketDoc, type TicketEventDoc } from './model';
import { stewardsFor, tellReporter, tellStaff, tellUrgent } from './notices';
import { reclassify } from './reclassify';
import { channelNote, recordedFor, type Reporter, reportedBy } from './reporter';
import { calendarStatus, calendarYearsWarning, settingsActions } from './settings';
import { RECLASSIFIABLE, revisitAction, ticketAccess, transition } from './states';
import { actorName, actorRole, bindingFor, type CoveredYears, currentRating, snapshot, type Standing, summaryView, view } from './views';

type Ctx<A extends keyof typeof ticketActions> = ActionContext<z.output<(typeof ticketActions)[A]['input']>>;

// ----- one transition ------------------------------------------------------------------------

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

/** What a new ticket is: the report's fields, where it came from, and the note its first event carries. */
export type TicketFiling = Pick<
  z.output<(typeof ticketActions)['create']['input']>,
  'kind' | 'scope' | 'unit' | 'description' | 'photos' | 'preferredAt' | 'severity' | 'complaintClass'
> & {
  channel: TicketChannel;
  /** the building when `unit` names a public place rather than 栋-单元-房号 */
  building?: string;
  note: string | null;
  /** the record it was filed from (a patrol problem), kept on the ticket: the link back */
  origin?: TicketDoc['origin'];
};

/**
 * The one create path of a ticket (the owner's report, a steward's record, a patrol problem):
 * numbered, clocked, stored under the request's derived id, and the right people told.
 */
export async function fileTicket(ctx: Pick<Ctx<'create'>, 'db' | 'caller' | 'now' | 'requestKey'>, input: TicketFiling, who: Reporter): Promise<TicketDoc> {
  const { db: database, caller, now } = ctx;
  const { communityId } = who;
  const preferredAt = input.preferredAt ? new Date(input.preferredAt) : null;
  const shape = {
    kind: input.kind,
    severity: input.severity,
    complaintClass: input.kind === 'complaint' ? (input.complaintClass ?? null) : null,
    scope: input.scope,
    preferredAt,
  };
  const [policy, calendar, number] = await Promise.all([loadPolicy(database, communityId), loadCalendar(database), nextDailyNumber(database, TICKET_NUMBERS, communityId, now)]);
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
    note: input.note,
  };
  const doc: Omit<TicketDoc, '_id'> = {
    no: number.no,
    seq: number.seq,
    communityId,
    unit: input.unit,
    unitKey: `${communityId}:${input.unit}`,
    building: input.building ?? input.unit.split('-')[0],
    ...shape,
    description: input.description,
    photos: input.photos,
    reporter: who.reporter,
    reporterRole: who.reporterRole,
    reporterName: who.reporterName,
    reporterPhone: who.reporterPhone,
    channel: input.channel,
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
    ...(input.origin ? { origin: input.origin } : {}),
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
  await tellReporter(database, ticket, `您的${ticketKindLabels[ticket.kind]}已提交，编号 ${ticket.no}，管家将在 ${spanText(policy.respond.span)}内响应。`, '管家将尽快响应', now);
  return ticket;
}

// ----- the actions --------------------------------------------------------------------------------

const withTicket = (ctx: { db: Database; caller: Caller; input: { id: string } }): Promise<TicketDoc> => loadFor(ctx.db, ctx.caller, ctx.input.id);

export const ticketsActionTable = {
  create: {
    roles: ['owner', 'resident', 'steward'],
    create: true,
    async handler(ctx: Ctx<'create'>) {
      const { db: database, caller, input } = ctx;
      const earlier = await createdEarlier<TicketDoc>(ctx, TICKETS);
      if (earlier) return { ticket: await view(ctx, earlier) };
      const who = input.channel ? await recordedFor(database, caller, input) : reportedBy(caller, input);
      const ticket = await fileTicket(ctx, { ...input, channel: input.channel ?? 'app', note: input.channel ? channelNote(input.channel, who.reporterName) : null }, who);
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
          const post = postFor(ctx.caller, t.communityId, ['steward']);
          return {
            acceptedBy: ctx.caller.openid,
            ...(post ? { contact: contactOf(post) } : {}),
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
          contact: contactOf(person),
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
