// `decoration.list`: the owner's applications (`mine`, newest first), the stewards' queue by
// urgency (today's uninspected units first, then what waits longest), the area steward's units in
// progress (`today`), and the register (`all`), each paged by core/workflow/paging.ts.
import type { z } from 'zod';
import type { decorationActions } from '../../../types/decoration';
import { forbidden } from '../router/errors';
import type { ActionContext } from '../router/router';
import { ownBuildingsFirst, pageList, type Page } from '../workflow/paging';
import { DECORATIONS } from './data';
import { type DecorationDoc, decorationAccess } from './model';

type ListCtx = ActionContext<z.output<(typeof decorationActions)['list']['input']>>;

export async function listDecorations(ctx: ListCtx): Promise<Page<DecorationDoc>> {
  const { db: database, caller, input } = ctx;
  const _ = database.command;
  const limit = input.limit;
  if (input.view === 'mine') {
    const units = caller.bindings.filter((b) => !input.communityId || b.communityId === input.communityId).map((b) => `${b.communityId}:${b.unit}`);
    if (units.length === 0) return { docs: [], next: null };
    return pageList<DecorationDoc>(
      database,
      { collection: DECORATIONS, filter: { unitKey: _.in(units) }, sort: { field: 'createdAt', kind: 'date', order: 'desc' }, limit },
      input.cursor,
    );
  }
  const communityId = input.communityId ?? caller.communitiesAs(['steward'])[0];
  const post = communityId ? decorationAccess.post(caller, communityId) : undefined;
  if (!communityId || !post) throw forbidden('只有本小区的管家可以查看装修登记');
  if (input.view === 'queue') {
    const phases = ownBuildingsFirst(database, post, false);
    return pageList<DecorationDoc>(
      database,
      { collection: DECORATIONS, filter: { communityId, queueKey: _.gte(0) }, phases, sort: { field: 'queueKey', kind: 'number', order: 'asc' }, limit },
      input.cursor,
    );
  }
  if (input.view === 'today') {
    // an area steward's own buildings' units in progress; everyone else's: the community's
    const filter: Record<string, unknown> = { communityId, state: 'in_progress' };
    if (post.kind === 'area' && post.buildings.length > 0 && post.role === 'steward') filter.building = _.in(post.buildings);
    return pageList<DecorationDoc>(database, { collection: DECORATIONS, filter, sort: { field: 'queueKey', kind: 'number', order: 'asc' }, limit }, input.cursor);
  }
  const filter: Record<string, unknown> = { communityId };
  if (input.state) filter.state = input.state;
  return pageList<DecorationDoc>(database, { collection: DECORATIONS, filter, sort: { field: 'createdAt', kind: 'date', order: 'desc' }, limit }, input.cursor);
}
