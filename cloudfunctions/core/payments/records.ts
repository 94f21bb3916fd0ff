// The records of the one WeChat Pay path (SPEC §4) every subject pays through: one per cloud-pay
// order, one per refund, one per callback that could not be applied. `orderId` names the paying
// object in its own collection (an order, a decoration); its number's prefix tells payNotify whose.
import type { OrderFlag, PaymentMethod, RefundState } from '../../../types/orders';

export const PAYMENTS = 'payments';
export const REFUNDS = 'refunds';
export const ANOMALIES = 'payAnomalies';
/** per community: the sub-merchant its payments go to */
export const PAY_SETTINGS = 'orderSettings';

/** One cloud-pay order (one `unifiedOrder`), written before WeChat is asked. */
export interface PaymentDoc {
  /** outTradeNo */
  _id: string;
  orderId: string;
  communityId: string;
  openid: string;
  /** integer fen asked of WeChat */
  totalFee: number;
  state: 'created' | 'paid' | 'mismatch';
  transactionId: string | null;
  /** what the callback said it paid (integer fen), when it came */
  paidFee: number | null;
  callbacks: number;
  createdAt: Date;
  paidAt: Date | null;
}

/** One refund (one outRefundNo); mirrored in the order's `refunds`. */
export interface RefundDoc {
  /** outRefundNo */
  _id: string;
  orderId: string;
  communityId: string;
  outTradeNo: string | null;
  method: PaymentMethod;
  /** integer fen */
  amountFen: number;
  /** the payment's total (WeChat's refund asks for both) */
  totalFee: number;
  state: RefundState;
  reason: string;
  by: string;
  requestedAt: Date;
  sentAt: Date | null;
  doneAt: Date | null;
  wxRefundId: string | null;
}

/** A callback that could not be applied: staff look at it (and WeChat is not asked to retry). */
export interface PayAnomalyDoc {
  _id: string;
  kind: OrderFlag | 'unknown_order' | 'refund_mismatch';
  communityId: string | null;
  orderId: string | null;
  outTradeNo: string | null;
  event: Record<string, unknown>;
  count: number;
  createdAt: Date;
  lastAt: Date;
}
