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

describe('binding a unit', () => {
  it('verifies an owner at once against the roster', async () => {
    const { binding } = await ok('bindUnit', { unit: '3-2-1201', phone: '13800000003', name: '钱芳' }, 'wx-qian');
    assert.equal(binding.state, 'active');
    assert.equal(binding.communityId, 'yuehai', 'the only community is chosen when none is given');
    const me = await ok('me', {}, 'wx-qian');
    assert.deepEqual(me.roles, ['owner']);
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
    assert.equal(listed.phone, '136****5678');
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
    assert.equal(Object.values(after.records).reduce((a, b) => a + b, 0), 0);
  });
});
