// Staff posts (SPEC §11): the community's people, changing a post, and ending one at once. Every
// change is conditional on the post's `rev` as read (a stale screen is CONFLICT), and nobody
// manages a post at or above their own rank (a manager any post but their own).
import type { z } from 'zod';
import type { setupActions } from '../../../types/admin';
import type { TicketDoc } from '../tickets/model';
import type { QuestionDoc } from '../questions/model';
import type { StaffDoc } from '../accounts/model';
import { ticketsActionTable } from '../tickets/actions';
import { questionsActionTable } from '../questions/actions';
import type { Caller } from '../router/caller';
import { AppError, conflict, forbidden, notFound } from '../router/errors';
import type { ActionContext } from '../router/router';
import type { Database } from '../sdk';
import { STAFF_RANK } from '../workflow/access';
import { tellStaffAlert } from '../workflow/notices';
import { loadCommunity } from './communities';
import { grantingPost } from './invitations';
import { mayGrant, postView, sortBuildings, STAFF } from './model';

type Ctx<A extends keyof typeof setupActions> = ActionContext<z.output<(typeof setupActions)[A]['input']>>;

export const staffPage = '/packages/admin/setup/index?tab=staff';

/** The post by id with the caller's managing post in its community; a post the caller may not manage is NOT_FOUND or FORBIDDEN. */
async function managed(database: Database, caller: Caller, id: string): Promise<{ target: StaffDoc; mine: StaffDoc }> {
  const target = (await database.collection<StaffDoc>(STAFF).where({ _id: id }).limit(1).get()).data[0];
  if (!target) throw notFound('没有找到这个岗位');
  const mine = grantingPost(caller, target.communityId);
  if (target.openid === caller.openid) throw forbidden('不能修改或停用自己的岗位');
  if (!mayGrant(mine.role, target.role)) throw forbidden('只能管理低于自己岗位的职务');
  return { target, mine };
}

/** The write every post change goes through: conditional on the `rev` read and on the post still active. */
async function writePost(database: Database, target: StaffDoc, rev: number, changes: Partial<StaffDoc>): Promise<void> {
  const _ = database.command;
  if ((target.rev ?? 0) !== rev) throw conflict('岗位信息已变化，请刷新后重试');
  const condition = { _id: target._id, active: true, rev: target.rev === undefined ? _.exists(false) : target.rev };
  const data: Record<string, unknown> = { ...changes, rev: rev + 1 };
  if (changes.buildings) data.buildings = _.set(changes.buildings);
  const result = await database.collection(STAFF).where(condition).update({ data });
  if (result.stats.updated !== 1) throw conflict('岗位信息已变化，请刷新后重试');
}

/** Active managers left in a community besides `except`: the last one cannot be demoted or ended. */
async function otherManagers(database: Database, communityId: string, except: string): Promise<number> {
  const found = await database.collection<StaffDoc>(STAFF).where({ communityId, role: 'manager', active: true }).limit(10).get();
  return found.data.filter((p) => p._id !== except).length;
}

const OPEN_HELD: ReadonlyArray<TicketDoc['state']> = ['assigned', 'on_site'];

/**
 * What an ended post held goes back to the queue: tickets dispatched to them are reassigned to a
 * lead (the tickets' own reassignment, as the lead would do it), questions they held are released
 * to the waiting queue (the questions' own release). Passes are decided, never held, so none is.
 */
async function releaseHeld(ctx: Ctx<'deactivate'>, ended: StaffDoc, lead: StaffDoc | undefined): Promise<{ tickets: number; questions: number }> {
  const { db: database } = ctx;
  const _ = database.command;
  let tickets = 0;
  let questions = 0;
  const to = lead ?? ctx.caller.postIn(ended.communityId, ['lead']);
  const held = await database
    .collection<TicketDoc>('tickets')
    .where({ communityId: ended.communityId, assignee: ended.openid, state: _.in([...OPEN_HELD]) })
    .limit(100)
    .get();
  for (const t of held.data) {
    if (!to) break;
    try {
      await ticketsActionTable.assign.handler({ ...ctx, input: { id: t._id, assignee: to.openid } });
      tickets += 1;
    } catch (error) {
      // moved meanwhile (resolved by someone, reassigned): it is no longer theirs to give back
      if (!(error instanceof AppError)) throw error;
    }
  }
  const claimed = await database.collection<QuestionDoc>('questions').where({ communityId: ended.communityId, handler: ended.openid, state: 'claimed' }).limit(100).get();
  for (const q of claimed.data) {
    try {
      await questionsActionTable.release.handler({ ...ctx, input: { id: q._id } });
      questions += 1;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
    }
  }
  return { tickets, questions };
}

export const postActions = {
  staff: {
    roles: ['lead'] as const,
    async handler({ input, caller, db: database }: Ctx<'staff'>) {
      grantingPost(caller, input.communityId);
      const filter: Record<string, unknown> = { communityId: input.communityId };
      if (!input.includeInactive) filter.active = true;
      const found = await database.collection<StaffDoc>(STAFF).where(filter).limit(200).get();
      const posts = found.data.sort((a, b) => Number(b.active) - Number(a.active) || STAFF_RANK[b.role] - STAFF_RANK[a.role] || a.name.localeCompare(b.name, 'zh'));
      return { staff: posts.map((p) => postView(p, caller.openid)), nextCursor: null };
    },
  },

  editPost: {
    roles: ['lead'] as const,
    async handler({ input, caller, db: database }: Ctx<'editPost'>) {
      const { target, mine } = await managed(database, caller, input.id);
      if (!target.active) throw conflict('这个岗位已停用');
      if (!mayGrant(mine.role, input.role)) throw forbidden('不能把岗位调整为高于或等于自己的职务');
      const community = await loadCommunity(database, target.communityId);
      const unknown = input.buildings.filter((b) => !community?.buildings.includes(b));
      if (unknown.length > 0) throw new AppError('INVALID_INPUT', `本小区没有 ${unknown.join('、')} 栋`, { buildings: '请选择本小区的楼栋' });
      if (target.role === 'manager' && input.role !== 'manager' && (await otherManagers(database, target.communityId, target._id)) === 0) {
        throw conflict('这是本小区唯一的项目经理，不能调整');
      }
      const changes: Partial<StaffDoc> = {
        role: input.role,
        kind: input.role === 'steward' ? (input.kind ?? 'duty') : null,
        buildings: sortBuildings(input.buildings),
        postName: input.postName,
        ...(input.name ? { name: input.name } : {}),
      };
      await writePost(database, target, input.rev, changes);
      return { post: postView({ ...target, ...changes, rev: input.rev + 1 }, caller.openid) };
    },
  },

  deactivate: {
    roles: ['lead'] as const,
    async handler(ctx: Ctx<'deactivate'>) {
      const { input, caller, now, db: database } = ctx;
      const { target } = await managed(database, caller, input.id);
      if (!target.active) throw conflict('这个岗位已停用');
      if (target.role === 'manager' && (await otherManagers(database, target.communityId, target._id)) === 0) {
        throw conflict('这是本小区唯一的项目经理，不能停用');
      }
      // Ended first: from this write on, their next call finds no post (router/caller.ts).
      await writePost(database, target, input.rev, { active: false, endedAt: now, endedBy: caller.openid });
      const ended: StaffDoc = { ...target, active: false, endedAt: now, endedBy: caller.openid, rev: input.rev + 1 };
      const leads = (await database.collection<StaffDoc>(STAFF).where({ communityId: target.communityId, role: 'lead', active: true }).limit(20).get()).data;
      const released = await releaseHeld(ctx, ended, leads[0]);
      const told = leads.length > 0 ? leads.map((l) => l.openid) : [caller.openid];
      await tellStaffAlert(
        database,
        'admin',
        told,
        {
          id: target._id,
          title: `${target.name} 的岗位已停用`,
          body: `${target.name}（${postView(target, '').postName}）已停用：${released.tickets} 张工单已转交班长，${released.questions} 条咨询已回到待答复队列。`,
          subject: '岗位停用',
          no: target._id.slice(0, 32),
          due: now,
          page: staffPage,
        },
        now,
      );
      return { post: postView(ended, caller.openid), released };
    },
  },
};
