import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ActorRole } from '../../types/enums';
import { revisitAction, transition } from '../../cloudfunctions/core/tickets/states';
import { revisitRequiredFor, sampledAtResolution } from '../../cloudfunctions/core/tickets/model';
import { TicketAction, TicketState, type TicketKind } from '../../types/tickets';
import { ticketActionLabels, ticketStateLabels } from '../../types/labels';

const now = new Date('2026-11-24T09:00:00+08:00');
const roles: ActorRole[] = ['owner', 'resident', 'steward', 'lead', 'engineer', 'manager', 'system'];

// Written out by hand from SPEC §1 and §3, independently of the table in states.ts: for each
// action, the states it may start from, where it leads, and every role (after rank) that may do it.
const expected: Record<TicketAction, { from: TicketState[]; to: TicketState; roles: ActorRole[] }> = {
  accept: { from: ['submitted'], to: 'accepted', roles: ['steward', 'lead', 'manager'] },
  assign: { from: ['accepted', 'reopened'], to: 'assigned', roles: ['steward', 'lead', 'manager'] },
  reassign: { from: ['assigned', 'on_site'], to: 'assigned', roles: ['lead', 'manager'] },
  arrive: { from: ['assigned'], to: 'on_site', roles: ['steward', 'lead', 'engineer', 'manager'] },
  resolve: { from: ['on_site'], to: 'resolved', roles: ['steward', 'lead', 'engineer', 'manager'] },
  revisit: { from: ['resolved'], to: 'revisited', roles: ['owner', 'resident', 'steward', 'lead', 'manager'] },
  reopen: { from: ['resolved', 'revisited'], to: 'reopened', roles: ['owner', 'resident', 'steward', 'lead', 'manager'] },
  close: { from: ['revisited'], to: 'closed', roles: ['steward', 'lead', 'manager', 'system'] },
  cancel: { from: ['submitted', 'accepted', 'assigned'], to: 'cancelled', roles: ['owner', 'resident', 'manager'] },
  reject: { from: ['submitted', 'accepted', 'assigned'], to: 'rejected', roles: ['steward', 'lead', 'manager'] },
};

describe('every transition × every state × every role, for a repair', () => {
  for (const action of TicketAction.options) {
    const rule = expected[action];
    for (const state of TicketState.options) {
      for (const role of roles) {
        const mayRole = rule.roles.includes(role);
        const mayState = rule.from.includes(state);
        const outcome = !mayRole ? 'FORBIDDEN' : !mayState ? 'CONFLICT' : `→ ${rule.to}`;
        it(`${action} from ${state} by ${role}: ${outcome}`, () => {
          // the engineer is the assignee here, so only role and state decide
          const result = transition({ state, kind: 'repair', assigneeId: 'me' }, action, { id: 'me', role }, now, '原因');
          if (outcome.startsWith('→')) {
            assert.ok(result.ok, JSON.stringify(result));
            assert.equal(result.state, rule.to);
            assert.deepEqual(result.event, { action, from: state, to: rule.to, actorRole: role, actorId: 'me', at: now, note: '原因' });
          } else {
            assert.equal(result.ok, false);
            assert.equal(!result.ok && result.code, outcome);
          }
        });
      }
    }
  }
});

describe('rules beyond the table', () => {
  it('lets a complaint or a suggestion be resolved without a visit, not a repair', () => {
    const cases: [TicketKind, boolean][] = [
      ['complaint', true],
      ['suggestion', true],
      ['repair', false],
      ['warranty', false],
      ['emergency', false],
    ];
    for (const [kind, allowed] of cases) {
      const result = transition({ state: 'assigned', kind, assigneeId: 's1' }, 'resolve', { id: 's1', role: 'steward' }, now);
      assert.equal(result.ok, allowed, kind);
      if (!result.ok) assert.equal(result.code, 'CONFLICT');
    }
  });

  it('lets an engineer arrive at and resolve only a ticket assigned to them', () => {
    for (const [action, state] of [
      ['arrive', 'assigned'],
      ['resolve', 'on_site'],
    ] as const) {
      const other = transition({ state, kind: 'repair', assigneeId: 'e2' }, action, { id: 'e1', role: 'engineer' }, now);
      assert.equal(!other.ok && other.code, 'FORBIDDEN', action);
      const unassigned = transition({ state, kind: 'repair', assigneeId: null }, action, { id: 'e1', role: 'engineer' }, now);
      assert.equal(!unassigned.ok && unassigned.code, 'FORBIDDEN', action);
      const steward = transition({ state, kind: 'repair', assigneeId: 'e2' }, action, { id: 's1', role: 'steward' }, now);
      assert.ok(steward.ok, `a steward records ${action} for the engineer`);
    }
  });

  it('refuses a rejection without a reason', () => {
    for (const note of [null, '', '   ']) {
      const result = transition({ state: 'submitted', kind: 'complaint' }, 'reject', { id: 's1', role: 'steward' }, now, note);
      assert.equal(!result.ok && result.code, 'INVALID_INPUT');
    }
    const result = transition({ state: 'submitted', kind: 'complaint' }, 'reject', { id: 's1', role: 'steward' }, now, ' 不属于有效投诉 ');
    assert.ok(result.ok);
    assert.equal(result.event.note, '不属于有效投诉');
  });

  it('records no note when none is given', () => {
    const result = transition({ state: 'submitted', kind: 'repair' }, 'accept', { id: 's1', role: 'steward' }, now);
    assert.ok(result.ok);
    assert.equal(result.event.note, null);
  });

  it('sends a reopened ticket back to assigned through dispatch', () => {
    const reopened = transition({ state: 'resolved', kind: 'repair' }, 'reopen', { id: 'o1', role: 'owner' }, now, '还在漏水');
    assert.ok(reopened.ok);
    const again = transition({ state: reopened.state, kind: 'repair' }, 'assign', { id: 's1', role: 'steward' }, now);
    assert.ok(again.ok);
    assert.equal(again.state, 'assigned');
  });

  it('refuses the owner’s or resident’s reopen once they rated it satisfactory, not a steward’s', () => {
    const rated = { state: 'revisited' as const, kind: 'repair' as const, ratedSatisfied: true };
    for (const role of ['owner', 'resident'] as const) {
      const result = transition(rated, 'reopen', { id: 'o1', role }, now, '又坏了');
      assert.equal(!result.ok && result.code, 'CONFLICT', role);
    }
    for (const role of ['steward', 'lead', 'manager'] as const) assert.ok(transition(rated, 'reopen', { id: 's1', role }, now, '业主来电').ok, role);
    assert.ok(transition({ ...rated, ratedSatisfied: false }, 'reopen', { id: 'o1', role: 'owner' }, now, '又坏了').ok);
  });

  it('closes an unsampled repair from resolved (its revisit waived), every other ticket only after a revisit', () => {
    const system = { id: 'system', role: 'system' as const };
    assert.ok(transition({ state: 'resolved', kind: 'repair', revisitWaived: true }, 'close', system, now).ok);
    assert.equal(transition({ state: 'resolved', kind: 'repair', revisitWaived: false }, 'close', system, now).ok, false);
    assert.equal(transition({ state: 'resolved', kind: 'complaint' }, 'close', system, now).ok, false);
  });

  it('samples odd draws, and every reopened repair', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5].map((draw) => sampledAtResolution(draw, 0)),
      [true, false, true, false, true],
    );
    assert.equal(sampledAtResolution(2, 1), true);
    assert.equal(revisitRequiredFor('repair'), false, 'a repair is drawn at its resolution');
    for (const kind of ['warranty', 'complaint', 'suggestion', 'emergency'] as const) assert.equal(revisitRequiredFor(kind), true, kind);
  });

  it('turns a rating of 2 or less into a reopen', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5].map((rating) => revisitAction(rating)),
      ['reopen', 'reopen', 'revisit', 'revisit', 'revisit'],
    );
  });

  it('ends nowhere after closed, cancelled or rejected', () => {
    for (const state of ['closed', 'cancelled', 'rejected'] as const) {
      for (const action of TicketAction.options) {
        assert.equal(transition({ state, kind: 'repair' }, action, { id: 'm', role: 'manager' }, now, '原因').ok, false, `${action} from ${state}`);
      }
    }
  });

  it('has a Chinese label for every state and action', () => {
    for (const state of TicketState.options) assert.match(ticketStateLabels[state], /\p{Script=Han}/u);
    for (const action of TicketAction.options) assert.match(ticketActionLabels[action], /\p{Script=Han}/u);
    assert.equal(ticketStateLabels.on_site, '已到场');
  });
});
