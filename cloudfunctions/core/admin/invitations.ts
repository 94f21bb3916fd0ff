// Staff invitations (SPEC §11): a one-time code for a post, valid 72 hours, never above the
// inviter's rank. Accepting is the conditional write on `{_id, state, rev}` (core/workflow/write.ts):
// of two people accepting one code at once, one wins and the other hears CONFLICT.
import type { z } from 'zod';
import type { Post, setupActions } from '../../../types/admin';
import type { StaffDoc } from '../accounts/model';
import { newRef, normaliseCode } from '../passes/token';
import type { Caller } from '../router/caller';
import { AppError, forbidden, notFound } from '../router/errors';
import { createdEarlier, idOfCreate } from '../router/idempotency';
import type { ActionContext } from '../router/router';
import { type Database, isDuplicateError } from '../sdk';
import { postFor } from '../workflow/access';
import { writeStep } from '../workflow/write';
import { loadCommunity } from './communities';
import { INVITATION_STORE, INVITATIONS, type InvitationDoc, invitationView, inviteExpiry, inviteMachine, mayGrant, postView, sortBuildings, STAFF } from './model';

type Ctx<A extends keyof typeof setupActions> = ActionContext<z.output<(typeof setupActions)[A]['input']>>;

/** The caller's post that may invite or manage in the community (a lead's or a manager's), else NOT_FOUND. */
export function grantingPost(caller: Caller, communityId: string): StaffDoc {
  const post = postFor(caller, communityId, ['lead']);
  if (!post) throw notFound('没有找到这个小区');
  return post;
}

async function byCode(database: Database, input: string): Promise<InvitationDoc> {
  const parts = normaliseCode(input);
  const found = parts
    ? (
        await database
          .collection<InvitationDoc>(INVITATIONS)
          .where({ code: parts.ref + parts.mac })
          .limit(1)
          .get()
      ).data[0]
    : undefined;
  if (!found) throw notFound('邀请码无效，请核对后重试');
  return found;
}

/** The post an accepted invitation made (its `_id` derives from the invitation: one post per code). */
const postIdOf = (invitationId: string) => `post-${invitationId}`.slice(0, 64);

async function writePost(database: Database, inv: InvitationDoc, openid: string, name: string, phone: string, now: Date): Promise<StaffDoc> {
  const doc: StaffDoc = {
    _id: postIdOf(inv._id),
    openid,
    communityId: inv.communityId,
    role: inv.role,
    kind: inv.kind,
    buildings: inv.buildings,
    name,
    phone,
    active: true,
    postName: inv.postName,
    rev: 0,
    invitationId: inv._id,
    since: now,
    endedAt: null,
    endedBy: null,
  };
  try {
    await database.collection(STAFF).add({ data: { ...doc } });
    return doc;
  } catch (error) {
    if (!isDuplicateError(error)) throw error;
    const existing = (await database.collection<StaffDoc>(STAFF).where({ _id: doc._id }).limit(1).get()).data[0];
    return existing ?? doc;
  }
}

export const invitationActions = {
  invite: {
    roles: ['lead'] as const,
    create: true,
    async handler(ctx: Ctx<'invite'>) {
      const { input, caller, now, db: database } = ctx;
      const earlier = await createdEarlier<InvitationDoc>(ctx, INVITATIONS);
      const community = await loadCommunity(database, input.communityId);
      if (!community) throw notFound('没有找到这个小区');
      if (earlier) return { invitation: invitationView(earlier, community, now, true) };
      const post = grantingPost(caller, input.communityId);
      if (!mayGrant(post.role, input.role)) throw forbidden('不能邀请高于或等于自己岗位的职务');
      const unknown = input.buildings.filter((b) => !community.buildings.includes(b));
      if (unknown.length > 0) throw new AppError('INVALID_INPUT', `本小区没有 ${unknown.join('、')} 栋`, { buildings: '请选择本小区的楼栋' });
      const doc: Omit<InvitationDoc, '_id'> = {
        // 80 random bits: guessing a code is hopeless, and accepting one is rate limited anyway
        code: newRef() + newRef(),
        communityId: input.communityId,
        role: input.role,
        kind: input.role === 'steward' ? (input.kind ?? 'duty') : null,
        buildings: sortBuildings(input.buildings),
        postName: input.postName,
        state: 'open',
        rev: 0,
        invitedBy: caller.openid,
        invitedByName: post.name,
        invitedByRole: post.role,
        expiresAt: inviteExpiry(now),
        acceptedBy: null,
        acceptedByName: null,
        acceptedAt: null,
        revokedBy: null,
        createdAt: now,
        events: [],
      };
      const added = await database.collection(INVITATIONS).add({ data: { ...idOfCreate(ctx), ...doc } });
      return { invitation: invitationView({ ...doc, _id: added._id }, community, now, true) };
    },
  },

  invitation: {
    roles: 'anyone' as const,
    async handler({ input, now, db: database }: Ctx<'invitation'>) {
      const inv = await byCode(database, input.code);
      return { invitation: invitationView(inv, await loadCommunity(database, inv.communityId), now, false) };
    },
  },

  acceptInvite: {
    roles: 'anyone' as const,
    async handler({ input, caller, now, db: database }: Ctx<'acceptInvite'>): Promise<{ post: Post }> {
      const inv = await byCode(database, input.code);
      // the same person again (a retry, or their first attempt died after the code was taken)
      if (inv.state === 'accepted' && inv.acceptedBy === caller.openid) {
        return { post: postView(await writePost(database, inv, caller.openid, inv.acceptedByName ?? input.name, input.phone, now), caller.openid) };
      }
      const decided = inviteMachine.decide(inv, 'accept', { id: caller.openid, role: 'owner' }, now);
      if (!decided.ok) throw new AppError(decided.code, decided.message);
      if (caller.staff.some((p) => p.communityId === inv.communityId)) {
        throw new AppError('CONFLICT', '您已是本小区的工作人员，岗位调整请联系项目经理');
      }
      // The inviter must still hold a post that may grant it: a code outlives no one's rights.
      const inviter = (await database.collection<StaffDoc>(STAFF).where({ openid: inv.invitedBy, communityId: inv.communityId, active: true }).limit(10).get()).data;
      if (!inviter.some((p) => mayGrant(p.role, inv.role))) throw new AppError('CONFLICT', '邀请人已不在岗，这个邀请码不再有效');
      await writeStep(
        database,
        INVITATION_STORE,
        inv,
        { state: 'accepted', acceptedBy: caller.openid, acceptedByName: input.name, acceptedAt: now },
        { events: [{ ...decided.event, note: input.name }] },
        '这个邀请码已被使用',
      );
      return { post: postView(await writePost(database, inv, caller.openid, input.name, input.phone, now), caller.openid) };
    },
  },

  invitations: {
    roles: ['lead'] as const,
    async handler({ input, caller, now, db: database }: Ctx<'invitations'>) {
      const post = grantingPost(caller, input.communityId);
      const community = await loadCommunity(database, input.communityId);
      const found = await database.collection<InvitationDoc>(INVITATIONS).where({ communityId: input.communityId }).orderBy('createdAt', 'desc').limit(100).get();
      const views = found.data
        // a lead sees the invitations they could have made; a manager all
        .filter((inv) => mayGrant(post.role, inv.role))
        .map((inv) => invitationView(inv, community, now, true))
        .filter((v) => !input.state || v.state === input.state);
      return { invitations: views, nextCursor: null };
    },
  },

  revokeInvite: {
    roles: ['lead'] as const,
    async handler({ input, caller, now, db: database }: Ctx<'revokeInvite'>) {
      const inv = (await database.collection<InvitationDoc>(INVITATIONS).where({ _id: input.id }).limit(1).get()).data[0];
      const post = inv ? postFor(caller, inv.communityId, ['lead']) : undefined;
      if (!inv || !post) throw notFound('没有找到这个邀请');
      const decided = inviteMachine.decide(inv, 'revoke', { id: caller.openid, role: post.role }, now);
      if (!decided.ok) throw new AppError(decided.code, decided.message);
      await writeStep(database, INVITATION_STORE, inv, { state: 'revoked', revokedBy: caller.openid }, { events: [decided.event] });
      const after: InvitationDoc = { ...inv, state: 'revoked', revokedBy: caller.openid, rev: inv.rev + 1 };
      return { invitation: invitationView(after, await loadCommunity(database, inv.communityId), now, true) };
    },
  },
};
