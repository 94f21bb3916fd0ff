// The deposit through the shared cloud-payment path (SPEC §4, §12): the same payment and refund
// records (`payments`, `refunds`), the same callback function (payNotify routes numbers starting
// `ZX` here), the same rules — a callback verified against the record and the application,
// applied at most once in a transaction, never backwards, a wrong amount refused and flagged for
// staff — and the same code (core/payments/pay.ts). Only what the callback moves differs: a paid
// deposit issues the permit; a refund done closes the settlement.
import type { PayNotifyReply } from '../../../types/orders';
import { conflict } from '../router/errors';
import { type Payable, type PaymentParams, findOne, onPaid, onRefund, sendRefund, startAttempt } from '../payments/pay';
import { REFUNDS, type RefundDoc } from '../payments/records';
import { type PaidVerdict, paidVerdictFor } from '../payments/verdicts';
import { type Database, isDuplicateError } from '../sdk';
import { DECORATIONS, findDecoration } from './data';
import { type DecorationDoc, type DecorationEventDoc, addDays, dayAt, decorationNextDueAt, decorationQueueKey, depositRefundNo, depositTradeNo, permitNo } from './model';
import { tellApplicant, tellStewards, yuan } from './notices';

export type { PaymentParams };

/**
 * The cloud-pay order for the deposit (payments/pay.ts): a repeated payDeposit reuses the attempt
 * in progress (one outTradeNo for one amount).
 */
export async function startDeposit(
  database: Database,
  d: DecorationDoc,
  payer: string,
  now: Date,
): Promise<{ decoration: DecorationDoc; outTradeNo: string; payment: PaymentParams }> {
  const amount = d.approval?.depositFen ?? 0;
  if (amount <= 0) throw conflict('本次装修无需缴纳押金');
  const started = await startAttempt(
    database,
    d,
    {
      collection: DECORATIONS,
      awaiting: 'approved',
      amountFen: amount,
      tradeNo: (seq) => depositTradeNo(d._id, seq),
      item: '装修押金',
      payer,
      stale: '装修申请状态已变化，请刷新后重试',
      subject: 'decoration',
    },
    () => findDecoration(database, d._id),
    now,
  );
  return { decoration: started.object, outTradeNo: started.outTradeNo, payment: started.payment };
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

/**
 * What a deposit's success callback for attempt `no` means (the orders' rule): settled once, any
 * later delivery a repeat; the amount asked or it is refused; money for an application no longer
 * waiting for this attempt is kept on record and flagged for a refund.
 */
export function depositVerdict(p: { state: string; totalFee: number }, d: Pick<DecorationDoc, 'state' | 'payingNo'>, no: string, fee: number): PaidVerdict {
  return paidVerdictFor(p, d.state === 'approved' && d.payingNo === no, d.state === 'cancelled' || d.state === 'rejected', fee);
}

/** What WeChat Pay's callbacks move on an application: a paid deposit issues the permit; a refund done closes the settlement. */
const DEPOSIT_PAYABLE: Payable<DecorationDoc> = {
  collection: DECORATIONS,
  paidVerdict: (p, d, no, fee) => depositVerdict(p, d, no, fee),
  settlePaid(d, verdict, { no, fee, transactionId }, now, _) {
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
      after = { ...d, flag: verdict === 'mismatch' ? 'amount_mismatch' : verdict, rev: d.rev + 1, updatedAt: now };
      data.flag = after.flag;
    }
    after.queueKey = decorationQueueKey(after);
    after.nextDueAt = decorationNextDueAt(after);
    Object.assign(data, { queueKey: after.queueKey, nextDueAt: after.nextDueAt });
    return { after, data };
  },
  async afterPaid(database, d, verdict, payment, fee, now) {
    if (verdict === 'paid') {
      await tellApplicant(
        database,
        d,
        '许可证已签发',
        `装修押金 ${yuan(fee)} 元已支付，施工许可证 ${d.permit?.no ?? ''} 已签发，请将许可证码交给施工负责人，进出小区时出示。`,
        now,
        fee,
      );
      await tellStewards(
        database,
        d,
        '新的装修户',
        `${d.unit} ${d.no} 已签发施工许可证（${d.plannedStart} 至 ${d.plannedEnd}），开工后请每日巡查`,
        d.permit?.validFrom ?? now,
        now,
      );
      return;
    }
    const what =
      verdict === 'mismatch' ? `支付金额 ${yuan(fee)} 元与押金 ${yuan(payment.totalFee)} 元不符，未入账` : `收到押金 ${yuan(fee)} 元，但该申请已不在待缴押金状态，请核实并退款`;
    await tellStewards(database, d, '押金支付异常', `${d.no}：${what}`, now, now, true);
  },
  settleRefund(d, r, verdict, status, now, _) {
    const ok = verdict === 'done';
    const mine = d.refund?.no === r._id;
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
    const data = {
      refund: _.set(refundNow),
      state: after.state,
      flag: after.flag,
      events: _.push([ev]),
      queueKey: after.queueKey,
      nextDueAt: after.nextDueAt,
      rev: _.inc(1),
      updatedAt: now,
    };
    return { after, data };
  },
  async afterRefund(database, d, verdict, refund, now) {
    if (verdict === 'done') {
      await tellApplicant(database, d, '押金已退回', `装修 ${d.no} 的押金退款 ${yuan(refund.amountFen)} 元已原路退回。`, now, refund.amountFen);
      return;
    }
    await tellStewards(database, d, '押金退款异常', `${d.no}：押金退款 ${yuan(refund.amountFen)} 元未成功，请重新结算退款`, now, now, true);
  },
};

/** WeChat Pay's success callback for a deposit's outTradeNo. */
export const onDepositPaid = (database: Database, event: Record<string, unknown>, now: Date): Promise<PayNotifyReply> => onPaid(database, DEPOSIT_PAYABLE, event, now);

/** WeChat Pay's refund result for a deposit's outRefundNo. */
export const onDepositRefund = (database: Database, event: Record<string, unknown>, now: Date): Promise<PayNotifyReply> => onRefund(database, DEPOSIT_PAYABLE, event, now);

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
  const fresh: RefundDoc = {
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
  };
  let record: RefundDoc | null = fresh;
  try {
    await database.collection<RefundDoc>(REFUNDS).add({ data: { ...fresh } });
  } catch (error) {
    if (!isDuplicateError(error)) throw error;
    // a retry: the number is recorded already; sent again below unless it went through
    record = await findOne<RefundDoc>(database, REFUNDS, refund.no);
    if (record && (record.state === 'done' || record.state === 'pending')) return { ...refund, state: record.state };
  }
  const sent = await sendRefund(database, refund.no, d.communityId, 'decoration', now, record ?? undefined);
  return { ...refund, state: sent ? 'pending' : 'requested' };
}
