// Ticket data access beside the rules: the revisit draw, staff lookups, and the one conditional
// write every transition goes through. The policy and the calendar as stored are core/sla/load.ts.
import type { StaffRole } from '../../../types/enums';
import type { StaffDoc } from '../accounts/model';
import type { Database } from '../sdk';
import { shanghaiDate } from '../time';
import { bumpCounter } from '../workflow/number';
import { type Store, writeStep } from '../workflow/write';
import type { TicketDoc, TicketEventDoc } from './model';
import { TICKET_NUMBERS } from './model';

export const TICKETS = 'tickets';

/**
 * The repair's place among the community's repairs resolved for the first time that Shanghai day
 * (1, 2, 3 …): odd places are sampled for a staff revisit, so every day at least half are.
 */
export function nextRevisitDraw(database: Database, communityId: string, now: Date): Promise<number> {
  return bumpCounter(database, TICKET_NUMBERS.counters, `${communityId}:${shanghaiDate(now)}:revisit-draw`);
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

/** How tickets are written (core/workflow/write.ts): objects replaced whole, the CONFLICT message. */
export const TICKET_STORE: Store<TicketDoc> = { collection: TICKETS, whole: ['clocks', 'revisit', 'rating', 'resolution', 'contact'], stale: '工单状态已变化，请刷新后重试' };

/**
 * The one way a ticket changes state: the conditional write on `{_id, state, rev}` with its event.
 * Nothing matched means someone else moved the ticket first (another steward's claim, the owner's
 * cancel, the sweep): CONFLICT, never a silent overwrite.
 */
export async function writeTransition(database: Database, ticket: TicketDoc, changes: Partial<Omit<TicketDoc, '_id' | 'events' | 'rev'>>, event: TicketEventDoc): Promise<void> {
  await writeStep(database, TICKET_STORE, ticket, changes, { events: [event] });
}
