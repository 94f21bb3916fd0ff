// WeChat Pay through cloud payment (SPEC §4): unified orders, refunds, and the callbacks that
// settle them. Every callback is applied at most once, in a transaction over the payment (or
// refund) record and its order; a replayed, late or duplicated callback changes nothing twice.
// WeChat retries a callback for two days unless it gets errcode 0, so anything we have recorded —
// applied, a repeat, or flagged for staff — is answered 0; only a failure to record is not.
import { randomBytes } from 'node:crypto';
import type { PaymentMethod, PayNotifyReply } from '../../../types/orders';
import { AppError, conflict, invalid } from '../router/errors';
import { type CloudPayReply, type Database, type Transaction, isDuplicateError, sdk } from '../sdk';
import { ANOMALIES, findOne, ORDERS, PAYMENTS, REFUNDS, SETTINGS, type OrderSettingsDoc } from './data';
import {
  type OrderDoc,
  type OrderEventDoc,
  type PayAnomalyDoc,
  type PaymentDoc,
  type RefundDoc,
  type RefundEntry,
  committedRefunds,
  outRefundNo,
  outTradeNo,
  queueKey,
} from './model';
import { paidVerdict, refundVerdict, settlePayment, settleRefund } from './callbacks';
import { moneyPeople, tellBooker, tellStaff } from './notices';

/** The function WeChat Pay calls back, for payments and refunds alike. */
export const NOTIFY_FUNCTION = 'payNotify';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const nonce = () => randomBytes(16).toString('hex');
const yuan = (fen: number) => (fen / 100).toFixed(2);

/** The cloud environment the callback function lives in (the one this function runs in). */
export function envId(): string {
  return sdk().getWXContext().ENV ?? process.env.TCB_ENV ?? process.env.SCF_NAMESPACE ?? '';
}

export async function payeeOf(database: Database, communityId: string): Promise<OrderSettingsDoc> {
  const settings = await findOne<OrderSettingsDoc>(database, SETTINGS, communityId);
  if (!settings?.subMchId) throw conflict('本小区暂未开通微信支付，请到物业前台付款');
  return settings;
}

export const succeeded = (reply: CloudPayReply) => reply.returnCode === 'SUCCESS' && reply.resultCode === 'SUCCESS';

// ----- paying ------------------------------------------------------------------------------------------

/**
 * The cloud-pay order for an order awaiting payment. A repeated `pay` (double tap, the page opened
 * again) reuses the attempt in progress, so WeChat sees one outTradeNo for one amount; the payment
 * record is written before WeChat is asked, so even a callback that beats our reply finds it.
 */
export async function startPayment(
  database: Database,
  order: OrderDoc,
  payer: string,
  now: Date,
): Promise<{ order: OrderDoc; outTradeNo: string; payment: { timeStamp: string; nonceStr: string; package: string; signType: string; paySign: string } }> {
  if (order.state !== 'awaiting_payment') {
    throw conflict(order.state === 'paid' || order.state === 'rated' ? '订单已支付，无需重复支付' : '订单当前不能支付，请刷新后查看');
  }
  const amount = order.amountFen;
  if (amount === null || amount <= 0) throw conflict('订单金额未确定，请等待工作人员报价');
  const settings = await payeeOf(database, order.communityId);

  let current = order;
  let no = current.payingNo;
  if (no) {
    const attempt = await findOne<PaymentDoc>(database, PAYMENTS, no);
    if (attempt && (attempt.state !== 'created' || attempt.totalFee !== amount)) no = null;
  }
  if (!no) {
    const seq = current.paySeq + 1;
    const fresh = outTradeNo(current._id, seq);
    const claimed = await database
      .collection<OrderDoc>(ORDERS)
      .where({ _id: current._id, state: 'awaiting_payment', rev: current.rev })
      .update({ data: { payingNo: fresh, paySeq: seq, rev: database.command.inc(1), updatedAt: now } });
    if (claimed.stats.updated !== 1) {
      // a concurrent `pay` made the attempt first: use theirs
      const reread = await findOne<OrderDoc>(database, ORDERS, current._id);
      if (!reread || reread.state !== 'awaiting_payment' || !reread.payingNo) throw conflict('订单状态已变化，请刷新后重试');
      current = reread;
      no = reread.payingNo;
    } else {
      current = { ...current, payingNo: fresh, paySeq: seq, rev: current.rev + 1, updatedAt: now };
      no = fresh;
    }
  }
  try {
    await database.collection<PaymentDoc>(PAYMENTS).add({
      data: {
        _id: no,
        orderId: current._id,
        communityId: current.communityId,
        openid: payer,
        totalFee: amount,
        state: 'created',
        transactionId: null,
        paidFee: null,
        callbacks: 0,
        createdAt: now,
        paidAt: null,
      },
    });
  } catch (error) {
    if (!isDuplicateError(error)) throw error; // the attempt's record exists already: reuse it
  }

  const reply = await sdk().cloudPay.unifiedOrder({
    body: `${settings.payee}-${current.item.name}`.slice(0, 40),
    outTradeNo: no,
    spbillCreateIp: '127.0.0.1',
    subMchId: settings.subMchId,
    totalFee: amount,
    envId: envId(),
    functionName: NOTIFY_FUNCTION,
    nonceStr: nonce(),
    tradeType: 'JSAPI',
  });
  if (!succeeded(reply) || !reply.payment) {
    console.error('[orders] unifiedOrder refused', no, reply);
    throw new AppError('INTERNAL', '微信支付下单失败，请稍后重试');
  }
  const { timeStamp, nonceStr, signType, paySign } = reply.payment;
  return { order: current, outTradeNo: no, payment: { timeStamp, nonceStr, package: reply.payment.package, signType, paySign } };
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
    if (fresh.rev !== order.rev) throw new Stale();
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

/** Asks WeChat for the refund; on success it is pending until its callback. A failure leaves it unsent. */
async function sendRefund(database: Database, order: OrderDoc, no: string, now: Date): Promise<{ order: OrderDoc; no: string }> {
  const refund = await findOne<RefundDoc>(database, REFUNDS, no);
  if (!refund || !refund.outTradeNo) throw new AppError('INTERNAL', '退款记录缺失，请联系管理员');
  const settings = await payeeOf(database, order.communityId);
  let reply: CloudPayReply;
  try {
    reply = await sdk().cloudPay.refund({
      outTradeNo: refund.outTradeNo,
      outRefundNo: no,
      subMchId: settings.subMchId,
      totalFee: refund.totalFee,
      refundFee: refund.amountFen,
      envId: envId(),
      functionName: NOTIFY_FUNCTION,
      nonceStr: nonce(),
      refundDesc: refund.reason.slice(0, 80),
    });
  } catch (error) {
    console.error('[orders] refund not sent', no, error);
    return { order, no };
  }
  if (!succeeded(reply)) {
    console.error('[orders] refund refused', no, reply);
    return { order, no };
  }
  await database
    .collection<RefundDoc>(REFUNDS)
    .where({ _id: no, state: 'requested' })
    .update({ data: { state: 'pending', sentAt: now } });
  // Mirror on the order, unless the callback got there first (then it is done already).
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const current = (await findOne<OrderDoc>(database, ORDERS, order._id)) ?? order;
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

class Stale extends Error {
  constructor() {
    super('stale');
  }
}

/**
 * A transaction retried on conflict (the SDK retries only conflicts at commit; one at a write, or a
 * concurrent callback, fails the attempt). A Stale read is a CONFLICT for the caller.
 */
export async function inTransaction<R>(database: Database, work: (t: Transaction) => Promise<R>): Promise<R> {
  let last: unknown;
  for (let attempt = 0; attempt < 8; attempt += 1) {
    try {
      return await database.runTransaction(work, 2);
    } catch (error) {
      if (error instanceof Stale || (error as { message?: string })?.message === 'stale') throw conflict('订单状态已变化，请刷新后重试');
      last = error;
      await sleep(5 + Math.random() * 20 * (attempt + 1));
    }
  }
  throw last;
}

export async function flag(database: Database, anomaly: Omit<PayAnomalyDoc, '_id' | 'count' | 'createdAt' | 'lastAt'>, key: string, now: Date): Promise<void> {
  const anomalies = database.collection<PayAnomalyDoc>(ANOMALIES);
  try {
    await anomalies.add({ data: { _id: key, ...anomaly, count: 1, createdAt: now, lastAt: now } });
  } catch (error) {
    if (!isDuplicateError(error)) throw error;
    await anomalies.doc(key).update({ data: { count: database.command.inc(1), lastAt: now } });
  }
}

export const handled = (errmsg: string): PayNotifyReply => ({ errcode: 0, errmsg });

type PaidOutcome = { kind: 'repeat' } | { kind: 'paid' | 'mismatch' | 'paid_twice' | 'paid_after_cancel'; order: OrderDoc };

/** WeChat Pay's success callback for one outTradeNo. */
export async function onPaid(database: Database, event: Record<string, unknown>, now: Date): Promise<PayNotifyReply> {
  const no = String(event.outTradeNo ?? '');
  const fee = Number(event.totalFee);
  if (event.returnCode !== 'SUCCESS' || event.resultCode !== 'SUCCESS') return handled('not a success: nothing to apply');
  const payment = no ? await findOne<PaymentDoc>(database, PAYMENTS, no) : null;
  if (!payment) {
    console.error('[payNotify] unknown outTradeNo', no);
    await flag(database, { kind: 'unknown_order', communityId: null, orderId: null, outTradeNo: no || null, event }, `unknown_order:${no}`, now);
    return handled('unknown order recorded for staff');
  }
  // A replay of a settled payment needs no transaction (the transaction re-checks anyway).
  if (payment.state !== 'created') return handled('already handled');
  const _ = database.command;
  const transactionId = typeof event.transactionId === 'string' ? event.transactionId : null;
  const outcome = await inTransaction<PaidOutcome>(database, async (t) => {
    const p = (await t.collection<PaymentDoc>(PAYMENTS).doc(no).get()).data;
    if (p.state !== 'created') return { kind: 'repeat' };
    const o = (await t.collection<OrderDoc>(ORDERS).doc(p.orderId).get()).data;
    const verdict = paidVerdict(p, o, no, fee);
    if (verdict === 'repeat') return { kind: 'repeat' };
    const mismatch = verdict === 'mismatch';
    await t
      .collection(PAYMENTS)
      .doc(no)
      .update({ data: { state: mismatch ? 'mismatch' : 'paid', paidFee: mismatch && !Number.isFinite(fee) ? null : fee, transactionId, callbacks: _.inc(1), paidAt: now } });
    const { order: after, event: ev } = settlePayment(o, verdict, { no, fee, transactionId }, now);
    const data: Record<string, unknown> = { rev: _.inc(1), updatedAt: now, queueKey: after.queueKey };
    if (after.flag !== o.flag) data.flag = after.flag;
    if (after.state !== o.state) data.state = after.state;
    if (after.paid !== o.paid) data.paid = _.set(after.paid);
    if (ev) data.events = _.push([ev]);
    await t.collection(ORDERS).doc(o._id).update({ data });
    return { kind: verdict, order: after };
  });

  if (outcome.kind === 'repeat') return handled('already handled');
  const order = outcome.order;
  if (outcome.kind === 'paid') {
    await tellBooker(database, order, `您预约的${order.item.name}（${order.no}）已支付 ${yuan(fee)} 元，感谢您的信任。`, now);
    return handled('paid');
  }
  const kind = outcome.kind === 'mismatch' ? 'amount_mismatch' : outcome.kind;
  await flag(database, { kind, communityId: order.communityId, orderId: order._id, outTradeNo: no, event }, `${kind}:${no}`, now);
  const what =
    outcome.kind === 'mismatch'
      ? `支付金额 ${yuan(fee)} 元与订单金额 ${yuan(payment.totalFee)} 元不符，未入账`
      : outcome.kind === 'paid_twice'
        ? `收到重复支付 ${yuan(fee)} 元，请核实并退款`
        : `订单取消后收到支付 ${yuan(fee)} 元，请退款`;
  await tellStaff(database, await moneyPeople(database, order.communityId), order, '支付异常', `${order.no}：${what}`, now, now);
  return handled(`${kind} recorded for staff`);
}

type RefundOutcome = { kind: 'repeat' } | { kind: 'done' | 'failed' | 'mismatch'; order: OrderDoc; refund: RefundDoc };

/** WeChat Pay's refund result for one outRefundNo. */
export async function onRefund(database: Database, event: Record<string, unknown>, now: Date): Promise<PayNotifyReply> {
  const no = String(event.outRefundNo ?? '');
  const refund = no ? await findOne<RefundDoc>(database, REFUNDS, no) : null;
  if (!refund) {
    console.error('[payNotify] unknown outRefundNo', no);
    await flag(database, { kind: 'unknown_order', communityId: null, orderId: null, outTradeNo: String(event.outTradeNo ?? '') || null, event }, `unknown_refund:${no}`, now);
    return handled('unknown refund recorded for staff');
  }
  const fee = Number(event.refundFee);
  const status = String(event.refundStatus ?? '');
  // A replay, or a result after the refund was settled for good, changes nothing (refundVerdict).
  if (refundVerdict(refund.state, status, fee, refund.amountFen) === 'repeat') return handled('already handled');
  const _ = database.command;
  const outcome = await inTransaction<RefundOutcome>(database, async (t) => {
    const r = (await t.collection<RefundDoc>(REFUNDS).doc(no).get()).data;
    const verdict = refundVerdict(r.state, status, fee, r.amountFen);
    if (verdict === 'repeat') return { kind: 'repeat' };
    const o = (await t.collection<OrderDoc>(ORDERS).doc(r.orderId).get()).data;
    if (verdict === 'mismatch') return { kind: 'mismatch', order: o, refund: r };
    const state = verdict;
    await t
      .collection(REFUNDS)
      .doc(no)
      .update({ data: { state, doneAt: now, wxRefundId: typeof event.refundId === 'string' ? event.refundId : null } });
    const { order: after, events } = settleRefund(o, r, verdict, status, now);
    const { refunds, refundDoneFen } = after;
    await t
      .collection(ORDERS)
      .doc(o._id)
      .update({
        data: {
          refunds: _.set(refunds),
          refundDoneFen,
          refundedFen: after.refundedFen,
          state: after.state,
          flag: after.flag,
          events: _.push(events),
          queueKey: after.queueKey,
          rev: _.inc(1),
          updatedAt: now,
        },
      });
    return { kind: verdict, order: after, refund: { ...r, state } };
  });
  if (outcome.kind === 'repeat') return handled('already handled');
  const { order } = outcome;
  if (outcome.kind === 'done') {
    await tellBooker(database, order, `您的订单 ${order.no} 退款 ${yuan(refund.amountFen)} 元已原路退回。`, now);
    return handled('refund done');
  }
  const kind = outcome.kind === 'mismatch' ? 'refund_mismatch' : 'refund_failed';
  await flag(database, { kind, communityId: order.communityId, orderId: order._id, outTradeNo: refund.outTradeNo, event }, `${kind}:${no}`, now);
  await tellStaff(
    database,
    await moneyPeople(database, order.communityId),
    order,
    '退款异常',
    `${order.no}：退款 ${yuan(refund.amountFen)} 元${outcome.kind === 'mismatch' ? '金额与申请不符' : '未成功'}，请处理`,
    now,
    now,
  );
  return handled(`${kind} recorded for staff`);
}
