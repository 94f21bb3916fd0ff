// The admin function through the real wx-server-sdk against the local cloud (SPEC §11): the first
// manager from the operator's bootstrap code, communities, invitations (once, 72 hours, never above
// the inviter's rank, one post for two people racing on one code), posts and deactivation.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { functionCalls } from '../support/calls';
import { AREA, DUTY, LEAD, MANAGER, OWNER, GUARD } from '../support/people';
import type { Invitation } from '../../types/admin';

let cloud: TestCloud;
let clockMs = Date.parse('2026-11-24T01:00:00.000Z'); // 09:00 Shanghai, a Tuesday
async function at(ms: number): Promise<void> {
  clockMs = ms;
  await cloud.setClock(new Date(clockMs).toISOString());
}

const BOOT = 'boot-code-for-tests-0123456789';

before(async () => {
  cloud = await startTestCloud({ functionEnv: { PASS_SECRET: 'test-secret-admin-0123456789abcdef', ADMIN_BOOTSTRAP_CODE: BOOT } });
  await at(clockMs);
});
after(async () => {
  await cloud.close();
});

const admin = functionCalls('admin', () => cloud);
const tickets = functionCalls('tickets', () => cloud);
const questions = functionCalls('questions', () => cloud);
const account = functionCalls('account', () => cloud);

async function invite(by: string, role: string, extra: Record<string, unknown> = {}): Promise<Invitation> {
  const kind = role === 'steward' ? 'duty' : null;
  const { invitation } = await admin.ok('invite', { communityId: 'yuehai', role, kind, postName: '新岗位', ...extra }, by);
  return invitation;
}

describe('the first manager', () => {
  it('is made once by the operator’s bootstrap code, then the code is refused', async () => {
    const wrong = await admin.failed(
      'bootstrap',
      { code: 'not-the-code-0123456789', communityId: 'haian', communityName: '海岸花园', supervisionPhone: '0532-8000000', name: '周总', phone: '13600000001' },
      'boot-1',
    );
    assert.equal(wrong.code, 'FORBIDDEN');
    const input = { code: BOOT, communityId: 'haian', communityName: '海岸花园', supervisionPhone: '0532-8000000', name: '周总', phone: '13600000001' };
    const made = await admin.ok('bootstrap', input, 'boot-1');
    assert.equal(made.post.role, 'manager');
    assert.equal(made.community.name, '海岸花园');
    const me = await account.ok('me', {}, 'boot-1');
    assert.ok(me.roles.includes('manager'));
    // the same person repeating it gets the same post, anyone else is refused
    const again = await admin.ok('bootstrap', input, 'boot-1');
    assert.equal(again.post.id, made.post.id);
    const other = await admin.failed('bootstrap', input, 'boot-2');
    assert.equal(other.code, 'FORBIDDEN');
    assert.match(other.message, /已使用/);
  });

  it('is refused when the deployment set no bootstrap code', async () => {
    cloud.cloud.setFunctionEnv({ ADMIN_BOOTSTRAP_CODE: '' });
    try {
      const refused = await admin.failed(
        'bootstrap',
        { code: 'anything-long-enough-0123', communityId: 'x1', communityName: '某小区', supervisionPhone: '0532-8000000', name: '某人', phone: '13600000009' },
        'boot-3',
      );
      assert.equal(refused.code, 'FORBIDDEN');
      assert.match(refused.message, /ADMIN_BOOTSTRAP_CODE/);
    } finally {
      cloud.cloud.setFunctionEnv({ ADMIN_BOOTSTRAP_CODE: BOOT });
    }
  });
});

describe('communities', () => {
  it('a manager edits their community and sees its units; a lead may not', async () => {
    const saved = await admin.ok('saveCommunity', { id: 'yuehai', name: '悦海和园', supervisionPhone: '0532-88886666', buildings: ['3', '1', '2', '10'] }, MANAGER);
    assert.deepEqual(saved.community.buildings, ['1', '2', '3', '10']);
    const { communities } = await admin.ok('communities', {}, MANAGER);
    const yuehai = communities.find((c) => c.id === 'yuehai');
    assert.ok(yuehai && yuehai.units > 0);
    assert.equal((await admin.failed('saveCommunity', { id: 'yuehai', name: 'x', supervisionPhone: '0532-1234567' }, LEAD)).code, 'FORBIDDEN');
    // another community's manager learns nothing about this one
    assert.equal((await admin.failed('saveCommunity', { id: 'yuehai', name: '改名', supervisionPhone: '0532-1234567' }, 'boot-1')).code, 'NOT_FOUND');
  });
});

describe('invitations', () => {
  it('a code is accepted once, and the new steward holds the post', async () => {
    const inv = await invite(MANAGER, 'steward', { kind: 'area', buildings: ['3'], postName: '3 号楼区域管家' });
    assert.equal(inv.state, 'open');
    assert.ok(inv.code);
    const preview = await admin.ok('invitation', { code: inv.code }, 'new-steward');
    assert.equal(preview.invitation.postName, '3 号楼区域管家');
    assert.equal(preview.invitation.code, null, 'the landing page never shows the code back');
    const { post } = await admin.ok('acceptInvite', { code: inv.code!.toLowerCase(), name: '吴敏', phone: '13500000001' }, 'new-steward');
    assert.equal(post.role, 'steward');
    assert.deepEqual(post.buildings, ['3']);
    const me = await account.ok('me', {}, 'new-steward');
    assert.ok(me.isStaff);
    const reuse = await admin.failed('acceptInvite', { code: inv.code, name: '别人', phone: '13500000002' }, 'someone-else');
    assert.equal(reuse.code, 'CONFLICT');
    assert.match(reuse.message, /已被使用/);
  });

  it('an expired code is refused after 72 hours', async () => {
    const inv = await invite(LEAD, 'guard');
    await at(clockMs + 72 * 3600_000 + 1000);
    try {
      const refused = await admin.failed('acceptInvite', { code: inv.code, name: '门岗甲', phone: '13500000003' }, 'late-guard');
      assert.equal(refused.code, 'CONFLICT');
      assert.match(refused.message, /过期/);
      const listed = await admin.ok('invitations', { communityId: 'yuehai' }, LEAD);
      assert.equal(listed.invitations.find((i) => i.id === inv.id)?.state, 'expired');
    } finally {
      await at(clockMs - 72 * 3600_000 - 1000);
    }
  });

  it('a revoked code is refused', async () => {
    const inv = await invite(LEAD, 'engineer');
    const { invitation } = await admin.ok('revokeInvite', { id: inv.id }, LEAD);
    assert.equal(invitation.state, 'revoked');
    const refused = await admin.failed('acceptInvite', { code: inv.code, name: '工程乙', phone: '13500000004' }, 'revoked-engineer');
    assert.equal(refused.code, 'CONFLICT');
    assert.match(refused.message, /撤销/);
  });

  it('a lead cannot invite a manager or a lead; a steward cannot invite at all', async () => {
    assert.equal((await admin.failed('invite', { communityId: 'yuehai', role: 'manager', postName: '经理' }, LEAD)).code, 'FORBIDDEN');
    assert.equal((await admin.failed('invite', { communityId: 'yuehai', role: 'lead', postName: '班长' }, LEAD)).code, 'FORBIDDEN');
    assert.equal((await admin.failed('invite', { communityId: 'yuehai', role: 'guard', postName: '门岗' }, DUTY)).code, 'FORBIDDEN');
    // a manager may invite a manager
    assert.equal((await invite(MANAGER, 'manager', { postName: '副经理' })).role, 'manager');
  });

  it('an area steward must be given buildings of the community', async () => {
    const none = await admin.failed('invite', { communityId: 'yuehai', role: 'steward', kind: 'area', postName: '区域管家' }, LEAD);
    assert.equal(none.code, 'INVALID_INPUT');
    const unknown = await admin.failed('invite', { communityId: 'yuehai', role: 'steward', kind: 'area', buildings: ['99'], postName: '区域管家' }, LEAD);
    assert.equal(unknown.code, 'INVALID_INPUT');
  });

  it('two people accepting one code at once: one post', async () => {
    const inv = await invite(LEAD, 'steward');
    const replies = await Promise.all(
      ['racer-a', 'racer-b', 'racer-c'].map((openid, i) => admin.call('acceptInvite', { code: inv.code, name: `抢${i}`, phone: `1350000001${i}` }, openid)),
    );
    assert.equal(replies.filter((r) => r.ok).length, 1, JSON.stringify(replies));
    for (const r of replies.filter((x) => !x.ok)) assert.equal(!r.ok && r.error.code, 'CONFLICT');
    const { staff } = await admin.ok('staff', { communityId: 'yuehai' }, MANAGER);
    assert.equal(staff.filter((p) => p.name.startsWith('抢')).length, 1);
  });

  it('a code from a lead who has since left no longer works', async () => {
    const lead = await invite(MANAGER, 'lead', { postName: '副班长' });
    await admin.ok('acceptInvite', { code: lead.code, name: '临时班长', phone: '13500000021' }, 'temp-lead');
    const inv = await invite('temp-lead', 'guard');
    const { staff } = await admin.ok('staff', { communityId: 'yuehai' }, MANAGER);
    const post = staff.find((p) => p.name === '临时班长')!;
    await admin.ok('deactivate', { id: post.id, rev: post.rev }, MANAGER);
    const refused = await admin.failed('acceptInvite', { code: inv.code, name: '门岗丙', phone: '13500000022' }, 'orphan-guard');
    assert.equal(refused.code, 'CONFLICT');
  });
});

describe('posts', () => {
  it('staff lists the community’s people with masked phones, the caller’s own shown', async () => {
    const { staff } = await admin.ok('staff', { communityId: 'yuehai' }, LEAD);
    const mine = staff.find((p) => p.mine)!;
    assert.equal(mine.phone, '13700000003');
    assert.ok(staff.filter((p) => !p.mine).every((p) => p.phone.includes('****')));
    assert.equal(staff[0].role, 'manager', 'highest rank first');
  });

  it('editPost is conditional on the post as read, and never raises above the editor', async () => {
    const { staff } = await admin.ok('staff', { communityId: 'yuehai' }, LEAD);
    const guard = staff.find((p) => p.role === 'guard')!;
    const edited = await admin.ok('editPost', { id: guard.id, rev: guard.rev, role: 'guard', postName: '东门岗' }, LEAD);
    assert.equal(edited.post.postName, '东门岗');
    const stale = await admin.failed('editPost', { id: guard.id, rev: guard.rev, role: 'guard', postName: '西门岗' }, LEAD);
    assert.equal(stale.code, 'CONFLICT');
    const raise = await admin.failed('editPost', { id: guard.id, rev: edited.post.rev, role: 'lead', postName: '班长' }, LEAD);
    assert.equal(raise.code, 'FORBIDDEN');
    const self = staff.find((p) => p.mine)!;
    assert.equal((await admin.failed('editPost', { id: self.id, rev: self.rev, role: 'manager', postName: '经理' }, LEAD)).code, 'FORBIDDEN');
    const managers = (await admin.ok('staff', { communityId: 'yuehai' }, MANAGER)).staff.filter((p) => p.role === 'manager');
    assert.ok(managers.length >= 1);
    assert.equal((await admin.failed('deactivate', { id: managers[0].id, rev: managers[0].rev }, LEAD)).code, 'FORBIDDEN');
  });

  it('a deactivated steward’s next call is refused and their held work is back with the lead', async () => {
    // the area steward holds a ticket (accepted and dispatched to themselves) and a question
    const { ticket } = await tickets.ok('create', { kind: 'repair', scope: 'in_home', unit: '1-1-101', description: '卫生间水龙头漏水' }, OWNER);
    await tickets.ok('accept', { id: ticket.id }, AREA);
    await tickets.ok('assign', { id: ticket.id, assignee: AREA }, AREA);
    const { question } = await questions.ok('ask', { category: 'other', text: '小区快递柜在哪里？' }, OWNER);
    await questions.ok('claim', { id: question.id }, AREA);

    const { staff } = await admin.ok('staff', { communityId: 'yuehai' }, LEAD);
    const area = staff.find((p) => p.name === '刘洋')!;
    const before = (await cloud.outbox()).length;
    const { post, released } = await admin.ok('deactivate', { id: area.id, rev: area.rev }, LEAD);
    assert.equal(post.active, false);
    assert.deepEqual(released, { tickets: 1, questions: 1 });

    const refused = await tickets.failed('arrive', { id: ticket.id }, AREA);
    assert.ok(['FORBIDDEN', 'NOT_FOUND'].includes(refused.code), refused.code);
    const after = await tickets.ok('get', { id: ticket.id }, LEAD);
    assert.equal(after.ticket.state, 'assigned');
    assert.equal(after.ticket.assigneeName, '赵敏');
    const q = await questions.ok('get', { id: question.id }, LEAD);
    assert.equal(q.question.state, 'waiting');
    // the lead is told (the inbox, and a message where a grant allows)
    const inbox = await account.ok('inbox', {}, LEAD);
    assert.ok(
      inbox.items.some((i) => i.title.includes('刘洋')),
      JSON.stringify(inbox.items.slice(0, 3)),
    );
    assert.ok((await cloud.outbox()).length >= before);
    // and nobody can deactivate it twice
    assert.equal((await admin.failed('deactivate', { id: area.id, rev: post.rev }, LEAD)).code, 'CONFLICT');
  });

  it('a guard cannot see the staff list', async () => {
    assert.equal((await admin.failed('staff', { communityId: 'yuehai' }, GUARD)).code, 'FORBIDDEN');
  });
});
