// The one access module (core/workflow/access.ts): ranks, the post a caller works in, the role they
// act in, and the one answer to "may a manager do what only the scheduler does".
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { StaffDoc } from '../../cloudfunctions/core/accounts/model';
import { Caller } from '../../cloudfunctions/core/router/caller';
import { pickRole, postFor, roleMay } from '../../cloudfunctions/core/workflow/access';
import { ActorRole } from '../../types/enums';

const post = (role: StaffDoc['role'], communityId = 'c1'): StaffDoc => ({
  _id: `${role}-${communityId}`,
  openid: 'x',
  communityId,
  role,
  kind: null,
  buildings: [],
  name: role,
  phone: '13800000000',
  active: true,
});

describe('roleMay', () => {
  it('gives no person a right granted to the scheduler alone, a manager included', () => {
    for (const role of ActorRole.options) assert.equal(roleMay(role, ['system']), role === 'system', role);
  });

  it('gives a manager every right a person holds, and a lead every steward right', () => {
    for (const allowed of [['owner'], ['guard'], ['engineer'], ['steward', 'system'], ['lead']] as const) {
      assert.equal(roleMay('manager', allowed), true, allowed.join());
    }
    assert.equal(roleMay('lead', ['steward']), true);
    assert.equal(roleMay('lead', ['engineer']), false);
    assert.equal(roleMay('steward', ['lead']), false);
    assert.equal(roleMay('engineer', ['steward']), false);
  });
});

describe('posts and roles', () => {
  it('finds the highest post that holds the right, in that community only', () => {
    const caller = new Caller('x', [], [post('steward'), post('manager'), post('lead', 'c2')]);
    assert.equal(postFor(caller, 'c1', ['steward'])?.role, 'manager');
    assert.equal(postFor(caller, 'c2', ['steward'])?.role, 'lead');
    assert.equal(postFor(caller, 'c2', ['engineer']), undefined);
    assert.equal(caller.postIn('c1', ['guard'])?.role, 'manager');
  });

  it('acts in the first role a test admits, else the first role, else none', () => {
    assert.equal(
      pickRole(['steward', 'owner'], (r) => r === 'owner'),
      'owner',
    );
    assert.equal(
      pickRole([undefined, 'owner', 'steward'], () => false),
      'owner',
    );
    assert.equal(
      pickRole(
        ['engineer', 'owner'],
        () => false,
        (r) => r === 'owner',
      ),
      'owner',
    );
    assert.equal(
      pickRole([null, undefined], () => true),
      null,
    );
  });
});
