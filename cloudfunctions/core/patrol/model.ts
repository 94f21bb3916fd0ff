// How patrol points, check-ins, problems, vacant-unit checks, steward logs and handovers are
// stored (SPEC §13). Times are Date; the views turn them into +08:00 ISO.
import type { ActorRole } from '../../../types/enums';
import type { HandoverAction, HandoverState, LogSections, LogState, OpenItem, PointKind, PointState, ProblemAction, ProblemState } from '../../../types/patrol';
import type { DailyNumbering } from '../workflow/number';

export const POINTS = 'patrolPoints';
export const RULES = 'patrolRules';
export const CHECKINS = 'patrolCheckins';
export const PROBLEMS = 'patrolProblems';
export const VACANT_CHECKS = 'vacantChecks';
export const LOGS = 'stewardLogs';
export const HANDOVERS = 'handovers';
export const DUTY_ENTRIES = 'dutyEntries';
export const SETTINGS = 'patrolSettings';

/** XC20261203-0001: a problem found on patrol (巡查) */
export const PROBLEM_NUMBERS: DailyNumbering = { prefix: 'XC', counters: 'patrolCounters', busy: '提交的人太多，请稍后重试' };

export interface PointDoc {
  _id: string;
  communityId: string;
  building: string;
  name: string;
  kind: PointKind;
  state: PointState;
  rev: number;
  /** the code's reference (unique); the signature is computed from the secret when printed */
  ref: string;
  createdBy: string;
  createdAt: Date;
  retiredAt: Date | null;
}

/** A lead's change to an area steward's rule; absent: the manual's defaults. */
export interface RuleDoc {
  /** `${communityId}:${openid}` */
  _id: string;
  communityId: string;
  steward: string;
  roundsPerDay: number;
  wholeAreaDays: number;
  vacantPerMonth: number;
  updatedBy: string;
  updatedAt: Date;
}

export interface CheckInDoc {
  /** derived from the caller and the requestId: a repeat lands on the same id */
  _id: string;
  communityId: string;
  pointId: string;
  pointName: string;
  building: string;
  steward: string;
  stewardName: string;
  /** the server's receipt */
  at: Date;
  /** the phone's scan time (offline check-ins), else null */
  scannedAt: Date | null;
  /** the instant it counts at: `at`, or a plausible `scannedAt` (see countedAt in rules.ts) */
  countedAt: Date;
  /** Shanghai day of `countedAt` */
  day: string;
  /** days since 1970-01-01 of `day`: the whole-area windows are whole multiples of it */
  dayNo: number;
  skewed: boolean;
  offline: boolean;
  checklist: Array<{ item: string; ok: boolean }>;
  photos: string[];
  note: string | null;
  problemId: string | null;
}

export interface ProblemEventDoc {
  action: ProblemAction;
  from: ProblemState | null;
  to: ProblemState;
  actorRole: ActorRole;
  actorId: string;
  actorName: string | null;
  at: Date;
  note: string | null;
}

export interface ProblemDoc {
  _id: string;
  no: string;
  communityId: string;
  /** where it was found, as the access policy's place: the point's label */
  unit: string;
  building: string;
  pointId: string | null;
  pointName: string | null;
  checkInId: string | null;
  text: string;
  photos: string[];
  state: ProblemState;
  rev: number;
  foundBy: string;
  foundByName: string;
  foundAt: Date;
  ticketId: string | null;
  ticketNo: string | null;
  handledAt: Date | null;
  handledNote: string | null;
  /** the sweep's next item: foundAt + 3 days while unhandled and not yet reported up */
  nextDueAt: Date | null;
  alerts: Record<string, Date>;
  events: ProblemEventDoc[];
}

export interface VacantCheckDoc {
  _id: string;
  communityId: string;
  unit: string;
  building: string;
  steward: string;
  stewardName: string;
  at: Date;
  day: string;
  /** YYYY-MM (Shanghai) */
  month: string;
  clean: boolean;
  damaged: boolean;
  damp: boolean;
  aired: boolean;
  note: string | null;
  photos: string[];
}

export interface LogEventDoc {
  action: 'submit' | 'review';
  from: LogState;
  to: LogState;
  actorRole: ActorRole;
  actorId: string;
  actorName: string | null;
  at: Date;
  note: string | null;
}

export interface LogDoc {
  /** `${communityId}:${steward}:${day}` */
  _id: string;
  communityId: string;
  unit: string;
  steward: string;
  stewardName: string;
  day: string;
  state: LogState;
  rev: number;
  notes: string;
  /** what was submitted, kept as it was (later records do not change a submitted log) */
  sections: LogSections | null;
  submittedAt: Date | null;
  review: { by: string; byName: string; comment: string; at: Date } | null;
  events: LogEventDoc[];
  updatedAt: Date;
}

export interface HandoverEventDoc {
  action: HandoverAction;
  from: HandoverState;
  to: HandoverState;
  actorRole: ActorRole;
  actorId: string;
  actorName: string | null;
  at: Date;
  note: string | null;
}

export interface HandoverDoc {
  /** `${communityId}:${YYYY-MM-DDTHH:MM}` of the handover time (Shanghai) */
  _id: string;
  communityId: string;
  /** the access policy's place: a handover is the front desk's, no unit */
  unit: string;
  at: Date;
  shiftFrom: Date;
  state: HandoverState;
  rev: number;
  outgoing: string | null;
  outgoingName: string | null;
  incoming: string | null;
  incomingName: string | null;
  checklist: Array<{ item: string; ok: boolean }>;
  notes: string | null;
  openItems: OpenItem[];
  submittedAt: Date | null;
  acceptedAt: Date | null;
  disputeNote: string | null;
  /** the sweep's next item: at + 30 minutes until accepted or reported late */
  nextDueAt: Date | null;
  alerts: Record<string, Date>;
  events: HandoverEventDoc[];
}

export interface DutyEntryDoc {
  _id: string;
  communityId: string;
  handoverId: string;
  author: string;
  authorName: string;
  at: Date;
  text: string;
}

export interface SettingsDoc {
  /** the community's id */
  _id: string;
  shiftTimes: string[];
  updatedBy: string;
  updatedAt: Date;
}
