// How a ticket is stored, and the pure rules over a stored ticket: which clocks run, when the
// sweep next has something to do for it (`nextDueAt`), where it sits in the staff queue
// (`queueKey`), and how it is shown. No database and no clock here: `now` is an argument.
import type { ActorRole } from '../../../types/enums';
import type { ComplaintClass, DeadlineKey, RevisitMethod, Severity, TicketChannel, TicketEventAction, TicketKind, TicketScope, TicketState } from '../../../types/tickets';
import type { DueLevel } from '../../../types/sla';
import type { StaffContact } from '../../../types/common';
import type { DailyNumbering } from '../workflow/number';
import type { TicketEvent } from './states';
import { terminalStates } from './states';

/** One clock: when it started, when it is due, and when it was met (null while running). */
export interface ClockDoc {
  start: Date;
  at: Date;
  metAt: Date | null;
}

/**
 * One entry of the timeline: a transition of the state machine, or the report itself (`submit`,
 * from and to `submitted`), or a reclassification (`reclassify`, from and to the state it was in).
 */
export interface TicketEventDoc extends Omit<TicketEvent, 'action'> {
  action: TicketEventAction;
  actorName: string | null;
}

export interface TicketDoc {
  _id: string;
  /** BX20261124-0007 */
  no: string;
  /** the day's sequence number in `no` */
  seq: number;
  communityId: string;
  unit: string;
  /** `${communityId}:${unit}`, so an owner's tickets across communities are one indexed query */
  unitKey: string;
  building: string;
  kind: TicketKind;
  scope: TicketScope;
  severity: Severity;
  complaintClass: ComplaintClass | null;
  description: string;
  photos: string[];
  preferredAt: Date | null;
  /** the openid notices go to: the person who reported, or the unit's owner when a steward recorded it */
  reporter: string;
  reporterRole: 'owner' | 'resident';
  /** app: reported in the mini-program; phone / walk_in: recorded by a steward (absent on old rows: app) */
  channel?: TicketChannel;
  /** the record a ticket was filed from (a problem found on patrol, core/patrol/problems.ts) */
  origin?: { kind: 'patrolProblem'; id: string; no: string };
  reporterName: string | null;
  reporterPhone: string | null;
  state: TicketState;
  /** bumped by every transition; the sweep's claims and every transition are conditional on it */
  rev: number;
  /** bumped by each reopen: alerts of an earlier round of work do not count for the new one */
  cycle: number;
  acceptedBy: string | null;
  assignee: string | null;
  assigneeName: string | null;
  /** who the owner can ring: set by accept and by assign (absent on tickets from before) */
  contact?: StaffContact | null;
  clocks: Partial<Record<DeadlineKey, ClockDoc>>;
  policyVersion: string;
  /** calendar years the deadlines relied on without holiday data */
  missingYears: number[];
  /** class 2 complaints: the developer repairs, the steward follows up and escalates in writing */
  developerFollowUp: boolean;
  /** staff must revisit: every kind but repairs, the sampled repairs, and any reopened repair */
  revisitRequired: boolean;
  /** a repair's place in its day's first resolutions (odd = sampled); null until drawn */
  revisitDraw?: number | null;
  /** breaches go to the manager too (major complaints and emergencies) */
  escalateToManager: boolean;
  events: TicketEventDoc[];
  revisit: { method: RevisitMethod; score: number | null; note: string | null; byRole: ActorRole; by: string; at: Date } | null;
  rating: { score: number; comment: string | null; at: Date } | null;
  /** what the person who resolved it wrote, with their photos */
  resolution: { note: string; photos: string[]; at: Date } | null;
  /** alert key → when it was claimed; a claimed alert is never sent again */
  alerts: Record<string, Date>;
  resolvedAt: Date | null;
  revisitedAt: Date | null;
  closedAt: Date | null;
  /** the earliest moment the sweep has something to do for this ticket; null when nothing */
  nextDueAt: Date | null;
  /** staff queue order: the next running deadline (ms), nothing-running after; null once final */
  queueKey: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What a reporter becomes once they have deleted their data (core/tickets/privacy.ts). */
export const ERASED_REPORTER = 'erased';
/** The reporter of a ticket a steward recorded for a unit nobody is bound to yet (`unbound:<community>:<unit>`). */
export const UNBOUND_REPORTER = 'unbound';

/** Whether the ticket's reporter is a person notices can reach. */
export function reporterReachable(ticket: Pick<TicketDoc, 'reporter'>): boolean {
  return ticket.reporter !== ERASED_REPORTER && !ticket.reporter.startsWith(`${UNBOUND_REPORTER}:`);
}

/** The part of a deadline's span after which its assignee is warned (SPEC §3: "before a deadline"). */
export const WARN_AT_FRACTION = 0.75;
/** A revisited ticket stays open this long for the owner to reopen it, then the sweep closes it. */
export const AUTO_CLOSE_AFTER_MS = 3 * 24 * 60 * 60 * 1000;
/** Open repair items are followed up weekly until closed (SPEC §2). */
export const FOLLOW_UP_EVERY_MS = 7 * 24 * 60 * 60 * 1000;
/** Tickets with no running clock sort after all others in the queue, oldest first. */
const NO_DEADLINE_BASE = 8.64e15;

const DEADLINE_ORDER: readonly DeadlineKey[] = ['respondBy', 'arriveBy', 'resolveBy', 'revisitBy'];
const FOLLOWED_UP: readonly TicketKind[] = ['repair', 'warranty'];
const BEFORE_RESOLUTION: readonly TicketState[] = ['submitted', 'accepted', 'assigned', 'on_site', 'reopened'];

export const isOpen = (state: TicketState): boolean => !terminalStates.includes(state);

/**
 * Whether staff must revisit a ticket at its report: every kind but repairs (SPEC §3: complaints
 * and warranty issues 100 %); a repair is drawn when it is first resolved (`sampledAtResolution`).
 */
export function revisitRequiredFor(kind: TicketKind): boolean {
  return kind !== 'repair';
}

/**
 * A repair's draw at its first resolution: its place among the community's repairs first resolved
 * that Shanghai day. Odd places are sampled (1 of 1, 1 of 2, 2 of 3 …), so at least half of each
 * day's resolved repairs are revisited by staff whatever else is reported, and the choice is
 * reproducible. A reopened repair is always revisited: its owner was unhappy once.
 */
export function sampledAtResolution(draw: number, cycle: number): boolean {
  return cycle > 0 || draw % 2 === 1;
}

/** The clocks that still run: not met, and (for the revisit) only where staff must revisit. */
export function runningClocks(ticket: Pick<TicketDoc, 'state' | 'clocks' | 'revisitRequired'>): Array<[DeadlineKey, ClockDoc]> {
  if (!isOpen(ticket.state)) return [];
  const running: Array<[DeadlineKey, ClockDoc]> = [];
  for (const key of DEADLINE_ORDER) {
    const clock = ticket.clocks[key];
    if (!clock || clock.metAt) continue;
    if (key === 'revisitBy' && !ticket.revisitRequired) continue;
    running.push([key, clock]);
  }
  return running;
}

export function warnAt(clock: ClockDoc): Date {
  const span = clock.at.getTime() - clock.start.getTime();
  return new Date(clock.start.getTime() + Math.max(0, span) * WARN_AT_FRACTION);
}

/** What the sweep does for a ticket, and when. */
export type SweepItem =
  | { key: string; at: Date; type: 'warn' | 'breach'; deadline: DeadlineKey }
  | { key: string; at: Date; type: 'invite' }
  | { key: string; at: Date; type: 'followUp'; week: number }
  /** an unsampled repair nobody rated: closed when its revisit window ends */
  | { key: string; at: Date; type: 'lapse' }
  | { key: string; at: Date; type: 'close' };

export type SweepTicket = Pick<TicketDoc, 'state' | 'clocks' | 'revisitRequired' | 'cycle' | 'kind' | 'createdAt' | 'resolvedAt' | 'revisitedAt' | 'alerts'>;

/**
 * Everything the sweep will have to do for this ticket from now on, claimed or not. Alert keys
 * carry the work round (`cycle`), so a reopened ticket is warned again about its new deadlines.
 */
export function sweepItems(ticket: SweepTicket, now: Date): SweepItem[] {
  if (!isOpen(ticket.state)) return [];
  const c = `c${ticket.cycle}`;
  const items: SweepItem[] = [];
  for (const [deadline, clock] of runningClocks(ticket)) {
    items.push({ key: `${c}-warn-${deadline}`, at: warnAt(clock), type: 'warn', deadline });
    items.push({ key: `${c}-breach-${deadline}`, at: clock.at, type: 'breach', deadline });
  }
  if (ticket.state === 'resolved' && ticket.resolvedAt) {
    items.push({ key: `${c}-invite`, at: ticket.resolvedAt, type: 'invite' });
    const revisit = ticket.clocks.revisitBy;
    if (!ticket.revisitRequired && revisit) items.push({ key: `${c}-lapse`, at: revisit.at, type: 'lapse' });
  }
  if (ticket.state === 'revisited' && ticket.revisitedAt) {
    items.push({ key: `${c}-close`, at: new Date(ticket.revisitedAt.getTime() + AUTO_CLOSE_AFTER_MS), type: 'close' });
  }
  if (FOLLOWED_UP.includes(ticket.kind) && BEFORE_RESOLUTION.includes(ticket.state)) {
    // The week that is due now (missed weeks are not sent one by one after a long outage), else
    // the next one.
    const elapsed = now.getTime() - ticket.createdAt.getTime();
    const current = Math.max(1, Math.floor(elapsed / FOLLOW_UP_EVERY_MS));
    for (const week of [current, current + 1]) {
      items.push({ key: `followup-w${week}`, at: new Date(ticket.createdAt.getTime() + week * FOLLOW_UP_EVERY_MS), type: 'followUp', week });
    }
  }
  return items;
}

/** Items not claimed yet, earliest first. */
export function pendingItems(ticket: SweepTicket, now: Date): SweepItem[] {
  return sweepItems(ticket, now)
    .filter((item) => !(item.key in ticket.alerts))
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The indexed field the sweep queries: the earliest unclaimed item, or null when none is left. */
export function nextDueAt(ticket: SweepTicket, now: Date): Date | null {
  return pendingItems(ticket, now)[0]?.at ?? null;
}

export function queueKey(ticket: Pick<TicketDoc, 'state' | 'clocks' | 'revisitRequired' | 'createdAt'>): number | null {
  if (!isOpen(ticket.state)) return null;
  const running = runningClocks(ticket);
  if (running.length === 0) return NO_DEADLINE_BASE + ticket.createdAt.getTime();
  return Math.min(...running.map(([, clock]) => clock.at.getTime()));
}

/** The clock a page colours: the earliest running one. */
export function nextDue(ticket: Pick<TicketDoc, 'state' | 'clocks' | 'revisitRequired'>, now: Date): { key: DeadlineKey; clock: ClockDoc; level: DueLevel } | null {
  const running = runningClocks(ticket).sort(([, a], [, b]) => a.at.getTime() - b.at.getTime());
  const first = running[0];
  if (!first) return null;
  const [key, clock] = first;
  const level: DueLevel = now > clock.at ? 'breached' : now >= warnAt(clock) ? 'near' : 'ok';
  return { key, clock, level };
}

/** The derived fields every write recomputes together, so they never disagree with the clocks. */
export function scheduleFields(ticket: TicketDoc, now: Date): Pick<TicketDoc, 'nextDueAt' | 'queueKey'> {
  return { nextDueAt: nextDueAt(ticket, now), queueKey: queueKey(ticket) };
}

/**
 * The staff's warning on a ticket whose deadlines fell in a year without holiday data. Once the
 * year has been entered (`covered`), the ticket's deadlines still stand as computed (a ticket keeps
 * its clocks), and the warning says so instead of asking for the data.
 */
export function calendarWarning(missingYears: readonly number[], covered: ReadonlySet<number> = new Set()): string | null {
  if (missingYears.length === 0) return null;
  const years = missingYears.join('、');
  if (missingYears.every((year) => covered.has(year))) return `本单期限计算时缺少 ${years} 年节假日数据，已按周末计算`;
  return `系统缺少 ${years} 年的法定节假日安排，相关期限暂按周末计算，请尽快录入 ${years} 年节假日数据`;
}

/** BX20261124-0007, from `ticketCounters` (which also holds the day's revisit draws). */
export const TICKET_NUMBERS: DailyNumbering = { prefix: 'BX', counters: 'ticketCounters', busy: '提交的人太多，请稍后重试' };
