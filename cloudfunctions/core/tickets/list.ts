// `tickets.list`: the owner's list (their units' tickets, newest first) and the staff queue (open
// tickets by the earliest running deadline, an area steward's buildings first) or history (newest
// first), each paged by core/workflow/paging.ts.
import type { z } from 'zod';
import type { ticketActions } from '../../../types/tickets';
import { TicketState as TicketStates } from '../../../types/tickets';
import { forbidden } from '../router/errors';
import type { ActionContext } from '../router/router';
import { ownBuildingsFirst, pageList } from '../workflow/paging';
import { TICKETS } from './data';
import { type TicketDoc, isOpen } from './model';
import { ticketAccess } from './states';

type ListCtx = ActionContext<z.output<(typeof ticketActions)['list']['input']>>;

const OPEN_STATES = TicketStates.options.filter((s) => isOpen(s));

export interface TicketPage {
  docs: TicketDoc[];
  next: string | null;
  /** the staff queue (the calendar warning is for staff) */
  staff?: boolean;
}

export async function listTickets(ctx: ListCtx): Promise<TicketPage> {
  const { db: database, caller, input } = ctx;
  const _ = database.command;
  const states = input.state === undefined ? null : Array.isArray(input.state) ? input.state : [input.state];
  const base: Record<string, unknown> = {};
  if (input.kind) base.kind = input.kind;
  if (input.building) base.building = input.building;
  const history = states !== null && states.some((s) => !isOpen(s));
  if (states) base.state = states.length === 1 ? states[0] : _.in(states);
  else if (!history) base.state = _.in(OPEN_STATES);

  const staffCommunities = caller.communitiesAs(['steward', 'engineer']);
  const ownerView = input.mine === true || staffCommunities.length === 0;
  if (ownerView) {
    const units = caller.bindings.filter((b) => !input.communityId || b.communityId === input.communityId).map((b) => `${b.communityId}:${b.unit}`);
    if (units.length === 0) return { docs: [], next: null };
    if (!states) delete base.state; // the owner sees everything of theirs, newest first
    const filter = { ...base, unitKey: _.in(units) };
    return pageList<TicketDoc>(database, { collection: TICKETS, filter, sort: { field: 'createdAt', kind: 'date', order: 'desc' }, limit: input.limit }, input.cursor);
  }

  const communityId = input.communityId ?? staffCommunities[0];
  if (!staffCommunities.includes(communityId)) throw forbidden('您不是该小区的工作人员');
  const post = ticketAccess.post(caller, communityId);
  const isEngineerOnly = !caller.postIn(communityId, ['steward']);
  const filter: Record<string, unknown> = { ...base, communityId };
  if (isEngineerOnly || input.assignee === 'me') filter.assignee = caller.openid;
  if (!history) filter.queueKey = _.gte(0);

  // An area steward sees their buildings first, then the rest of the community (two phases).
  const phases = ownBuildingsFirst(database, post, Boolean(input.building) || Boolean(filter.assignee));
  const sort = history ? ({ field: 'createdAt', kind: 'date', order: 'desc' } as const) : ({ field: 'queueKey', kind: 'number', order: 'asc' } as const);
  const page = await pageList<TicketDoc>(database, { collection: TICKETS, filter, phases, sort, limit: input.limit }, input.cursor);
  return { ...page, staff: true };
}
