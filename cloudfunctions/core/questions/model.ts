// How a question is stored, and the pure rules over it: who may do what in which state, what each
// step changes, its clocks and its colour in the queue. No database and no clock: `now`, the policy
// and the calendar are arguments.
import type { ActorRole } from '../../../types/enums';
import type { ErrorCode } from '../../../types/envelope';
import type { DueLevel } from '../../../types/sla';
import { type QuestionAction, type QuestionCategory, type QuestionCommand, type QuestionState, THREAD_MAX } from '../../../types/questions';
import type { Calendar } from '../sla/calendar';
import type { SlaPolicy } from '../sla/policy';
import { questionDeadlines, replyDue } from '../sla/questions';
import { defineAccess, roleMay } from '../workflow/access';
import { defineMachine, type Rule } from '../workflow/machine';
import type { DailyNumbering } from '../workflow/number';

export const QUESTIONS = 'questions';
export const FAQ = 'faq';

export interface QuestionMessageDoc {
  id: string;
  from: 'asker' | 'staff';
  /** openid of who wrote it (`erased` once the asker deleted their data) */
  author: string;
  authorName: string | null;
  text: string;
  at: Date;
}

export interface QuestionEventDoc {
  action: QuestionAction;
  actorRole: ActorRole;
  actorId: string;
  actorName: string | null;
  at: Date;
  note: string | null;
}

/**
 * One question and its thread. The fields the monthly figures read (SPEC §2 information feedback)
 * are flat on the document: `askedMonth`, `askedAt`, `feedbackDue`/`feedbackAt`,
 * `firstAnswerDue`/`firstAnsweredAt`, `complex`, `closedAt` (see figures.ts).
 */
export interface QuestionDoc {
  _id: string;
  no: string;
  communityId: string;
  unit: string;
  building: string;
  asker: string;
  askerRole: 'owner' | 'resident';
  askerName: string | null;
  category: QuestionCategory;
  text: string;
  state: QuestionState;
  /** bumped by every change; every change is conditional on it */
  rev: number;
  handler: string | null;
  handlerName: string | null;
  complex: boolean;
  complexAt: Date | null;
  askedAt: Date;
  /** YYYY-MM of the asking in Shanghai: the month the question counts in */
  askedMonth: string;
  firstAnswerDue: Date;
  firstAnsweredAt: Date | null;
  firstAnsweredBy: string | null;
  feedbackDue: Date;
  feedbackAt: Date | null;
  policyVersion: string;
  /** since when the asker waits for a reply; null when nobody waits */
  waitingSince: Date | null;
  replyDue: Date | null;
  /** replyDue in ms while the question is in the queue (waiting or claimed), else null */
  queueKey: number | null;
  /** when the overdue sweep should tell the lead: replyDue, until that reply's alert is claimed */
  alertAt: Date | null;
  /** replyDue (ms) of the wait whose overdue alert was sent: the same wait is not alerted twice */
  alertedFor: number | null;
  messages: QuestionMessageDoc[];
  events: QuestionEventDoc[];
  faqId: string | null;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface FaqDoc {
  _id: string;
  communityId: string;
  category: QuestionCategory;
  question: string;
  answer: string;
  keywords: string[];
  active: boolean;
  sourceQuestionId: string | null;
  createdBy: string;
  updatedBy: string;
  createdAt: Date;
  updatedAt: Date;
  rev: number;
}

/**
 * Who sees a question: the person who asked it, and the stewards (leads, managers) of its
 * community. Others bound to the same unit do not: a question is the asker's own.
 */
export const questionAccess = defineAccess<QuestionDoc>({
  staff: ['steward'],
  hidden: '没有找到这条咨询',
  sees: ({ post }, q, caller) => q.asker === caller.openid || Boolean(post),
});

/** Who acts: the asker (owner/resident) or staff of the question's community. */
export interface Actor {
  id: string;
  role: ActorRole;
  name: string | null;
}

export const isStaffRole = (role: ActorRole): boolean => role === 'steward' || role === 'lead' || role === 'manager';
const isLeadRole = (role: ActorRole): boolean => role === 'lead' || role === 'manager';

type QuestionTransition = Exclude<QuestionCommand, 'saveFaq'>;
const OPEN: readonly QuestionState[] = ['waiting', 'claimed', 'answered'];
/** The asker's own commands: only the person who asked may, whatever their role elsewhere. */
const ASKER_COMMANDS: readonly QuestionTransition[] = ['followUp', 'close'];

/** The question's table: who may do what from where (the policy below adds who holds the thread). */
const questionTransitions: Record<QuestionTransition, Rule<QuestionState>> = {
  /** `answered` stays answered: a steward takes up the thread after the answer */
  claim: { from: OPEN, to: 'claimed', roles: ['steward'] },
  release: { from: ['claimed'], to: 'waiting', roles: ['steward'] },
  answer: { from: OPEN, to: 'answered', roles: ['steward'] },
  markComplex: { from: OPEN, to: 'claimed', roles: ['steward'] },
  /** back to the steward who holds the thread (`claimed`); to the whole queue when nobody does */
  followUp: { from: OPEN, to: 'waiting', roles: ['owner', 'resident'] },
  close: { from: OPEN, to: 'closed', roles: ['owner', 'resident'] },
};

/** The question's machine (core/workflow/machine.ts): role before state, FORBIDDEN before CONFLICT. */
const questionMachine = defineMachine<QuestionState, QuestionTransition, QuestionDoc>({
  rules: questionTransitions,
  may: (q, command, actor, rule) => (ASKER_COMMANDS.includes(command) ? q.asker === actor.id && !isStaffRole(actor.role) : roleMay(actor.role, rule.roles)),
  forbidden: (command) => (ASKER_COMMANDS.includes(command) ? '只有提问的业主可以追问或结束咨询' : '只有管家可以处理咨询'),
  stale: (q) => (q.state === 'closed' ? '这条咨询已结束' : '这条咨询不在答复中'),
  to(q, command, rule) {
    if (command === 'claim' && q.state === 'answered') return 'answered';
    if (command === 'followUp' && q.handler) return 'claimed';
    return rule.to;
  },
});

export type Step = { ok: true; changes: Partial<QuestionDoc>; event: QuestionEventDoc; message: QuestionMessageDoc | null } | { ok: false; code: ErrorCode; message: string };

export interface Clocks {
  policy: SlaPolicy;
  calendar: Calendar;
}

const refuse = (code: ErrorCode, message: string): Step => ({ ok: false, code, message });

/** The waiting fields once someone waits since `since` (or nobody, with null). */
function waiting(q: Pick<QuestionDoc, 'firstAnsweredAt' | 'firstAnswerDue' | 'alertedFor'>, since: Date | null, clocks: Clocks) {
  if (!since) return { waitingSince: null, replyDue: null, queueKey: null, alertAt: null };
  const due = replyDue(since, q.firstAnsweredAt !== null, q.firstAnswerDue, clocks.policy, clocks.calendar);
  return { waitingSince: since, replyDue: due, queueKey: due.getTime(), alertAt: q.alertedFor === due.getTime() ? null : due };
}

let counter = 0;
/** A message id unique within its thread. */
export function messageId(now: Date): string {
  counter = (counter + 1) % 1_000_000;
  return `${now.getTime().toString(36)}${counter.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/**
 * What `command` by `actor` does to `q` at `now`: the machine's gate (role before state, FORBIDDEN
 * before CONFLICT), then who holds the thread, and what the step changes. `text` is the answer or
 * follow-up.
 */
export function decide(q: QuestionDoc, command: Exclude<QuestionCommand, 'saveFaq'>, actor: Actor, now: Date, clocks: Clocks, text = ''): Step {
  const staff = isStaffRole(actor.role);
  const event = (action: QuestionAction, note: string | null = null): QuestionEventDoc => ({
    action,
    actorRole: actor.role,
    actorId: actor.id,
    actorName: staff ? actor.name : null,
    at: now,
    note,
  });
  const heldByOther = q.handler !== null && q.handler !== actor.id;
  const busy = () => refuse('CONFLICT', `${q.handlerName ?? '其他管家'}正在答复这条咨询`);
  const gate = questionMachine.decide(q, command, actor, now, text);
  if (!gate.ok) return gate;
  const full = q.messages.length >= THREAD_MAX;

  switch (command) {
    case 'claim': {
      if (heldByOther) return busy();
      if (q.handler === actor.id) return refuse('CONFLICT', '您已认领这条咨询');
      return {
        ok: true,
        changes: { state: gate.state, handler: actor.id, handlerName: actor.name },
        event: event('claim'),
        message: null,
      };
    }
    case 'release': {
      if (heldByOther && !isLeadRole(actor.role)) return busy();
      return { ok: true, changes: { state: gate.state, handler: null, handlerName: null }, event: event('release', q.handlerName), message: null };
    }
    case 'answer': {
      if (heldByOther) return busy();
      if (full) return refuse('CONFLICT', '对话已较长，请电话联系业主');
      const message: QuestionMessageDoc = { id: messageId(now), from: 'staff', author: actor.id, authorName: actor.name, text, at: now };
      const first = q.firstAnsweredAt === null;
      return {
        ok: true,
        changes: {
          state: gate.state,
          handler: actor.id,
          handlerName: actor.name,
          firstAnsweredAt: q.firstAnsweredAt ?? now,
          firstAnsweredBy: q.firstAnsweredBy ?? actor.id,
          feedbackAt: q.feedbackAt ?? now,
          ...waiting(q, null, clocks),
        },
        event: event('answer', first ? null : '补充答复'),
        message,
      };
    }
    case 'markComplex': {
      if (heldByOther) return busy();
      if (q.complex) return refuse('CONFLICT', '已标记为复杂问题');
      if (q.firstAnsweredAt) return refuse('CONFLICT', '已答复的咨询不再标记为复杂问题');
      const deadlines = questionDeadlines(q.askedAt, true, clocks.policy, clocks.calendar);
      const after = { ...q, complex: true, firstAnswerDue: deadlines.firstAnswerDue };
      return {
        ok: true,
        changes: {
          state: gate.state,
          handler: actor.id,
          handlerName: actor.name,
          complex: true,
          complexAt: now,
          firstAnswerDue: deadlines.firstAnswerDue,
          feedbackAt: q.feedbackAt ?? now,
          ...waiting(after, q.waitingSince ?? q.askedAt, clocks),
        },
        event: event('mark_complex', text || null),
        message: null,
      };
    }
    case 'followUp': {
      if (full) return refuse('CONFLICT', '对话已较长，请直接致电管家');
      const message: QuestionMessageDoc = { id: messageId(now), from: 'asker', author: actor.id, authorName: null, text, at: now };
      return {
        ok: true,
        changes: { state: gate.state, ...waiting(q, q.waitingSince ?? now, clocks) },
        event: event('follow_up'),
        message,
      };
    }
    case 'close':
      return { ok: true, changes: { state: gate.state, closedAt: now, ...waiting(q, null, clocks) }, event: event('close'), message: null };
  }
}

/** The queue's colour: past 75 % of the span from waiting to due is near; past due is breached. */
export function dueLevel(q: Pick<QuestionDoc, 'waitingSince' | 'replyDue'>, now: Date): DueLevel | null {
  if (!q.waitingSince || !q.replyDue) return null;
  const span = q.replyDue.getTime() - q.waitingSince.getTime();
  if (now > q.replyDue) return 'breached';
  return now.getTime() >= q.waitingSince.getTime() + Math.max(0, span) * 0.75 ? 'near' : 'ok';
}

/** ZX20261124-0003 */
export const QUESTION_NUMBERS: DailyNumbering = { prefix: 'ZX', counters: 'questionCounters', busy: '提问的人太多，请稍后重试' };
