// `passes.list`: the owner's passes (`mine`, newest first), the stewards' queue (undecided, by
// urgency, an area steward's buildings first) and the register (`log`, by window start, latest
// first), each paged by core/workflow/paging.ts.
import type { z } from 'zod';
import type { passActions } from '../../../types/passes';
import type { Caller } from '../router/caller';
import { forbidden } from '../router/errors';
import type { ActionContext } from '../router/router';
import { ownBuildingsFirst, pageList, type Page } from '../workflow/paging';
import { PASSES } from './data';
import type { PassDoc } from './model';
import { passAccess } from './states';

type ListCtx = ActionContext<z.output<(typeof passActions)['list']['input']>>;

function staffCommunity(caller: Caller, requested: string | undefined): string {
  const communityId = requested ?? caller.communitiesAs(['steward'])[0];
  if (!communityId || !passAccess.post(caller, communityId)) throw forbidden('只有本小区的管家可以查看放行登记');
  return communityId;
}

export async function listPasses(ctx: ListCtx): Promise<Page<PassDoc>> {
  const { db: database, caller, input, now } = ctx;
  const _ = database.command;
  const limit = input.limit;
  if (input.view === 'mine') {
    const units = caller.bindings.filter((b) => !input.communityId || b.communityId === input.communityId).map((b) => `${b.communityId}:${b.unit}`);
    if (units.length === 0) return { docs: [], next: null };
    return pageList<PassDoc>(database, { collection: PASSES, filter: { unitKey: _.in(units) }, sort: { field: 'createdAt', kind: 'date', order: 'desc' }, limit }, input.cursor);
  }
  const communityId = staffCommunity(caller, input.communityId);
  const filter: Record<string, unknown> = { communityId };
  if (input.building) filter.building = input.building;
  if (input.view === 'queue') {
    // Undecided passes by urgency: the decision deadline first, those awaiting the owner after.
    // One whose window has ended has nothing left to decide; the register shows it as expired.
    // An area steward sees their buildings' passes first, then the rest (SPEC §1); nothing hidden.
    const phases = ownBuildingsFirst(database, passAccess.post(caller, communityId), Boolean(input.building));
    const queue = { ...filter, queueKey: _.gte(0), to: _.gt(now) };
    return pageList<PassDoc>(database, { collection: PASSES, filter: queue, phases, sort: { field: 'queueKey', kind: 'number', order: 'asc' }, limit }, input.cursor);
  }
  if (input.date) filter.day = input.date;
  if (input.state === 'expired') {
    // stored as expired, or still live in the database but past its window
    filter.state = _.in(['expired', 'pending', 'owner_confirmed', 'approved']);
    filter.to = _.lt(now);
  } else if (input.state === 'pending' || input.state === 'owner_confirmed' || input.state === 'approved') {
    filter.state = input.state;
    filter.to = _.gte(now);
  } else if (input.state) {
    filter.state = input.state;
  }
  return pageList<PassDoc>(database, { collection: PASSES, filter, sort: { field: 'from', kind: 'date', order: 'desc' }, limit }, input.cursor);
}
