// How visits are stored (SPEC §14). Times are Date; the visitor's own details (name, phone,
// plate, badge) are erased after VISITOR_DATA_KEEP, the rest of the row (unit, kind, times) kept
// for the counts.
import type { ActorRole } from '../../../types/enums';
import type { VisitAction, VisitConsent, VisitKind, VisitorCategory, VisitState } from '../../../types/visitors';
import type { DailyNumbering } from '../workflow/number';

export interface VisitEventDoc {
  action: VisitAction;
  from: VisitState | null;
  to: VisitState;
  actorRole: ActorRole;
  actorId: string;
  actorName: string | null;
  at: Date;
  note: string | null;
}

export interface VisitDoc {
  _id: string;
  no: string;
  communityId: string;
  unit: string;
  /** `${communityId}:${unit}`: the host's list in one indexed query */
  unitKey: string;
  kind: VisitKind;
  state: VisitState;
  rev: number;
  /** the inviting owner or resident; null for a walk-in */
  host: string | null;
  visitorName: string | null;
  visitorPhone: string | null;
  plate: string | null;
  badge: string | null;
  count: number;
  category: VisitorCategory;
  consent: VisitConsent;
  from: Date;
  to: Date;
  /** the Shanghai day of `from` (the register's date) */
  day: string;
  inAt: Date | null;
  inBy: string | null;
  outAt: Date | null;
  outBy: string | null;
  flagged: boolean;
  erased: boolean;
  /** the code's reference (unique); the signature is computed when shown (core/passes/token.ts) */
  ref: string;
  /** the timer's next job for this visit (expire, close at day end, erase): core/visitors/states.ts */
  nextDueAt: Date | null;
  events: VisitEventDoc[];
  createdAt: Date;
  updatedAt: Date;
}

/** FK20261124-0003 */
export const VISIT_NUMBERS: DailyNumbering = { prefix: 'FK', counters: 'visitCounters', busy: '登记的人太多，请稍后重试' };

/** The kind a visitor code is signed as: a pass's code never checks out as a visitor's, nor back. */
export const VISITOR_CODE_PURPOSE = 'visitor';
