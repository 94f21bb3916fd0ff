// Reading notices: owners' list (issued, newest first), staff work list and archive, and 首页's
// latest (pinned first) — the reader `latestNotices` is exported so another call that builds the
// first screen (account.me, a home call) can include it without a round trip of its own.
import type { z } from 'zod';
import type { noticeActions } from '../../../types/notices';
import type { Caller } from '../router/caller';
import { forbidden } from '../router/errors';
import type { ActionContext } from '../router/router';
import type { Database } from '../sdk';
import { type Page, pageList } from '../workflow/paging';
import { NOTICES, type NoticeDoc } from './model';
import { ISSUED_STATES, OWNER_STATES, noticePost } from './rules';

type ListCtx = ActionContext<z.output<(typeof noticeActions)['list']['input']>>;

/** The caller's communities as a person (bound to a unit there). */
export const ownerCommunities = (caller: Caller) => [...new Set(caller.bindings.map((b) => b.communityId))];

export async function listNotices(ctx: ListCtx): Promise<Page<NoticeDoc>> {
  const { db: database, caller, input } = ctx;
  const _ = database.command;
  const sort = { field: 'publishedAt', kind: 'date' as const, order: 'desc' as const };
  if (input.view === 'published') {
    const communities = input.communityId ? [input.communityId] : ownerCommunities(caller);
    const visible = communities.filter((c) => ownerCommunities(caller).includes(c) || noticePost(caller, c));
    if (visible.length === 0) return { docs: [], next: null };
    const filter = { communityId: _.in(visible), state: _.in([...OWNER_STATES]), publishedAt: _.gt(new Date(0)) };
    return pageList<NoticeDoc>(database, { collection: NOTICES, filter, sort, limit: input.limit }, input.cursor);
  }
  const communityId = input.communityId ?? caller.communitiesAs(['steward'])[0];
  if (!communityId || !noticePost(caller, communityId)) throw forbidden('只有本小区的管家可以查看发文');
  if (input.view === 'work') {
    const filter = { communityId, state: _.in(['draft', 'submitted', 'returned']), updatedAt: _.gt(new Date(0)) };
    return pageList<NoticeDoc>(database, { collection: NOTICES, filter, sort: { field: 'updatedAt', kind: 'date', order: 'desc' }, limit: input.limit }, input.cursor);
  }
  const filter = { communityId, state: _.in([...ISSUED_STATES]), publishedAt: _.gt(new Date(0)) };
  return pageList<NoticeDoc>(database, { collection: NOTICES, filter, sort, limit: input.limit }, input.cursor);
}

/**
 * 首页's notices for people bound in `communityIds`: those pinned through today first (newest
 * first), then the rest, newest first; `limit` in all. Two indexed queries.
 */
export async function latestNotices(database: Database, communityIds: readonly string[], now: Date, limit = 3): Promise<NoticeDoc[]> {
  if (communityIds.length === 0) return [];
  const _ = database.command;
  const notices = database.collection<NoticeDoc>(NOTICES);
  const base = { communityId: _.in([...communityIds]), state: 'published' };
  const [pinned, newest] = await Promise.all([
    notices
      .where({ ...base, pinnedUntilAt: _.gte(now) })
      .orderBy('publishedAt', 'desc')
      .limit(limit)
      .get(),
    notices.where(base).orderBy('publishedAt', 'desc').limit(limit).get(),
  ]);
  const seen = new Set<string>();
  const out: NoticeDoc[] = [];
  for (const n of [...pinned.data, ...newest.data]) {
    if (seen.has(n._id) || out.length >= limit) continue;
    seen.add(n._id);
    out.push(n);
  }
  return out;
}
