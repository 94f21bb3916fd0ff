// The orders and payNotify functions through the real wx-server-sdk against the local cloud: the
// catalogue of SPEC §4, booking priced by the server, stewards confirming, quoting inside the range,
// WeChat Pay's callbacks applied exactly once, refunds that never exceed what was paid.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { functionCalls } from '../support/calls';
import { OWNER, OTHER_OWNER, RESIDENT, DUTY, AREA, LEAD, ENGINEER, GUARD } from '../support/people';
import type { ActionName } from '../../types/contract';
import type { Reply, ReplyError } from '../../types/envelope';
import type { CatalogueItem, Order, OrderState } from '../../types/orders';
import { typeOfKey, valueProblem } from '../../cloudfunctions/core/notify/values';

let cloud: TestCloud;
let clockMs = Date.parse('2026-11-24T01:00:00.000Z'); // 09:00 Shanghai, a Tuesday
async function tick(): Promise<string> {
  clockMs += 60_000;
  const iso = new Date(clockMs).toISOString();
  await cloud.setClock(iso);
  return iso;
}
/** An ISO time `hours` after the functions' clock, in Shanghai's offset as a page sends it. */
const later = (hours: number) => new Date(clockMs + hours * 3_600_000 + 8 * 3_600_000).toISOString().replace('Z', '+08:00');

before(async () => {
  cloud = await startTestCloud();
  await tick();
});
after(async () => {
  await cloud.close();
});

type Action = ActionName<'orders'>;

const TOILET = 'yuehai:s10'; // 马桶堵塞疏通 30–80 元/次
const BULB = 'yuehai:s01'; // 更换灯泡 5 元/个
const UMBRELLA = 'yuehai:f01'; // 雨伞借用, free

const { call, ok, failed } = functionCalls('orders', () => cloud);
const get = async (id: string, openid = OWNER) => (await ok('get', { id }, openid)).order;

async function book(item = TOILET, extra: Record<string, unknown> = {}, openid = OWNER): Promise<Order> {
  await tick();
  return (await ok('book', { item, quantity: 1, unit: '1-1-101', preferredAt: later(2), ...extra }, openid)).order;
}

/** An order brought to `state` by the people who would do it (马桶堵塞疏通 quoted at 50 元). */
async function orderIn(state: OrderState, item = TOILET): Promise<Order> {
  const o = await book(item);
  if (state === 'booked') return o;
  if (state === 'cancelled') return (await ok('cancel', { id: o.id }, OWNER)).order;
  await ok('confirm', { id: o.id, at: later(3) }, DUTY);
  if (state === 'confirmed') return get(o.id);
  await ok('start', { id: o.id }, ENGINEER);
  if (state === 'in_service') return get(o.id);
  const quoted = (await ok('quote', { id: o.id, ...(o.item.pricing.kind === 'range' ? { unitPriceFen: 5000 } : {}) }, ENGINEER)).order;
  if (state === 'awaiting_payment') return quoted;
  await ok('recordOfflinePayment', { id: o.id }, DUTY);
  if (state === 'paid') return get(o.id);
  if (state === 'rated') return (await ok('rate', { id: o.id, score: 5 }, OWNER)).order;
  throw new Error(`no path to ${state}`);
}

/** An order paid with WeChat Pay (the callback delivered once). */
async function paidByWechat(): Promise<{ order: Order; outTradeNo: string }> {
  const o = await orderIn('awaiting_payment');
  const { outTradeNo } = await ok('pay', { id: o.id }, OWNER);
  assert.deepEqual(await cloud.pay(outTradeNo), { errcode: 0, errmsg: 'paid' });
  return { order: await get(o.id), outTradeNo };
}

const payEvents = (o: Order) => o.events.filter((e) => e.action === 'pay');
async function invokePayNotify(event: Record<string, unknown>, source = 'wx_paycallback'): Promise<unknown> {
  const outcome = await cloud.cloud.invoke('payNotify', event, { source });
  assert.ok(outcome.ok, JSON.stringify(outcome));
  return outcome.result;
}
const inboxOf = async (openid: string) => (await cloud.call('account', 'inbox', {}, { openid })) as Reply<{ items: Array<{ title: string; body: string }> }>;

// ---------------------------------------------------------------------------------------------------
// SPEC §4's table as written there; the test turns each line into fen itself.
const SPEC_TABLE = `
| 1 | 更换灯泡、节能灯、日光灯管 | 个 | 5 | |
| 2 | 更换日光灯镇流器 | 个 | 10 | |
| 3 | 更换、安装开关、插座 | 个 | 10 | |
| 4 | 安装灯具、门铃等 | 个 | 10–50 | |
| 5 | 检修电路(简单维修类) | 次 | 20–100 | |
| 6 | 更换、安装水龙头、软管 | 个 | 10 | 不提供材料 |
| 7 | 更换、安装混水龙头 | 个 | 30 | |
| 8 | 水阀、水管维修 | 次 | 30–100 | |
| 9 | 疏通下水管道 | 次 | 30–100 | |
| 10 | 马桶堵塞疏通 | 次 | 30–80 | |
| 11 | 马桶浮球修理、更换 | 次 | 20 | |
| 12 | 修理更换室内门把手 | 个 | 10 | |
| 13 | 修理家具配件 | 个 | 10–100 | |
| 14 | 修理窗帘、推拉窗等 | 个 | 10–50 | |
| 15 | 挂画、挂镜框 | 幅 | 10–25 | |
| 16 | 更换信报箱锁 | 个 | 10 | |
| 17 | 修理抽屉、柜子、门合页 | 扇 | 20–60 | |
| 18 | 安装洗手间洁具 | 个 | 30–100 | |
| 19 | 更换室内门锁 | 次 | 30 | |
| 20 | 更换防盗门锁芯 | 个 | 150 | 提供材料 |
| 21 | 房屋租赁代理 | 套 | 100 | 负责带租赁者看房、协商 |
| 22 | 车位代租 | 车位 | 100 | 已购车位业主没有车代租 |
| 23 | 打印、复印 | 张 | 打印 1 / 复印 0.5 | 物业前台提供 |
`;

const fen = (yuanText: string) => Math.round(Number(yuanText) * 100);

interface Expected {
  line: number;
  name: string;
  priceUnit: string;
  pricing: CatalogueItem['pricing'];
  note: string | null;
}

function expectedLines(): Expected[] {
  const out: Expected[] = [];
  for (const row of SPEC_TABLE.trim().split('\n')) {
    const [line, name, unit, price, note] = row
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    const variants = [...price.matchAll(/(打印|复印)\s*([\d.]+)/g)];
    if (variants.length > 0) {
      for (const [, label, amount] of variants)
        out.push({ line: Number(line), name: label, priceUnit: unit, pricing: { kind: 'fixed', priceFen: fen(amount) }, note: note || null });
      continue;
    }
    const range = /^([\d.]+)–([\d.]+)$/.exec(price);
    out.push({
      line: Number(line),
      name,
      priceUnit: unit,
      pricing: range ? { kind: 'range', minFen: fen(range[1]), maxFen: fen(range[2]) } : { kind: 'fixed', priceFen: fen(price) },
      note: note || null,
    });
  }
  return out;
}

describe('the catalogue (SPEC §4)', () => {
  it('equals the seed’s 23 lines of 特约服务 line by line, in fen, with 打印 and 复印 as two priced lines', async () => {
    const { items, community } = await ok('catalogue', {}, OWNER);
    assert.equal(community.supervisionPhone, '0532-88886666');
    const paid = items.filter((i) => !i.free);
    const expected = expectedLines();
    assert.equal(expected.length, 24);
    assert.deepEqual(
      paid.map((i) => ({ line: i.line, name: i.name, priceUnit: i.priceUnit, pricing: i.pricing, note: i.note })),
      expected,
    );
    assert.deepEqual(
      [...new Set(paid.map((i) => i.line))],
      Array.from({ length: 23 }, (_, i) => i + 1),
    );
  });

  it('lists the free 亲情服务 as bookable lines at price 0', async () => {
    const { items } = await ok('catalogue', {}, OWNER);
    const free = items.filter((i) => i.free);
    assert.ok(free.length >= 5);
    for (const item of free) {
      assert.equal(item.category, 'free');
      assert.deepEqual(item.pricing, { kind: 'fixed', priceFen: 0 });
    }
    assert.ok(free.some((i) => i.name === '雨伞借用') && free.some((i) => i.name === '亲情推车') && free.some((i) => i.name === '桶装水定送'));
  });
});

describe('booking is priced by the server', () => {
  it('prices a fixed line as price × quantity and a ranged line as a range to quote in', async () => {
    const bulbs = await book(BULB, { quantity: 3 });
    assert.equal(bulbs.state, 'booked');
    assert.equal(bulbs.unitPriceFen, 500);
    assert.equal(bulbs.amountFen, 1500);
    assert.equal(bulbs.quote, null);
    assert.match(bulbs.no, /^TY20261124-\d{4}$/);
    const toilet = await book(TOILET, { quantity: 2 });
    assert.equal(toilet.amountFen, null);
    assert.deepEqual(toilet.quote, { minFen: 6000, maxFen: 16000 });
  });

  it('refuses a price sent by the client, naming nothing it would take', async () => {
    for (const tamper of [{ priceFen: 1 }, { amountFen: 1 }, { unitPriceFen: 1 }, { pricing: { kind: 'fixed', priceFen: 1 } }]) {
      await tick();
      const error = await failed('book', { item: BULB, quantity: 1, unit: '1-1-101', preferredAt: later(2), ...tamper }, OWNER);
      assert.equal(error.code, 'INVALID_INPUT', JSON.stringify(tamper));
    }
  });

  it('refuses quantities of 0, negative, huge, fractional or over the line’s limit, naming the field', async () => {
    for (const quantity of [0, -1, 1_000_000, 1.5, '2', 21]) {
      await tick();
      const error = await failed('book', { item: BULB, quantity, unit: '1-1-101', preferredAt: later(2) }, OWNER);
      assert.equal(error.code, 'INVALID_INPUT', `quantity ${quantity}`);
      assert.ok(error.fields?.quantity, `quantity ${quantity}: ${JSON.stringify(error)}`);
    }
  });

  it('refuses another community’s item, an unknown item, and a unit the caller is not bound to', async () => {
    const store = cloud.cloud.store;
    store.insert('communities', [{ _id: 'binhai', name: '滨海花园', supervisionPhone: '0532-80000000', buildings: ['1'] }]);
    store.insert('catalogue', [
      {
        _id: 'binhai:s10',
        communityId: 'binhai',
        code: 's10',
        line: 10,
        category: 'plumbing',
        name: '马桶堵塞疏通',
        priceUnit: '次',
        pricing: { kind: 'range', minFen: 100, maxFen: 200 },
        note: null,
        maxQuantity: 20,
        sort: 10,
        active: true,
        rev: 0,
        updatedAt: new Date(),
      },
    ]);
    await tick();
    const other = await failed('book', { item: 'binhai:s10', quantity: 1, unit: '1-1-101', preferredAt: later(2) }, OWNER);
    assert.equal(other.code, 'INVALID_INPUT');
    assert.ok(other.fields?.item);
    const unknown = await failed('book', { item: 'yuehai:s99', quantity: 1, unit: '1-1-101', preferredAt: later(2) }, OWNER);
    assert.equal(unknown.code, 'INVALID_INPUT');
    const notMine = await failed('book', { item: BULB, quantity: 1, unit: '2-1-202', preferredAt: later(2) }, OWNER);
    assert.equal(notMine.code, 'FORBIDDEN');
    const guard = await failed('book', { item: BULB, quantity: 1, unit: '1-1-101', preferredAt: later(2) }, GUARD);
    assert.equal(guard.code, 'FORBIDDEN');
  });

  it('refuses a preferred time in the past', async () => {
    await tick();
    const error = await failed('book', { item: BULB, quantity: 1, unit: '1-1-101', preferredAt: later(-3) }, OWNER);
    assert.equal(error.code, 'INVALID_INPUT');
    assert.ok(error.fields?.preferredAt);
  });

  it('makes one order of a double tap with one requestId', async () => {
    await tick();
    const input = { item: BULB, quantity: 1, unit: '1-1-101', preferredAt: later(2) };
    const [a, b] = await Promise.all([ok('book', input, OWNER, 'book-double-tap-1'), ok('book', input, OWNER, 'book-double-tap-1')]);
    assert.equal(a.order.id, b.order.id);
    assert.equal(cloud.cloud.store.find('orders', { booker: OWNER, 'item.id': BULB, createdAt: new Date(clockMs) }).length, 1);
  });

  it('keeps the price an order was booked at when a lead changes the catalogue', async () => {
    const before = await book(TOILET);
    const { item } = await ok('saveItem', { id: TOILET, pricing: { kind: 'range', minFen: 4000, maxFen: 9000 } }, LEAD);
    assert.deepEqual(item.pricing, { kind: 'range', minFen: 4000, maxFen: 9000 });
    assert.equal((await failed('saveItem', { id: TOILET, note: '自备工具' }, DUTY)).code, 'FORBIDDEN');
    assert.equal((await failed('saveItem', { id: UMBRELLA, pricing: { kind: 'fixed', priceFen: 500 } }, LEAD)).code, 'INVALID_INPUT');
    const kept = await get(before.id);
    assert.deepEqual(kept.quote, { minFen: 3000, maxFen: 8000 });
    const fresh = await book(TOILET);
    assert.deepEqual(fresh.quote, { minFen: 4000, maxFen: 9000 });
    // the old order is still quoted inside its own range
    await ok('confirm', { id: before.id, at: later(3) }, DUTY);
    await ok('start', { id: before.id }, ENGINEER);
    assert.equal((await ok('quote', { id: before.id, unitPriceFen: 3000 }, ENGINEER)).order.amountFen, 3000);
    await ok('saveItem', { id: TOILET, pricing: { kind: 'range', minFen: 3000, maxFen: 8000 } }, LEAD);
  });
});

describe('quotes', () => {
  it('refuses a unit price outside the range, and any price but the fixed one', async () => {
    const o = await orderIn('in_service');
    for (const unitPriceFen of [2999, 8001, 0, -100, 50.5]) {
      const error = await failed('quote', { id: o.id, unitPriceFen }, ENGINEER);
      assert.equal(error.code, 'INVALID_INPUT', `unit price ${unitPriceFen}`);
      assert.ok(error.fields?.unitPriceFen);
    }
    assert.equal((await failed('quote', { id: o.id }, ENGINEER)).code, 'INVALID_INPUT');
    const quoted = (await ok('quote', { id: o.id, unitPriceFen: 8000 }, ENGINEER)).order;
    assert.equal(quoted.state, 'awaiting_payment');
    assert.equal(quoted.amountFen, 8000);
    const bulb = await orderIn('in_service', BULB);
    assert.equal((await failed('quote', { id: bulb.id, unitPriceFen: 600 }, DUTY)).code, 'INVALID_INPUT');
    assert.equal((await ok('quote', { id: bulb.id }, DUTY)).order.amountFen, 500);
  });

  it('settles a free service at its quote: nothing to pay', async () => {
    const o = await orderIn('in_service', UMBRELLA);
    const done = (await ok('quote', { id: o.id }, DUTY)).order;
    assert.equal(done.state, 'paid');
    assert.equal(done.amountFen, 0);
    assert.equal((await failed('pay', { id: o.id }, OWNER)).code, 'CONFLICT');
    assert.equal((await ok('rate', { id: o.id, score: 5 }, OWNER)).order.state, 'rated');
  });
});

describe('WeChat Pay', () => {
  it('asks cloud pay for the server’s amount, and the callback marks the order paid and tells the owner', async () => {
    const o = await orderIn('awaiting_payment');
    const paid = await ok('pay', { id: o.id }, OWNER);
    assert.match(paid.payment.package, /^prepay_id=/);
    const unified = (await cloud.payments()).filter((p) => p.api === 'unifiedOrder' && p.request.out_trade_no === paid.outTradeNo);
    assert.equal(unified.length, 1);
    assert.equal(unified[0].request.total_fee, 5000);
    assert.equal(unified[0].request.function_name, 'payNotify');
    assert.equal(unified[0].request.sub_mch_id, '1900000109');
    assert.equal(unified[0].openid, OWNER);
    assert.ok(paid.outTradeNo.length <= 32);
    assert.equal((await get(o.id)).state, 'awaiting_payment', 'not paid before WeChat says so');
    await tick();
    assert.deepEqual(await cloud.pay(paid.outTradeNo), { errcode: 0, errmsg: 'paid' });
    const after = await get(o.id);
    assert.equal(after.state, 'paid');
    assert.deepEqual(after.paid, { method: 'wechat', amountFen: 5000, at: after.paid?.at });
    assert.equal(payEvents(after).length, 1);
    assert.equal(payEvents(after)[0].actorRole, 'system');
    const inbox = await inboxOf(OWNER);
    assert.ok(inbox.ok && inbox.data.items.some((m) => m.body.includes(after.no) && m.body.includes('已支付 50.00 元')));
    assert.equal((await ok('rate', { id: o.id, score: 4, comment: '很及时' }, OWNER)).order.state, 'rated');
  });

  it('reuses the payment in progress when the owner taps pay again, and refuses paying twice or a cancelled order', async () => {
    const o = await orderIn('awaiting_payment');
    const first = await ok('pay', { id: o.id }, OWNER);
    const second = await ok('pay', { id: o.id }, RESIDENT);
    assert.equal(second.outTradeNo, first.outTradeNo);
    await cloud.pay(first.outTradeNo);
    const again = await failed('pay', { id: o.id }, OWNER);
    assert.equal(again.code, 'CONFLICT');
    assert.match(again.message, /已支付/);
    const cancelled = await orderIn('cancelled');
    assert.equal((await failed('pay', { id: cancelled.id }, OWNER)).code, 'CONFLICT');
    const booked = await orderIn('booked');
    assert.equal((await failed('pay', { id: booked.id }, OWNER)).code, 'CONFLICT');
    assert.equal((await failed('pay', { id: o.id }, OTHER_OWNER)).code, 'NOT_FOUND');
  });

  it('applies the same callback delivered 5 times one after another exactly once', async () => {
    const o = await orderIn('awaiting_payment');
    const { outTradeNo } = await ok('pay', { id: o.id }, OWNER);
    const replies = [];
    for (let i = 0; i < 5; i += 1) replies.push(await cloud.pay(outTradeNo));
    assert.deepEqual(
      replies.map((r) => (r as { errcode: number }).errcode),
      [0, 0, 0, 0, 0],
    );
    const after = await get(o.id);
    assert.equal(after.state, 'paid');
    assert.equal(payEvents(after).length, 1);
    assert.equal(after.events.length, o.events.length + 1);
  });

  it('applies the same callback delivered 5 times at once exactly once', async () => {
    const o = await orderIn('awaiting_payment');
    const { outTradeNo } = await ok('pay', { id: o.id }, OWNER);
    const replies = await Promise.all(Array.from({ length: 5 }, () => cloud.pay(outTradeNo)));
    assert.deepEqual(
      replies.map((r) => (r as { errcode: number }).errcode),
      [0, 0, 0, 0, 0],
    );
    const after = await get(o.id);
    assert.equal(after.state, 'paid');
    assert.equal(payEvents(after).length, 1);
    const told = cloud.cloud.store.find('inbox', { openid: OWNER, body: { $regex: `${after.no}.*已支付` } });
    assert.equal(told.length, 1, 'the owner is told once');
    const [payment] = cloud.cloud.store.find('payments', { _id: outTradeNo });
    assert.equal(payment.state, 'paid');
  });

  it('refuses a callback with a wrong amount and flags it for staff, not for the owner', async () => {
    const o = await orderIn('awaiting_payment');
    const { outTradeNo } = await ok('pay', { id: o.id }, OWNER);
    assert.deepEqual(await cloud.pay(outTradeNo, { totalFee: 1 }), { errcode: 0, errmsg: 'amount_mismatch recorded for staff' });
    const owner = await get(o.id);
    assert.equal(owner.state, 'awaiting_payment');
    assert.equal(owner.paid, null);
    assert.equal(owner.flag, null, 'the owner does not see staff flags');
    const staff = await get(o.id, DUTY);
    assert.equal(staff.flag, 'amount_mismatch');
    const [anomaly] = cloud.cloud.store.find('payAnomalies', { outTradeNo });
    assert.equal(anomaly.kind, 'amount_mismatch');
    const lead = (await inboxOf(LEAD)) as { data: { items: Array<{ title: string; body: string }> } };
    assert.ok(lead.data.items.some((m) => m.title === '支付异常' && m.body.includes(owner.no)));
    // the right amount replayed later does not pay it either: this payment was refused for good
    assert.equal(((await cloud.pay(outTradeNo)) as { errcode: number }).errcode, 0);
    assert.equal((await get(o.id)).state, 'awaiting_payment');
    // and the queue shows the flagged order first
    const queue = await ok('list', {}, DUTY);
    assert.equal(queue.orders[0].id, o.id);
  });

  it('records an unknown order for staff and changes nothing', async () => {
    const reply = await invokePayNotify({ returnCode: 'SUCCESS', resultCode: 'SUCCESS', outTradeNo: 'nosuchorderP1', totalFee: 5000, transactionId: '4200000000000000000001' });
    assert.deepEqual(reply, { errcode: 0, errmsg: 'unknown order recorded for staff' });
    const [anomaly] = cloud.cloud.store.find('payAnomalies', { _id: 'unknown_order:nosuchorderP1' });
    assert.equal(anomaly.kind, 'unknown_order');
  });

  it('refuses a “callback” a mini-program user sends themselves', async () => {
    const o = await orderIn('awaiting_payment');
    const { outTradeNo } = await ok('pay', { id: o.id }, OWNER);
    const forged = await cloud.raw('payNotify', { returnCode: 'SUCCESS', resultCode: 'SUCCESS', outTradeNo, totalFee: 5000 }, OWNER);
    assert.equal((forged as { errcode: number }).errcode, 403);
    assert.equal((await get(o.id)).state, 'awaiting_payment');
  });

  it('applies a callback that arrives before pay has returned', async () => {
    const o = await orderIn('awaiting_payment');
    let delivered: unknown = null;
    const remove = cloud.cloud.onPayApi(async (record) => {
      if (record.api === 'unifiedOrder' && String(record.request.out_trade_no).startsWith(o.id)) delivered = await cloud.pay(String(record.request.out_trade_no));
    });
    try {
      await ok('pay', { id: o.id }, OWNER);
    } finally {
      remove();
    }
    assert.deepEqual(delivered, { errcode: 0, errmsg: 'paid' });
    const after = await get(o.id);
    assert.equal(after.state, 'paid');
    assert.equal(payEvents(after).length, 1);
  });

  it('flags a WeChat payment that arrives after the front desk took the money', async () => {
    const o = await orderIn('awaiting_payment');
    const { outTradeNo } = await ok('pay', { id: o.id }, OWNER);
    await ok('recordOfflinePayment', { id: o.id, note: '现金' }, DUTY);
    assert.equal(((await cloud.pay(outTradeNo)) as { errcode: number }).errcode, 0);
    const staff = await get(o.id, DUTY);
    assert.equal(staff.state, 'paid');
    assert.equal(staff.paid?.method, 'front_desk');
    assert.equal(staff.flag, 'paid_twice');
    assert.equal(payEvents(staff).length, 1);
  });

  it('flags a WeChat payment that arrives after the order was cancelled, so that it can be refunded', async () => {
    const o = await orderIn('awaiting_payment');
    const { outTradeNo } = await ok('pay', { id: o.id }, OWNER);
    await ok('cancel', { id: o.id, reason: '业主不需要了' }, DUTY);
    await cloud.pay(outTradeNo);
    const staff = await get(o.id, DUTY);
    assert.equal(staff.state, 'cancelled');
    assert.equal(staff.flag, 'paid_after_cancel');
    assert.ok(staff.allowed.includes('refund'));
    const { outRefundNo } = await ok('refund', { id: o.id, amountFen: 5000, reason: '取消后到账，原路退回' }, DUTY);
    await cloud.refundResult(outRefundNo);
    const back = await get(o.id, DUTY);
    assert.equal(back.state, 'refunded');
    assert.equal(back.flag, null);
  });
});

describe('subscription messages', () => {
  it('tells the owner of each step with the orderStatus template while grants last, each value as WeChat accepts it', async () => {
    const granted = (await cloud.call('account', 'grantSubscriptions', { templates: ['orderStatus'] }, { openid: OTHER_OWNER })) as Reply<unknown>;
    assert.ok(granted.ok);
    for (let i = 0; i < 4; i += 1) await cloud.call('account', 'grantSubscriptions', { templates: ['orderStatus'] }, { openid: OTHER_OWNER });
    await tick();
    const before = (await cloud.outbox()).length;
    const { order } = await ok('book', { item: TOILET, quantity: 1, unit: '2-1-202', preferredAt: later(2) }, OTHER_OWNER);
    await ok('confirm', { id: order.id, at: later(3) }, DUTY);
    await ok('start', { id: order.id }, ENGINEER);
    await ok('quote', { id: order.id, unitPriceFen: 6000 }, ENGINEER);
    const { outTradeNo } = await ok('pay', { id: order.id }, OTHER_OWNER);
    await cloud.pay(outTradeNo);
    const sent = (await cloud.outbox()).slice(before).filter((m) => m.touser === OTHER_OWNER);
    assert.equal(sent.length, 5, 'booked, confirmed, in service, quoted, paid');
    for (const message of sent) {
      assert.equal(message.template_id, 'local-orderStatus');
      assert.equal(message.page, `/packages/order/detail/index?id=${order.id}`);
      for (const [key, { value }] of Object.entries(message.data)) assert.equal(valueProblem(typeOfKey(key), value), null, `${key}=${value}`);
    }
    assert.deepEqual(
      sent.map((m) => m.data.phrase3.value),
      ['已预约', '已确认时间', '服务中', '待支付', '已支付'],
    );
    assert.equal(sent[3].data.amount4.value, '¥60.00');
    // the fifth grant is spent: the rating is in the inbox only
    assert.equal(cloud.cloud.store.find('grants', { _id: `${OTHER_OWNER}:orderStatus` })[0].count, 0);
  });
});

describe('refunds', () => {
  it('refuses partial refunds summing to more than was paid, and is done only on each refund’s callback', async () => {
    const { order } = await paidByWechat();
    const first = await ok('refund', { id: order.id, amountFen: 3000, reason: '少换一个配件' }, DUTY, 'refund-a');
    assert.equal(first.order.refunds[0].state, 'pending');
    assert.equal(first.order.state, 'paid');
    const over = await failed('refund', { id: order.id, amountFen: 2001, reason: '多退' }, DUTY, 'refund-b');
    assert.equal(over.code, 'INVALID_INPUT');
    assert.ok(over.fields?.amountFen);
    const second = await ok('refund', { id: order.id, amountFen: 2000, reason: '服务不满意' }, DUTY, 'refund-c');
    assert.notEqual(second.outRefundNo, first.outRefundNo);
    const refunds = (await cloud.payments()).filter((p) => p.api === 'refund' && String(p.request.out_trade_no).startsWith(order.id));
    assert.deepEqual(
      refunds.map((r) => [r.request.refund_fee, r.request.total_fee, r.request.function_name]),
      [
        [3000, 5000, 'payNotify'],
        [2000, 5000, 'payNotify'],
      ],
    );
    assert.ok(refunds.every((r) => r.request.out_refund_no !== r.request.out_trade_no));
    assert.equal((await failed('refund', { id: order.id, amountFen: 1, reason: '再退' }, DUTY, 'refund-d')).code, 'INVALID_INPUT');

    assert.equal((await get(order.id)).state, 'paid', 'nothing is refunded before WeChat says so');
    await cloud.refundResult(first.outRefundNo);
    await cloud.refundResult(first.outRefundNo);
    const half = await get(order.id);
    assert.deepEqual(
      half.refunds.map((r) => r.state),
      ['done', 'pending'],
    );
    assert.equal(half.state, 'paid');
    await cloud.refundResult(second.outRefundNo);
    const done = await get(order.id);
    assert.equal(done.state, 'refunded');
    assert.equal(done.refundedFen, 5000);
    assert.equal(done.events.filter((e) => e.to === 'refunded').length, 1);
  });

  it('lets two stewards refunding at once never pass what was paid', async () => {
    const { order } = await paidByWechat();
    const replies = await Promise.all([
      call('refund', { id: order.id, amountFen: 3000, reason: '退差价' }, DUTY, 'race-refund-duty'),
      call('refund', { id: order.id, amountFen: 3000, reason: '退差价' }, AREA, 'race-refund-area'),
    ]);
    assert.equal(replies.filter((r) => r.ok).length, 1, JSON.stringify(replies));
    const loser = replies.find((r) => !r.ok) as { ok: false; error: ReplyError };
    assert.ok(['CONFLICT', 'INVALID_INPUT'].includes(loser.error.code));
    const after = await get(order.id);
    assert.equal(after.refundedFen, 3000);
    assert.equal(after.refunds.length, 1);
    assert.equal(cloud.cloud.store.find('refunds', { orderId: order.id }).length, 1);
  });

  it('re-sends a refund WeChat did not take with its own number, and never numbers it twice', async () => {
    const { order } = await paidByWechat();
    await cloud.failOpenApi({ api: 'cloudPay.refund', errcode: 500, errmsg: 'SYSTEMERROR' });
    const first = await ok('refund', { id: order.id, amountFen: 1000, reason: '少用材料' }, DUTY, 'refund-retry-1');
    assert.equal(first.order.refunds[0].state, 'requested');
    assert.equal((await failed('refund', { id: order.id, amountFen: 500, reason: '别的金额' }, DUTY, 'refund-retry-2')).code, 'CONFLICT');
    const retried = await ok('refund', { id: order.id, amountFen: 1000, reason: '少用材料' }, DUTY, 'refund-retry-3');
    assert.equal(retried.outRefundNo, first.outRefundNo);
    assert.equal(retried.order.refunds.length, 1);
    assert.equal(retried.order.refunds[0].state, 'pending');
    const calls = (await cloud.payments()).filter((p) => p.api === 'refund' && p.request.out_refund_no === first.outRefundNo);
    assert.deepEqual(
      calls.map((c) => c.response.result_code),
      ['FAIL', 'SUCCESS'],
    );
  });

  it('refunds the whole payment when a steward cancels a paid order; a failed refund is flagged', async () => {
    const { order } = await paidByWechat();
    assert.equal((await failed('cancel', { id: order.id }, OWNER)).code, 'CONFLICT');
    const cancelled = (await ok('cancel', { id: order.id, reason: '工程质量问题，全额退款' }, DUTY)).order;
    assert.equal(cancelled.state, 'cancelled');
    assert.equal(cancelled.refunds.length, 1);
    assert.equal(cancelled.refunds[0].amountFen, 5000);
    assert.deepEqual(await cloud.refundResult(cancelled.refunds[0].no, 'CHANGE'), { errcode: 0, errmsg: 'refund_failed recorded for staff' });
    const failedRefund = await get(order.id, DUTY);
    assert.equal(failedRefund.flag, 'refund_failed');
    assert.equal(failedRefund.refundedFen, 0);
    const again = await ok('refund', { id: order.id, amountFen: 5000, reason: '重新退款' }, DUTY, 'cancel-refund-2');
    assert.notEqual(again.outRefundNo, cancelled.refunds[0].no);
    await cloud.refundResult(again.outRefundNo);
    assert.equal((await get(order.id)).state, 'refunded');
  });

  it('lets a later SUCCESS win over an earlier CHANGE for the same refund, and never goes backwards', async () => {
    const { order } = await paidByWechat();
    const cancelled = (await ok('cancel', { id: order.id, reason: '业主不需要了，全额退款' }, DUTY)).order;
    const no = cancelled.refunds[0].no;
    assert.deepEqual(await cloud.refundResult(no, 'CHANGE'), { errcode: 0, errmsg: 'refund_failed recorded for staff' });
    assert.equal((await get(order.id, DUTY)).flag, 'refund_failed');
    // WeChat did pay it after all: the refund is done, the order refunded, nothing left to refund
    assert.deepEqual(await cloud.refundResult(no, 'SUCCESS'), { errcode: 0, errmsg: 'refund done' });
    const done = await get(order.id, DUTY);
    assert.equal(done.refunds[0].state, 'done');
    assert.equal(done.state, 'refunded');
    assert.equal(done.refundedFen, 5000);
    assert.equal(done.flag, null);
    assert.ok(!done.allowed.includes('refund'), 'staff cannot refund it twice');
    assert.equal((await failed('refund', { id: order.id, amountFen: 5000, reason: '重新退款' }, DUTY, 'late-success-again')).code, 'CONFLICT');
    // later results change nothing: a done refund stays done
    for (const status of ['CHANGE', 'REFUNDCLOSE', 'SUCCESS'] as const) {
      assert.deepEqual(await cloud.refundResult(no, status), { errcode: 0, errmsg: 'already handled' }, status);
    }
    const after = await get(order.id, DUTY);
    assert.equal(after.refunds[0].state, 'done');
    assert.equal(after.state, 'refunded');
    assert.equal(after.events.length, done.events.length);
  });

  it('gives a front-desk payment back at the desk at once', async () => {
    const o = await orderIn('paid');
    const { order } = await ok('refund', { id: o.id, amountFen: 5000, reason: '现金退回' }, DUTY, 'desk-refund-1');
    assert.equal(order.state, 'refunded');
    assert.equal(order.refunds[0].method, 'front_desk');
    assert.equal((await cloud.payments()).filter((p) => p.api === 'refund' && p.request.out_refund_no === order.refunds[0].no).length, 0);
  });
});

describe('who may do what, through the function', () => {
  // [action, extra input, the state it works from, who may, who may not (FORBIDDEN), a state it refuses (CONFLICT)]
  const table: Array<[Action, () => Record<string, unknown>, OrderState, string, string[], OrderState]> = [
    ['confirm', () => ({ at: later(4) }), 'booked', AREA, [OWNER, ENGINEER, GUARD], 'in_service'],
    ['start', () => ({}), 'confirmed', ENGINEER, [OWNER, RESIDENT, GUARD], 'booked'],
    ['quote', () => ({ unitPriceFen: 5000 }), 'in_service', DUTY, [OWNER, RESIDENT], 'confirmed'],
    ['recordOfflinePayment', () => ({}), 'awaiting_payment', DUTY, [OWNER, ENGINEER], 'in_service'],
    ['cancel', () => ({}), 'confirmed', RESIDENT, [ENGINEER, GUARD], 'in_service'],
    ['rate', () => ({ score: 5 }), 'paid', OWNER, [DUTY, ENGINEER], 'awaiting_payment'],
    ['refund', () => ({ amountFen: 100, reason: '退差价' }), 'paid', DUTY, [OWNER, ENGINEER], 'awaiting_payment'],
  ];
  for (const [action, extra, from, allowed, forbidden, conflictState] of table) {
    it(`${action}: ${allowed} from ${from}; FORBIDDEN to ${forbidden.join(', ')}; CONFLICT from ${conflictState}`, async () => {
      const o = await orderIn(from);
      for (const who of forbidden) {
        const error = await failed(action, { id: o.id, ...extra() }, who, `${action}-${who}-${o.id}`);
        assert.equal(error.code, 'FORBIDDEN', `${action} by ${who}`);
      }
      const done = ((await ok(action, { id: o.id, ...extra() }, allowed, `${action}-ok-${o.id}`)) as { order: Order }).order;
      assert.ok(done.state !== from || action === 'refund');
      const stale = await orderIn(conflictState);
      const conflict = await failed(action, { id: stale.id, ...extra() }, allowed, `${action}-stale-${stale.id}`);
      assert.equal(conflict.code, 'CONFLICT', `${action} from ${conflictState}`);
    });
  }

  it('hides an order from another owner', async () => {
    const o = await orderIn('booked');
    assert.equal((await failed('get', { id: o.id }, OTHER_OWNER)).code, 'NOT_FOUND');
    assert.equal((await failed('cancel', { id: o.id }, OTHER_OWNER)).code, 'NOT_FOUND');
    assert.equal((await get(o.id, RESIDENT)).id, o.id);
  });

  it('lets exactly one of a steward and an engineer start an order at once', async () => {
    const o = await orderIn('confirmed');
    const replies = await Promise.all([call('start', { id: o.id }, DUTY), call('start', { id: o.id }, ENGINEER)]);
    assert.equal(replies.filter((r) => r.ok).length, 1);
    const loser = replies.find((r) => !r.ok) as { ok: false; error: ReplyError };
    assert.equal(loser.error.code, 'CONFLICT');
    assert.equal((await get(o.id)).events.filter((e) => e.action === 'start').length, 1);
  });

  it('shows the booker’s phone to the steward confirming the visit, masked once nobody works it', async () => {
    const o = await orderIn('booked');
    const mine = await get(o.id, OWNER);
    const staff = await get(o.id, DUTY);
    assert.ok(mine.bookerPhone && !mine.bookerPhone.includes('*'));
    assert.equal(staff.bookerPhone, mine.bookerPhone, 'the steward who confirms the time calls the owner (SPEC §1)');
    const engineer = await get(o.id, ENGINEER);
    assert.match(engineer.bookerPhone ?? '', /^\d{3}\*{4}\d{4}$/, 'staff who cannot act on it see it masked');
  });
});

describe('the lists', () => {
  it('shows the owner their orders newest first and staff a queue ordered by urgency', async () => {
    const mine = await ok('list', { mine: true, limit: 5 }, OWNER);
    assert.equal(mine.orders.length, 5);
    for (let i = 1; i < mine.orders.length; i += 1) assert.ok(mine.orders[i - 1].createdAt >= mine.orders[i].createdAt);
    assert.ok(mine.nextCursor);
    const next = await ok('list', { mine: true, limit: 5, cursor: mine.nextCursor ?? undefined }, OWNER);
    assert.ok(next.orders.every((o) => !mine.orders.some((m) => m.id === o.id)));

    const queue = await ok('list', { limit: 50 }, DUTY);
    const keys = queue.orders.map((o) => [o.flag ? 0 : 1, o.due?.at ?? '']);
    for (let i = 1; i < keys.length; i += 1) {
      const [fa, da] = keys[i - 1];
      const [fb, db] = keys[i];
      assert.ok(fa < fb || (fa === fb && (fa === 0 || Date.parse(String(da)) <= Date.parse(String(db)))), `queue out of order at ${i}`);
    }
    assert.ok(queue.orders.every((o) => o.due !== null || o.flag !== null));
    assert.ok(queue.orders.every((o) => !['rated', 'refunded'].includes(o.state) || o.flag !== null));
    const theirs = await ok('list', {}, OTHER_OWNER);
    assert.ok(
      theirs.orders.every((o) => o.unit === '2-1-202'),
      'another owner sees only their own home’s orders',
    );
  });
});

describe('privacy', () => {
  it('counts and erases a booker’s orders, keeping the orders without their details', async () => {
    await tick();
    const o = await book(BULB, {}, RESIDENT);
    const held = (await cloud.call('account', 'myData', {}, { openid: RESIDENT })) as Reply<{ records: Record<string, number> }>;
    assert.ok(held.ok);
    assert.ok(held.data.records.orders >= 1);
    const deleted = (await cloud.call('account', 'deleteMyData', { confirm: true }, { openid: RESIDENT })) as Reply<{ deleted: Record<string, number> }>;
    assert.ok(deleted.ok && deleted.data.deleted.orders >= 1);
    const [kept] = cloud.cloud.store.find('orders', { _id: o.id });
    assert.equal(kept.booker, 'erased');
    assert.equal(kept.bookerPhone, null);
    assert.ok((kept.events as Array<{ actorId: string }>).every((e) => e.actorId !== RESIDENT));
  });
});
