// Who hears about a ticket, and what they read. Every message goes through notify (inbox first,
// a subscription message while a grant lasts). A failed notice never undoes the change it reports
// (core/workflow/notices.ts): it is logged, and the inbox or the next sweep carries the news.
import { ticketKindLabels, ticketStateLabels } from '../../../types/labels';
import type { StaffDoc } from '../accounts/model';
import type { Database } from '../sdk';
import { type NoticeOutcome, tellAfterWrite, tellStaffAlert } from '../workflow/notices';
import { staffOf } from './data';
import { reporterReachable, type TicketDoc } from './model';

export const ticketPage = (id: string) => `/packages/ticket/detail/index?id=${id}`;

/** The reporter hears of each step of their ticket (工单进度提醒). */
export function tellReporter(database: Database, ticket: TicketDoc, body: string, note: string, now: Date): Promise<NoticeOutcome> {
  // an erased reporter, or a unit nobody is bound to yet: the steward tells them by phone
  if (!reporterReachable(ticket)) return Promise.resolve({ sent: 0, failed: 0 });
  return tellAfterWrite(
    database,
    'tickets',
    `progress ${ticket._id}`,
    () => [
      {
        openid: ticket.reporter,
        template: 'ticketProgress',
        title: `${ticketKindLabels[ticket.kind]}${ticketStateLabels[ticket.state]}`,
        body,
        values: { no: ticket.no, state: ticketStateLabels[ticket.state], note, at: now },
        page: ticketPage(ticket._id),
      },
    ],
    now,
  );
}

/** A member of staff is told something needs them (待办/超时提醒). */
export function tellStaff(database: Database, openids: Iterable<string>, ticket: TicketDoc, title: string, body: string, due: Date, now: Date): Promise<NoticeOutcome> {
  return tellStaffAlert(
    database,
    'tickets',
    openids,
    { id: ticket._id, title, body, subject: `${ticket.unit} ${ticketKindLabels[ticket.kind]}：${title}`, no: ticket.no, due, page: ticketPage(ticket._id) },
    now,
  );
}

/** The stewards who should pick up a new ticket: the duty stewards and the building's area steward. */
export function stewardsFor(staff: readonly StaffDoc[], building: string): string[] {
  const stewards = staff.filter((s) => s.role === 'steward');
  const chosen = stewards.filter((s) => s.kind === 'duty' || s.buildings.includes(building));
  return (chosen.length > 0 ? chosen : stewards).map((s) => s.openid);
}

/** The community's people of a rank, read once per use. */
export async function openidsOf(database: Database, communityId: string, roles: Array<StaffDoc['role']>): Promise<string[]> {
  return (await staffOf(database, communityId, roles)).map((s) => s.openid);
}

/** The manager at once of a major complaint; the lead and manager of an emergency (SPEC §2). */
export async function tellUrgent(database: Database, staff: Awaited<ReturnType<typeof staffOf>>, ticket: TicketDoc, due: Date, now: Date): Promise<void> {
  const urgent = staff.filter((s) => s.role === 'manager' || (ticket.kind === 'emergency' && s.role === 'lead')).map((s) => s.openid);
  const title = ticket.kind === 'emergency' ? '突发事件，请立即处置' : '重大投诉，请立即牵头处理';
  await tellStaff(database, urgent, ticket, title, `${ticket.unit}：${ticket.description}`, ticket.clocks.arriveBy?.at ?? due, now);
}
