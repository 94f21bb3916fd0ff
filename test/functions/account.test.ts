// The account function and the notify core, through the real wx-server-sdk against the local cloud.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import type { ActionInput, ActionName, ActionOutput } from '../../types/contract';
import type { Reply, ReplyError } from '../../types/envelope';

let cloud: TestCloud;
before(async () => {
  cloud = await startTestCloud();
});
after(async () => {
  await cloud.close();
});

type Action = ActionName<'account'>;
type Failed = { ok: false; error: ReplyError };

async function ok<A extends Action>(action: A, input: ActionInput<'account', A>, openid: string): Promise<ActionOutput<'account', A>> {
  const reply = (await cloud.call('account', action, input, { openid })) as Reply<ActionOutput<'account', A>>;
  assert.ok(reply.ok, `account.${action} as ${openid}: ${JSON.stringify(reply)}`);
  return reply.data;
}
/** Calls with input the schema may refuse, so the input is deliberately untyped. */
async function failed(action: Action, input: unknown, openid?: string): Promise<ReplyError> {
  const reply = (await cloud.call('account', action, input, { openid })) as Reply<unknown>;
  assert.ok(!reply.ok, `account.${action} should fail: ${JSON.stringify(reply)}`);
  return reply.error;
}

describe('who am I', () => {
  it('shows an owner their unit, role and that they are not staff', async () => {
    const me = await ok('me', {}, 'dev-owner-1');
    assert.equal(me.openid, 'dev-owner-1');
    const unit = me.units.find((u) => u.unit === '1-1-101');
    assert.ok(unit, 'unit 1-1-101 bound');
    assert.equal(unit.role, 'owner');
    assert.equal(unit.state, 'active');
    assert.equal(unit.possession, true);
    assert.equal(unit.communityName, '悦海和园');
    assert.deepEqual(me.roles, ['owner']);
    assert.equal(me.isStaff, false);
  });

  it('shows a duty steward their post and the staff tab', async () => {
    const me = await ok('me', {}, 'dev-steward-1');
    assert.equal(me.isStaff, true);
    assert.deepEqual(
      me.staff.map((p) => [p.communityId, p.role, p.kind]),
      [['yuehai', 'steward', 'duty']],
    );
  });

  it('knows a newcomer with nothing bound', async () => {
    const me = await ok('me', {}, 'wx-first-timer');
    assert.deepEqual(me.units, []);
    assert.deepEqual(me.roles, []);
    assert.equal(me.profile.greetingsOptIn, false);
  });
});

describe('my steward', () => {
  it('gives an owner the area steward of their building, with a phone to call', async () => {
    const { stewards } = await ok('myStewards', {}, 'dev-owner-1');
    assert.deepEqual(
      stewards.map((s) => [s.unit, s.name, s.kind, s.phone]),
      [['1-1-101', '刘洋', 'area', '13700000002']],
    );
  });

  it('gives a unit no area steward covers the duty steward, and someone with no home none', async () => {
    const phoneCode = await cloud.phoneCode('wx-steward-card', '13800000003');
    await ok('bindUnit', { unit: '3-2-1201', phoneCode }, 'wx-steward-card');
    const { stewards } = await ok('myStewards', {}, 'wx-steward-card');
    assert.deepEqual(
      stewards.map((s) => [s.unit, s.name, s.kind]),
      [['3-2-1201', '陈静', 'duty']],
    );
    assert.deepEqual((await ok('myStewards', {}, 'wx-nobody-here')).stewards, []);
  });
});

describe('binding a unit', () => {
  it('binds an owner at once on the phone WeChat verified, when the roster lists it for the unit', async () => {
    const phoneCode = await cloud.phoneCode('wx-qian', '13800000003');
    const { binding } = await ok('bindUnit', { unit: '3-2-1201', phoneCode, name: '钱芳' }, 'wx-qian');
    assert.equal(binding.state, 'active');
    assert.equal(binding.phone, '13800000003');
    assert.equal(binding.phoneVerified, true);
    assert.equal(binding.communityId, 'yuehai', 'the only community is chosen when none is given');
    const me = await ok('me', {}, 'wx-qian');
    assert.deepEqual(me.roles, ['owner']);
  });

  it('gives a seeded person’s WeChat phone: dev-newcomer is the roster’s owner of 3-2-1201', async () => {
    const phoneCode = await cloud.phoneCode('dev-newcomer');
    const { binding } = await ok('bindUnit', { unit: '3-2-1201', phoneCode }, 'dev-newcomer');
    assert.equal(binding.state, 'active');
  });

  it('lets a typed roster phone only apply: pending until a steward approves', async () => {
    const { binding } = await ok('bindUnit', { unit: '1-1-101', phone: '13800000001', name: '王建国' }, 'wx-typed-owner');
    assert.equal(binding.state, 'pending');
    assert.equal(binding.phoneVerified, false);
    assert.deepEqual((await ok('me', {}, 'wx-typed-owner')).roles, []);
    const listed = (await ok('pendingBindings', {}, 'dev-steward-1')).bindings.find((b) => b.id === binding.id);
    assert.ok(listed);
    assert.equal(listed.rosterMatch, true);
    assert.equal(listed.phoneVerified, false);
    assert.equal(listed.applicantStaff, null);
    assert.deepEqual(listed.roster, [{ name: '王建国', phone: '138****0001' }]);
    const decided = await ok('decideBinding', { id: binding.id, approve: true }, 'dev-steward-1');
    assert.equal(decided.binding.state, 'active');
    assert.deepEqual((await ok('me', {}, 'wx-typed-owner')).roles, ['owner']);
  });

  it('sends a verified phone the roster does not list to the stewards, showing it as verified', async () => {
    const phoneCode = await cloud.phoneCode('wx-not-listed', '13655550000');
    const { binding } = await ok('bindUnit', { unit: '2-1-202', phoneCode }, 'wx-not-listed');
    assert.equal(binding.state, 'pending');
    const listed = (await ok('pendingBindings', {}, 'dev-steward-1')).bindings.find((b) => b.id === binding.id);
    assert.ok(listed);
    assert.deepEqual([listed.rosterMatch, listed.phoneVerified, listed.phone], [false, true, '13655550000'], 'the steward deciding calls the applicant (SPEC §1)');
    assert.deepEqual(listed.roster, [{ name: '李秀英', phone: '138****0002' }]);
  });

  it('upgrades a pending typed application once the applicant verifies the roster phone', async () => {
    const typed = await ok('bindUnit', { unit: '2-1-202', phone: '13800000002' }, 'wx-later-verified');
    assert.equal(typed.binding.state, 'pending');
    const phoneCode = await cloud.phoneCode('wx-later-verified', '13800000002');
    const verified = await ok('bindUnit', { unit: '2-1-202', phoneCode }, 'wx-later-verified');
    assert.equal(verified.binding.id, typed.binding.id);
    assert.equal(verified.binding.state, 'active');
  });

  it('never turns a pending tenant application active by verifying the phone, unless it becomes the owner’s', async () => {
    const tenant = await ok('bindUnit', { unit: '2-2-101', phone: '13600001111', role: 'resident' }, 'wx-tenant-verifies');
    assert.equal(tenant.binding.state, 'pending');
    const phoneCode = await cloud.phoneCode('wx-tenant-verifies', '13600001111');
    const again = await ok('bindUnit', { unit: '2-2-101', phoneCode, role: 'resident' }, 'wx-tenant-verifies');
    assert.deepEqual([again.binding.role, again.binding.state, again.binding.phoneVerified], ['resident', 'pending', true]);
    // The roster's owner of 3-2-1201 first asked as a tenant, then verifies as the owner.
    await ok('bindUnit', { unit: '3-2-1201', phone: '13800000003', role: 'resident' }, 'wx-owner-as-tenant');
    const ownerCode = await cloud.phoneCode('wx-owner-as-tenant', '13800000003');
    const owner = await ok('bindUnit', { unit: '3-2-1201', phoneCode: ownerCode }, 'wx-owner-as-tenant');
    assert.deepEqual([owner.binding.role, owner.binding.state], ['owner', 'active']);
  });

  it('refuses a forged, reused or expired phone code with a clear error, binding nothing', async () => {
    const forged = await failed('bindUnit', { unit: '3-2-1201', phoneCode: 'f'.repeat(64) }, 'wx-forger');
    assert.equal(forged.code, 'INVALID_INPUT');
    assert.match(forged.fields?.phoneCode ?? '', /微信手机号验证未通过或已过期/);

    const phoneCode = await cloud.phoneCode('wx-reuser', '13800000003');
    await ok('bindUnit', { unit: '3-1-101', phoneCode }, 'wx-reuser');
    const reused = await failed('bindUnit', { unit: '3-2-1201', phoneCode }, 'wx-reuser');
    assert.ok(reused.fields?.phoneCode, 'a code works once');

    await cloud.setClock('2026-11-20T10:00:00+08:00');
    const stale = await cloud.phoneCode('wx-late', '13800000003');
    await cloud.setClock('2026-11-20T10:05:01+08:00');
    const expired = await failed('bindUnit', { unit: '3-2-1201', phoneCode: stale }, 'wx-late');
    await cloud.setClock(null);
    assert.ok(expired.fields?.phoneCode, 'a code lasts five minutes');
    for (const openid of ['wx-forger', 'wx-late']) assert.deepEqual((await ok('me', {}, openid)).units, []);
  });

  it('answers INTERNAL, not a binding, when WeChat cannot check the phone', async () => {
    const phoneCode = await cloud.phoneCode('wx-busy', '13800000003');
    await cloud.failOpenApi({ api: 'phonenumber.getPhoneNumber', errcode: -1, errmsg: 'system error' });
    const busy = await failed('bindUnit', { unit: '3-2-1201', phoneCode }, 'wx-busy');
    assert.equal(busy.code, 'INTERNAL');
    assert.deepEqual((await ok('me', {}, 'wx-busy')).units, []);
  });

  it('asks for exactly one of a typed phone and a phone code', async () => {
    assert.ok((await failed('bindUnit', { unit: '3-2-1201' }, 'wx-neither')).fields?.phone);
    const phoneCode = await cloud.phoneCode('wx-both', '13800000003');
    assert.ok((await failed('bindUnit', { unit: '3-2-1201', phone: '13800000003', phoneCode }, 'wx-both')).fields?.phone);
  });

  it('never binds staff as owner in their own community without a steward, even on a verified roster phone', async () => {
    // The engineer: he saw the reporter's phone on an assigned ticket and bound 1-1-101 with it.
    const typed = await ok('bindUnit', { unit: '1-1-101', phone: '13800000001' }, 'dev-engineer');
    assert.equal(typed.binding.state, 'pending');
    // Even were his WeChat phone the owner's (a shared family number), he waits for a steward.
    const phoneCode = await cloud.phoneCode('dev-engineer', '13800000001');
    const verified = await ok('bindUnit', { unit: '1-1-101', phoneCode }, 'dev-engineer');
    assert.equal(verified.binding.state, 'pending');
    const me = await ok('me', {}, 'dev-engineer');
    assert.ok(!me.roles.includes('owner'), 'not an owner');
    const listed = (await ok('pendingBindings', {}, 'dev-steward-1')).bindings.find((b) => b.id === verified.binding.id);
    assert.ok(listed);
    assert.equal(listed.applicantStaff, 'engineer', 'the steward sees a colleague is applying');
    assert.equal(listed.phoneVerified, true);
    // So he cannot read the owner's passes or revoke the tenant's.
    const passes = (await cloud.call('passes', 'list', {}, { openid: 'dev-engineer' })) as Reply<{ passes?: unknown[] }>;
    if (passes.ok) assert.ok(!JSON.stringify(passes.data).includes('1-1-101'), 'no pass of 1-1-101 for the engineer');
  });

  it('lets no one decide their own application, steward or not', async () => {
    const { binding } = await ok('bindUnit', { unit: '3-1-1202', phone: '13700000001' }, 'dev-steward-1');
    assert.equal(binding.state, 'pending');
    const own = await failed('decideBinding', { id: binding.id, approve: true }, 'dev-steward-1');
    assert.equal(own.code, 'FORBIDDEN');
    assert.equal((await ok('decideBinding', { id: binding.id, approve: true }, 'dev-steward-2')).binding.state, 'active');
  });

  it('refuses a unit the community does not have, naming the field', async () => {
    const error = await failed('bindUnit', { unit: '9-9-999', phone: '13800000003' }, 'wx-qian');
    assert.equal(error.code, 'INVALID_INPUT');
    assert.ok(error.fields?.unit);
  });

  it('sends an unverified owner to the stewards, who see the phone masked, and one of two stewards decides', async () => {
    const { binding } = await ok('bindUnit', { unit: '3-1-201', phone: '13612345678', name: '郑伟' }, 'wx-zheng');
    assert.equal(binding.state, 'pending');
    const queue = await ok('pendingBindings', {}, 'dev-steward-1');
    const listed = queue.bindings.find((b) => b.id === binding.id);
    assert.ok(listed, 'in the steward queue');
    assert.equal(listed.phone, '13612345678', 'the steward deciding calls the applicant (SPEC §1)');
    assert.equal(listed.rosterMatch, false);

    const [first, second] = await Promise.all([
      cloud.call('account', 'decideBinding', { id: binding.id, approve: true }, { openid: 'dev-steward-1' }),
      cloud.call('account', 'decideBinding', { id: binding.id, approve: false, reason: '资料不符' }, { openid: 'dev-steward-2' }),
    ]);
    const replies = [first, second] as Array<Reply<unknown>>;
    assert.equal(replies.filter((r) => r.ok).length, 1, 'exactly one decision wins');
    const loser = replies.find((r) => !r.ok) as Failed;
    assert.equal(loser.error.code, 'CONFLICT');

    const inbox = await ok('inbox', {}, 'wx-zheng');
    assert.equal(inbox.items.length, 1, 'the applicant hears the one decision');
    assert.equal(inbox.items[0].template, 'bindingResult');
  });

  it('lets the owner, not another owner, confirm a tenant', async () => {
    const { binding } = await ok('bindUnit', { unit: '1-1-101', phone: '13911112222', role: 'resident', name: '周租' }, 'wx-tenant');
    assert.equal(binding.state, 'pending');
    const ownerInbox = await ok('inbox', {}, 'dev-owner-1');
    assert.ok(ownerInbox.items.some((m) => m.title === '住户申请绑定您的房屋'));

    const stranger = await failed('decideBinding', { id: binding.id, approve: true }, 'dev-owner-2');
    assert.equal(stranger.code, 'FORBIDDEN');
    const asOwner = await ok('pendingBindings', {}, 'dev-owner-1');
    assert.ok(asOwner.bindings.some((b) => b.id === binding.id));
    const decided = await ok('decideBinding', { id: binding.id, approve: true }, 'dev-owner-1');
    assert.equal(decided.binding.state, 'active');
  });

  it('asks for a reason when rejecting', async () => {
    const error = await failed('decideBinding', { id: 'whatever', approve: false }, 'dev-steward-1');
    assert.equal(error.code, 'INVALID_INPUT');
    assert.ok(error.fields?.reason);
  });
});

describe('subscription grants and the inbox', () => {
  it('spends one grant per push, then writes the inbox only', async () => {
    const person = 'wx-grants-1';
    const granted = await ok('grantSubscriptions', { templates: ['bindingResult'] }, person);
    assert.equal(granted.subscriptions.bindingResult, 1);

    const first = await ok('bindUnit', { unit: '3-1-101', phone: '13622223333' }, person);
    await ok('decideBinding', { id: first.binding.id, approve: true }, 'dev-steward-1');
    const second = await ok('bindUnit', { unit: '3-1-102', phone: '13622223333' }, person);
    await ok('decideBinding', { id: second.binding.id, approve: true }, 'dev-steward-1');

    const sent = (await cloud.outbox()).filter((m) => m.touser === person);
    assert.equal(sent.length, 1, 'one grant, one subscription message');
    assert.equal(sent[0].template_id, 'local-bindingResult');
    assert.equal(sent[0].data.phrase2.value, '已通过');
    const inbox = await ok('inbox', {}, person);
    assert.equal(inbox.items.length, 2, 'both decisions are in the inbox');
    const me = await ok('me', {}, person);
    assert.equal(me.subscriptions.bindingResult, 0);
  });

  it('zeroes the grants when WeChat says the user refused, and keeps the inbox', async () => {
    const person = 'wx-grants-2';
    await ok('grantSubscriptions', { templates: ['bindingResult', 'bindingResult', 'bindingResult'] }, person);
    let me = await ok('me', {}, person);
    assert.equal(me.subscriptions.bindingResult, 1, 'one acceptance per template per tap');
    await ok('grantSubscriptions', { templates: ['bindingResult'] }, person);
    await ok('grantSubscriptions', { templates: ['bindingResult'] }, person);
    me = await ok('me', {}, person);
    assert.equal(me.subscriptions.bindingResult, 3);

    await cloud.failOpenApi({ api: 'subscribeMessage.send', errcode: 43101, touser: person, times: 1 });
    const { binding } = await ok('bindUnit', { unit: '3-1-301', phone: '13633334444' }, person);
    await ok('decideBinding', { id: binding.id, approve: true }, 'dev-steward-1');
    me = await ok('me', {}, person);
    assert.equal(me.subscriptions.bindingResult, 0);
    assert.equal(me.unreadCount, 1);
    assert.equal((await cloud.outbox()).filter((m) => m.touser === person).length, 0);
  });

  it('gives the grant back when the send fails for another reason', async () => {
    const person = 'wx-grants-3';
    await ok('grantSubscriptions', { templates: ['bindingResult'] }, person);
    await cloud.failOpenApi({ api: 'subscribeMessage.send', errcode: -1, errmsg: 'system error', touser: person, times: 1 });
    const { binding } = await ok('bindUnit', { unit: '3-1-302', phone: '13633335555' }, person);
    await ok('decideBinding', { id: binding.id, approve: true }, 'dev-steward-1');
    const me = await ok('me', {}, person);
    assert.equal(me.subscriptions.bindingResult, 1);
    assert.equal(me.unreadCount, 1);
  });

  it('marks only the caller’s own messages read', async () => {
    const mine = await ok('inbox', {}, 'dev-owner-1');
    const theirs = await ok('inbox', {}, 'wx-zheng');
    assert.ok(mine.unreadCount > 0 && theirs.unreadCount > 0);
    const ids = [...mine.items, ...theirs.items].map((m) => m.id);
    const after = await ok('readInbox', { ids }, 'dev-owner-1');
    assert.equal(after.unreadCount, 0);
    const untouched = await ok('inbox', {}, 'wx-zheng');
    assert.equal(untouched.unreadCount, theirs.unreadCount);
  });

  it('pages the inbox newest first', async () => {
    const person = 'wx-pages';
    for (const [minute, unit] of ['3-2-101', '3-2-102', '3-2-201'].entries()) {
      await cloud.setClock(new Date(Date.UTC(2026, 10, 24, 1, minute, 0)).toISOString());
      const { binding } = await ok('bindUnit', { unit, phone: '13644445555' }, person);
      await ok('decideBinding', { id: binding.id, approve: true }, 'dev-steward-1');
    }
    await cloud.setClock(null);
    const first = await ok('inbox', { limit: 2 }, person);
    assert.equal(first.items.length, 2);
    assert.equal(first.hasMore, true);
    assert.ok(first.items[0].createdAt > first.items[1].createdAt);
    const rest = await ok('inbox', { limit: 2, before: first.items[1].createdAt }, person);
    assert.equal(rest.items.length, 1);
    assert.equal(rest.hasMore, false);
  });
});

describe('my profile and my data', () => {
  it('keeps a birthday as month-day only and refuses a date that does not exist', async () => {
    const saved = await ok('setProfile', { birthday: '02-29', greetingsOptIn: true }, 'wx-profile');
    assert.deepEqual(saved.profile, { name: null, birthday: '02-29', greetingsOptIn: true });
    const error = await failed('setProfile', { birthday: '1990-02-30' }, 'wx-profile');
    assert.equal(error.code, 'INVALID_INPUT');
    assert.ok(error.fields?.birthday);
  });

  it('shows everything held about me and deletes it on request', async () => {
    const person = 'wx-leaving';
    await ok('setProfile', { name: '离开者', birthday: '05-01', greetingsOptIn: true }, person);
    await ok('grantSubscriptions', { templates: ['greeting'] }, person);
    await ok('bindUnit', { unit: '3-2-202', phone: '13655556666' }, person);
    const held = await ok('myData', {}, person);
    assert.equal(held.profile.birthday, '05-01');
    assert.equal(held.bindings.length, 1);
    assert.equal(held.bindings[0].phone, '13655556666', 'my own phone unmasked');
    assert.equal(held.records.profile, 1);

    const refused = await failed('deleteMyData', {}, person);
    assert.equal(refused.code, 'INVALID_INPUT');
    const { deleted } = await ok('deleteMyData', { confirm: true }, person);
    assert.equal(deleted.profile, 1);
    assert.equal(deleted.bindings, 1);
    assert.equal(deleted.subscriptions, 1);
    const after = await ok('myData', {}, person);
    assert.equal(after.profile.birthday, null);
    assert.deepEqual(after.bindings, []);
    assert.equal(
      Object.values(after.records).reduce((a, b) => a + b, 0),
      0,
    );
  });
});
