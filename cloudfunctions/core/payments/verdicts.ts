// What WeChat Pay's callbacks mean on the shared payment path — pure: no database, no clock.
import type { RefundState } from '../../../types/orders';

export type PaidVerdict = 'repeat' | 'mismatch' | 'paid' | 'paid_twice' | 'paid_after_cancel';
export type RefundVerdict = 'repeat' | 'mismatch' | 'done' | 'failed';

/**
 * What a payment's success callback for attempt `no` means, for an object that waits for attempt
 * `payingNo` while in its awaiting state. A payment is settled once: any later delivery is a repeat.
 * The amount must be the one asked, else the object is not paid by it (`mismatch`). Money for an
 * object no longer waiting for this attempt (paid at the desk, paid by another attempt, cancelled)
 * is kept on record and flagged, so that staff refund it.
 */
export function paidVerdictFor(p: { state: string; totalFee: number }, waiting: boolean, cancelled: boolean, fee: number): PaidVerdict {
  if (p.state !== 'created') return 'repeat';
  if (!Number.isInteger(fee) || fee !== p.totalFee) return 'mismatch';
  if (waiting) return 'paid';
  return cancelled ? 'paid_after_cancel' : 'paid_twice';
}

/**
 * What a refund result means for a refund in `state`. A refund moves forward only: requested or
 * pending → done (SUCCESS for the amount asked) or failed (any other status); failed → done when a
 * later SUCCESS says WeChat paid it after all (CHANGE, then SUCCESS: otherwise staff would refund
 * it twice). A done refund never changes again, and a failed one changes only to done.
 */
export function refundVerdict(state: RefundState, status: string, fee: number, amountFen: number): RefundVerdict {
  const success = status === 'SUCCESS';
  if (state === 'done' || (state === 'failed' && !success)) return 'repeat';
  if (success && fee !== amountFen) return 'mismatch';
  return success ? 'done' : 'failed';
}
