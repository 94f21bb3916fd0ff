// The SLA sweep (SPEC §3): every 5 minutes, for each ticket whose `nextDueAt` has come, warn
// before a deadline, escalate at breach, invite the revisit, follow open repairs up weekly, and
// close what is finished — then move `nextDueAt` on. The runner (core/workflow/sweep.ts) reads only
// due tickets (an indexed, ordered query in batches) until none is left or the time limit nears,
// and gives the exactly-once of every sweep (docs/rules.md): per alert a lease keyed by ticket and
// alert, then the claim — a conditional update of the ticket (its revision, the alert not yet
// claimed), which also moves `nextDueAt` on — then the notices, then the lease removed. A lease
// whose run died is taken over after LEASE_MS and finished: the notices if the claim had landed,
// otherwise the ticket is swept again as it stands. What the dead run had delivered already is not
// delivered twice; only a push whose WeChat call was in flight at the death is lost.
import { deadlineKeyLabels, ticketKindLabels, ticketStateLabels } from '../../../types/labels';
import type { StaffDoc } from '../accounts/model';
import type { Notification } from '../notify';
import type { Database } from '../sdk';
import { chineseDateTime } from '../time';
import { type Delivery, type Faults, type LeaseDoc, type SweepRun, LEASE_MS, runSweep } from '../workflow/sweep';
import { staffOf, TICKETS, writeTransition } from './data';
import { type SweepItem, type TicketDoc, type TicketEventDoc, pendingItems, reporterReachable, scheduleFields } from './model';
import { stewardsFor, ticketPage } from './notices';
import { transition } from './states';
import { tellAfterWrite } from '../workflow/notices';
import type { DeadlineKey } from '../../../types/tickets';

export interface SweepOptions {
  /** the instant the sweep runs at (the function's clock) */
  now: Date;
  /** tickets per query, at most 100 (the SDK's page) */
  batchSize?: number;
  /** stop starting new tickets after this many ms of work (leave room before the function's limit) */
  budgetMs?: number;
  /** stop after this many tickets (the rest is due at the next run) */
  maxTickets?: number;
  /**
   * tickets worked at once within a batch (each is independent: its claims are conditional on its
   * own revision); the work is waiting on the database, so a few at a time go several times faster
   */
  concurrency?: number;
  faults?: Faults;
}

export { LEASE_MS };

/** An alert in hand: taken before its claim, removed once its notices are delivered. */
export interface AlertLeaseDoc extends LeaseDoc {
  /** `tickets:<ticket id>:<alert key>`; also the key of its notices' delivery ids */
  _id: string;
  ticketId: string;
  item: SweepItem;
}

export interface SweepReport {
  /** due tickets read */
  read: number;
  /** due tickets worked (read but not worked: left for the next run) */
  handled: number;
  /** alerts claimed and sent by this run */
  sent: number;
  /** alerts a dead run had in hand, finished by this run */
  resumed: number;
  /** tickets closed by this run */
  closed: number;
  batches: number;
  /** true when the run stopped with due tickets possibly left (budget or maxTickets) */
  stoppedEarly: boolean;
}

type Staff = readonly StaffDoc[];

export async function sweep(database: Database, options: SweepOptions): Promise<SweepReport> {
  const staffCache = new Map<string, Promise<Staff>>();
  const ctx: Ctx = {
    staffFor(communityId) {
      let found = staffCache.get(communityId);
      if (!found) {
        found = staffOf(database, communityId, ['steward', 'lead', 'manager']);
        staffCache.set(communityId, found);
      }
      return found;
    },
    sent: 0,
    resumed: 0,
    closed: 0,
    owners: [],
  };
  const stats = await runSweep<TicketDoc, AlertLeaseDoc>(
    database,
    {
      name: 'slaSweep',
      source: 'tickets',
      collection: TICKETS,
      dueField: 'nextDueAt',
      handle: (run, ticket) => sweepTicket(run, ctx, ticket),
      resume: (run, lease) => resumeLease(run, ctx, lease),
    },
    { now: options.now, budgetMs: options.budgetMs, batchSize: options.batchSize, maxItems: options.maxTickets, concurrency: options.concurrency ?? 8, faults: options.faults },
  );
  await flushOwners(database, ctx, options.now);
  return { read: stats.read, handled: stats.handled, sent: ctx.sent, resumed: ctx.resumed, closed: ctx.closed, batches: stats.batches, stoppedEarly: stats.stoppedEarly };
}

/** What the tickets' part of one run keeps: who works where, and what it did. */
interface Ctx {
  staffFor: (communityId: string) => Promise<Staff>;
  sent: number;
  resumed: number;
  closed: number;
  /** owners' escalation notices gathered, not yet sent */
  owners: Notification[];
}

export const leaseIdOf = (ticketId: string, key: string) => `tickets:${ticketId}:${key}`;

/**
 * Claims one alert on the ticket (its revision, the alert not yet claimed): only the run whose
 * update lands delivers it. `extra` carries the ticket's new schedule with its last claim.
 */
async function claim(run: SweepRun, ticket: TicketDoc, keys: string[], extra: Record<string, unknown>): Promise<boolean> {
  run.alive();
  const _ = run.database.command;
  const where: Record<string, unknown> = { _id: ticket._id, rev: ticket.rev };
  const data: Record<string, unknown> = { ...extra };
  for (const key of keys) {
    where[`alerts.${key}`] = _.exists(false);
    data[`alerts.${key}`] = run.now;
  }
  const result = await run.database.collection(TICKETS).where(where).update({ data });
  const won = result.stats.updated === 1;
  if (won) run.claimed();
  return won;
}

/** The keys an item claims: a breach takes its warning with it, unsent (the breach says more). */
function keysOf(item: SweepItem, alerts: Record<string, Date>): string[] {
  const keys = [item.key];
  if (item.type === 'breach') {
    const warnKey = item.key.replace('-breach-', '-warn-');
    if (!(warnKey in alerts)) keys.push(warnKey);
  }
  return keys;
}

async function sweepTicket(run: SweepRun, ctx: Ctx, ticket: TicketDoc): Promise<void> {
  const { database, now } = run;
  const due = pendingItems(ticket, now).filter((item) => item.at <= now);
  // A warning that comes due together with its breach (the sweep was late) is not worth sending:
  // it is claimed silently with the breach.
  const breached = new Set(due.filter((i) => i.type === 'breach').map((i) => (i.type === 'breach' ? i.deadline : null)));
  const todo: SweepItem[] = [];
  for (const item of due) {
    if (item.type === 'warn' && breached.has(item.deadline)) continue;
    todo.push(item);
    if (item.type === 'lapse' || item.type === 'close') break; // a transition: the rest is moot
  }
  const alerts = { ...ticket.alerts };
  for (const item of todo) for (const key of keysOf(item, ticket.alerts)) alerts[key] = now;
  const nextDueAt = scheduleFields({ ...ticket, alerts }, now).nextDueAt;
  // Whether the schedule is written (with the last claim) or left to whoever holds an alert.
  let settled = false;
  for (const [index, item] of todo.entries()) {
    const lease: AlertLeaseDoc = { ...run.lease(leaseIdOf(ticket._id, item.key)), ticketId: ticket._id, item };
    if (!(await run.take(lease))) {
      // Another run has this alert in hand; it moves `nextDueAt` on with its claim (or, dead,
      // its lease is taken over once expired, the ticket staying due meanwhile).
      settled = true;
      continue;
    }
    if (item.type === 'lapse' || item.type === 'close') {
      // A closing is a transition: the conditional update on state and revision is its claim.
      const closed = await closeBySystem(run, ticket, item);
      if (!closed) {
        await run.release(lease._id);
        return;
      }
      ctx.closed += 1;
      run.claimed();
      await finish(run, ctx, closed, item, lease._id);
      return; // the ticket changed: its schedule was written with the transition
    }
    const last = index === todo.length - 1 && !settled;
    const won = await claim(run, ticket, keysOf(item, ticket.alerts), last ? { nextDueAt } : {});
    if (!won) {
      // The ticket moved on (a transition wrote its own schedule) or the alert went meanwhile.
      await run.release(lease._id);
      settled = true;
      continue;
    }
    if (last) settled = true;
    if (await finish(run, ctx, ticket, item, lease._id)) ctx.sent += 1;
    if (item.type === 'breach') await tellReporterEscalated(run, ctx, ticket, item.deadline);
  }
  if (settled) return;
  run.alive();
  // Conditional on the revision: a transition meanwhile wrote its own schedule, which wins.
  await database.collection(TICKETS).where({ _id: ticket._id, rev: ticket.rev }).update({ data: { nextDueAt } });
}

/** Delivers a claimed alert's notices and drops its lease; false when they failed (the lease stays). */
function finish(run: SweepRun, ctx: Ctx, ticket: TicketDoc, item: SweepItem, leaseId: string): Promise<boolean> {
  return run.deliver(leaseId, () => notices(run, ctx, ticket, item, leaseId));
}

/** A lease whose run died, now held by this run. */
async function resumeLease(run: SweepRun, ctx: Ctx, lease: AlertLeaseDoc): Promise<void> {
  const found = await run.database.collection<TicketDoc>(TICKETS).where({ _id: lease.ticketId }).limit(1).get();
  const ticket = found.data[0];
  if (!ticket) {
    await run.release(lease._id);
    return;
  }
  if (lease.item.key in ticket.alerts) {
    // Claimed, then the run died: its notices, each at most once more (deliverOnce).
    if (await finish(run, ctx, ticket, lease.item, lease._id)) ctx.resumed += 1;
  } else {
    // Died between its lease and its claim: nothing went out. The ticket as it is now decides.
    await run.release(lease._id);
    await sweepTicket(run, ctx, ticket);
  }
}

async function closeBySystem(run: SweepRun, ticket: TicketDoc, item: SweepItem): Promise<TicketDoc | null> {
  const { database, now } = run;
  const note = item.type === 'lapse' ? '未抽中回访且业主未评价，回访期满自动关闭' : '回访完成，自动关闭';
  const result = transition(
    { state: ticket.state, kind: ticket.kind, assigneeId: ticket.assignee, revisitWaived: !ticket.revisitRequired },
    'close',
    { id: 'system', role: 'system' },
    now,
    note,
  );
  if (!result.ok) return null;
  const event: TicketEventDoc = { ...result.event, actorName: null };
  const after: TicketDoc = { ...ticket, state: result.state, closedAt: now, updatedAt: now, alerts: { ...ticket.alerts, [item.key]: now } };
  run.alive();
  try {
    await writeTransition(
      database,
      ticket,
      { state: result.state, closedAt: now, updatedAt: now, [`alerts.${item.key}`]: now, ...scheduleFields(after, now) } as Partial<TicketDoc>,
      event,
    );
  } catch {
    return null; // someone moved it first (the owner reopened it, another run closed it)
  }
  return after;
}

function responsible(ticket: TicketDoc, staff: Staff): string[] {
  if (ticket.assignee) return [ticket.assignee];
  if (ticket.acceptedBy) return [ticket.acceptedBy];
  return stewardsFor(staff, ticket.building);
}

/** A notice to staff about the ticket (待办/超时提醒). */
function staffNotice(openid: string, ticket: TicketDoc, title: string, body: string, due: Date): Notification {
  return {
    openid,
    template: 'staffAlert',
    title,
    body,
    values: { subject: `${ticket.unit} ${ticketKindLabels[ticket.kind]}：${title}`, no: ticket.no, due, note: body },
    page: ticketPage(ticket._id),
  };
}

/** The reporter hears of their ticket (工单进度提醒); nobody when they cannot be reached. */
function reporterNotice(ticket: TicketDoc, body: string, note: string, now: Date): Notification[] {
  if (!reporterReachable(ticket)) return []; // erased, or a unit nobody is bound to: by phone
  return [
    {
      openid: ticket.reporter,
      template: 'ticketProgress',
      title: `${ticketKindLabels[ticket.kind]}${ticketStateLabels[ticket.state]}`,
      body,
      values: { no: ticket.no, state: ticketStateLabels[ticket.state], note, at: now },
      page: ticketPage(ticket._id),
    },
  ];
}

/** The deadlines whose breach the owner is told of: the ones they wait on (the revisit is the stewards'). */
const OWNER_FACING: readonly DeadlineKey[] = ['respondBy', 'arriveBy', 'resolveBy'];

/** Owners' escalation notices are sent together, this many at a time (one inbox write for them all). */
const OWNER_BATCH = 20;

/**
 * The owner hears that their ticket went up to the lead (the manager for major complaints and
 * emergencies), after the claim that escalated it, through the workflow core's notices after a
 * write. They are gathered and sent OWNER_BATCH at a time and at the end of the run, so a sweep of
 * many breaches costs a few writes more, not several per ticket (the runner's time budget stays
 * for the staff alerts). At most once: a run that dies with some gathered leaves those owners
 * untold (the staff's alert, the record of the escalation, is the lease's to deliver); a failure is
 * logged, never thrown.
 */
async function tellReporterEscalated(run: SweepRun, ctx: Ctx, ticket: TicketDoc, deadline: DeadlineKey): Promise<void> {
  if (!OWNER_FACING.includes(deadline)) return;
  const up = ticket.escalateToManager ? '项目经理' : '客服主管';
  ctx.owners.push(
    ...reporterNotice(
      ticket,
      `您的${ticketKindLabels[ticket.kind]} ${ticket.no} ${deadlineKeyLabels[deadline]}已超时，已升级由${up}督办，管家会尽快与您联系。`,
      `已升级${up}督办`,
      run.now,
    ),
  );
  if (ctx.owners.length >= OWNER_BATCH) await flushOwners(run.database, ctx, run.now);
}

async function flushOwners(database: Database, ctx: Ctx, now: Date): Promise<void> {
  const batch = ctx.owners.splice(0);
  if (batch.length > 0) await tellAfterWrite(database, 'slaSweep', `${batch.length} owners told of an escalation`, () => batch, now);
}

/**
 * An alert's notices, each under a `deliverOnce` key fixed by the lease: delivering them again (a
 * resumed lease) adds nothing to an inbox and asks WeChat nothing twice.
 */
async function notices(run: SweepRun, ctx: Ctx, ticket: TicketDoc, item: SweepItem, leaseId: string): Promise<Delivery[]> {
  const { now } = run;
  const staff = await ctx.staffFor(ticket.communityId);
  const messages: Delivery[] = [];
  const toStaff = (openids: string[], title: string, body: string, due: Date) => {
    for (const openid of new Set(openids)) messages.push({ key: leaseId, notice: staffNotice(openid, ticket, title, body, due) });
  };
  const toReporter = (body: string, note: string) => {
    for (const notice of reporterNotice(ticket, body, note, now)) messages.push({ key: `${leaseId}:reporter`, notice });
  };
  switch (item.type) {
    case 'warn': {
      const at = ticket.clocks[item.deadline]?.at ?? now;
      const who = item.deadline === 'revisitBy' ? stewardsFor(staff, ticket.building) : responsible(ticket, staff);
      toStaff(who, `${deadlineKeyLabels[item.deadline]}将到`, `${ticket.unit} ${ticket.no} 将于 ${chineseDateTime(at)} 到期，请尽快处理`, at);
      break;
    }
    case 'breach': {
      const at = ticket.clocks[item.deadline]?.at ?? now;
      // SPEC §3: the lead at breach; the manager too for major complaints and emergencies
      const ranks: Array<StaffDoc['role']> = ticket.escalateToManager ? ['lead', 'manager'] : ['lead'];
      const up = staff.filter((s) => ranks.includes(s.role)).map((s) => s.openid);
      const followUp = ticket.developerFollowUp ? '；开发商整改逾期，请书面督促' : '';
      const body = `${ticket.unit} ${ticket.no} ${deadlineKeyLabels[item.deadline]}已于 ${chineseDateTime(at)} 超时${followUp}`;
      toStaff([...up, ...responsible(ticket, staff)], `${deadlineKeyLabels[item.deadline]}已超时`, body, at);
      break;
    }
    case 'invite': {
      if (!reporterReachable(ticket)) break; // the revisit is the stewards' to make, by phone
      messages.push({
        key: leaseId,
        notice: {
          openid: ticket.reporter,
          template: 'revisitInvite',
          title: '请为本次服务评价',
          body: `您的${ticketKindLabels[ticket.kind]} ${ticket.no} 已处理完成，请为本次服务打分，不满意可申请重新处理。`,
          values: { no: ticket.no, subject: ticket.description, at: ticket.resolvedAt ?? now, tip: '点击为本次服务评价' },
          page: ticketPage(ticket._id),
        },
      });
      break;
    }
    case 'followUp': {
      toStaff(responsible(ticket, staff), '报修每周跟进', `${ticket.unit} ${ticket.no} 已报修 ${item.week} 周仍未完成，请回访业主并跟进进度`, now);
      toReporter(`您的${ticketKindLabels[ticket.kind]} ${ticket.no} 仍在处理中，管家会持续跟进。`, '仍在处理中');
      break;
    }
    case 'lapse':
    case 'close':
      toReporter(`您的${ticketKindLabels[ticket.kind]} ${ticket.no} 已办结，感谢您的支持。`, '工单已办结');
      break;
  }
  return messages;
}
