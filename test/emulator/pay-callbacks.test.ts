// Cloud pay's callbacks as the local cloud delivers them: a payment callback for another amount
// (a tampered or mismatched payment), refund results to the refund's function, and a hook that lets
// a test deliver a callback before the paying function has its reply.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { connectSdk, fixtureCloud, type Sdk } from '../support/sdk';

let t: TestCloud;
let db: Sdk;

before(async () => {
  t = await startTestCloud(fixtureCloud);
  db = connectSdk(t.url).database();
});
after(async () => {
  await t.close();
});

type Recorded = { event: Record<string, unknown>; source: string };
const recorded = async (): Promise<Recorded[]> => (await db.collection('events').where({ kind: 'paid' }).get()).data as Recorded[];

describe('cloud pay callbacks', () => {
  it('delivers a payment callback for another amount when asked', async () => {
    await t.call('shop', 'order', { outTradeNo: 'C-001', totalFee: 1200 }, { openid: 'payer-1' });
    assert.deepEqual(await t.pay('C-001', { totalFee: 1 }), { errcode: 0, errmsg: 'OK' });
    const [first] = await recorded();
    assert.equal(first.event.outTradeNo, 'C-001');
    assert.equal(first.event.totalFee, 1);
    assert.equal(first.event.cashFee, 1);
    const bad = await fetch(`${t.url}/api/pay/C-001`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ totalFee: 1.5 }) });
    assert.equal(bad.status, 400);
  });

  it('delivers a refund’s result to the function the refund named, as often as asked', async () => {
    const refund = (await t.call('shop', 'refund', { outTradeNo: 'C-001', outRefundNo: 'C-001-R1', totalFee: 1200, refundFee: 200 })) as Record<string, unknown>;
    assert.equal(refund.resultCode, 'SUCCESS');
    await t.setClock('2026-06-01T04:05:06Z');
    try {
      assert.deepEqual(await t.refundResult('C-001-R1'), { errcode: 0, errmsg: 'OK' });
      assert.deepEqual(await t.refundResult('C-001-R1', 'CHANGE'), { errcode: 0, errmsg: 'OK' });
    } finally {
      await t.setClock(null);
    }
    const events = (await recorded()).filter((d) => d.event.outRefundNo === 'C-001-R1');
    assert.equal(events.length, 2);
    assert.equal(events[0].source, 'wx_paycallback');
    assert.equal(events[0].event.outTradeNo, 'C-001');
    assert.equal(events[0].event.refundFee, 200);
    assert.equal(events[0].event.totalFee, 1200);
    assert.equal(events[0].event.refundStatus, 'SUCCESS');
    assert.equal(events[0].event.successTime, '2026-06-01 12:05:06');
    assert.equal(events[1].event.refundStatus, 'CHANGE');
    assert.equal((await fetch(`${t.url}/api/refund/NO-SUCH`, { method: 'POST' })).status, 404);
    const bad = await fetch(`${t.url}/api/refund/C-001-R1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'MAYBE' }) });
    assert.equal(bad.status, 400);
  });

  it('runs a hook after a cloud-pay call is recorded and before the function gets its reply', async () => {
    const seen: string[] = [];
    const remove = t.cloud.onPayApi(async (record) => {
      seen.push(`${record.api}:${String(record.request.out_trade_no)}`);
      // the callback is delivered while the paying function still waits for unifiedOrder
      if (record.api === 'unifiedOrder') await t.pay(String(record.request.out_trade_no));
    });
    try {
      await t.call('shop', 'order', { outTradeNo: 'C-002', totalFee: 300 }, { openid: 'payer-2' });
    } finally {
      remove();
    }
    assert.deepEqual(seen, ['unifiedOrder:C-002']);
    assert.equal((await recorded()).filter((d) => d.event.outTradeNo === 'C-002').length, 1);
    await t.call('shop', 'order', { outTradeNo: 'C-003', totalFee: 300 }, { openid: 'payer-2' });
    assert.deepEqual(seen, ['unifiedOrder:C-002'], 'a removed hook runs no more');
  });
});
