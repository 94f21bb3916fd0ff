// The pure order rules (core/orders/model.ts): pricing from the catalogue, quotes inside the range,
// the transition table by role and state, and the staff queue's order.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  actBy,
  committedRefunds,
  mayTransition,
  outRefundNo,
  outTradeNo,
  priceAtBooking,
  queueKey,
  quotedUnitPrice,
  RESPOND_WITHIN_MS,
  type OrderDoc,
} from '../../cloudfunctions/core/orders/model';
import type { ActorRole } from '../../types/enums';
import type { OrderState } from '../../types/orders';
import { refundVerdict } from '../../cloudfunctions/core/orders/callbacks';

describe('pricing', () => {
  it('prices a fixed line as price × quantity and a ranged one as the range × quantity', () => {
    assert.deepEqual(priceAtBooking({ kind: 'fixed', priceFen: 500 }, 3), { unitPriceFen: 500, amountFen: 1500, quote: null });
    assert.deepEqual(priceAtBooking({ kind: 'range', minFen: 3000, maxFen: 8000 }, 2), { unitPriceFen: null, amountFen: null, quote: { minFen: 6000, maxFen: 16000 } });
    assert.deepEqual(priceAtBooking({ kind: 'fixed', priceFen: 0 }, 1), { unitPriceFen: 0, amountFen: 0, quote: null });
  });

  it('takes a quote inside the range, edges included, and nothing else', () => {
    const range = { kind: 'range' as const, minFen: 3000, maxFen: 8000 };
    const cases: Array<[number | undefined, boolean]> = [
      [3000, true],
      [8000, true],
      [5000, true],
      [2999, false],
      [8001, false],
      [undefined, false],
    ];
    for (const [price, ok] of cases) assert.equal(quotedUnitPrice(range, price).ok, ok, `range quote ${price}`);
    const fixed = { kind: 'fixed' as const, priceFen: 500 };
    assert.deepEqual(quotedUnitPrice(fixed, undefined), { ok: true, unitPriceFen: 500 });
    assert.deepEqual(quotedUnitPrice(fixed, 500), { ok: true, unitPriceFen: 500 });
    assert.equal(quotedUnitPrice(fixed, 600).ok, false);
    assert.match((quotedUnitPrice(range, 9000) as { message: string }).message, /30–80 元/);
  });

  it('numbers payments and refunds apart, within WeChat’s lengths', () => {
    const id = 'omwu0wsg087b9bd1d7f';
    assert.ok(outTradeNo(id, 12).length <= 32);
    assert.notEqual(outTradeNo(id, 1), outRefundNo(id, 1));
    assert.equal(
      committedRefunds([
        { no: 'a', amountFen: 100, state: 'done', method: 'wechat', reason: '', requestedAt: new Date(), doneAt: null },
        { no: 'b', amountFen: 200, state: 'failed', method: 'wechat', reason: '', requestedAt: new Date(), doneAt: null },
        { no: 'c', amountFen: 300, state: 'pending', method: 'wechat', reason: '', requestedAt: new Date(), doneAt: null },
      ]),
      400,
    );
  });
});

describe('the transition table', () => {
  // [action, role, state, expected]
  const cases: Array<[Parameters<typeof mayTransition>[1], ActorRole, OrderState, 'ok' | 'FORBIDDEN' | 'CONFLICT']> = [
    ['confirm', 'steward', 'booked', 'ok'],
    ['confirm', 'steward', 'confirmed', 'ok'],
    ['confirm', 'lead', 'booked', 'ok'],
    ['confirm', 'engineer', 'booked', 'FORBIDDEN'],
    ['confirm', 'owner', 'booked', 'FORBIDDEN'],
    ['start', 'engineer', 'confirmed', 'ok'],
    ['start', 'engineer', 'booked', 'CONFLICT'],
    ['quote', 'engineer', 'in_service', 'ok'],
    ['quote', 'owner', 'in_service', 'FORBIDDEN'],
    ['pay', 'system', 'awaiting_payment', 'ok'],
    ['pay', 'system', 'cancelled', 'CONFLICT'],
    ['pay', 'system', 'paid', 'CONFLICT'],
    ['pay', 'owner', 'awaiting_payment', 'FORBIDDEN'],
    ['cancel', 'owner', 'confirmed', 'ok'],
    ['cancel', 'owner', 'in_service', 'CONFLICT'],
    ['cancel', 'resident', 'paid', 'CONFLICT'],
    ['cancel', 'steward', 'paid', 'ok'],
    ['cancel', 'steward', 'refunded', 'CONFLICT'],
    ['cancel', 'engineer', 'booked', 'FORBIDDEN'],
    ['refund', 'steward', 'cancelled', 'ok'],
    ['refund', 'steward', 'booked', 'CONFLICT'],
    ['refund', 'engineer', 'paid', 'FORBIDDEN'],
    ['rate', 'owner', 'paid', 'ok'],
    ['rate', 'owner', 'rated', 'CONFLICT'],
    ['rate', 'steward', 'paid', 'FORBIDDEN'],
    ['rate', 'manager', 'paid', 'ok'],
  ];
  for (const [action, role, state, expected] of cases) {
    it(`${action} by ${role} from ${state}: ${expected}`, () => {
      const result = mayTransition(state, action, role);
      assert.equal(result.ok ? 'ok' : result.code, expected);
    });
  }
});

describe('the staff queue', () => {
  const base = (over: Partial<OrderDoc>): Pick<OrderDoc, 'state' | 'createdAt' | 'scheduledAt' | 'startedAt' | 'quotedAt' | 'refunds' | 'flag'> => ({
    state: 'booked',
    createdAt: new Date('2026-11-24T01:00:00Z'),
    scheduledAt: null,
    startedAt: null,
    quotedAt: null,
    refunds: [],
    flag: null,
    ...over,
  });

  it('asks for a booking to be confirmed within the hour, and a confirmed one by its visit', () => {
    const booked = base({});
    assert.equal(actBy(booked)?.getTime(), booked.createdAt.getTime() + RESPOND_WITHIN_MS);
    const visit = new Date('2026-11-24T06:00:00Z');
    assert.equal(actBy(base({ state: 'confirmed', scheduledAt: visit }))?.getTime(), visit.getTime());
    assert.equal(actBy(base({ state: 'rated' })), null);
    assert.equal(queueKey(base({ state: 'cancelled' })), null);
  });

  it('puts flagged money before everything, however late the rest', () => {
    const flagged = queueKey(base({ state: 'paid', flag: 'paid_twice', createdAt: new Date('2026-11-30T00:00:00Z') })) ?? Infinity;
    const urgent = queueKey(base({ createdAt: new Date('2020-01-01T00:00:00Z') })) ?? -Infinity;
    assert.ok(flagged < urgent);
  });

  it('keeps an order with an unsent refund in the queue', () => {
    const requestedAt = new Date('2026-11-24T02:00:00Z');
    const key = queueKey(base({ state: 'cancelled', refunds: [{ no: 'r', amountFen: 100, state: 'requested', method: 'wechat', reason: 'x', requestedAt, doneAt: null }] }));
    assert.notEqual(key, null);
  });
});

describe('what a refund result means (core/orders/callbacks.ts)', () => {
  it('moves a refund forward only: a later SUCCESS wins over a failure, nothing moves a done refund', () => {
    const cases: Array<[Parameters<typeof refundVerdict>[0], string, number, ReturnType<typeof refundVerdict>]> = [
      ['pending', 'SUCCESS', 500, 'done'],
      ['pending', 'CHANGE', 500, 'failed'],
      ['pending', 'SUCCESS', 400, 'mismatch'],
      ['requested', 'REFUNDCLOSE', 500, 'failed'],
      ['failed', 'SUCCESS', 500, 'done'],
      ['failed', 'CHANGE', 500, 'repeat'],
      ['failed', 'SUCCESS', 400, 'mismatch'],
      ['done', 'CHANGE', 500, 'repeat'],
      ['done', 'SUCCESS', 500, 'repeat'],
    ];
    for (const [state, status, fee, verdict] of cases) assert.equal(refundVerdict(state, status, fee, 500), verdict, `${state} + ${status} ${fee}`);
  });
});
