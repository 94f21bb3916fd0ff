// Ticket data access beside the rules: the revisit draw, the community's policy and the calendar as
// stored, staff lookups, and the one conditional write every transition goes through.
import type { CalendarOverride as CalendarOverrideRow } from '../../../types/tickets';
import type { StaffRole } from '../../../types/enums';
import type { StaffDoc } from '../accounts/model';
import type { Database } from '../sdk';
import { buildCalendar, type Calendar } from '../sla/calendar';
import { type PolicyOverride, type SlaPolicy, resolvePolicy } from '../sla/policy';
import { shanghaiDate } from '../time';
import { conflict } from '../router/errors';
import { bumpCounter } from '../workflow/number';
import type { TicketDoc, TicketEventDoc } from './model';
import { TICKET_NUMBERS } from './model';

export const TICKETS = 'tickets';

/** A community's override of the default policy; `override.version` is recorded on tickets. */
export interface SlaPolicyDoc {
  _id: string;
  communityId: string;
  override: PolicyOverride;
  /** every version saved, oldest first: a version is never reused, since tickets record it */
  versions?: Array<{ version: string; override: PolicyOverride; savedAt: Date; savedBy: string; savedByName: string | null }>;
  updatedAt: Date;
}

export interface CalendarOverrideDoc extends CalendarOverrideRow {
  /** the year as a string, one row per year */
  _id: string;
  updatedAt?: Date;
  updatedBy?: string;
  updatedByName?: string | null;
}

/**
 * The repair's place among the community's repairs resolved for the first time that Shanghai day
 * (1, 2, 3 …): odd places are sampled for a staff revisit, so every day at least half are.
 */
export function nextRevisitDraw(database: Database, communityId: string, now: Date): Promise<number> {
  return bumpCounter(database, TICKET_NUMBERS.counters, `${communityId}:${shanghaiDate(now)}:revisit-draw`);
}

export async function loadPolicyDoc(database: Database, communityId: string): Promise<SlaPolicyDoc | null> {
  const found = await database.collection<SlaPolicyDoc>('slaPolicies').where({ _id: communityId }).limit(1).get();
  return found.data[0] ?? null;
}

export async function loadPolicy(database: Database, communityId: string): Promise<SlaPolicy> {
  return resolvePolicy((await loadPolicyDoc(database, communityId))?.override);
}

/** The override rows as stored (a few: one per year entered). */
export async function loadCalendarRows(database: Database): Promise<CalendarOverrideDoc[]> {
  const found = await database.collection<CalendarOverrideDoc>('calendarOverrides').limit(100).get();
  return found.data;
}

/** The package's calendar with every override year stored. */
export async function loadCalendar(database: Database): Promise<Calendar> {
  const rows = await loadCalendarRows(database);
  return buildCalendar(rows.map(({ year, holidays, workdays }) => ({ year, holidays, workdays })));
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
export async function writeTransition(database: Database, ticket: TicketDoc, changes: Partial<Omit<TicketDoc, '_id' | 'events' | 'rev'>>, event: TicketEventDoc): Promise<void> {
  const _ = database.command;
  const data: Record<string, unknown> = { ...changes, rev: _.inc(1), events: _.push([event]) };
  // Objects are replaced whole: a partial object would be merged field by field by the SDK.
  for (const key of ['clocks', 'revisit', 'rating', 'resolution'] as const) {
    if (key in changes && changes[key] !== null) data[key] = _.set(changes[key]);
  }
  const result = await database.collection<TicketDoc>(TICKETS).where({ _id: ticket._id, state: ticket.state, rev: ticket.rev }).update({ data });
  if (result.stats.updated !== 1) throw conflict('工单状态已变化，请刷新后重试');
}
