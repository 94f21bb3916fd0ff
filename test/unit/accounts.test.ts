import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { initialBindingState, maskPhone } from '../../cloudfunctions/core/accounts/rules';
import { Caller } from '../../cloudfunctions/core/router/caller';
import type { StaffDoc } from '../../cloudfunctions/core/accounts/model';
import { accountActions as contract } from '../../types/account';

const post = (role: StaffDoc['role'], communityId = 'yuehai'): StaffDoc => ({
  _id: `${role}-${communityId}`,
  openid: 'x',
  communityId,
  role,
  kind: null,
  buildings: [],
  name: '测试',
  phone: '13700000000',
  active: true,
});

describe('account rules', () => {
  it('masks phone numbers in staff lists', () => {
    assert.equal(maskPhone('13800000001'), '138****0001');
  });
  const application = { role: 'owner' as const, rosterPhones: ['13800000001'], phone: '13800000001', phoneVerified: true, staffInCommunity: false };
  it('binds an owner at once only on the WeChat-verified phone the roster lists for the unit', () => {
    assert.equal(initialBindingState(application), 'active');
    assert.equal(initialBindingState({ ...application, phone: '13800000009' }), 'pending');
  });
  it('lets a typed phone only ask a steward, even when it is the roster’s', () => {
    assert.equal(initialBindingState({ ...application, phoneVerified: false }), 'pending');
  });
  it('never binds staff of the community as owner without a steward, verified phone or not', () => {
    assert.equal(initialBindingState({ ...application, staffInCommunity: true }), 'pending');
  });
  it('never verifies a resident from the roster: the owner or a steward confirms', () => {
    assert.equal(initialBindingState({ ...application, role: 'resident' }), 'pending');
  });
});

describe('roles by rank', () => {
  it('gives a lead every steward right, in their community only', () => {
    const caller = new Caller('x', [], [post('lead')]);
    assert.ok(caller.hasAnyRole(['steward']));
    assert.ok(caller.postIn('yuehai', ['steward']));
    assert.equal(caller.postIn('other', ['steward']), undefined);
  });
  it('does not make a guard a steward', () => {
    const caller = new Caller('x', [], [post('guard')]);
    assert.equal(caller.hasAnyRole(['steward', 'lead']), false);
    assert.ok(caller.isStaff);
  });
  it('gives a manager everything in the community', () => {
    const caller = new Caller('x', [], [post('manager')]);
    assert.ok(caller.hasAnyRole(['guard']) && caller.hasAnyRole(['engineer']) && caller.hasAnyRole(['lead']));
  });
});

describe('account input schemas', () => {
  it('names the offending fields of a bad binding', () => {
    const parsed = contract.bindUnit.input.safeParse({ unit: '3栋1201', phone: '12345' });
    assert.equal(parsed.success, false);
    const paths = parsed.error?.issues.map((issue) => issue.path.join('.')).sort();
    assert.deepEqual(paths, ['phone', 'unit']);
  });
  it('accepts 02-29 as a birthday and refuses 02-30', () => {
    assert.equal(contract.setProfile.input.safeParse({ birthday: '02-29' }).success, true);
    assert.equal(contract.setProfile.input.safeParse({ birthday: '02-30' }).success, false);
  });
  it('refuses unknown fields rather than ignoring them', () => {
    assert.equal(contract.setProfile.input.safeParse({ birthday: '03-15', year: 1980 }).success, false);
  });
});
