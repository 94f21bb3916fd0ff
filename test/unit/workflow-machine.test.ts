// The shared state machine (core/workflow/machine.ts): refusals as data, in one order — the role
// (FORBIDDEN), the state (CONFLICT), the subject's policy, then the note (INVALID_INPUT).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defineMachine, refuse } from '../../cloudfunctions/core/workflow/machine';

type S = 'open' | 'done' | 'gone';
type C = 'finish' | 'drop' | 'expire';
const now = new Date('2026-11-24T02:00:00.000Z');

const machine = defineMachine<S, C, { state: S; locked?: boolean }>({
  rules: {
    finish: { from: ['open'], to: 'done', roles: ['steward'] },
    drop: [
      { from: ['open'], to: 'gone', roles: ['owner'], needsNote: true },
      { from: ['open', 'done'], to: 'gone', roles: ['steward'], needsNote: true },
    ],
    expire: { from: ['open'], to: 'gone', roles: ['system'] },
  },
  stale: '状态已变化',
  policy: (o) => (o.locked ? refuse('CONFLICT', '已锁定') : null),
});

describe('defineMachine', () => {
  it('answers the role before the state, the policy after both, the note last', () => {
    const locked = { state: 'done' as const, locked: true };
    assert.deepEqual(machine.decide(locked, 'finish', { id: 'o1', role: 'owner' }, now), { ok: false, code: 'FORBIDDEN', message: '没有权限进行此操作' });
    assert.deepEqual(machine.decide(locked, 'finish', { id: 's1', role: 'steward' }, now), { ok: false, code: 'CONFLICT', message: '状态已变化' });
    assert.deepEqual(machine.decide({ state: 'open', locked: true }, 'finish', { id: 's1', role: 'lead' }, now), { ok: false, code: 'CONFLICT', message: '已锁定' });
    assert.deepEqual(machine.decide({ state: 'open' }, 'drop', { id: 's1', role: 'steward' }, now, '  '), { ok: false, code: 'INVALID_INPUT', message: '请填写原因' });
  });

  it('takes the row the role holds, and yields the next state and the event', () => {
    const ok = machine.decide({ state: 'done' }, 'drop', { id: 's1', role: 'steward' }, now, ' 重复 ');
    assert.ok(ok.ok);
    assert.equal(ok.state, 'gone');
    assert.deepEqual(ok.event, { action: 'drop', from: 'done', to: 'gone', actorRole: 'steward', actorId: 's1', at: now, note: '重复' });
    const owner = machine.decide({ state: 'done' }, 'drop', { id: 'o1', role: 'owner' }, now, '不要了');
    assert.equal(!owner.ok && owner.code, 'CONFLICT', 'the owner’s row starts from open only');
  });

  it('leaves what only the scheduler does to the scheduler, a manager included', () => {
    assert.equal(machine.decide({ state: 'open' }, 'expire', { id: 'm1', role: 'manager' }, now).ok, false);
    assert.equal(machine.decide({ state: 'open' }, 'expire', { id: 'system', role: 'system' }, now).ok, true);
  });
});
