// The SLA sweep (SPEC §3): every 5 minutes, for each ticket whose `nextDueAt` has come, warn
// before a deadline, escalate at breach, invite the revisit, follow open repairs up weekly, and
// close what is finished — then move `nextDueAt` on. It reads only due tickets (an indexed,
// ordered query in batches), keeps going until none is left or the time limit nears, and claims
// every alert with a conditional update on the ticket before sending it, so two runs at once or a
// run after a crash never send anything twice. A crash between a claim and its send loses that one
// notice rather than repeating it (the ticket's colour in the queue still shows the breach).
import { performance } from 'node:perf_hooks';
import { deadlineKeyLabels, ticketKindLabels } from '../../../types/labels';
import type { StaffDoc } from '../accounts/model';
import { send } from '../notify';
import type { Database } from '../sdk';
import { chineseDateTime } from '../time';
import { staffOf, TICKETS, writeTransition } from './data';
import { type SweepItem, type TicketDoc, type TicketEventDoc, pendingItems, reporterReachable, scheduleFields } from './model';
import { stewardsFor, tellReporter, tellStaff, ticketPage } from './notices';
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
}

export interface SweepReport {
  /** due tickets read */
  read: number;
  /** due tickets worked (read but not worked: left for the next run) */
  handled: number;
  /** alerts claimed and sent by this run */
  sent: number;
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
  const report: SweepReport = { read: 0, handled: 0, sent: 0, closed: 0, batches: 0, stoppedEarly: false };
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
        await sweepTicket(database, ticket, now, staffFor, report);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, fresh.length) }, worker));
    if (report.stoppedEarly || batch.data.length < batchSize) return report;
  }
}

/** Claims one alert: only the run whose conditional update lands sends it. */
async function claim(database: Database, ticket: TicketDoc, keys: string[], now: Date): Promise<boolean> {
  const _ = database.command;
  const where: Record<string, unknown> = { _id: ticket._id, rev: ticket.rev };
  const data: Record<string, unknown> = {};
  for (const key of keys) {
    where[`alerts.${key}`] = _.exists(false);
    data[`alerts.${key}`] = now;
  }
  const result = await database.collection(TICKETS).where(where).update({ data });
  return result.stats.updated === 1;
}

async function sweepTicket(
  database: Database,
  ticket: TicketDoc,
  now: Date,
  staffFor: (communityId: string) => Promise<Staff>,
  report: SweepReport,
): Promise<void> {
  const due = pendingItems(ticket, now).filter((item) => item.at <= now);
  const alerts = { ...ticket.alerts };
  // A warning that comes due together with its breach (the sweep was late) is not worth sending:
  // it is claimed silently with the breach.
  const breached = new Set(due.filter((i) => i.type === 'breach').map((i) => (i.type === 'breach' ? i.deadline : null)));
  for (const item of due) {
    if (item.type === 'warn' && breached.has(item.deadline)) continue;
    if (item.type === 'lapse' || item.type === 'close') {
      // A closing is a transition: the conditional update on state and revision is its claim.
      if (await closeBySystem(database, ticket, item, now)) report.closed += 1;
      return; // the ticket changed: its schedule was written with the transition
    }
    const keys = [item.key];
    if (item.type === 'breach') {
      const warnKey = item.key.replace('-breach-', '-warn-');
      if (!(warnKey in alerts)) keys.push(warnKey);
    }
    const won = await claim(database, ticket, keys, now);
    for (const key of keys) alerts[key] = now;
    if (!won) continue; // another run has it, or the ticket moved on
    await deliver(database, ticket, item, now, await staffFor(ticket.communityId));
    report.sent += 1;
  }
  const next = scheduleFields({ ...ticket, alerts }, now);
  // Conditional on the revision: a transition meanwhile wrote its own schedule, which wins.
  await database.collection(TICKETS).where({ _id: ticket._id, rev: ticket.rev }).update({ data: { nextDueAt: next.nextDueAt } });
}

async function closeBySystem(database: Database, ticket: TicketDoc, item: SweepItem, now: Date): Promise<boolean> {
  const note = item.type === 'lapse' ? '未抽中回访且业主未评价，回访期满自动关闭' : '回访完成，自动关闭';
  const result = transition(
    { state: ticket.state, kind: ticket.kind, assigneeId: ticket.assignee, revisitWaived: !ticket.revisitRequired },
    'close',
    { id: 'system', role: 'system' },
    now,
    note,
  );
  if (!result.ok) return false;
  const event: TicketEventDoc = { ...result.event, actorName: null };
  const after: TicketDoc = { ...ticket, state: result.state, closedAt: now, updatedAt: now, alerts: { ...ticket.alerts, [item.key]: now } };
  try {
    await writeTransition(database, ticket, { state: result.state, closedAt: now, updatedAt: now, [`alerts.${item.key}`]: now, ...scheduleFields(after, now) } as Partial<TicketDoc>, event);
  } catch {
    return false; // someone moved it first (the owner reopened it, another run closed it)
  }
  await tellReporter(database, after, `您的${ticketKindLabels[ticket.kind]} ${ticket.no} 已办结，感谢您的支持。`, '工单已办结', now);
  return true;
}

function responsible(ticket: TicketDoc, staff: Staff): string[] {
  if (ticket.assignee) return [ticket.assignee];
  if (ticket.acceptedBy) return [ticket.acceptedBy];
  return stewardsFor(staff, ticket.building);
}

async function deliver(database: Database, ticket: TicketDoc, item: SweepItem, now: Date, staff: Staff): Promise<void> {
  switch (item.type) {
    case 'warn': {
      const clock = ticket.clocks[item.deadline];
      const at = clock?.at ?? now;
      const who = item.deadline === 'revisitBy' ? stewardsFor(staff, ticket.building) : responsible(ticket, staff);
      await tellStaff(database, who, ticket, `${deadlineKeyLabels[item.deadline]}将到`, `${ticket.unit} ${ticket.no} 将于 ${chineseDateTime(at)} 到期，请尽快处理`, at, now);
      return;
    }
    case 'breach': {
      const at = ticket.clocks[item.deadline]?.at ?? now;
      // SPEC §3: the lead at breach; the manager too for major complaints and emergencies
      const ranks: Array<StaffDoc['role']> = ticket.escalateToManager ? ['lead', 'manager'] : ['lead'];
      const up = staff.filter((s) => ranks.includes(s.role)).map((s) => s.openid);
      const followUp = ticket.developerFollowUp ? '；开发商整改逾期，请书面督促' : '';
      const body = `${ticket.unit} ${ticket.no} ${deadlineKeyLabels[item.deadline]}已于 ${chineseDateTime(at)} 超时${followUp}`;
      await tellStaff(database, [...up, ...responsible(ticket, staff)], ticket, `${deadlineKeyLabels[item.deadline]}已超时`, body, at, now);
      return;
    }
    case 'invite': {
      if (!reporterReachable(ticket)) return; // the revisit is the stewards' to make, by phone
      await send(
        database,
        {
          openid: ticket.reporter,
          template: 'revisitInvite',
          title: '请为本次服务评价',
          body: `您的${ticketKindLabels[ticket.kind]} ${ticket.no} 已处理完成，请为本次服务打分，不满意可申请重新处理。`,
          values: { no: ticket.no, subject: ticket.description, at: ticket.resolvedAt ?? now, tip: '点击为本次服务评价' },
          page: ticketPage(ticket._id),
        },
        now,
      ).catch((error: unknown) => console.error('[slaSweep] invite failed', ticket._id, error));
      return;
    }
    case 'followUp': {
      await tellStaff(database, responsible(ticket, staff), ticket, '报修每周跟进', `${ticket.unit} ${ticket.no} 已报修 ${item.week} 周仍未完成，请回访业主并跟进进度`, now, now);
      await tellReporter(database, ticket, `您的${ticketKindLabels[ticket.kind]} ${ticket.no} 仍在处理中，管家会持续跟进。`, '仍在处理中', now);
      return;
    }
    case 'lapse':
    case 'close':
      return; // transitions, handled by closeBySystem
  }
}
