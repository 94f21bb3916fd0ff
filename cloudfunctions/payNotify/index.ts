// WeChat Pay's callback (SPEC §4, §10): payment results and refund results, named as
// `functionName` in cloudPay.unifiedOrder and cloudPay.refund. It has no action field and answers
// WeChat, not a page: `{ errcode: 0 }` once handled; anything else makes WeChat retry for two days.
import type { PayNotifyReply } from '../../types/orders';
import { onPaid, onRefund } from '../core/orders/pay';
import { isDepositNo } from '../core/decoration/model';
import { onDepositPaid, onDepositRefund } from '../core/decoration/pay';
import { db, sdk } from '../core/sdk';

export async function main(event: unknown): Promise<PayNotifyReply> {
  // Only WeChat Pay may settle an order: a mini-program user calling this function directly
  // (SOURCE wx_client) with a made-up "success" gets nothing.
  const { SOURCE } = sdk().getWXContext();
  if (SOURCE !== 'wx_paycallback') {
    console.error('[payNotify] refused a call that is not a WeChat Pay callback, source', SOURCE);
    return { errcode: 403, errmsg: 'not a WeChat Pay callback' };
  }
  if (typeof event !== 'object' || event === null) return { errcode: 400, errmsg: 'no callback body' };
  const body = event as Record<string, unknown>;
  try {
    const refund = 'outRefundNo' in body || 'refundStatus' in body;
    // a decoration deposit's numbers start `ZX` (core/decoration/model.ts); every other is an order's
    if (isDepositNo(String((refund ? body.outRefundNo : body.outTradeNo) ?? ''))) {
      return refund ? await onDepositRefund(db(), body, new Date()) : await onDepositPaid(db(), body, new Date());
    }
    return refund ? await onRefund(db(), body, new Date()) : await onPaid(db(), body, new Date());
  } catch (error) {
    // Not recorded: WeChat will call again, and the next delivery applies it (at most once).
    console.error('[payNotify] failed, WeChat will retry', error);
    return { errcode: 500, errmsg: 'failed, please retry' };
  }
}
