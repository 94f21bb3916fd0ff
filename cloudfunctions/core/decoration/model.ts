// How a decoration (装修) application is stored, and the pure rules over it (SPEC §12): the state
// table, who sees it, where it sits in the staff queue, when the sweep next has something to do
// for it, and the Shanghai days its inspections fall on. No database and no clock: `now` is given.
import type { ActorRole } from '../../../types/enums';
import type { CheckItem, DecorationAction, DecorationState, WorkingHours } from '../../../types/decoration';
import { INSPECT_BY } from '../../../types/decoration';
import type { RefundState } from '../../../types/orders';
import { defineAccess } from '../workflow/access';
import { type Actor, type Decision, defineMachine, refuse, type Rule } from '../workflow/machine';
import type { DailyNumbering } from '../workflow/number';

export interface DecorationEventDoc {
  action: DecorationAction;
  from: DecorationState | null;
  to: DecorationState;
  actorRole: ActorRole;
  actorId: string;
  actorName: string | null;
  at: Date;
  note: string | null;
}

export interface NoticeDoc {
  /** `${decoration no}-N1` */
  no: string;
  items: string[];
  deadline: Date;
  stopWork: boolean;
  issuedAt: Date;
  by: string;
  byName: string | null;
  state: 'open' | 'verified';
  verifiedAt: Date | null;
  verifyNote: string | null;
}

export interface AcceptanceDoc {
  stage: 'initial' | 'final';
  passed: boolean;
  items: string[];
  by: string;
  byName: string | null;
  at: Date;
}

export interface DecorationDoc {
  _id: string;
  /** ZX20261124-0001 */
  no: string;
  communityId: string;
  unit: string;
  /** `${communityId}:${unit}`: a person's applications across communities in one indexed query */
  unitKey: string;
  building: string;
  state: DecorationState;
  rev: number;
  applicant: string;
  applicantRole: 'owner' | 'resident';
  applicantName: string | null;
  applicantPhone: string | null;
  authorisationPhoto: string | null;
  contractor: { company: string; leader: string; phone: string };
  workers: string[];
  scope: string;
  /** Shanghai days YYYY-MM-DD */
  plannedStart: string;
  plannedEnd: string;
  documents: string[];
  approval: { depositFen: number; rules: string; workingHours: WorkingHours; by: string; byName: string | null; at: Date } | null;
  rejection: { reason: string; by: string; byName: string | null; at: Date } | null;
  agreementSignedAt: Date | null;
  /** the cloud-pay order being paid now (reused by a repeated payDeposit) */
  payingNo: string | null;
  paySeq: number;
  deposit: { amountFen: number; paidAt: Date; outTradeNo: string; transactionId: string | null } | null;
  permit: { no: string; validFrom: Date; validTo: Date; workingHours: WorkingHours } | null;
  /** the permit code's reference (unique); the signature is computed when shown */
  ref: string;
  /** the first Shanghai day inspections are due (work started or resumed) */
  inspectFrom: string | null;
  lastInspectedDay: string | null;
  /** the last day the sweep recorded as a miss */
  lastMissDay: string | null;
  inspections: number;
  notices: NoticeDoc[];
  acceptances: AcceptanceDoc[];
  completionRequestedAt: Date | null;
  deductions: Array<{ amountFen: number; reason: string }>;
  refund: { no: string; amountFen: number; state: RefundState; seq: number } | null;
  /** the Shanghai month the work ended (settled, or cancelled once permitted): the 初验/终验 rates' month */
  endedMonth?: string | null;
  /** a payment or refund staff must look at (amount mismatch, paid twice, refund failed) */
  flag: string | null;
  /** alerts the sweep has claimed, by key (`miss:<day>`, `remind:<notice>`, …) */
  alerts: Record<string, Date>;
  /** staff queue order (see decorationQueueKey); null when nothing waits for staff */
  queueKey: number | null;
  /** the sweep's next item (see decorationNextDueAt) */
  nextDueAt: Date | null;
  events: DecorationEventDoc[];
  createdAt: Date;
  updatedAt: Date;
}

/** One inspection (装修现场监控记录): a row per visit, the steward's log reads them by day. */
export interface InspectionDoc {
  _id: string;
  decorationId: string;
  no: string;
  communityId: string;
  unit: string;
  building: string;
  day: string;
  at: Date;
  by: string;
  byName: string | null;
  photos: string[];
  checklist: Partial<Record<CheckItem, 'ok' | 'issue'>>;
  findings: string | null;
}

/** One unit-day of work in progress: inspected by 18:00, or missed (the inspection rate's ledger). */
export interface DecorationDayDoc {
  /** `${decorationId}:${day}` */
  _id: string;
  decorationId: string;
  no: string;
  communityId: string;
  unit: string;
  building: string;
  day: string;
  /** YYYY-MM, the report's month */
  month: string;
  inspected: boolean;
  missed: boolean;
  at: Date;
}

/** ZX20261124-0001 (装修) */
export const DECORATION_NUMBERS: DailyNumbering = { prefix: 'ZX', counters: 'decorationCounters', busy: '申请的人太多，请稍后重试' };

/** The permit's number: the application's, under the permit's prefix (施工许可证 XK…). */
export const permitNo = (no: string): string => no.replace(/^ZX/, 'XK');

// ----- Shanghai days ------------------------------------------------------------------------------

/** The instant `hh:mm` Shanghai time on `day`. */
export function dayAt(day: string, hour: number, minute = 0): Date {
  return new Date(`${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00.000+08:00`);
}

/** The day after (or `n` days after) a YYYY-MM-DD. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

const later = (a: string, b: string) => (a > b ? a : b);

/** The day whose inspection is due next for a unit in progress (null when none is due). */
export function inspectionDay(d: Pick<DecorationDoc, 'state' | 'inspectFrom' | 'lastInspectedDay' | 'lastMissDay'>): string | null {
  if (d.state !== 'in_progress' || !d.inspectFrom) return null;
  let day = d.inspectFrom;
  if (d.lastInspectedDay) day = later(day, addDays(d.lastInspectedDay, 1));
  if (d.lastMissDay) day = later(day, addDays(d.lastMissDay, 1));
  return day;
}

/** When that inspection is due: 18:00 Shanghai of its day. */
export function inspectionDue(d: Pick<DecorationDoc, 'state' | 'inspectFrom' | 'lastInspectedDay' | 'lastMissDay'>): Date | null {
  const day = inspectionDay(d);
  return day ? dayAt(day, INSPECT_BY.hour, INSPECT_BY.minute) : null;
}

// ----- the state table ----------------------------------------------------------------------------

export type DecorationRule = Rule<DecorationState> & { stay?: boolean };
type Transition = Exclude<DecorationAction, 'apply'>;

const WORKING: DecorationState[] = ['in_progress', 'suspended'];
const PEOPLE: ActorRole[] = ['owner', 'resident'];

/**
 * `stay` rows leave the state as it is (an inspection, a notice without a stop-work order) but are
 * still conditional writes with their event. A lead holds every steward right, a manager every right.
 */
export const decorationTransitions: Record<Transition, DecorationRule | readonly DecorationRule[]> = {
  approve: { from: ['applied'], to: 'approved', roles: ['steward'] },
  reject: { from: ['applied'], to: 'rejected', roles: ['steward'], needsNote: true },
  signAgreement: { from: ['approved'], to: 'approved', roles: PEOPLE, stay: true },
  payDeposit: { from: ['approved'], to: 'approved', roles: PEOPLE, stay: true },
  /** written when the deposit is paid (WeChat Pay's callback), or at the agreement when no deposit is due */
  permit: { from: ['approved'], to: 'permitted', roles: ['system'] },
  /** the sweep, once the permit's first day has come */
  start: { from: ['permitted'], to: 'in_progress', roles: ['system'] },
  inspect: { from: WORKING, to: 'in_progress', roles: ['steward'], stay: true },
  notice: { from: WORKING, to: 'in_progress', roles: ['steward'], stay: true },
  verifyRectification: { from: [...WORKING, 'completion_requested', 'initial_accepted'], to: 'in_progress', roles: ['steward'], stay: true },
  suspend: { from: ['in_progress'], to: 'suspended', roles: ['steward'], needsNote: true },
  resume: { from: ['suspended'], to: 'in_progress', roles: ['steward'] },
  requestAcceptance: { from: ['in_progress'], to: 'completion_requested', roles: PEOPLE },
  /** 初验 from completion_requested, 终验 from initial_accepted; a failed 初验 sends the work back */
  accept: { from: ['completion_requested', 'initial_accepted'], to: 'initial_accepted', roles: ['steward'] },
  /** a repeat from `settled` re-sends the refund not yet done, under its own number */
  settle: { from: ['final_accepted', 'settled'], to: 'settled', roles: ['steward'] },
  close: { from: ['settled', 'final_accepted'], to: 'closed', roles: ['system'] },
  cancel: [
    { from: ['applied', 'approved'], to: 'cancelled', roles: PEOPLE },
    { from: ['applied', 'approved', 'permitted'], to: 'cancelled', roles: ['steward'] },
  ],
};

export const FINAL_STATES: readonly DecorationState[] = ['rejected', 'closed', 'cancelled'];

/** What the rules need of an application. */
export type DecorationSnapshot = Pick<DecorationDoc, 'state' | 'agreementSignedAt' | 'notices' | 'refund'> & { stage?: 'initial' | 'final'; passed?: boolean; stopWork?: boolean };

const decorationMachine = defineMachine<DecorationState, Transition, DecorationSnapshot, DecorationRule>({
  rules: decorationTransitions,
  stale: '装修申请状态已变化，请刷新后重试',
  to(o, command, rule) {
    if (rule.stay) {
      if (command === 'notice' && o.stopWork) return 'suspended';
      return o.state;
    }
    if (command === 'accept') {
      if (o.stage === 'initial') return o.passed ? 'initial_accepted' : 'in_progress';
      return o.passed ? 'final_accepted' : 'initial_accepted';
    }
    return rule.to;
  },
  policy(o, command) {
    if (command === 'payDeposit' && !o.agreementSignedAt) return refuse('CONFLICT', '请先确认《装饰装修服务协议》');
    if (command === 'signAgreement' && o.agreementSignedAt) return refuse('CONFLICT', '协议已确认，无需重复确认');
    if (command === 'accept' && o.stage === 'initial' && o.state !== 'completion_requested') return refuse('CONFLICT', '初验已完成或尚未申请验收');
    if (command === 'accept' && o.stage === 'final' && o.state !== 'initial_accepted') return refuse('CONFLICT', '请先完成初验');
    if (command === 'requestAcceptance' && o.notices.some((n) => n.state === 'open')) return refuse('CONFLICT', '还有未完成的整改，请整改并经管家复查后再申请验收');
    if (command === 'settle' && o.state === 'settled' && (!o.refund || o.refund.state === 'done')) return refuse('CONFLICT', '押金已结算完毕');
    return null;
  },
});

export type DecorationDecision = Decision<DecorationState, Transition, DecorationRule>;

/**
 * `command` by `actor` at `now`. For `accept` the snapshot carries the stage and the verdict; for
 * `notice`, the stop-work order (the unit is suspended).
 */
export function decideDecoration(o: DecorationSnapshot, command: Transition, actor: Actor, now: Date, note: string | null = null): DecorationDecision {
  return decorationMachine.decide(o, command, actor, now, note);
}

/** Who sees an application: a person bound to its unit, and the community's stewards (leads, managers). */
export const decorationAccess = defineAccess<DecorationDoc>({
  staff: ['steward'],
  hidden: '没有找到这份装修申请',
  sees: ({ binding, post }) => Boolean(binding || post),
});

// ----- the queue and the sweep ----------------------------------------------------------------------

const DAY_MS = 86_400_000;
const openNotices = (d: Pick<DecorationDoc, 'notices'>) => d.notices.filter((n) => n.state === 'open');

/**
 * Where an application sits in the staff queue (ms, smaller first; null: nothing waits for staff):
 * a unit in progress by its inspection due today (so today's uninspected come before those done),
 * an open notice by its deadline, an application, acceptance or settlement a day after it asked.
 */
export function decorationQueueKey(d: DecorationDoc): number | null {
  const keys: number[] = [];
  const due = inspectionDue(d);
  if (due) keys.push(due.getTime());
  if (WORKING.includes(d.state) || d.state === 'completion_requested') for (const n of openNotices(d)) keys.push(n.deadline.getTime());
  switch (d.state) {
    case 'applied':
      keys.push(d.createdAt.getTime() + DAY_MS);
      break;
    case 'suspended':
      keys.push(d.updatedAt.getTime() + DAY_MS);
      break;
    case 'completion_requested':
      keys.push((d.completionRequestedAt ?? d.updatedAt).getTime() + DAY_MS);
      break;
    case 'initial_accepted':
    case 'final_accepted':
      keys.push(d.updatedAt.getTime() + DAY_MS);
      break;
    case 'settled':
      if (d.refund && d.refund.state !== 'done' && d.refund.state !== 'pending') keys.push(d.updatedAt.getTime());
      break;
    default:
      break;
  }
  return keys.length > 0 ? Math.min(...keys) : null;
}

/** The sweep's alerts on an application and when each is due. */
export type DueItem =
  | { kind: 'start'; at: Date }
  | { kind: 'miss'; at: Date; day: string }
  | { kind: 'remind'; at: Date; notice: string }
  | { kind: 'escalate'; at: Date; notice: string }
  | { kind: 'expiry'; at: Date };

export const alertKey = (item: DueItem): string => {
  switch (item.kind) {
    case 'start':
      return 'start';
    case 'miss':
      return `miss:${item.day}`;
    case 'remind':
      return `remind:${item.notice}`;
    case 'escalate':
      return `escalate:${item.notice}`;
    case 'expiry':
      return 'expiry';
  }
};

/** Everything the sweep has still to do for an application, soonest first. */
export function dueItems(d: DecorationDoc): DueItem[] {
  const items: DueItem[] = [];
  if (d.state === 'permitted' && d.permit) items.push({ kind: 'start', at: d.permit.validFrom });
  const day = inspectionDay(d);
  if (day) items.push({ kind: 'miss', at: dayAt(day, INSPECT_BY.hour, INSPECT_BY.minute), day });
  if (WORKING.includes(d.state) || d.state === 'completion_requested') {
    for (const n of openNotices(d)) {
      if (!d.alerts[`remind:${n.no}`]) items.push({ kind: 'remind', at: new Date(n.deadline.getTime() - DAY_MS), notice: n.no });
      if (!d.alerts[`escalate:${n.no}`]) items.push({ kind: 'escalate', at: n.deadline, notice: n.no });
    }
  }
  if ((d.state === 'permitted' || WORKING.includes(d.state)) && d.permit && !d.alerts.expiry) {
    items.push({ kind: 'expiry', at: dayAt(addDays(d.plannedEnd, -1), 9) });
  }
  return items.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** When the sweep next has something to do for an application (null: nothing). */
export function decorationNextDueAt(d: DecorationDoc): Date | null {
  return dueItems(d)[0]?.at ?? null;
}

/** outTradeNo of a deposit: `ZX` + the application's id + attempt (WeChat allows 32 characters). */
export const depositTradeNo = (id: string, attempt: number): string => `ZX${id}D${attempt}`;
/** outRefundNo of a deposit refund: its own number, never the payment's. */
export const depositRefundNo = (id: string, seq: number): string => `ZX${id}R${seq}`;
/** Whether a WeChat Pay number is a decoration deposit's (payNotify routes on it). */
export const isDepositNo = (no: string): boolean => no.startsWith('ZX');
