// How the key register is stored (SPEC §14). Times are Date.
import type { ActorRole } from '../../../types/enums';
import type { EntrustmentState, KeyCondition, KeySource, KeyState, LoanAction, LoanState } from '../../../types/keys';
import type { DailyNumbering } from '../workflow/number';

export interface KeyEventDoc {
  action: 'register' | 'agree' | 'revoke' | 'lend' | 'return';
  from: KeyState | null;
  to: KeyState;
  actorRole: ActorRole;
  actorId: string;
  actorName: string | null;
  at: Date;
  note: string | null;
}

export interface KeyDoc {
  _id: string;
  communityId: string;
  tag: string;
  source: KeySource;
  /** the unit a unit key opens; '' for public-area and equipment-room keys */
  unit: string;
  /** `${communityId}:${unit}` for unit keys: the owner's keys in one indexed query */
  unitKey: string | null;
  area: string | null;
  count: number;
  slot: string;
  holder: string;
  state: KeyState;
  /** bumped by every write; lending is conditional on it, so two keepers make one loan */
  rev: number;
  entrustment: {
    state: EntrustmentState;
    owner: string;
    ownerName: string | null;
    since: Date;
    agreedAt: Date | null;
    revokedAt: Date | null;
  } | null;
  loanId: string | null;
  events: KeyEventDoc[];
  createdAt: Date;
  updatedAt: Date;
}

export interface LoanEventDoc {
  action: LoanAction;
  from: LoanState | null;
  to: LoanState;
  actorRole: ActorRole;
  actorId: string;
  actorName: string | null;
  at: Date;
  note: string | null;
}

export interface LoanDoc {
  _id: string;
  no: string;
  communityId: string;
  keyId: string;
  tag: string;
  /** the key's unit; '' for public-area and equipment-room keys */
  unit: string;
  source: KeySource;
  state: LoanState;
  rev: number;
  /** the entrusting owner, who confirms the loan; null for other keys */
  owner: string | null;
  borrowerName: string;
  borrowerPhone: string | null;
  purpose: string;
  ticketNo: string | null;
  decorationNo: string | null;
  dueBack: Date;
  confirmation: { method: 'app' | 'phone'; at: Date; by: string; byName: string | null; note: string | null } | null;
  /** the keeper who asked for the loan and hands the key out: told when it is overdue */
  keeper: string;
  lentAt: Date | null;
  lentBy: string | null;
  lentByName: string | null;
  returnedAt: Date | null;
  returnCheck: { count: number; countMatches: boolean; condition: KeyCondition; note: string | null } | null;
  /** alerts the timer has claimed (`overdue`), each sent once */
  alerts: Record<string, Date>;
  /** the timer's next job: the overdue alert of a key still out */
  nextDueAt: Date | null;
  events: LoanEventDoc[];
  createdAt: Date;
  updatedAt: Date;
}

export interface StockTakeDoc {
  _id: string;
  communityId: string;
  month: string;
  by: string;
  byName: string | null;
  at: Date;
  lines: Array<{ keyId: string; tag: string; slot: string; expected: number; found: number; loanNo: string | null }>;
  differences: number;
}

/** YS20261124-0001 (钥匙借用) */
export const LOAN_NUMBERS: DailyNumbering = { prefix: 'YS', counters: 'keyLoanCounters', busy: '借用登记的人太多，请稍后重试' };
