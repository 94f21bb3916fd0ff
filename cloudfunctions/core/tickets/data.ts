// Ticket data access beside the rules: numbering, the community's policy and the calendar as
// stored, staff lookups, and the one conditional write every transition goes through.
import type { CalendarOverride as CalendarOverrideRow } from '../../../types/tickets';
import type { StaffRole } from '../../../types/enums';
import type { StaffDoc } from '../accounts/model';
import { type Database, isDuplicateError } from '../sdk';
import { buildCalendar, type Calendar } from '../sla/calendar';
import { type PolicyOverride, type SlaPolicy, resolvePolicy } from '../sla/policy';
import { shanghaiDate } from '../time';
import { AppError, conflict } from '../router/errors';
import type { TicketDoc, TicketEventDoc } from './model';
import { ticketNumber } from './model';

export const TICKETS = 'tickets';

interface CounterDoc {
  _id: string;
  seq: number;
}

/** A community's override of the default policy; `override.version` is recorded on tickets. */
export interface SlaPolicyDoc {
  _id: string;
  communityId: string;
  override: PolicyOverride;
  updatedAt: Date;
}

export interface CalendarOverrideDoc extends CalendarOverrideRow {
  /** the year as a string, one row per year */
  _id: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The next number of the community's Shanghai day. The counter is bumped with `_.inc` under the
 * condition that it still holds the value we read (compare-and-set), so two reports at the same
 * instant never get one number; the loser of a race reads again.
 */
export async function nextTicketNumber(database: Database, communityId: string, now: Date): Promise<{ no: string; seq: number }> {
  const day = shanghaiDate(now);
  const id = `${communityId}:${day}`;
  const counters = database.collection<CounterDoc>('ticketCounters');
  const _ = database.command;
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const found = await counters.where({ _id: id }).limit(1).get();
    const current = found.data[0];
    if (!current) {
      try {
        await counters.add({ data: { _id: id, seq: 1 } });
        return { no: ticketNumber(day, 1), seq: 1 };
      } catch (error) {
        if (!isDuplicateError(error)) throw error;
        continue; // another report created the day's counter first
      }
    }
    const taken = await counters.where({ _id: id, seq: current.seq }).update({ data: { seq: _.inc(1) } });
    if (taken.stats.updated === 1) return { no: ticketNumber(day, current.seq + 1), seq: current.seq + 1 };
    await sleep(Math.random() * 10 * (attempt + 1));
  }
  throw new AppError('CONFLICT', '提交的人太多，请稍后重试');
}

export async function loadPolicy(database: Database, communityId: string): Promise<SlaPolicy> {
  const found = await database.collection<SlaPolicyDoc>('slaPolicies').where({ _id: communityId }).limit(1).get();
  return resolvePolicy(found.data[0]?.override);
}

/** The package's calendar with every override year stored (a few rows: one per year entered). */
export async function loadCalendar(database: Database): Promise<Calendar> {
  const found = await database.collection<CalendarOverrideDoc>('calendarOverrides').limit(100).get();
  const overrides = found.data.map(({ year, holidays, workdays }) => ({ year, holidays, workdays }));
  return buildCalendar(overrides);
}

export async function findTicket(database: Database, id: string): Promise<TicketDoc | null> {
  const found = await database.collection<TicketDoc>(TICKETS).where({ _id: id }).limit(1).get();
  return found.data[0] ?? null;
}

/** Active staff of a community holding one of `roles` (by the post's own role). */
export async function staffOf(database: Database, communityId: string, roles: readonly StaffRole[]): Promise<StaffDoc[]> {
  const _ = database.command;
  const found = await database
    .collection<StaffDoc>('staff')
    .where({ communityId, role: _.in([...roles]), active: true })
    .limit(100)
    .get();
  return found.data;
}

export async function staffMember(database: Database, communityId: string, openid: string): Promise<StaffDoc | null> {
  const found = await database.collection<StaffDoc>('staff').where({ communityId, openid, active: true }).limit(1).get();
  return found.data[0] ?? null;
}

/**
 * The one way a ticket changes state: an update conditional on the state and revision we read.
 * Nothing matched means someone else moved the ticket first (another steward's claim, the owner's
 * cancel, the sweep): CONFLICT, never a silent overwrite.
 */
export async function writeTransition(
  database: Database,
  ticket: TicketDoc,
  changes: Partial<Omit<TicketDoc, '_id' | 'events' | 'rev'>>,
  event: TicketEventDoc,
): Promise<void> {
  const _ = database.command;
  const data: Record<string, unknown> = { ...changes, rev: _.inc(1), events: _.push([event]) };
  // Objects are replaced whole: a partial object would be merged field by field by the SDK.
  for (const key of ['clocks', 'revisit', 'rating', 'resolution'] as const) {
    if (key in changes && changes[key] !== null) data[key] = _.set(changes[key]);
  }
  const result = await database
    .collection<TicketDoc>(TICKETS)
    .where({ _id: ticket._id, state: ticket.state, rev: ticket.rev })
    .update({ data });
  if (result.stats.updated !== 1) throw conflict('工单状态已变化，请刷新后重试');
}
