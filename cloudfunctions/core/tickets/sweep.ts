// The SLA sweep (SPEC §3): every 5 minutes, for each ticket whose `nextDueAt` has come, warn
// before a deadline, escalate at breach, invite the revisit, follow open repairs up weekly, and
// close what is finished — then move `nextDueAt` on. It reads only due tickets (an indexed,
// ordered query in batches) and keeps going until none is left or the time limit nears.
//
// Exactly once, across two runs at once and across a run killed anywhere (docs/rules.md):
//   1. a lease first: an insert into `alertLeases` keyed by ticket and alert, held LEASE_MS; only
//      the run whose insert landed goes on with that alert;
//   2. the claim: a conditional update of the ticket (its revision, the alert not yet claimed),
//      which also moves `nextDueAt` on past the alert;
//   3. the notices, through notify's `deliverOnce`: inbox ids fixed by the lease id (a repeat is a
//      no-op), each push marked before WeChat is asked (never asked twice);
//   4. the lease removed.
// A run that dies after 1 leaves a lease that expires: the first run after LEASE_MS takes it over
// (a conditional update on the holder's token) and finishes it — the notices if the claim had
// landed, otherwise the ticket is swept again as it stands. What the dead run had delivered
// already is not delivered twice; only a push whose WeChat call was in flight at the death is lost.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { deadlineKeyLabels, ticketKindLabels, ticketStateLabels } from '../../../types/labels';
import type { StaffDoc } from '../accounts/model';
import { type Notification, deliverOnce } from '../notify';
import { ALERT_LEASES, LEASE_MS, SweepCrash } from '../notify/leases';
import { type Database, isDuplicateError } from '../sdk';
import { chineseDateTime } from '../time';
import { staffOf, TICKETS, writeTransition } from './data';
import { type SweepItem, type TicketDoc, type TicketEventDoc, pendingItems, reporterReachable, scheduleFields } from './model';
import { stewardsFor, ticketPage } from './notices';
import { transition } from './states';

export interface SweepOptions {
  /** the instant the sweep runs at (the function's clock) */
  now: Date;
  /** tickets per query, at most 100 (the SDK's page) */
  batchSize?: number;
  /** stop starting new tickets after this many ms of work (leave room before the function's limit) */
  budgetMs?: number;
  /** stop after this many tickets: a crash or a time-out in the middle, for tests */
  maxTickets?: number;
  /**
   * tickets worked at once within a batch (each is independent: its claims are conditional on its
   * own revision); the work is waiting on the database, so a few at a time go several times faster
   */
  concurrency?: number;
  /** tests: the instance dies right after this many claims, before their notices */
  crashAfterClaims?: number;
}

export { ALERT_LEASES, LEASE_MS, SweepCrash };

/** An alert in hand: taken before its claim, removed once its notices are delivered. */
export interface AlertLeaseDoc {
  /** `tickets:<ticket id>:<alert key>`; also the key of its notices' delivery ids */
  _id: string;
  source: 'tickets';
  ticketId: string;
  item: SweepItem;
  /** the holding run's */
  token: string;
  until: Date;
  /** take-overs so far */
  attempts: number;
  createdAt: Date;
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
  const { now } = options;
  const batchSize = Math.min(100, Math.max(1, options.batchSize ?? 100));
  const started = performance.now();
  const budget = options.budgetMs ?? Infinity;
  const report: SweepReport = { read: 0, handled: 0, sent: 0, resumed: 0, closed: 0, batches: 0, stoppedEarly: false };
  const staffCache = new Map<string, Promise<Staff>>();
  const staffFor = (communityId: string): Promise<Staff> => {
    let found = staffCache.get(communityId);
    if (!found) {
      found = staffOf(database, communityId, ['steward', 'lead', 'manager']);
      staffCache.set(communityId, found);
    }
    return found;
  };
  const _ = database.command;
  const seen = new Set<string>();
  // tickets handled this run that are due again because a concurrent write beat our update:
  // left for the next run rather than read over and over now
  const stuck: string[] = [];
  let handled = 0;

  const concurrency = Math.max(1, options.concurrency ?? 8);
  const ctx: Ctx = { database, now, token: randomBytes(8).toString('hex'), staffFor, report, claims: 0, crashAfter: options.crashAfterClaims ?? Infinity };

  // First what dead runs left in hand (none, mostly: one indexed query that finds nothing).
  await resumeExpired(ctx, () => performance.now() - started > budget);

  for (;;) {
    const where: Record<string, unknown> = { nextDueAt: _.lte(now) };
    if (stuck.length > 0) where._id = _.nin(stuck);
    const batch = await database.collection<TicketDoc>(TICKETS).where(where).orderBy('nextDueAt', 'asc').limit(batchSize).get();
    report.batches += 1;
    report.read += batch.data.length;
    const fresh: TicketDoc[] = [];
    for (const ticket of batch.data) {
      if (seen.has(ticket._id)) stuck.push(ticket._id);
      else fresh.push(ticket);
    }
    // A few tickets at a time; each is started only while the budget and the limit allow.
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < fresh.length && !report.stoppedEarly) {
        if (handled >= (options.maxTickets ?? Infinity) || performance.now() - started > budget) {
          report.stoppedEarly = true;
          return;
        }
        const ticket = fresh[next];
        next += 1;
        seen.add(ticket._id);
        handled += 1;
        report.handled = handled;
        await sweepTicket(ctx, ticket);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, fresh.length) }, worker));
    if (report.stoppedEarly || batch.data.length < batchSize) return report;
  }
}

interface Ctx {
  database: Database;
  now: Date;
  /** this run's, held in its leases */
  token: string;
  staffFor: (communityId: string) => Promise<Staff>;
  report: SweepReport;
  claims: number;
  crashAfter: number;
  /** the test hook fired: every further step throws */
  dead?: boolean;
}

/** A lease taken over this many times without its notices going out is given up (a notice that cannot be built). */
const MAX_LEASE_ATTEMPTS = 3;

function alive(ctx: Ctx): void {
  if (ctx.dead) throw new SweepCrash('the sweep instance is gone');
}

export const leaseIdOf = (ticketId: string, key: string) => `tickets:${ticketId}:${key}`;

/** Takes the lease on one alert: false when another run holds it (working on it, or died with it). */
async function takeLease(ctx: Ctx, ticket: TicketDoc, item: SweepItem): Promise<boolean> {
  alive(ctx);
  const lease: AlertLeaseDoc = {
    _id: leaseIdOf(ticket._id, item.key),
    source: 'tickets',
    ticketId: ticket._id,
    item,
    token: ctx.token,
    until: new Date(ctx.now.getTime() + LEASE_MS),
    createdAt: ctx.now,
    attempts: 0,
  };
  try {
    await ctx.database.collection(ALERT_LEASES).add({ data: { ...lease } });
    return true;
  } catch (error) {
    if (!isDuplicateError(error)) throw error;
    return false;
  }
}

/** Only while this run still holds it: a run presumed dead must not drop its successor's lease. */
async function releaseLease(ctx: Ctx, id: string): Promise<void> {
  alive(ctx);
  await ctx.database.collection(ALERT_LEASES).where({ _id: id, token: ctx.token }).remove();
}

/**
 * Claims one alert on the ticket (its revision, the alert not yet claimed): only the run whose
 * update lands delivers it. `extra` carries the ticket's new schedule with its last claim.
 */
async function claim(ctx: Ctx, ticket: TicketDoc, keys: string[], extra: Record<string, unknown>): Promise<boolean> {
  alive(ctx);
  const _ = ctx.database.command;
  const where: Record<string, unknown> = { _id: ticket._id, rev: ticket.rev };
  const data: Record<string, unknown> = { ...extra };
  for (const key of keys) {
    where[`alerts.${key}`] = _.exists(false);
    data[`alerts.${key}`] = ctx.now;
  }
  const result = await ctx.database.collection(TICKETS).where(where).update({ data });
  const won = result.stats.updated === 1;
  if (won) {
    ctx.claims += 1;
    if (ctx.claims >= ctx.crashAfter) ctx.dead = true; // the test hook: gone right after this claim
  }
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

async function sweepTicket(ctx: Ctx, ticket: TicketDoc): Promise<void> {
  const { database, now, report } = ctx;
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
    const leaseId = leaseIdOf(ticket._id, item.key);
    if (!(await takeLease(ctx, ticket, item))) {
      // Another run has this alert in hand; it moves `nextDueAt` on with its claim (or, dead,
      // its lease is taken over once expired, the ticket staying due meanwhile).
      settled = true;
      continue;
    }
    if (item.type === 'lapse' || item.type === 'close') {
      // A closing is a transition: the conditional update on state and revision is its claim.
      const closed = await closeBySystem(ctx, ticket, item);
      if (!closed) {
        await releaseLease(ctx, leaseId);
        return;
      }
      report.closed += 1;
      await finish(ctx, closed, item, leaseId);
      return; // the ticket changed: its schedule was written with the transition
    }
    const last = index === todo.length - 1 && !settled;
    const won = await claim(ctx, ticket, keysOf(item, ticket.alerts), last ? { nextDueAt } : {});
    if (!won) {
      // The ticket moved on (a transition wrote its own schedule) or the alert went meanwhile.
      await releaseLease(ctx, leaseId);
      settled = true;
      continue;
    }
    if (last) settled = true;
    if (await finish(ctx, ticket, item, leaseId)) report.sent += 1;
  }
  if (settled) return;
  alive(ctx);
  // Conditional on the revision: a transition meanwhile wrote its own schedule, which wins.
  await database.collection(TICKETS).where({ _id: ticket._id, rev: ticket.rev }).update({ data: { nextDueAt } });
}

/**
 * Delivers a claimed alert's notices and drops its lease. A failure leaves the lease to expire and
 * be taken over (what went out already is not repeated); false then.
 */
async function finish(ctx: Ctx, ticket: TicketDoc, item: SweepItem, leaseId: string): Promise<boolean> {
  try {
    alive(ctx);
    await deliver(ctx, ticket, item, leaseId);
  } catch (error) {
    if (error instanceof SweepCrash) throw error;
    console.error('[slaSweep] notices failed; a later run resumes them', leaseId, error);
    return false;
  }
  await releaseLease(ctx, leaseId);
  return true;
}

/** Leases whose run died (held past LEASE_MS): taken over and finished, oldest first. */
async function resumeExpired(ctx: Ctx, overBudget: () => boolean): Promise<void> {
  const { database, now } = ctx;
  const _ = database.command;
  const leases = database.collection<AlertLeaseDoc>(ALERT_LEASES);
  for (;;) {
    if (overBudget()) return;
    alive(ctx);
    const expired = await leases.where({ source: 'tickets', until: _.lte(now) }).orderBy('until', 'asc').limit(100).get();
    for (const lease of expired.data) {
      if (overBudget()) return;
      alive(ctx);
      const attempts = (lease.attempts ?? 0) + 1;
      if (attempts > MAX_LEASE_ATTEMPTS) {
        console.error('[slaSweep] giving up an alert whose notices keep failing', lease._id);
        await leases.where({ _id: lease._id, token: lease.token }).remove();
        continue;
      }
      // Conditional on the dead holder's token: of two runs at once, one takes it.
      const taken = await leases.where({ _id: lease._id, token: lease.token }).update({ data: { token: ctx.token, until: new Date(now.getTime() + LEASE_MS), attempts } });
      if (taken.stats.updated !== 1) continue;
      const found = await database.collection<TicketDoc>(TICKETS).where({ _id: lease.ticketId }).limit(1).get();
      const ticket = found.data[0];
      if (!ticket) {
        await releaseLease(ctx, lease._id);
        continue;
      }
      if (lease.item.key in ticket.alerts) {
        // Claimed, then the run died: its notices, each at most once more (deliverOnce).
        if (await finish(ctx, ticket, lease.item, lease._id)) ctx.report.resumed += 1;
      } else {
        // Died between its lease and its claim: nothing went out. The ticket as it is now decides.
        await releaseLease(ctx, lease._id);
        await sweepTicket(ctx, ticket);
      }
    }
    if (expired.data.length < 100) return;
  }
}

async function closeBySystem(ctx: Ctx, ticket: TicketDoc, item: SweepItem): Promise<TicketDoc | null> {
  const { database, now } = ctx;
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
  alive(ctx);
  try {
    await writeTransition(database, ticket, { state: result.state, closedAt: now, updatedAt: now, [`alerts.${item.key}`]: now, ...scheduleFields(after, now) } as Partial<TicketDoc>, event);
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

/**
 * An alert's notices, each through `deliverOnce` under a key fixed by the lease: delivering them
 * again (a resumed lease) adds nothing to an inbox and asks WeChat nothing twice. Every notice is
 * attempted; the first failure is thrown afterwards, leaving the lease for a later run.
 */
async function deliver(ctx: Ctx, ticket: TicketDoc, item: SweepItem, leaseId: string): Promise<void> {
  const { database, now } = ctx;
  const staff = await ctx.staffFor(ticket.communityId);
  const messages: Array<[key: string, message: Notification]> = [];
  const toStaff = (openids: string[], title: string, body: string, due: Date) => {
    for (const openid of new Set(openids)) messages.push([leaseId, staffNotice(openid, ticket, title, body, due)]);
  };
  const toReporter = (body: string, note: string) => {
    for (const message of reporterNotice(ticket, body, note, now)) messages.push([`${leaseId}:reporter`, message]);
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
      messages.push([
        leaseId,
        {
          openid: ticket.reporter,
          template: 'revisitInvite',
          title: '请为本次服务评价',
          body: `您的${ticketKindLabels[ticket.kind]} ${ticket.no} 已处理完成，请为本次服务打分，不满意可申请重新处理。`,
          values: { no: ticket.no, subject: ticket.description, at: ticket.resolvedAt ?? now, tip: '点击为本次服务评价' },
          page: ticketPage(ticket._id),
        },
      ]);
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
  // Each person's notice is independent (their own inbox and grants): side by side.
  const outcomes = await Promise.allSettled(
    messages.map(([key, message]) => {
      alive(ctx);
      return deliverOnce(database, key, message, now);
    }),
  );
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
}
