// How a pass and a gate check are stored. Times are Date; the view turns them into +08:00 ISO.
import type { ActorRole } from '../../../types/enums';
import type { DailyNumbering } from '../workflow/number';
import type { PermitRefusal } from '../../../types/decoration';
import type { GateCheckKind, OwnerConfirmMethod, PassAction, PassReason, PassRefusal, PassState } from '../../../types/passes';

export interface PassEventDoc {
  action: PassAction;
  from: PassState | null;
  to: PassState;
  actorRole: ActorRole;
  actorId: string;
  actorName: string | null;
  at: Date;
  note: string | null;
}

export interface PassDoc {
  _id: string;
  /** FX20261124-0003 */
  no: string;
  communityId: string;
  unit: string;
  /** `${communityId}:${unit}`: a person's passes across communities are one indexed query */
  unitKey: string;
  building: string;
  state: PassState;
  /** bumped by every transition; each is conditional on it */
  rev: number;
  applicant: string;
  applicantRole: 'owner' | 'resident';
  applicantName: string | null;
  applicantPhone: string | null;
  items: Array<{ name: string; count: number; photos: string[] }>;
  from: Date;
  to: Date;
  /** the Shanghai day the window starts on (the register's date) */
  day: string;
  carrier: { name: string | null; phone: string | null; plate: string | null };
  reason: PassReason;
  reasonNote: string | null;
  needsOwner: boolean;
  ownerConfirmation: { method: OwnerConfirmMethod; by: string; byName: string | null; note: string | null; at: Date } | null;
  /** the decision clock: starts when the pass can be decided, met at approval or rejection */
  clock: { start: Date; at: Date; metAt: Date | null } | null;
  policyVersion: string;
  /** staff queue order (see passQueueKey); null once decided */
  queueKey: number | null;
  /** the sweep's next item (see passNextDueAt); every write recomputes it */
  nextDueAt: Date | null;
  /** alerts the sweep has claimed (`breach`), each sent at most once */
  alerts: Record<string, Date>;
  decision: { approved: boolean; by: string; byName: string | null; at: Date; reason: string | null } | null;
  gate: { released: boolean; by: string; byName: string | null; at: Date; note: string | null } | null;
  /** the code's reference (unique); the signature is computed from the secret when shown */
  ref: string;
  events: PassEventDoc[];
  createdAt: Date;
  updatedAt: Date;
}

/** One check at the gate (核验记录): who, which pass, what was decided. Never the whole code. */
export interface PassCheckDoc {
  _id: string;
  /** the guard's community (the pass's may differ: other_community) */
  communityId: string;
  guard: string;
  guardName: string | null;
  kind: GateCheckKind;
  /**
   * what the code was: a pass (absent in older records), or a decoration's construction permit
   * checked at the same gate (core/decoration/actions.ts verifyPermit), logged in the same book
   */
  subject?: 'pass' | 'permit';
  /** the pass (or, for a permit, the decoration) the code named, when it named one */
  passId: string | null;
  /** the pass's number, or the permit's */
  passNo: string | null;
  /** the reference part of the code as presented (not enough to pass the gate) */
  ref: string | null;
  valid: boolean;
  refusal: PassRefusal | PermitRefusal | null;
  /** the guard's note on a release or refusal */
  note: string | null;
  at: Date;
}

/** FX20261124-0003 */
export const PASS_NUMBERS: DailyNumbering = { prefix: 'FX', counters: 'passCounters', busy: '提交的人太多，请稍后重试' };
