// The community (SPEC §11): the operator's one-time bootstrap of the first manager, and a manager
// creating or editing communities.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import type { Community, setupActions } from '../../../types/admin';
import type { CommunityDoc, StaffDoc } from '../accounts/model';
import type { Caller } from '../router/caller';
import { AppError, forbidden, notFound } from '../router/errors';
import type { ActionContext } from '../router/router';
import { type Database, isDuplicateError } from '../sdk';
import { BOOTSTRAPS, type BootstrapDoc, postView, sortBuildings, STAFF } from './model';

type Ctx<A extends keyof typeof setupActions> = ActionContext<z.output<(typeof setupActions)[A]['input']>>;

/** A bootstrap code shorter than this is a configuration mistake: refused, like an unset one. */
export const MIN_BOOTSTRAP_CODE = 16;

/** The operator's bootstrap code from the function's environment (README, deploy). */
export function bootstrapCode(env: Record<string, string | undefined> = process.env): string | null {
  const code = (env.ADMIN_BOOTSTRAP_CODE ?? '').trim();
  return code.length >= MIN_BOOTSTRAP_CODE ? code : null;
}

const hashOf = (text: string) => createHash('sha256').update(`guanjia-bootstrap|${text}`).digest('hex').slice(0, 40);

export async function loadCommunity(database: Database, id: string): Promise<CommunityDoc | undefined> {
  return (await database.collection<CommunityDoc>('communities').where({ _id: id }).limit(1).get()).data[0];
}

async function communityView(database: Database, c: CommunityDoc): Promise<Community> {
  const units = await database.collection('units').where({ communityId: c._id }).count();
  return { id: c._id, name: c.name, supervisionPhone: c.supervisionPhone, buildings: c.buildings, units: units.total };
}

/** The caller's manager post in the community, else NOT_FOUND (no disclosure of other communities). */
export function managerPost(caller: Caller, communityId: string): StaffDoc {
  const post = caller.postIn(communityId, ['manager']);
  if (!post) throw notFound('没有找到这个小区');
  return post;
}

export const communityActions = {
  bootstrap: {
    roles: 'anyone' as const,
    create: true,
    async handler({ input, caller, now, db: database }: Ctx<'bootstrap'>) {
      const expected = bootstrapCode();
      if (!expected) throw forbidden('初始化码未配置：请在云函数 admin 的环境变量中设置 ADMIN_BOOTSTRAP_CODE');
      const given = Buffer.from(hashOf(input.code));
      if (!timingSafeEqual(given, Buffer.from(hashOf(expected)))) throw forbidden('初始化码不正确');
      const markerId = hashOf(expected);
      const postId = `post-boot-${markerId.slice(0, 24)}`;
      const staff = database.collection<StaffDoc>(STAFF);
      // The code works once: the marker's insert is the claim (the store's unique _id). The same
      // person repeating it (their first attempt died before the post was written) finishes it.
      try {
        await database.collection<BootstrapDoc>(BOOTSTRAPS).add({ data: { _id: markerId, openid: caller.openid, communityId: input.communityId, usedAt: now } });
      } catch (error) {
        if (!isDuplicateError(error)) throw error;
        const marker = (await database.collection<BootstrapDoc>(BOOTSTRAPS).where({ _id: markerId }).limit(1).get()).data[0];
        if (marker?.openid !== caller.openid || marker.communityId !== input.communityId) throw forbidden('初始化码已使用过，请由项目经理在小程序中邀请');
      }
      let community = await loadCommunity(database, input.communityId);
      if (!community) {
        community = { _id: input.communityId, name: input.communityName, supervisionPhone: input.supervisionPhone, buildings: [] };
        try {
          await database.collection('communities').add({ data: { ...community } });
        } catch (error) {
          if (!isDuplicateError(error)) throw error;
          community = (await loadCommunity(database, input.communityId)) ?? community;
        }
      }
      let post = (await staff.where({ _id: postId }).limit(1).get()).data[0];
      if (!post) {
        const doc: StaffDoc = {
          _id: postId,
          openid: caller.openid,
          communityId: input.communityId,
          role: 'manager',
          kind: null,
          buildings: [],
          name: input.name,
          phone: input.phone,
          active: true,
          postName: '项目经理',
          rev: 0,
          invitationId: null,
          since: now,
          endedAt: null,
          endedBy: null,
        };
        await staff.add({ data: { ...doc } });
        post = doc;
      }
      return { post: postView(post, caller.openid), community: await communityView(database, community) };
    },
  },

  saveCommunity: {
    roles: ['manager'] as const,
    async handler({ input, caller, now, db: database }: Ctx<'saveCommunity'>) {
      const fields = { name: input.name, supervisionPhone: input.supervisionPhone, buildings: sortBuildings(input.buildings) };
      const existing = await loadCommunity(database, input.id);
      if (existing) {
        managerPost(caller, input.id);
        await database
          .collection('communities')
          .where({ _id: input.id })
          .update({ data: { ...fields, buildings: database.command.set(fields.buildings) } });
        return { community: await communityView(database, { ...existing, ...fields }) };
      }
      // A new community: its manager is the manager who made it, with the name and phone of
      // the post they hold (their highest-ranked manager post anywhere).
      const from = caller.staff.find((p) => p.role === 'manager');
      if (!from) throw forbidden();
      try {
        await database.collection('communities').add({ data: { _id: input.id, ...fields } });
      } catch (error) {
        if (isDuplicateError(error)) throw new AppError('CONFLICT', '这个小区编号已被使用，请换一个');
        throw error;
      }
      const post: StaffDoc = {
        _id: `post-${input.id}-${caller.openid}`.slice(0, 64),
        openid: caller.openid,
        communityId: input.id,
        role: 'manager',
        kind: null,
        buildings: [],
        name: from.name,
        phone: from.phone,
        active: true,
        postName: from.postName ?? '项目经理',
        rev: 0,
        invitationId: null,
        since: now,
        endedAt: null,
        endedBy: null,
      };
      await database.collection(STAFF).add({ data: { ...post } });
      return { community: await communityView(database, { _id: input.id, ...fields }) };
    },
  },

  communities: {
    roles: ['manager'] as const,
    async handler({ caller, db: database }: Ctx<'communities'>) {
      const ids = caller.communitiesAs(['manager']);
      if (ids.length === 0) return { communities: [] };
      const _ = database.command;
      const found = await database
        .collection<CommunityDoc>('communities')
        .where({ _id: _.in(ids) })
        .limit(100)
        .get();
      const communities = await Promise.all(found.data.map((c) => communityView(database, c)));
      return { communities: communities.sort((a, b) => a.id.localeCompare(b.id)) };
    },
  },
};
