// WeChat Pay through cloud payment (SPEC §4): unified orders, refunds, and the callbacks that
// settle them. Every callback is applied at most once, in a transaction over the payment (or
// refund) record and its order; a replayed, late or duplicated callback changes nothing twice.
// WeChat retries a callback for two days unless it gets errcode 0, so anything we have recorded —
// applied, a repeat, or flagged for staff — is answered 0; only a failure to record is not.
import type { PaymentMethod, PayNotifyReply } from '../../../types/orders';
import { conflict, invalid } from '../router/errors';
import type { Database } from '../sdk';
import { type Payable, type PaymentParams, inTransaction, onPaid as paidOn, onRefund as refundOn, sendRefund as send, stale, startAttempt } from '../payments/pay';
import { findOrder, ORDERS, REFUNDS } from './data';
import { type OrderDoc, type OrderEventDoc, type RefundDoc, type RefundEntry, committedRefunds, outRefundNo, outTradeNo, queueKey } from './model';
import { paidVerdict, settlePayment, settleRefund } from './callbacks';
import { moneyPeople, tellBooker, tellStaff } from './notices';

const yuan = (fen: number) => (fen / 100).toFixed(2);

// ----- paying ------------------------------------------------------------------------------------------

/**
 * The cloud-pay order for an order awaiting payment. A repeated `pay` (double tap, the page opened
 * again) reuses the attempt in progress, so WeChat sees one outTradeNo for one amount; the payment
 * record is written before WeChat is asked, so even a callback that beats our reply finds it.
 */
export async function startPayment(database: Database, order: OrderDoc, payer: string, now: Date): Promise<{ order: OrderDoc; outTradeNo: string; payment: PaymentParams }> {
  if (order.state !== 'awaiting_payment') {
    throw conflict(order.state === 'paid' || order.state === 'rated' ? '订单已支付，无需重复支付' : '订单当前不能支付，请刷新后查看');
  }
  const amount = order.amountFen;
  if (amount === null || amount <= 0) throw conflict('订单金额未确定，请等待工作人员报价');
  const started = await startAttempt(
    database,
    order,
    {
      collection: ORDERS,
      awaiting: 'awaiting_payment',
      amountFen: amount,
      tradeNo: (seq) => outTradeNo(order._id, seq),
      item: order.item.name,
      payer,
      stale: '订单状态已变化，请刷新后重试',
      subject: 'orders',
    },
    () => findOrder(database, order._id),
    now,
  );
  return { order: started.object, outTradeNo: started.outTradeNo, payment: started.payment };
}

// ----- refunding ---------------------------------------------------------------------------------------

export interface RefundRequest {
  amountFen: number;
  reason: string;
  by: { openid: string; role: OrderEventDoc['actorRole']; name: string | null };
  /** the order's other changes made with the refund (a cancel's state) */
  changes?: Partial<OrderDoc>;
  /** the event logged with it (a cancel's) instead of a plain refund event */
  event?: OrderEventDoc;
  /** the call's derived create id, kept on the entry so a retry of the same request finds it */
  request?: string;
}

/**
 * A refund of what was paid. At most one refund waits unsent per order: asking again for the same
 * amount re-sends it with its own outRefundNo (WeChat refunds one number once), anything else waits.
 * The refund is claimed and numbered in a transaction with its record, so the sum of refunds can
 * never pass what was paid, even with two stewards at once. It is done only when its callback says so.
 */
export async function requestRefund(database: Database, order: OrderDoc, request: RefundRequest, now: Date): Promise<{ order: OrderDoc; no: string }> {
  const paid = order.paid;
  if (!paid) throw conflict('订单尚未付款，无需退款');
  const unsent = order.refunds.find((r) => r.state === 'requested');
  if (unsent) {
    if (unsent.amountFen !== request.amountFen || request.changes) throw conflict(`上一笔退款（${yuan(unsent.amountFen)} 元）尚未发出，请先重新发起该笔`);
    return sendRefund(database, order, unsent.no, now);
  }
  const left = paid.amountFen - committedRefunds(order.refunds);
  if (request.amountFen > left) {
    const message = `退款总额不能超过实付金额，最多还可退 ${yuan(left)} 元`;
    throw invalid(message, { amountFen: message });
  }
  const method: PaymentMethod = paid.method;
  const seq = order.refundSeq + 1;
  const no = outRefundNo(order._id, seq);
  // A front-desk payment is refunded in cash at the desk: done when the steward records it.
  const entry: RefundEntry = {
    no,
    amountFen: request.amountFen,
    state: method === 'wechat' ? 'requested' : 'done',
    method,
    reason: request.reason,
    requestedAt: now,
    doneAt: method === 'wechat' ? null : now,
    request: request.request ?? null,
  };
  const refunds = [...order.refunds, entry];
  const refundDoneFen = order.refundDoneFen + (entry.state === 'done' ? entry.amountFen : 0);
  const changes: Partial<OrderDoc> = { ...request.changes, refundSeq: seq, refundedFen: committedRefunds(refunds), refundDoneFen, refunds };
  const fromState = (changes.state ?? order.state) as OrderDoc['state'];
  const allBack = refundDoneFen >= paid.amountFen;
  if (allBack) changes.state = 'refunded';
  const events: OrderEventDoc[] = [];
  if (request.event) events.push(request.event);
  events.push({
    action: 'refund',
    from: fromState,
    to: (changes.state ?? order.state) as OrderDoc['state'],
    actorRole: request.by.role,
    actorId: request.by.openid,
    actorName: request.by.name,
    at: now,
    note: `${method === 'wechat' ? '申请退款' : '前台退款'} ${yuan(request.amountFen)} 元：${request.reason}`,
  });
  const after: OrderDoc = { ...order, ...changes, rev: order.rev + 1, updatedAt: now, events: [...order.events, ...events] };
  after.queueKey = queueKey(after);

  const _ = database.command;
  await inTransaction(database, async (t) => {
    const fresh = (await t.collection<OrderDoc>(ORDERS).doc(order._id).get()).data;
    if (fresh.rev !== order.rev) throw stale();
    await t
      .collection<OrderDoc>(ORDERS)
      .doc(order._id)
      .update({
        data: {
          ...changes,
          refunds: _.set(refunds),
          events: _.push(events),
          rev: _.inc(1),
          queueKey: after.queueKey,
          updatedAt: now,
        },
      });
    await t.collection(REFUNDS).add({
      data: {
        _id: no,
        orderId: order._id,
        communityId: order.communityId,
        outTradeNo: paid.outTradeNo,
        method,
        amountFen: request.amountFen,
        totalFee: paid.amountFen,
        state: entry.state,
        reason: request.reason,
        by: request.by.openid,
        requestedAt: now,
        sentAt: null,
        doneAt: entry.doneAt,
        wxRefundId: null,
      } satisfies RefundDoc,
    });
  });
  if (method !== 'wechat') return { order: after, no };
  return sendRefund(database, after, no, now);
}

/** Asks WeChat for the refund (payments/pay.ts), then mirrors it as pending on the order. A failure leaves it unsent. */
async function sendRefund(database: Database, order: OrderDoc, no: string, now: Date): Promise<{ order: OrderDoc; no: string }> {
  if (!(await send(database, no, order.communityId, 'orders', now))) return { order, no };
  // Mirror on the order, unless the callback got there first (then it is done already).
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const current = (await findOrder(database, order._id)) ?? order;
    if (!current.refunds.some((r) => r.no === no && r.state === 'requested')) return { order: current, no };
    const refunds = current.refunds.map((r) => (r.no === no ? { ...r, state: 'pending' as const } : r));
    const next = { ...current, refunds };
    const key = queueKey(next);
    const done = await database
      .collection<OrderDoc>(ORDERS)
      .where({ _id: current._id, rev: current.rev })
      .update({ data: { refunds: database.command.set(refunds), rev: database.command.inc(1), queueKey: key, updatedAt: now } });
    if (done.stats.updated === 1) return { order: { ...next, rev: current.rev + 1, queueKey: key, updatedAt: now }, no };
  }
  return { order, no };
}

// ----- callbacks -----------------------------------------------------------------------------------------

/** What WeChat Pay's callbacks move on an order (callbacks.ts), and whom they tell. */
const ORDER_PAYABLE: Payable<OrderDoc> = {
  collection: ORDERS,
  paidVerdict: (p, o, no, fee) => paidVerdict(p, o, no, fee),
  settlePaid(o, verdict, payment, now, _) {
    const { order: after, event: ev } = settlePayment(o, verdict, payment, now);
    const data: Record<string, unknown> = { rev: _.inc(1), updatedAt: now, queueKey: after.queueKey };
    if (after.flag !== o.flag) data.flag = after.flag;
    if (after.state !== o.state) data.state = after.state;
    if (after.paid !== o.paid) data.paid = _.set(after.paid);
    if (ev) data.events = _.push([ev]);
    return { after, data };
  },
  async afterPaid(database, order, verdict, payment, fee, now) {
    if (verdict === 'paid') {
      await tellBooker(database, order, `您预约的${order.item.name}（${order.no}）已支付 ${yuan(fee)} 元，感谢您的信任。`, now);
      return;
    }
    const what =
      verdict === 'mismatch'
        ? `支付金额 ${yuan(fee)} 元与订单金额 ${yuan(payment.totalFee)} 元不符，未入账`
        : verdict === 'paid_twice'
          ? `收到重复支付 ${yuan(fee)} 元，请核实并退款`
          : `订单取消后收到支付 ${yuan(fee)} 元，请退款`;
    await tellStaff(database, await moneyPeople(database, order.communityId), order, '支付异常', `${order.no}：${what}`, now, now);
  },
  settleRefund(o, r, verdict, status, now, _) {
    const { order: after, events } = settleRefund(o, r, verdict, status, now);
    const data = {
      refunds: _.set(after.refunds),
      refundDoneFen: after.refundDoneFen,
      refundedFen: after.refundedFen,
      state: after.state,
      flag: after.flag,
      events: _.push(events),
      queueKey: after.queueKey,
      rev: _.inc(1),
      updatedAt: now,
    };
    return { after, data };
  },
  async afterRefund(database, order, verdict, refund, now) {
    if (verdict === 'done') {
      await tellBooker(database, order, `您的订单 ${order.no} 退款 ${yuan(refund.amountFen)} 元已原路退回。`, now);
      return;
    }
    await tellStaff(
      database,
      await moneyPeople(database, order.communityId),
      order,
      '退款异常',
      `${order.no}：退款 ${yuan(refund.amountFen)} 元${verdict === 'mismatch' ? '金额与申请不符' : '未成功'}，请处理`,
      now,
      now,
    );
  },
};

/** WeChat Pay's success callback for an order's outTradeNo. */
export const onPaid = (database: Database, event: Record<string, unknown>, now: Date): Promise<PayNotifyReply> => paidOn(database, ORDER_PAYABLE, event, now);

/** WeChat Pay's refund result for an order's outRefundNo. */
export const onRefund = (database: Database, event: Record<string, unknown>, now: Date): Promise<PayNotifyReply> => refundOn(database, ORDER_PAYABLE, event, now);
