// The `account` function's actions: who I am, binding units, my profile, my grants and inbox,
// seeing and deleting what the product holds about me, and staff deciding bindings.
import { createHash } from 'node:crypto';
import type { Me, UnitBinding, UnitSteward } from '../../../types/account';
import type { InboxItem } from '../../../types/notify';
import type { ActionTable } from '../router/router';
import { type Caller, countOf } from '../router/caller';
import { AppError, conflict, forbidden, invalid, notFound } from '../router/errors';
import { type Database, isDuplicateError, sdk, type SdkError } from '../sdk';
import { addGrants, grantCounts, grantCountsOf, send } from '../notify';
import type { GrantDoc } from '../notify/model';
import type { InboxDoc } from '../notify/model';
import { deletable, personalDataSubjects, registerPersonalData } from '../privacy';
import { loadServiceLevels, SLA_POLICIES, type SlaPolicyDoc, serviceLevelsFrom } from '../sla/load';
import { toShanghaiIso } from '../time';
import type { BindingDoc, CommunityDoc, PersonDoc, RosterDoc, StaffDoc, UnitDoc } from './model';
import { bindingView, initialBindingState, maskPhone } from './rules';

registerPersonalData({
  name: 'profile',
  count: async (database, openid) => (await database.collection('people').where({ _id: openid }).count()).total,
  erase: async (database, openid) => (await database.collection('people').where({ _id: openid }).remove()).stats.removed,
});
registerPersonalData(deletable('bindings', 'bindings'));
registerPersonalData(deletable('subscriptions', 'grants'));
registerPersonalData(deletable('inbox', 'inbox'));
registerPersonalData(deletable('sendLog', 'sendLog'));

/** Communities one read lists (account.communities, account.me): a deployment runs a few. */
const COMMUNITIES_LISTED = 100;

const unitId = (communityId: string, unit: string) => `${communityId}:${unit}`;
const bindingId = (openid: string, communityId: string, unit: string) => createHash('sha256').update(`${openid}\n${communityId}\n${unit}`).digest('hex').slice(0, 32);

async function communityNames(database: Database, ids: string[]): Promise<Map<string, CommunityDoc>> {
  const _ = database.command;
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const found = await database
    .collection<CommunityDoc>('communities')
    .where({ _id: _.in(unique) })
    .limit(100)
    .get();
  return new Map(found.data.map((c) => [c._id, c]));
}

async function possessionOf(database: Database, bindings: BindingDoc[]): Promise<Set<string>> {
  const _ = database.command;
  const ids = [...new Set(bindings.map((b) => unitId(b.communityId, b.unit)))];
  if (ids.length === 0) return new Set();
  const found = await database
    .collection<UnitDoc>('units')
    .where({ _id: _.in(ids), possession: true })
    .limit(100)
    .get();
  return new Set(found.data.map((u) => u._id));
}

async function viewsOf(database: Database, bindings: BindingDoc[], showPhone: boolean): Promise<UnitBinding[]> {
  const [communities, possessed] = await Promise.all([
    communityNames(
      database,
      bindings.map((b) => b.communityId),
    ),
    possessionOf(database, bindings),
  ]);
  return bindings.map((b) => bindingView(b, communities.get(b.communityId)?.name ?? b.communityId, possessed.has(unitId(b.communityId, b.unit)), showPhone));
}

async function profileOf(database: Database, openid: string): Promise<PersonDoc | undefined> {
  return (await database.collection<PersonDoc>('people').where({ _id: openid }).limit(1).get()).data[0];
}

function inboxView(doc: InboxDoc): InboxItem {
  return {
    id: doc._id,
    template: doc.template,
    title: doc.title,
    body: doc.body,
    page: doc.page,
    createdAt: toShanghaiIso(doc.createdAt),
    readAt: doc.readAt ? toShanghaiIso(doc.readAt) : null,
  };
}

async function unreadCount(database: Database, openid: string): Promise<number> {
  return (await database.collection('inbox').where({ openid, readAt: null }).count()).total;
}

/** WeChat's answer for a phone code it did not issue, that expired or was used. */
const ERR_INVALID_PHONE_CODE = 40029;

/**
 * The phone number WeChat verified for whoever tapped the getPhoneNumber button that gave `code`
 * (phonenumber.getPhoneNumber; the function's config.json lists it under openapi permissions).
 */
async function verifiedPhone(code: string): Promise<string> {
  let phone: string | undefined;
  try {
    phone = (await sdk().openapi.phonenumber.getPhoneNumber({ code })).phoneInfo?.purePhoneNumber;
  } catch (error) {
    const errCode = (error as SdkError).errCode;
    if (errCode === ERR_INVALID_PHONE_CODE) {
      throw invalid('微信手机号验证未通过或已过期，请重新获取', { phoneCode: '微信手机号验证未通过或已过期，请重新获取' });
    }
    console.error('[account] phonenumber.getPhoneNumber failed', error);
    throw new AppError('INTERNAL', '微信手机号验证暂不可用，请稍后再试');
  }
  if (!phone) throw new AppError('INTERNAL', '微信未返回手机号，请稍后再试');
  return phone;
}

/**
 * The steward an owner calls about a unit: the area steward whose buildings include the unit's
 * building, else the community's duty steward (SPEC §1: area stewards own some buildings, the duty
 * steward covers the rest round the clock). None when the community has no steward on file.
 */
function stewardOf(binding: BindingDoc, stewards: StaffDoc[]): UnitSteward[] {
  const building = binding.unit.split('-')[0];
  const here = stewards.filter((s) => s.communityId === binding.communityId);
  const post = here.find((s) => s.kind === 'area' && s.buildings.includes(building)) ?? here.find((s) => s.kind !== 'area') ?? here[0];
  if (!post) return [];
  return [
    {
      communityId: binding.communityId,
      unit: binding.unit,
      name: post.name,
      kind: post.kind ?? 'duty',
      postName: post.postName ?? null,
      phone: post.phone ?? '',
    },
  ];
}

/** Who may decide a binding: staff of its community, or the unit's owner for a resident; never the applicant. */
function mayDecide(caller: Caller, binding: BindingDoc): boolean {
  if (binding.openid === caller.openid) return false;
  if (caller.postIn(binding.communityId, ['steward'])) return true;
  return binding.role === 'resident' && caller.ownsUnit(binding.communityId, binding.unit);
}

export const accountActions: ActionTable<'account'> = {
  me: {
    roles: 'anyone',
    // Everything but the units' possession comes in the caller's own round trip: the first
    // screen (session + 首页) is this one call, in two round trips.
    withCaller: (openid) => ({
      allBindings: { from: 'bindings', match: { openid }, sort: { createdAt: 1 }, limit: 100 },
      grants: { from: 'grants', match: { openid }, limit: 100 },
      unread: { from: 'inbox', match: { openid, readAt: null }, count: true },
      communities: { from: 'communities', match: {}, sort: { _id: 1 }, limit: COMMUNITIES_LISTED, project: { _id: 1, name: 1, supervisionPhone: 1 } },
      // one per community, so as many as the communities; the override alone (not its history)
      policies: { from: SLA_POLICIES, match: {}, limit: COMMUNITIES_LISTED, project: { _id: 1, override: 1 } },
    }),
    async handler({ caller, db: database, reads }) {
      const read = reads;
      const bindings = read.allBindings as unknown as BindingDoc[];
      const all = read.communities as unknown as CommunityDoc[];
      const communities = new Map(all.map((c) => [c._id, c]));
      // The promises the pages show: the caller's communities (units first, the active one first,
      // as the pages pick the primary unit).
      const ordered = [...bindings].sort((a, b) => Number(b.state === 'active') - Number(a.state === 'active'));
      const ids = [...new Set([...ordered.map((b) => b.communityId), ...caller.staff.map((s) => s.communityId)])];
      const policies = read.policies as unknown as SlaPolicyDoc[];
      // more communities than one read lists: their policies are read by id
      const serviceLevels = policies.length < COMMUNITIES_LISTED && ids.length > 0 ? serviceLevelsFrom(ids, policies) : await loadServiceLevels(database, ids);
      const possessed = await possessionOf(database, bindings);
      const profile = caller.person;
      const me: Me = {
        openid: caller.openid,
        profile: { name: profile?.name ?? null, birthday: profile?.birthday ?? null, greetingsOptIn: profile?.greetingsOptIn ?? false },
        units: bindings.map((b) => bindingView(b, communities.get(b.communityId)?.name ?? b.communityId, possessed.has(unitId(b.communityId, b.unit)), true)),
        staff: caller.staff.map((post) => ({
          communityId: post.communityId,
          communityName: communities.get(post.communityId)?.name ?? post.communityId,
          role: post.role,
          kind: post.kind,
          buildings: post.buildings,
          name: post.name,
        })),
        roles: [...caller.roles],
        isStaff: caller.isStaff,
        subscriptions: grantCountsOf(read.grants as unknown as GrantDoc[]),
        unreadCount: countOf(read.unread),
        serviceLevels,
        communities: all.map((c) => ({ id: c._id, name: c.name, supervisionPhone: c.supervisionPhone })),
      };
      return me;
    },
  },

  communities: {
    roles: 'anyone',
    async handler({ db: database }) {
      const found = await database.collection<CommunityDoc>('communities').orderBy('_id', 'asc').limit(COMMUNITIES_LISTED).get();
      return { communities: found.data.map((c) => ({ id: c._id, name: c.name, supervisionPhone: c.supervisionPhone })) };
    },
  },

  myStewards: {
    roles: 'anyone',
    async handler({ caller, db: database }) {
      const communities = [...new Set(caller.bindings.map((b) => b.communityId))];
      if (communities.length === 0) return { stewards: [] };
      const _ = database.command;
      const found = await database
        .collection<StaffDoc>('staff')
        .where({ communityId: _.in(communities), role: 'steward', active: true })
        .orderBy('_id', 'asc')
        .limit(100)
        .get();
      return { stewards: caller.bindings.flatMap((binding) => stewardOf(binding, found.data)) };
    },
  },

  bindUnit: {
    roles: 'anyone',
    create: true,
    async handler({ input, caller, now, db: database }) {
      let communityId = input.communityId;
      if (!communityId) {
        const all = await database.collection<CommunityDoc>('communities').limit(2).get();
        if (all.data.length !== 1) throw invalid('请选择小区', { communityId: '请选择小区' });
        communityId = all.data[0]._id;
      }
      const community = (await communityNames(database, [communityId])).get(communityId);
      if (!community) throw invalid('小区不存在', { communityId: '小区不存在' });
      const unit = (
        await database
          .collection<UnitDoc>('units')
          .where({ _id: unitId(communityId, input.unit) })
          .limit(1)
          .get()
      ).data[0];
      if (!unit) throw invalid(`${community.name}没有 ${input.unit} 这个房号`, { unit: '本小区没有这个房号' });

      const id = bindingId(caller.openid, communityId, input.unit);
      const bindings = database.collection<BindingDoc>('bindings');
      const existing = (await bindings.where({ _id: id }).limit(1).get()).data[0];
      if (existing?.state === 'active') return { binding: (await viewsOf(database, [existing], true))[0] };
      // A typed phone cannot improve a pending application; a verified one may (below).
      if (existing?.state === 'pending' && input.phoneCode === undefined) return { binding: (await viewsOf(database, [existing], true))[0] };

      // The code is spent here, after the unit is known to exist: a typo in the unit keeps it.
      const phoneVerified = input.phoneCode !== undefined;
      const phone = input.phoneCode !== undefined ? await verifiedPhone(input.phoneCode) : (input.phone as string);
      const roster = await database.collection<RosterDoc>('roster').where({ communityId, unit: input.unit }).limit(20).get();
      const state = initialBindingState({
        role: input.role,
        rosterPhones: roster.data.map((r) => r.phone),
        phone,
        phoneVerified,
        staffInCommunity: caller.staff.some((post) => post.communityId === communityId),
      });
      const decided = { decidedAt: state === 'active' ? now : null, decidedBy: state === 'active' ? 'roster' : null };

      if (existing?.state === 'pending') {
        // The applicant has since verified their phone: the application now carries it, and is
        // bound at once if the rules allow; conditional on `pending` so a decision made meanwhile stands.
        // The role is the one asked now: the state was decided for it.
        await bindings.where({ _id: id, state: 'pending' }).update({ data: { role: input.role, phone, phoneVerified, state, ...decided } });
        const saved = (await bindings.where({ _id: id }).limit(1).get()).data[0];
        return { binding: (await viewsOf(database, [saved ?? existing], true))[0] };
      }

      const fresh = {
        openid: caller.openid,
        communityId,
        unit: input.unit,
        role: input.role,
        state,
        phone,
        phoneVerified,
        name: input.name ?? null,
        createdAt: now,
        ...decided,
        rejectReason: null,
      };
      if (existing) {
        // a rejected application may be made again: only from `rejected`, so a race cannot undo a decision
        const reopened = await bindings.where({ _id: id, state: 'rejected' }).update({ data: fresh });
        if (reopened.stats.updated !== 1) throw conflict();
      } else {
        try {
          await bindings.add({ data: { _id: id, ...fresh } });
        } catch (error) {
          if (!isDuplicateError(error)) throw error;
        }
      }
      const saved = (await bindings.where({ _id: id }).limit(1).get()).data[0];
      if (!saved) throw new AppError('INTERNAL', '绑定未能保存，请重试');

      if (saved.role === 'resident' && saved.state === 'pending') {
        const owners = await bindings.where({ communityId, unit: input.unit, role: 'owner', state: 'active' }).limit(20).get();
        for (const owner of owners.data) {
          await send(
            database,
            {
              openid: owner.openid,
              template: 'bindingResult',
              title: '住户申请绑定您的房屋',
              body: `${saved.name ?? '一位住户'}申请绑定 ${community.name} ${input.unit}，请在「管家」或「我的」中确认。`,
              values: { unit: `${community.name} ${input.unit}`, result: '待确认', note: '住户申请绑定您的房屋' },
              page: '/pages/me/index',
            },
            now,
          );
        }
      }
      return { binding: (await viewsOf(database, [saved], true))[0] };
    },
  },

  setProfile: {
    roles: 'anyone',
    async handler({ input, caller, now, db: database }) {
      const changes: Record<string, unknown> = { updatedAt: now };
      if (input.birthday !== undefined) changes.birthday = input.birthday;
      if (input.greetingsOptIn !== undefined) changes.greetingsOptIn = input.greetingsOptIn;
      if (input.name !== undefined) changes.name = input.name;
      const people = database.collection<PersonDoc>('people');
      const updated = await people.doc(caller.openid).update({ data: changes });
      if (updated.stats.updated === 0) {
        try {
          await people.add({
            data: { _id: caller.openid, name: null, birthday: null, greetingsOptIn: false, createdAt: now, ...changes },
          });
        } catch (error) {
          if (!isDuplicateError(error)) throw error;
          await people.doc(caller.openid).update({ data: changes });
        }
      }
      const profile = await profileOf(database, caller.openid);
      return { profile: { name: profile?.name ?? null, birthday: profile?.birthday ?? null, greetingsOptIn: profile?.greetingsOptIn ?? false } };
    },
  },

  grantSubscriptions: {
    roles: 'anyone',
    async handler({ input, caller, now, db: database }) {
      await addGrants(database, caller.openid, input.templates, now);
      return { subscriptions: await grantCounts(database, caller.openid) };
    },
  },

  inbox: {
    roles: 'anyone',
    async handler({ input, caller, db: database }) {
      const _ = database.command;
      const filter: Record<string, unknown> = { openid: caller.openid };
      if (input.before) filter.createdAt = _.lt(new Date(input.before));
      const page = await database
        .collection<InboxDoc>('inbox')
        .where(filter)
        .orderBy('createdAt', 'desc')
        .limit(input.limit + 1)
        .get();
      return {
        items: page.data.slice(0, input.limit).map(inboxView),
        unreadCount: await unreadCount(database, caller.openid),
        hasMore: page.data.length > input.limit,
      };
    },
  },

  readInbox: {
    roles: 'anyone',
    async handler({ input, caller, now, db: database }) {
      const _ = database.command;
      // only the caller's own messages, whatever ids were sent
      await database
        .collection('inbox')
        .where({ openid: caller.openid, _id: _.in(input.ids), readAt: null })
        .update({ data: { readAt: now } });
      return { unreadCount: await unreadCount(database, caller.openid) };
    },
  },

  myData: {
    roles: 'anyone',
    async handler({ caller, db: database }) {
      const [profile, bindings, subscriptions, inbox] = await Promise.all([
        profileOf(database, caller.openid),
        database.collection<BindingDoc>('bindings').where({ openid: caller.openid }).limit(100).get(),
        grantCounts(database, caller.openid),
        database.collection<InboxDoc>('inbox').where({ openid: caller.openid }).orderBy('createdAt', 'desc').limit(100).get(),
      ]);
      const records: Record<string, number> = {};
      for (const subject of personalDataSubjects()) records[subject.name] = await subject.count(database, caller.openid);
      return {
        openid: caller.openid,
        profile: { name: profile?.name ?? null, birthday: profile?.birthday ?? null, greetingsOptIn: profile?.greetingsOptIn ?? false },
        bindings: await viewsOf(database, bindings.data, true),
        subscriptions,
        inbox: inbox.data.map(inboxView),
        records,
      };
    },
  },

  deleteMyData: {
    roles: 'anyone',
    async handler({ caller, db: database }) {
      const deleted: Record<string, number> = {};
      for (const subject of personalDataSubjects()) deleted[subject.name] = await subject.erase(database, caller.openid);
      return { deleted };
    },
  },

  pendingBindings: {
    roles: ['owner', 'steward'],
    async handler({ input, caller, db: database }) {
      const _ = database.command;
      const staffCommunities = caller.communitiesAs(['steward']).filter((c) => !input.communityId || c === input.communityId);
      const found: BindingDoc[] = [];
      if (staffCommunities.length > 0) {
        const asStaff = await database
          .collection<BindingDoc>('bindings')
          .where({ communityId: _.in(staffCommunities), state: 'pending' })
          .orderBy('createdAt', 'asc')
          .limit(100)
          .get();
        found.push(...asStaff.data);
      }
      for (const owned of caller.bindings.filter((b) => b.role === 'owner' && !staffCommunities.includes(b.communityId))) {
        const residents = await database
          .collection<BindingDoc>('bindings')
          .where({ communityId: owned.communityId, unit: owned.unit, role: 'resident', state: 'pending' })
          .limit(20)
          .get();
        found.push(...residents.data);
      }
      // What the decider needs beside the application: who the roster lists for the unit, and
      // whether the applicant works in the community (then never bound without this decision).
      const rosters = new Map<string, RosterDoc[]>();
      for (const binding of found) {
        const key = unitId(binding.communityId, binding.unit);
        if (rosters.has(key)) continue;
        const roster = await database.collection<RosterDoc>('roster').where({ communityId: binding.communityId, unit: binding.unit }).limit(20).get();
        rosters.set(key, roster.data);
      }
      const applicants = [...new Set(found.map((b) => b.openid))];
      const posts =
        applicants.length === 0
          ? []
          : (
              await database
                .collection<StaffDoc>('staff')
                .where({ openid: _.in(applicants), active: true })
                .limit(100)
                .get()
            ).data;
      // The steward deciding an application is the person working it (SPEC §1): they call the
      // applicant to check, so the number is shown whole; the roster's numbers stay masked.
      const views = await viewsOf(database, found, true);
      return {
        bindings: views.map((view, i) => {
          const binding = found[i];
          const roster = rosters.get(unitId(binding.communityId, binding.unit)) ?? [];
          const post = posts.find((p) => p.openid === binding.openid && p.communityId === binding.communityId);
          return {
            ...view,
            openid: binding.openid,
            name: binding.name,
            rosterMatch: roster.some((r) => r.phone === binding.phone),
            applicantStaff: post?.role ?? null,
            roster: roster.map((r) => ({ name: r.name, phone: maskPhone(r.phone) })),
          };
        }),
      };
    },
  },

  decideBinding: {
    roles: ['owner', 'steward'],
    async handler({ input, caller, now, db: database }) {
      const bindings = database.collection<BindingDoc>('bindings');
      const binding = (await bindings.where({ _id: input.id }).limit(1).get()).data[0];
      if (!binding) throw notFound('没有找到这条绑定申请');
      if (binding.openid === caller.openid) throw forbidden('不能审核自己的绑定申请');
      if (!mayDecide(caller, binding)) throw forbidden('只有本小区管家或该房屋业主可以审核');
      const state = input.approve ? 'active' : 'rejected';
      const decided = await bindings
        .where({ _id: binding._id, state: 'pending' })
        .update({ data: { state, decidedAt: now, decidedBy: caller.openid, rejectReason: input.approve ? null : (input.reason ?? null) } });
      if (decided.stats.updated !== 1) throw conflict('这条申请已被处理，请刷新');
      const saved = (await bindings.where({ _id: binding._id }).limit(1).get()).data[0];
      const community = (await communityNames(database, [binding.communityId])).get(binding.communityId);
      const where = `${community?.name ?? ''} ${binding.unit}`.trim();
      await send(
        database,
        {
          openid: binding.openid,
          template: 'bindingResult',
          body: input.approve ? `您已成功绑定 ${where}。` : `您绑定 ${where} 的申请未通过：${input.reason ?? ''}`,
          values: { unit: where, result: input.approve ? '已通过' : '未通过', note: input.approve ? '绑定成功' : (input.reason ?? '请联系管家') },
          page: '/pages/me/index',
        },
        now,
      );
      return { binding: (await viewsOf(database, [saved], false))[0] };
    },
  },
};
