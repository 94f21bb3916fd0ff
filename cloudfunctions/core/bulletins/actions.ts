// The `notices` function's actions (SPEC §15 发文): a steward drafts and submits, the manager
// approves (numbered and published at once; the fan-out timer carries it to every inbox) or
// returns it, revokes a published one; staff archive. Every transition is the workflow core's
// conditional write (CONFLICT when the notice moved).
import type { z } from 'zod';
import type { NoticeAction, noticeActions } from '../../../types/notices';
import { AppError, forbidden, notFound } from '../router/errors';
import { createdEarlier, idOfCreate } from '../router/idempotency';
import type { ActionContext, ActionTable } from '../router/router';
import type { Caller } from '../router/caller';
import type { Database } from '../sdk';
import { shanghaiDate } from '../time';
import { tellAfterWrite } from '../workflow/notices';
import { countRead, findNotice, hasRead, numberNotice, writeNotice } from './data';
import { latestNotices, listNotices, ownerCommunities } from './list';
import { NOTICES, type NoticeDoc, type NoticeEventDoc } from './model';
import { decideNotice, noticePost, seesNotice } from './rules';
import { noticeSummary, noticeView } from './views';

type Ctx<A extends keyof typeof noticeActions> = ActionContext<z.output<(typeof noticeActions)[A]['input']>>;
type Base = { db: Database; caller: Caller; now: Date };

const HIDDEN = '没有找到这条通知';
const SHANGHAI_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** The last instant of a Shanghai day. */
const endOfDay = (date: string) => new Date(Date.parse(`${date}T00:00:00.000Z`) - SHANGHAI_MS + DAY_MS - 1);

async function load(ctx: Base, id: string): Promise<NoticeDoc> {
  const n = await findNotice(ctx.db, id);
  if (!n || !seesNotice(ctx.caller, n)) throw notFound(HIDDEN);
  return n;
}

async function step(ctx: Base, n: NoticeDoc, action: NoticeAction, note: string | null, changes: Partial<NoticeDoc> = {}): Promise<NoticeDoc> {
  const post = noticePost(ctx.caller, n.communityId);
  if (!post) throw forbidden('只有本小区的管家可以处理通知');
  const decided = decideNotice(n, action, { id: ctx.caller.openid, role: post.role }, ctx.now, note);
  if (!decided.ok) throw new AppError(decided.code, decided.message);
  const event: NoticeEventDoc = { ...decided.event, actorName: post.name };
  return writeNotice(ctx.db, n, { ...changes, state: decided.state, updatedAt: ctx.now }, event);
}

function pinned(pinnedUntil: string | null | undefined, now: Date): { pinnedUntil: string | null; pinnedUntilAt: Date | null } {
  if (!pinnedUntil) return { pinnedUntil: null, pinnedUntilAt: null };
  if (pinnedUntil < shanghaiDate(now)) throw new AppError('INVALID_INPUT', '置顶截止日期不能早于今天', { pinnedUntil: '置顶截止日期不能早于今天' });
  return { pinnedUntil, pinnedUntilAt: endOfDay(pinnedUntil) };
}

/** Tells the drafter what the manager decided (the inbox, and a message where they hold a grant). */
async function tellDrafter(ctx: Base, n: NoticeDoc, what: string, note: string): Promise<void> {
  if (n.drafter === ctx.caller.openid) return;
  await tellAfterWrite(
    ctx.db,
    'notices',
    `${n._id} ${what}`,
    () => [
      {
        openid: n.drafter,
        template: 'staffAlert',
        title: `通知${what}`,
        body: `《${n.title}》${what}${note ? `：${note}` : '。'}`,
        values: { subject: `通知${what}`, no: n.no ?? '-', due: ctx.now, note: note || n.title },
        page: `/packages/community/notice/index?id=${n._id}`,
      },
    ],
    ctx.now,
  );
}

export const noticesActionTable = {
  create: {
    roles: ['steward'],
    create: true,
    async handler(ctx: Ctx<'create'>) {
      const { db: database, caller, now, input } = ctx;
      const earlier = await createdEarlier<NoticeDoc>(ctx, NOTICES);
      if (earlier) return { notice: noticeView(earlier, caller, now, false) };
      const communityId = input.communityId ?? caller.communitiesAs(['steward'])[0];
      const post = communityId ? noticePost(caller, communityId) : undefined;
      if (!communityId || !post) throw forbidden('只有本小区的管家可以起草通知');
      const doc: Omit<NoticeDoc, '_id'> = {
        communityId,
        state: 'draft',
        rev: 0,
        title: input.title,
        body: input.body,
        department: input.department,
        ...pinned(input.pinnedUntil, now),
        no: null,
        year: null,
        seq: null,
        date: null,
        publishedAt: null,
        returnComment: null,
        revokedReason: null,
        readCount: 0,
        drafter: caller.openid,
        drafterName: post.name,
        fanout: null,
        fanoutDueAt: null,
        events: [{ action: 'draft', from: null, to: 'draft', actorRole: post.role, actorId: caller.openid, actorName: post.name, at: now, note: null }],
        createdAt: now,
        updatedAt: now,
      };
      const added = await database.collection(NOTICES).add({ data: { ...idOfCreate(ctx), ...doc } });
      return { notice: noticeView({ ...doc, _id: added._id }, caller, now, false) };
    },
  },

  edit: {
    roles: ['steward'],
    async handler(ctx: Ctx<'edit'>) {
      const { input } = ctx;
      const n = await load(ctx, input.id);
      if (n.rev !== input.rev) throw new AppError('CONFLICT', '通知已被他人修改，请刷新后重试');
      const after = await step(ctx, n, 'edit', null, { title: input.title, body: input.body, department: input.department, ...pinned(input.pinnedUntil, ctx.now) });
      return { notice: noticeView(after, ctx.caller, ctx.now, false) };
    },
  },

  submit: {
    roles: ['steward'],
    async handler(ctx: Ctx<'submit'>) {
      const n = await load(ctx, ctx.input.id);
      const after = await step(ctx, n, 'submit', null, { returnComment: null });
      return { notice: noticeView(after, ctx.caller, ctx.now, false) };
    },
  },

  approve: {
    roles: ['manager'],
    async handler(ctx: Ctx<'approve'>) {
      const n = await load(ctx, ctx.input.id);
      // the state changes first: of two approvals at once one wins, and only the winner takes a number
      const published = await step(ctx, n, 'approve', null, {
        publishedAt: ctx.now,
        fanout: { cursor: null, reached: 0, done: false },
        fanoutDueAt: ctx.now,
      });
      const after = await numberNotice(ctx.db, published, ctx.now);
      await tellDrafter(ctx, after, '已批准发布', after.no ?? '');
      return { notice: noticeView(after, ctx.caller, ctx.now, false) };
    },
  },

  return: {
    roles: ['manager'],
    async handler(ctx: Ctx<'return'>) {
      const n = await load(ctx, ctx.input.id);
      const after = await step(ctx, n, 'return', ctx.input.comment, { returnComment: ctx.input.comment });
      await tellDrafter(ctx, after, '被退回', ctx.input.comment);
      return { notice: noticeView(after, ctx.caller, ctx.now, false) };
    },
  },

  revoke: {
    roles: ['manager'],
    async handler(ctx: Ctx<'revoke'>) {
      const n = await load(ctx, ctx.input.id);
      const after = await step(ctx, n, 'revoke', ctx.input.reason, { revokedReason: ctx.input.reason });
      return { notice: noticeView(after, ctx.caller, ctx.now, false) };
    },
  },

  archive: {
    roles: ['steward'],
    async handler(ctx: Ctx<'archive'>) {
      const n = await load(ctx, ctx.input.id);
      const after = await step(ctx, n, 'archive', null);
      return { notice: noticeView(after, ctx.caller, ctx.now, false) };
    },
  },

  get: {
    roles: 'anyone',
    async handler(ctx: Ctx<'get'>) {
      const n = await load(ctx, ctx.input.id);
      const asOwner = !noticePost(ctx.caller, n.communityId);
      // an owner's first open counts; staff opening it do not
      const counted = asOwner ? await countRead(ctx.db, n, ctx.caller.openid, ctx.now) : false;
      const read = asOwner ? counted || (await hasRead(ctx.db, n._id, ctx.caller.openid)) : false;
      return { notice: noticeView({ ...n, readCount: n.readCount + (counted ? 1 : 0) }, ctx.caller, ctx.now, read) };
    },
  },

  list: {
    roles: 'anyone',
    async handler(ctx: Ctx<'list'>) {
      const page = await listNotices(ctx);
      return { notices: page.docs.map((n) => noticeSummary(n, ctx.caller, ctx.now)), nextCursor: page.next };
    },
  },

  home: {
    roles: 'anyone',
    async handler(ctx: Ctx<'home'>) {
      const found = await latestNotices(ctx.db, ownerCommunities(ctx.caller), ctx.now, ctx.input.limit);
      return { notices: found.map((n) => noticeSummary(n, ctx.caller, ctx.now)) };
    },
  },
} satisfies ActionTable<'notices'>;
