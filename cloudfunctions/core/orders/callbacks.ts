// What WeChat Pay's callbacks mean — pure: the records as stored and the callback in, the verdict
// and the order's new shape out. pay.ts applies them (a transaction over the record and its
// order), tells people and flags what needs staff. No database and no clock: `now` is an argument.
import { type PaidVerdict, paidVerdictFor } from '../payments/verdicts';
import { committedRefunds, type OrderDoc, type OrderEventDoc, type PaymentDoc, queueKey, type RefundDoc } from './model';

const yuan = (fen: number) => (fen / 100).toFixed(2);

export type { PaidVerdict, RefundVerdict } from '../payments/verdicts';
export { refundVerdict } from '../payments/verdicts';

/** What a payment's success callback for attempt `no` means for an order (payments/verdicts.ts). */
export function paidVerdict(p: Pick<PaymentDoc, 'state' | 'totalFee'>, o: Pick<OrderDoc, 'state' | 'payingNo'>, no: string, fee: number): PaidVerdict {
  return paidVerdictFor(p, o.state === 'awaiting_payment' && o.payingNo === no, o.state === 'cancelled', fee);
}

/** The order once a payment callback judged `verdict` is applied at `now`, with its event if it moved. */
export function settlePayment(
  o: OrderDoc,
  verdict: Exclude<PaidVerdict, 'repeat'>,
  payment: { no: string; fee: number; transactionId: string | null },
  now: Date,
): { order: OrderDoc; event: OrderEventDoc | null } {
  const paid = { method: 'wechat' as const, amountFen: payment.fee, at: now, outTradeNo: payment.no, transactionId: payment.transactionId };
  if (verdict === 'paid') {
    const event: OrderEventDoc = {
      action: 'pay',
      from: o.state,
      to: 'paid',
      actorRole: 'system',
      actorId: 'wechatpay',
      actorName: null,
      at: now,
      note: `微信支付 ${yuan(payment.fee)} 元`,
    };
    const after: OrderDoc = { ...o, state: 'paid', paid, rev: o.rev + 1, updatedAt: now, events: [...o.events, event] };
    return { order: { ...after, queueKey: queueKey(after) }, event };
  }
  // Refused (a sum it was not priced at) or money it no longer waits for: flagged for staff.
  const flagged: OrderDoc = { ...o, flag: verdict === 'mismatch' ? 'amount_mismatch' : verdict };
  // a cancelled order that nothing else paid: this payment is what a refund gives back
  if (verdict === 'paid_after_cancel' && !o.paid) flagged.paid = paid;
  return { order: { ...flagged, queueKey: queueKey(flagged) }, event: null };
}

/** The order once refund `r` is settled as `verdict` at `now`, with the events that say so. */
export function settleRefund(
  o: OrderDoc,
  r: Pick<RefundDoc, '_id' | 'amountFen' | 'state'>,
  verdict: 'done' | 'failed',
  status: string,
  now: Date,
): { order: OrderDoc; events: OrderEventDoc[] } {
  const ok = verdict === 'done';
  const late = r.state === 'failed';
  const refunds = o.refunds.map((e) => (e.no === r._id ? { ...e, state: verdict, doneAt: now } : e));
  const refundDoneFen = o.refundDoneFen + (ok ? r.amountFen : 0);
  const after: OrderDoc = { ...o, refunds, refundDoneFen, refundedFen: committedRefunds(refunds), rev: o.rev + 1, updatedAt: now };
  const by = { action: 'refund' as const, actorRole: 'system' as const, actorId: 'wechatpay', actorName: null, at: now };
  const arrived = `退款 ${yuan(r.amountFen)} 元已到账${late ? '（此前通知未成功）' : ''}`;
  const events: OrderEventDoc[] = [];
  if (ok && o.paid && refundDoneFen >= o.paid.amountFen && o.state !== 'refunded') {
    after.state = 'refunded';
    events.push({ ...by, from: o.state, to: 'refunded', note: `${arrived}，全部款项已退回` });
  } else {
    events.push({ ...by, from: o.state, to: o.state, note: ok ? arrived : `退款 ${yuan(r.amountFen)} 元未成功（${status || '未知'}），需人工处理` });
  }
  if (!ok) after.flag = 'refund_failed';
  if (ok && o.flag && o.flag !== 'amount_mismatch' && after.state === 'refunded') after.flag = null;
  // A late success settles the failure it was flagged for — unless another refund still failed, or
  // staff refunded it again meanwhile and more is now given back than was paid: they look at it.
  const overRefunded = o.paid !== null && after.refundedFen > o.paid.amountFen;
  if (ok && late && after.flag === 'refund_failed' && !refunds.some((e) => e.state === 'failed') && !overRefunded) after.flag = null;
  after.events = [...o.events, ...events];
  after.queueKey = queueKey(after);
  return { order: after, events };
}
