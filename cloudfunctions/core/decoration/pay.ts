// The deposit through the orders' cloud-payment path (SPEC §4, §12): the same payment and refund
// records (`payments`, `refunds`), the same callback function (payNotify routes numbers starting
// `ZX` here), the same rules — a callback verified against the record and the application,
// applied at most once in a transaction, never backwards, a wrong amount refused and flagged for
// staff — and the same helpers (core/orders/pay.ts). Only what the callback moves differs: a paid
// deposit issues the permit; a refund done closes the settlement.
import type { PayNotifyReply } from '../../../types/orders';
import { refundVerdict } from '../orders/callbacks';
import { findOne, PAYMENTS, REFUNDS } from '../orders/data';
import type { PaymentDoc, RefundDoc } from '../orders/model';
import { envId, flag, handled, inTransaction, nonce, NOTIFY_FUNCTION, payeeOf, succeeded } from '../orders/pay';
import { AppError, conflict } from '../router/errors';
import { type CloudPayReply, type Database, isDuplicateError, sdk } from '../sdk';
import { DECORATIONS, findDecoration } from './data';
import { type DecorationDoc, type DecorationEventDoc, addDays, dayAt, decorationNextDueAt, decorationQueueKey, depositRefundNo, depositTradeNo, permitNo } from './model';
import { tellApplicant, tellStewards, yuan } from './notices';

export type PaymentParams = { timeStamp: string; nonceStr: string; package: string; signType: string; paySign: string };

/**
 * The cloud-pay order for the deposit. A repeated payDeposit reuses the attempt in progress (one
 * outTradeNo for one amount); the record is written before WeChat is asked, so a callback that
 * beats our reply finds it.
 */
export async function startDeposit(
  database: Database,
  d: DecorationDoc,
  payer: string,
  now: Date,
): Promise<{ decoration: DecorationDoc; outTradeNo: string; payment: PaymentParams }> {
  const amount = d.approval?.depositFen ?? 0;
  if (amount <= 0) throw conflict('本次装修无需缴纳押金');
  const settings = await payeeOf(database, d.communityId);
  let current = d;
  let no = current.payingNo;
  if (no) {
    const attempt = await findOne<PaymentDoc>(database, PAYMENTS, no);
    if (attempt && (attempt.state !== 'created' || attempt.totalFee !== amount)) no = null;
  }
  if (!no) {
    const seq = current.paySeq + 1;
    const fresh = depositTradeNo(current._id, seq);
    const claimed = await database
      .collection<DecorationDoc>(DECORATIONS)
      .where({ _id: current._id, state: 'approved', rev: current.rev })
      .update({ data: { payingNo: fresh, paySeq: seq, rev: database.command.inc(1), updatedAt: now } });
    if (claimed.stats.updated !== 1) {
      const reread = await findDecoration(database, current._id);
      if (!reread || reread.state !== 'approved' || !reread.payingNo) throw conflict('装修申请状态已变化，请刷新后重试');
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
    if (!isDuplicateError(error)) throw error;
  }
  const reply = await sdk().cloudPay.unifiedOrder({
    body: `${settings.payee}-装修押金`.slice(0, 40),
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
    console.error('[decoration] unifiedOrder refused', no, reply);
    throw new AppError('INTERNAL', '微信支付下单失败，请稍后重试');
  }
  const { timeStamp, nonceStr, signType, paySign } = reply.payment;
  return { decoration: current, outTradeNo: no, payment: { timeStamp, nonceStr, package: reply.payment.package, signType, paySign } };
}

/** The permit a paid (or deposit-free) application gets: its number, its dates, its hours. */
export function issuePermit(d: DecorationDoc, now: Date): { changes: Partial<DecorationDoc>; event: DecorationEventDoc } {
  const hours = d.approval?.workingHours ?? { from: '08:00', to: '18:00' };
  const permit = { no: permitNo(d.no), validFrom: dayAt(d.plannedStart, 0), validTo: new Date(dayAt(addDays(d.plannedEnd, 1), 0).getTime() - 1), workingHours: hours };
  const event: DecorationEventDoc = {
    action: 'permit',
    from: d.state,
    to: 'permitted',
    actorRole: 'system',
    actorId: 'system',
    actorName: null,
    at: now,
    note: `签发施工许可证 ${permit.no}（${d.plannedStart} 至 ${d.plannedEnd}，每日 ${hours.from}-${hours.to}）`,
  };
  return { changes: { state: 'permitted', permit }, event };
}

type PaidVerdict = 'repeat' | 'mismatch' | 'paid' | 'paid_twice' | 'paid_after_cancel';

/**
 * What a deposit's success callback for attempt `no` means (the orders' rule): settled once, any
 * later delivery a repeat; the amount asked or it is refused; money for an application no longer
 * waiting for this attempt is kept on record and flagged for a refund.
 */
export function depositVerdict(p: Pick<PaymentDoc, 'state' | 'totalFee'>, d: Pick<DecorationDoc, 'state' | 'payingNo'>, no: string, fee: number): PaidVerdict {
  if (p.state !== 'created') return 'repeat';
  if (!Number.isInteger(fee) || fee !== p.totalFee) return 'mismatch';
  if (d.state === 'approved' && d.payingNo === no) return 'paid';
  return d.state === 'cancelled' || d.state === 'rejected' ? 'paid_after_cancel' : 'paid_twice';
}

type PaidOutcome = { kind: 'repeat' } | { kind: Exclude<PaidVerdict, 'repeat'>; decoration: DecorationDoc };

/** WeChat Pay's success callback for a deposit's outTradeNo. */
export async function onDepositPaid(database: Database, event: Record<string, unknown>, now: Date): Promise<PayNotifyReply> {
  const no = String(event.outTradeNo ?? '');
  const fee = Number(event.totalFee);
  if (event.returnCode !== 'SUCCESS' || event.resultCode !== 'SUCCESS') return handled('not a success: nothing to apply');
  const payment = no ? await findOne<PaymentDoc>(database, PAYMENTS, no) : null;
  if (!payment) {
    console.error('[payNotify] unknown deposit outTradeNo', no);
    await flag(database, { kind: 'unknown_order', communityId: null, orderId: null, outTradeNo: no || null, event }, `unknown_order:${no}`, now);
    return handled('unknown order recorded for staff');
  }
  if (payment.state !== 'created') return handled('already handled');
  const _ = database.command;
  const transactionId = typeof event.transactionId === 'string' ? event.transactionId : null;
  const outcome = await inTransaction<PaidOutcome>(database, async (t) => {
    const p = (await t.collection<PaymentDoc>(PAYMENTS).doc(no).get()).data;
    const d = (await t.collection<DecorationDoc>(DECORATIONS).doc(p.orderId).get()).data;
    const verdict = depositVerdict(p, d, no, fee);
    if (verdict === 'repeat') return { kind: 'repeat' };
    const mismatch = verdict === 'mismatch';
    await t
      .collection(PAYMENTS)
      .doc(no)
      .update({ data: { state: mismatch ? 'mismatch' : 'paid', paidFee: mismatch && !Number.isFinite(fee) ? null : fee, transactionId, callbacks: _.inc(1), paidAt: now } });
    let after: DecorationDoc;
    const data: Record<string, unknown> = { rev: _.inc(1), updatedAt: now };
    if (verdict === 'paid') {
      const deposit = { amountFen: fee, paidAt: now, outTradeNo: no, transactionId };
      const { changes, event: issued } = issuePermit(d, now);
      const paidEvent: DecorationEventDoc = {
        action: 'payDeposit',
        from: d.state,
        to: d.state,
        actorRole: 'system',
        actorId: 'wechatpay',
        actorName: null,
        at: now,
        note: `微信支付押金 ${yuan(fee)} 元`,
      };
      after = { ...d, ...changes, deposit, rev: d.rev + 1, updatedAt: now, events: [...d.events, paidEvent, issued] };
      Object.assign(data, { state: after.state, deposit: _.set(deposit), permit: _.set(after.permit), events: _.push([paidEvent, issued]) });
    } else {
      after = { ...d, flag: mismatch ? 'amount_mismatch' : verdict, rev: d.rev + 1, updatedAt: now };
      data.flag = after.flag;
    }
    after.queueKey = decorationQueueKey(after);
    after.nextDueAt = decorationNextDueAt(after);
    Object.assign(data, { queueKey: after.queueKey, nextDueAt: after.nextDueAt });
    await t.collection(DECORATIONS).doc(d._id).update({ data });
    return { kind: verdict, decoration: after };
  });
  if (outcome.kind === 'repeat') return handled('already handled');
  const d = outcome.decoration;
  if (outcome.kind === 'paid') {
    await tellApplicant(
      database,
      d,
      '许可证已签发',
      `装修押金 ${yuan(fee)} 元已支付，施工许可证 ${d.permit?.no ?? ''} 已签发，请将许可证码交给施工负责人，进出小区时出示。`,
      now,
      fee,
    );
    await tellStewards(database, d, '新的装修户', `${d.unit} ${d.no} 已签发施工许可证（${d.plannedStart} 至 ${d.plannedEnd}），开工后请每日巡查`, d.permit?.validFrom ?? now, now);
    return handled('paid');
  }
  const kind = outcome.kind === 'mismatch' ? 'amount_mismatch' : outcome.kind;
  await flag(database, { kind, communityId: d.communityId, orderId: d._id, outTradeNo: no, event }, `${kind}:${no}`, now);
  const what =
    outcome.kind === 'mismatch' ? `支付金额 ${yuan(fee)} 元与押金 ${yuan(payment.totalFee)} 元不符，未入账` : `收到押金 ${yuan(fee)} 元，但该申请已不在待缴押金状态，请核实并退款`;
  await tellStewards(database, d, '押金支付异常', `${d.no}：${what}`, now, now, true);
  return handled(`${kind} recorded for staff`);
}

/**
 * The deposit's refund (`amountFen`), under its own number: while a refund waits unsent or
 * unanswered, asking again re-sends the same number (WeChat refunds one number once); only after
 * a failure is a new number taken. Answers the refund as recorded.
 */
export async function refundDeposit(database: Database, d: DecorationDoc, amountFen: number, reason: string, by: string, now: Date): Promise<NonNullable<DecorationDoc['refund']>> {
  const paid = d.deposit;
  if (!paid) throw conflict('押金尚未支付，无需退款');
  let refund = d.refund;
  if (!refund || refund.state === 'failed') {
    const seq = (refund?.seq ?? 0) + 1;
    refund = { no: depositRefundNo(d._id, seq), amountFen, state: 'requested', seq };
  }
  if (refund.amountFen !== amountFen) throw conflict(`上一笔退款（${yuan(refund.amountFen)} 元）尚未完成`);
  try {
    await database.collection<RefundDoc>(REFUNDS).add({
      data: {
        _id: refund.no,
        orderId: d._id,
        communityId: d.communityId,
        outTradeNo: paid.outTradeNo,
        method: 'wechat',
        amountFen,
        totalFee: paid.amountFen,
        state: 'requested',
        reason,
        by,
        requestedAt: now,
        sentAt: null,
        doneAt: null,
        wxRefundId: null,
      },
    });
  } catch (error) {
    if (!isDuplicateError(error)) throw error; // a retry: the same number, sent again below
  }
  const record = await findOne<RefundDoc>(database, REFUNDS, refund.no);
  if (record && (record.state === 'done' || record.state === 'pending')) return { ...refund, state: record.state };
  const settings = await payeeOf(database, d.communityId);
  let reply: CloudPayReply | null = null;
  try {
    reply = await sdk().cloudPay.refund({
      outTradeNo: paid.outTradeNo,
      outRefundNo: refund.no,
      subMchId: settings.subMchId,
      totalFee: paid.amountFen,
      refundFee: amountFen,
      envId: envId(),
      functionName: NOTIFY_FUNCTION,
      nonceStr: nonce(),
      refundDesc: reason.slice(0, 80),
    });
  } catch (error) {
    console.error('[decoration] refund not sent', refund.no, error);
  }
  if (reply && succeeded(reply)) {
    await database
      .collection<RefundDoc>(REFUNDS)
      .where({ _id: refund.no, state: 'requested' })
      .update({ data: { state: 'pending', sentAt: now } });
    return { ...refund, state: 'pending' };
  }
  if (reply) console.error('[decoration] refund refused', refund.no, reply);
  return { ...refund, state: 'requested' };
}

type RefundOutcome = { kind: 'repeat' } | { kind: 'done' | 'failed' | 'mismatch'; decoration: DecorationDoc; refund: RefundDoc };

/** WeChat Pay's refund result for a deposit's outRefundNo: done closes a settled application. */
export async function onDepositRefund(database: Database, event: Record<string, unknown>, now: Date): Promise<PayNotifyReply> {
  const no = String(event.outRefundNo ?? '');
  const refund = no ? await findOne<RefundDoc>(database, REFUNDS, no) : null;
  if (!refund) {
    await flag(database, { kind: 'unknown_order', communityId: null, orderId: null, outTradeNo: String(event.outTradeNo ?? '') || null, event }, `unknown_refund:${no}`, now);
    return handled('unknown refund recorded for staff');
  }
  const fee = Number(event.refundFee);
  const status = String(event.refundStatus ?? '');
  if (refundVerdict(refund.state, status, fee, refund.amountFen) === 'repeat') return handled('already handled');
  const _ = database.command;
  const outcome = await inTransaction<RefundOutcome>(database, async (t) => {
    const r = (await t.collection<RefundDoc>(REFUNDS).doc(no).get()).data;
    const verdict = refundVerdict(r.state, status, fee, r.amountFen);
    if (verdict === 'repeat') return { kind: 'repeat' };
    const d = (await t.collection<DecorationDoc>(DECORATIONS).doc(r.orderId).get()).data;
    if (verdict === 'mismatch') return { kind: 'mismatch', decoration: d, refund: r };
    await t
      .collection(REFUNDS)
      .doc(no)
      .update({ data: { state: verdict, doneAt: now, wxRefundId: typeof event.refundId === 'string' ? event.refundId : null } });
    const ok = verdict === 'done';
    const mine = d.refund?.no === no;
    const refundNow = mine && d.refund ? { ...d.refund, state: verdict } : d.refund;
    const closes = ok && mine && d.state === 'settled';
    const ev: DecorationEventDoc = {
      action: closes ? 'close' : 'settle',
      from: d.state,
      to: closes ? 'closed' : d.state,
      actorRole: 'system',
      actorId: 'wechatpay',
      actorName: null,
      at: now,
      note: ok ? `押金退款 ${yuan(r.amountFen)} 元已原路退回` : `押金退款 ${yuan(r.amountFen)} 元未成功（${status || '未知'}），需重新发起`,
    };
    const after: DecorationDoc = {
      ...d,
      refund: refundNow,
      state: closes ? 'closed' : d.state,
      flag: ok ? d.flag : 'refund_failed',
      rev: d.rev + 1,
      updatedAt: now,
      events: [...d.events, ev],
    };
    after.queueKey = decorationQueueKey(after);
    after.nextDueAt = decorationNextDueAt(after);
    await t
      .collection(DECORATIONS)
      .doc(d._id)
      .update({
        data: {
          refund: _.set(refundNow),
          state: after.state,
          flag: after.flag,
          events: _.push([ev]),
          queueKey: after.queueKey,
          nextDueAt: after.nextDueAt,
          rev: _.inc(1),
          updatedAt: now,
        },
      });
    return { kind: verdict, decoration: after, refund: r };
  });
  if (outcome.kind === 'repeat') return handled('already handled');
  const d = outcome.decoration;
  if (outcome.kind === 'done') {
    await tellApplicant(database, d, '押金已退回', `装修 ${d.no} 的押金退款 ${yuan(refund.amountFen)} 元已原路退回。`, now, refund.amountFen);
    return handled('refund done');
  }
  const kind = outcome.kind === 'mismatch' ? 'refund_mismatch' : 'refund_failed';
  await flag(database, { kind, communityId: d.communityId, orderId: d._id, outTradeNo: refund.outTradeNo, event }, `${kind}:${no}`, now);
  await tellStewards(database, d, '押金退款异常', `${d.no}：押金退款 ${yuan(refund.amountFen)} 元未成功，请重新结算退款`, now, now, true);
  return handled(`${kind} recorded for staff`);
}
