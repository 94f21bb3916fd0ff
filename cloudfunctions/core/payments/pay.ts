// The one WeChat Pay path (SPEC §4) every subject pays through: the attempt (one outTradeNo for one
// amount, its record written before WeChat is asked), the refund sent under its own number, and
// the callbacks — verified against the record and the paying object, applied at most once in a
// transaction over both, never backwards, anything odd recorded for staff. WeChat retries a
// callback for two days unless it gets errcode 0, so anything recorded — applied, a repeat, or
// flagged — is answered 0; only a failure to record is not. A subject (orders, decoration) says
// only what a callback moves on its own object (a `Payable`) and whom it tells.
import { randomBytes } from 'node:crypto';
import type { PayNotifyReply } from '../../../types/orders';
import { AppError, conflict } from '../router/errors';
import { type CloudPayReply, type Database, type Transaction, isDuplicateError, sdk } from '../sdk';
import { type PaidVerdict, refundVerdict } from './verdicts';
import { ANOMALIES, PAY_SETTINGS, PAYMENTS, REFUNDS, type PayAnomalyDoc, type PaymentDoc, type RefundDoc } from './records';

/** The function WeChat Pay calls back, for payments and refunds alike. */
export const NOTIFY_FUNCTION = 'payNotify';

/** Per community: the WeChat Pay sub-merchant (特约商户号) its payments go to. */
export interface PaySettingsDoc {
  _id: string;
  subMchId: string;
  /** what the owner's WeChat Pay bill shows before the item, e.g. 悦海和园物业 */
  payee: string;
}

export type PaymentParams = { timeStamp: string; nonceStr: string; package: string; signType: string; paySign: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const nonce = () => randomBytes(16).toString('hex');

export async function findOne<T>(database: Database, collection: string, id: string): Promise<T | null> {
  return (await database.collection<T>(collection).where({ _id: id }).limit(1).get()).data[0] ?? null;
}

/** The cloud environment the callback function lives in (the one this function runs in). */
function envId(): string {
  return sdk().getWXContext().ENV ?? process.env.TCB_ENV ?? process.env.SCF_NAMESPACE ?? '';
}

export async function payeeOf(database: Database, communityId: string): Promise<PaySettingsDoc> {
  const settings = await findOne<PaySettingsDoc>(database, PAY_SETTINGS, communityId);
  if (!settings?.subMchId) throw conflict('本小区暂未开通微信支付，请到物业前台付款');
  return settings;
}

const succeeded = (reply: CloudPayReply) => reply.returnCode === 'SUCCESS' && reply.resultCode === 'SUCCESS';

export const handled = (errmsg: string): PayNotifyReply => ({ errcode: 0, errmsg });

// ----- paying ------------------------------------------------------------------------------------------

/** The paying object as the attempt sees it: which attempt it waits for, claimed with its revision. */
export interface PayingObject {
  _id: string;
  communityId: string;
  rev: number;
  payingNo: string | null;
  paySeq: number;
}

export interface PayAttempt {
  /** the object's collection, and the state it must be in to be paid */
  collection: string;
  awaiting: string;
  amountFen: number;
  /** the outTradeNo of attempt `seq` (a subject's prefix tells payNotify whose it is) */
  tradeNo: (seq: number) => string;
  /** the item on the payer's bill, after the payee */
  item: string;
  payer: string;
  /** the CONFLICT message when someone else moved the object meanwhile */
  stale: string;
  /** for the log */
  subject: string;
}

/**
 * The cloud-pay order for an object awaiting payment. A repeated pay (double tap, the page opened
 * again) reuses the attempt in progress, so WeChat sees one outTradeNo for one amount; the payment
 * record is written before WeChat is asked, so even a callback that beats our reply finds it.
 * Answers the object as it now is (re-read when a concurrent pay made the attempt first).
 */
export async function startAttempt<T extends PayingObject>(
  database: Database,
  object: T,
  attempt: PayAttempt,
  reread: () => Promise<T | null>,
  now: Date,
): Promise<{ object: T; outTradeNo: string; payment: PaymentParams }> {
  const amount = attempt.amountFen;
  const settings = await payeeOf(database, object.communityId);
  let current = object;
  let no = current.payingNo;
  if (no) {
    const previous = await findOne<PaymentDoc>(database, PAYMENTS, no);
    if (previous && (previous.state !== 'created' || previous.totalFee !== amount)) no = null;
  }
  if (!no) {
    const seq = current.paySeq + 1;
    const fresh = attempt.tradeNo(seq);
    const claimed = await database
      .collection<PayingObject>(attempt.collection)
      .where({ _id: current._id, state: attempt.awaiting, rev: current.rev })
      .update({ data: { payingNo: fresh, paySeq: seq, rev: database.command.inc(1), updatedAt: now } });
    if (claimed.stats.updated !== 1) {
      // a concurrent pay made the attempt first: use theirs
      const again = await reread();
      if (!again || (again as unknown as { state: string }).state !== attempt.awaiting || !again.payingNo) throw conflict(attempt.stale);
      current = again;
      no = again.payingNo;
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
        openid: attempt.payer,
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
    body: `${settings.payee}-${attempt.item}`.slice(0, 40),
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
    console.error(`[${attempt.subject}] unifiedOrder refused`, no, reply);
    throw new AppError('INTERNAL', '微信支付下单失败，请稍后重试');
  }
  const { timeStamp, nonceStr, signType, paySign } = reply.payment;
  return { object: current, outTradeNo: no, payment: { timeStamp, nonceStr, package: reply.payment.package, signType, paySign } };
}

// ----- refunding ---------------------------------------------------------------------------------------

/**
 * Asks WeChat for refund `no` (recorded before, with its own outRefundNo: WeChat refunds one number
 * once, so a retry re-sends the same number). On success the record is pending until its callback;
 * a failure leaves it unsent (`requested`). Answers whether WeChat took it.
 */
export async function sendRefund(database: Database, no: string, communityId: string, subject: string, now: Date, record?: RefundDoc): Promise<boolean> {
  // the caller may have the record in hand already (one read fewer)
  const refund = record ?? (await findOne<RefundDoc>(database, REFUNDS, no));
  if (!refund || !refund.outTradeNo) throw new AppError('INTERNAL', '退款记录缺失，请联系管理员');
  const settings = await payeeOf(database, communityId);
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
    console.error(`[${subject}] refund not sent`, no, error);
    return false;
  }
  if (!succeeded(reply)) {
    console.error(`[${subject}] refund refused`, no, reply);
    return false;
  }
  await database
    .collection<RefundDoc>(REFUNDS)
    .where({ _id: no, state: 'requested' })
    .update({ data: { state: 'pending', sentAt: now } });
  return true;
}

// ----- callbacks -----------------------------------------------------------------------------------------

class Stale extends Error {
  constructor() {
    super('stale');
  }
}

/** Thrown inside `inTransaction` when the object moved since it was read: a CONFLICT for the caller. */
export const stale = (): Error => new Stale();

/**
 * A transaction retried on conflict (the SDK retries only conflicts at commit; one at a write, or a
 * concurrent callback, fails the attempt). A Stale read is a CONFLICT for the caller.
 */
export async function inTransaction<R>(database: Database, work: (t: Transaction) => Promise<R>, staleMessage = '订单状态已变化，请刷新后重试'): Promise<R> {
  let last: unknown;
  for (let attempt = 0; attempt < 8; attempt += 1) {
    try {
      return await database.runTransaction(work, 2);
    } catch (error) {
      if (error instanceof Stale || (error as { message?: string })?.message === 'stale') throw conflict(staleMessage);
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

type Command = Database['command'];

/** What a subject's object does with the callbacks the shared path has verified. */
export interface Payable<T extends { _id: string; communityId: string }> {
  collection: string;
  /** what a success callback for attempt `no` paying `fee` means for payment `p` and object `o` */
  paidVerdict(p: PaymentDoc, o: T, no: string, fee: number): PaidVerdict;
  /** the object after a non-repeat payment verdict, and the update that writes it (in the transaction) */
  settlePaid(
    o: T,
    verdict: Exclude<PaidVerdict, 'repeat'>,
    payment: { no: string; fee: number; transactionId: string | null },
    now: Date,
    _: Command,
  ): { after: T; data: Record<string, unknown> };
  /** after the commit: tell people a payment went through, or (flagged already) what staff must look at */
  afterPaid(database: Database, after: T, verdict: Exclude<PaidVerdict, 'repeat'>, payment: PaymentDoc, fee: number, now: Date): Promise<void>;
  /** the object after refund `r` settled as `verdict`, and its update */
  settleRefund(o: T, r: RefundDoc, verdict: 'done' | 'failed', status: string, now: Date, _: Command): { after: T; data: Record<string, unknown> };
  /** after the commit (or a mismatch, flagged already): tell the payer or the staff */
  afterRefund(database: Database, after: T, verdict: 'done' | 'failed' | 'mismatch', refund: RefundDoc, now: Date): Promise<void>;
}

type PaidOutcome<T> = { kind: 'repeat' } | { kind: Exclude<PaidVerdict, 'repeat'>; object: T };

/** WeChat Pay's success callback for one outTradeNo of `payable`'s. */
export async function onPaid<T extends { _id: string; communityId: string }>(
  database: Database,
  payable: Payable<T>,
  event: Record<string, unknown>,
  now: Date,
): Promise<PayNotifyReply> {
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
  const outcome = await inTransaction<PaidOutcome<T>>(database, async (t) => {
    const p = (await t.collection<PaymentDoc>(PAYMENTS).doc(no).get()).data;
    if (p.state !== 'created') return { kind: 'repeat' };
    const o = (await t.collection<T>(payable.collection).doc(p.orderId).get()).data;
    const verdict = payable.paidVerdict(p, o, no, fee);
    if (verdict === 'repeat') return { kind: 'repeat' };
    const mismatch = verdict === 'mismatch';
    await t
      .collection(PAYMENTS)
      .doc(no)
      .update({ data: { state: mismatch ? 'mismatch' : 'paid', paidFee: mismatch && !Number.isFinite(fee) ? null : fee, transactionId, callbacks: _.inc(1), paidAt: now } });
    const { after, data } = payable.settlePaid(o, verdict, { no, fee, transactionId }, now, _);
    await t.collection(payable.collection).doc(o._id).update({ data });
    return { kind: verdict, object: after };
  });
  if (outcome.kind === 'repeat') return handled('already handled');
  if (outcome.kind === 'paid') {
    await payable.afterPaid(database, outcome.object, 'paid', payment, fee, now);
    return handled('paid');
  }
  const kind = outcome.kind === 'mismatch' ? 'amount_mismatch' : outcome.kind;
  await flag(database, { kind, communityId: outcome.object.communityId, orderId: outcome.object._id, outTradeNo: no, event }, `${kind}:${no}`, now);
  await payable.afterPaid(database, outcome.object, outcome.kind, payment, fee, now);
  return handled(`${kind} recorded for staff`);
}

type RefundOutcome<T> = { kind: 'repeat' } | { kind: 'done' | 'failed' | 'mismatch'; object: T; refund: RefundDoc };

/** WeChat Pay's refund result for one outRefundNo of `payable`'s. */
export async function onRefund<T extends { _id: string; communityId: string }>(
  database: Database,
  payable: Payable<T>,
  event: Record<string, unknown>,
  now: Date,
): Promise<PayNotifyReply> {
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
  const outcome = await inTransaction<RefundOutcome<T>>(database, async (t) => {
    const r = (await t.collection<RefundDoc>(REFUNDS).doc(no).get()).data;
    const verdict = refundVerdict(r.state, status, fee, r.amountFen);
    if (verdict === 'repeat') return { kind: 'repeat' };
    const o = (await t.collection<T>(payable.collection).doc(r.orderId).get()).data;
    if (verdict === 'mismatch') return { kind: 'mismatch', object: o, refund: r };
    await t
      .collection(REFUNDS)
      .doc(no)
      .update({ data: { state: verdict, doneAt: now, wxRefundId: typeof event.refundId === 'string' ? event.refundId : null } });
    const { after, data } = payable.settleRefund(o, r, verdict, status, now, _);
    await t.collection(payable.collection).doc(o._id).update({ data });
    return { kind: verdict, object: after, refund: { ...r, state: verdict } };
  });
  if (outcome.kind === 'repeat') return handled('already handled');
  if (outcome.kind === 'done') {
    await payable.afterRefund(database, outcome.object, 'done', refund, now);
    return handled('refund done');
  }
  const kind = outcome.kind === 'mismatch' ? 'refund_mismatch' : 'refund_failed';
  await flag(database, { kind, communityId: outcome.object.communityId, orderId: outcome.object._id, outTradeNo: refund.outTradeNo, event }, `${kind}:${no}`, now);
  await payable.afterRefund(database, outcome.object, outcome.kind, refund, now);
  return handled(`${kind} recorded for staff`);
}
