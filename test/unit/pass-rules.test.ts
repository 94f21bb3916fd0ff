// The pass's pure rules: the code's encoding and signature, the state machine, the gate's verdict
// and the 15-minute clock — plain data in, plain data out.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkMac, newRef, normaliseCode, passSecrets, signPass, type PassBinding } from '../../cloudfunctions/core/passes/token';
import { effectiveState, judgeCode, passQueueKey, passTransition, type GatePass } from '../../cloudfunctions/core/passes/states';
import { passDecisionDeadline, passDueLevel } from '../../cloudfunctions/core/sla/passes';
import { buildCalendar } from '../../cloudfunctions/core/sla/calendar';

const A = 'secret-a-0123456789abcdef';
const B = 'secret-b-0123456789abcdef';
const from = new Date('2026-11-24T02:00:00.000Z');
const to = new Date('2026-11-24T05:00:00.000Z');
const binding: PassBinding = { id: 'p1', communityId: 'yuehai', from, to, ref: 'K7Q2M9XD' };
const gate = (extra: Partial<GatePass> = {}): GatePass => ({ ...binding, state: 'approved', needsOwner: false, ...extra });
const during = new Date('2026-11-24T03:00:00.000Z');

describe('the code', () => {
  it('is 16 Crockford characters in four groups, the reference first', () => {
    const code = signPass(binding, A);
    assert.match(code, /^K7Q2-M9XD-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    assert.match(newRef(), /^[0-9A-HJKMNP-TV-Z]{8}$/);
  });

  it('reads back whatever the guard types: case, spaces, dashes, O for 0, I or L for 1', () => {
    const parsed = normaliseCode('k7q2 m9xd-0011');
    assert.equal(parsed, null, 'too short');
    assert.deepEqual(normaliseCode('k7q2 m9xd oil1 2345'), { ref: 'K7Q2M9XD', mac: '01112345' });
    assert.equal(normaliseCode('K7Q2-M9XD-UUUU-2345'), null, 'U is not in the alphabet');
  });

  it('binds the id, community and window: changing any one voids the signature', () => {
    const mac = signPass(binding, A).replace(/-/g, '').slice(8);
    const secrets = { current: A, previous: null };
    assert.equal(checkMac(binding, mac, secrets), 'current');
    for (const changed of [
      { ...binding, id: 'p2' },
      { ...binding, communityId: 'haitang' },
      { ...binding, from: new Date(from.getTime() - 60_000) },
      { ...binding, to: new Date(to.getTime() + 60_000) },
      { ...binding, ref: 'K7Q2M9XE' },
    ]) {
      assert.equal(checkMac(changed, mac, secrets), null);
    }
  });

  it('checks the previous secret while rotating, and no other', () => {
    const signedA = signPass(binding, A).replace(/-/g, '').slice(8);
    assert.equal(checkMac(binding, signedA, { current: B, previous: A }), 'previous');
    assert.equal(checkMac(binding, signedA, { current: B, previous: null }), null);
  });

  it('comes only from a secret in the environment', () => {
    assert.throws(() => passSecrets({}), /PASS_SECRET is not set/);
    assert.throws(() => passSecrets({ PASS_SECRET: 'short' }), /PASS_SECRET/);
    assert.deepEqual(passSecrets({ PASS_SECRET: A, PASS_SECRET_PREVIOUS: '' }), { current: A, previous: null });
    assert.deepEqual(passSecrets({ PASS_SECRET: A, PASS_SECRET_PREVIOUS: B }), { current: A, previous: B });
  });
});

describe('the gate', () => {
  const secrets = { current: A, previous: null };
  const code = signPass(binding, A);
  const cases: Array<[string, string, GatePass | null, string[], Date, string]> = [
    ['valid', code, gate(), ['yuehai'], during, 'valid'],
    ['unknown reference', code, null, ['yuehai'], during, 'forged'],
    ['garbage', 'hello', gate(), ['yuehai'], during, 'forged'],
    ['altered signature', code.slice(0, -1) + (code.endsWith('Z') ? 'Y' : 'Z'), gate(), ['yuehai'], during, 'tampered'],
    ['another community', code, gate(), ['haitang'], during, 'other_community'],
    ['used', code, gate({ state: 'used' }), ['yuehai'], during, 'used'],
    ['revoked', code, gate({ state: 'revoked' }), ['yuehai'], during, 'revoked'],
    ['refused before', code, gate({ state: 'refused_at_gate' }), ['yuehai'], during, 'refused_at_gate'],
    ['pending', code, gate({ state: 'pending' }), ['yuehai'], during, 'not_approved'],
    ['before the window', code, gate(), ['yuehai'], new Date(from.getTime() - 1), 'not_yet_valid'],
    ['after the window', code, gate(), ['yuehai'], new Date(to.getTime() + 1), 'expired'],
    ['at the last instant', code, gate(), ['yuehai'], to, 'valid'],
  ];
  for (const [name, presented, found, communities, now, expected] of cases) {
    it(`${name} → ${expected}`, () => {
      const result = judgeCode(presented, found, secrets, communities, now);
      assert.equal(result.valid ? 'valid' : result.refusal, expected);
    });
  }
});

describe('the state machine', () => {
  const pass = { state: 'pending' as const, needsOwner: true, from, to };
  it("holds a resident's pass for the owner; then a steward may decide", () => {
    assert.deepEqual(passTransition(pass, 'approve', 'steward', during), { ok: false, code: 'CONFLICT', message: '住户申请的放行条需先经业主确认（或管家电话确认）才能批准' });
    assert.equal(passTransition(pass, 'ownerConfirm', 'owner', during).ok, true);
    assert.equal(passTransition(pass, 'ownerConfirm', 'resident', during).ok, false);
    assert.equal(passTransition({ ...pass, state: 'owner_confirmed' }, 'approve', 'lead', during).ok, true);
  });

  it('lets a guard only release or refuse, and nobody act past the window', () => {
    const approved = { ...pass, state: 'approved' as const };
    for (const action of ['approve', 'reject', 'ownerConfirm', 'revoke'] as const) {
      assert.equal(passTransition(approved, action, 'guard', during).ok, false, action);
    }
    assert.equal(passTransition(approved, 'release', 'guard', during).ok, true);
    assert.equal(passTransition(approved, 'release', 'steward', during).ok, false);
    assert.equal(passTransition(approved, 'release', 'guard', new Date(to.getTime() + 1)).ok, false);
    assert.equal(effectiveState(approved, new Date(to.getTime() + 1)), 'expired');
  });
});

describe('the 15-minute clock', () => {
  it('runs 15 minutes from the moment the pass can be decided, and turns near at 75 %', () => {
    const start = new Date('2026-11-24T01:00:00.000Z');
    const due = passDecisionDeadline(start, buildCalendar());
    assert.equal(due.toISOString(), '2026-11-24T01:15:00.000Z');
    assert.equal(passDueLevel(start, due, new Date('2026-11-24T01:11:00.000Z')), 'ok');
    assert.equal(passDueLevel(start, due, new Date('2026-11-24T01:12:00.000Z')), 'near');
    assert.equal(passDueLevel(start, due, new Date('2026-11-24T01:15:01.000Z')), 'breached');
  });

  it('orders the queue by deadline, those awaiting the owner after, decided ones out', () => {
    const createdAt = new Date('2026-11-24T01:00:00.000Z');
    const decideBy = new Date('2026-11-24T01:15:00.000Z');
    const running = passQueueKey({ state: 'pending', needsOwner: false, decideBy, createdAt });
    const waiting = passQueueKey({ state: 'pending', needsOwner: true, decideBy: null, createdAt });
    assert.equal(running, decideBy.getTime());
    assert.ok(waiting !== null && running !== null && waiting > running);
    assert.equal(passQueueKey({ state: 'approved', needsOwner: false, decideBy, createdAt }), null);
  });
});
