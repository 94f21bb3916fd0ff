// The aggregation that computes the month's figures inside the database (SPEC §2; the rules in
// words are docs/reports.md). Stages are plain MongoDB aggregation objects: the SDK sends them as
// they are, WeChat's database runs them, and so does the local cloud (mingo). Pure: `now` and the
// month come in as arguments; nothing here reads the clock or the database.
import type { FigureKey } from '../../../types/reports';
import type { DeadlineKey } from '../../../types/tickets';
import { TICKET_FIGURES } from './figures';

type Expr = unknown;

const HANDLED = ['resolved', 'revisited', 'closed'];
const INVALID = ['cancelled', 'rejected'];
/** 4 and 5 of the 1–5 rating are 满意 / 非常满意; 3 is 一般 (not counted as satisfied). */
export const SATISFIED_AT_OR_ABOVE = 4;

const notNull = (e: Expr): Expr => ({ $ne: [{ $ifNull: [e, null] }, null] });
const isNull = (e: Expr): Expr => ({ $eq: [{ $ifNull: [e, null] }, null] });
const and = (...e: Expr[]): Expr => ({ $and: e });
const or = (...e: Expr[]): Expr => ({ $or: e });
const not = (e: Expr): Expr => ({ $not: [e] });
const cond = (c: Expr, a: Expr, b: Expr): Expr => ({ $cond: [c, a, b] });

/** One stored clock (`clocks.<key>`: start, at, metAt) judged at `now`. */
function clock(key: DeadlineKey, now: Date) {
  const at = `$clocks.${key}.at`;
  const metAt = `$clocks.${key}.metAt`;
  const exists = notNull(at);
  const met = notNull(metAt);
  return {
    /** met no later than its deadline */
    ok: and(exists, met, { $lte: [metAt, at] }),
    /** met after its deadline, or not met and already past it */
    late: and(exists, cond(met, { $gt: [metAt, at] }, { $lt: [at, now] })),
    /** the outcome is known: met, or past due */
    decided: and(exists, or(met, { $lt: [at, now] })),
    /** its deadline has passed (met or not) */
    passed: and(exists, { $lt: [at, now] }),
  };
}

const reopenEvents = { $filter: { input: { $ifNull: ['$events', []] }, as: 'e', cond: { $eq: ['$$e.action', 'reopen'] } } };

/**
 * Stage 1 (after the $match): what each ticket is, as booleans the figures are made of. A reopen is
 * read from the event log; the clocks are the ones stored on the ticket (its policy version).
 */
export function ticketFacts(now: Date): Record<string, Expr> {
  const respond = clock('respondBy', now);
  const arrive = clock('arriveBy', now);
  const resolve = clock('resolveBy', now);
  const revisit = clock('revisitBy', now);
  return {
    no: 1,
    unit: 1,
    building: 1,
    kind: 1,
    state: 1,
    createdAt: 1,
    steward: { $ifNull: ['$acceptedBy', null] },
    valid: not({ $in: ['$state', INVALID] }),
    handled: { $in: ['$state', HANDLED] },
    reopened: { $gt: [{ $size: reopenEvents }, 0] },
    lastReopenAt: { $max: { $map: { input: reopenEvents, as: 'e', in: '$$e.at' } } },
    revisited: notNull('$revisit'),
    onSite: { $eq: [{ $ifNull: ['$revisit.method', null] }, 'on_site'] },
    // the latest score: the owner's rating or a staff revisit's, whichever came last
    score: cond(
      and(notNull('$rating.at'), or(isNull('$revisit.score'), { $gte: ['$rating.at', '$revisit.at'] })),
      '$rating.score',
      { $ifNull: ['$revisit.score', null] },
    ),
    scoreAt: cond(
      and(notNull('$rating.at'), or(isNull('$revisit.score'), { $gte: ['$rating.at', '$revisit.at'] })),
      '$rating.at',
      cond(notNull('$revisit.score'), '$revisit.at', null),
    ),
    respondOk: respond.ok,
    respondDecided: respond.decided,
    anyLate: or(respond.late, arrive.late, resolve.late),
    resolveOk: resolve.ok,
    resolveLate: resolve.late,
    resolvePassed: resolve.passed,
    revisitPassed: revisit.passed,
  };
}

interface Rule {
  /** the ticket is one this figure is about */
  applies: Expr;
  /** its outcome is known (else it is pending) */
  decided: Expr;
  ok: Expr;
}

/** Stage 2: per figure, whether the ticket counts (in), counts for it (ok) or is still pending. */
export function figureRules(): Record<Exclude<FigureKey, 'infoFeedback' | 'infoHandled'>, Rule> {
  const kind = (k: string) => ({ $eq: ['$kind', k] });
  const valid = (k: string) => and(kind(k), '$valid');
  const revisitRule = (k: string): Rule => ({
    applies: and(valid(k), '$handled'),
    decided: or('$revisited', '$revisitPassed'),
    ok: '$revisited',
  });
  const unsatisfiedByReopen = and(notNull('$lastReopenAt'), or(isNull('$scoreAt'), { $gt: ['$lastReopenAt', '$scoreAt'] }));
  return {
    // a rejection is a response; a ticket withdrawn before anyone answered has nothing to measure
    response: { applies: { $ne: ['$state', 'cancelled'] }, decided: '$respondDecided', ok: '$respondOk' },
    complaintHandled: { applies: valid('complaint'), decided: or('$handled', '$resolvePassed'), ok: '$handled' },
    complaintOnTime: {
      applies: valid('complaint'),
      decided: or('$handled', '$reopened', '$resolveLate'),
      ok: and('$handled', not('$reopened'), '$resolveOk'),
    },
    complaintRevisit: revisitRule('complaint'),
    complaintOnSite: { applies: and(valid('complaint'), '$handled', '$revisited'), decided: true, ok: '$onSite' },
    repairOnTime: {
      applies: valid('repair'),
      decided: or('$handled', '$reopened', '$anyLate'),
      ok: and('$handled', not('$reopened'), not('$anyLate')),
    },
    repairSatisfaction: {
      applies: valid('repair'),
      decided: or(notNull('$score'), unsatisfiedByReopen),
      ok: and(not(unsatisfiedByReopen), { $gte: [{ $ifNull: ['$score', 0] }, SATISFIED_AT_OR_ABOVE] }),
    },
    repairRevisit: revisitRule('repair'),
    warrantyRevisit: revisitRule('warranty'),
  };
}

type TicketFigure = keyof ReturnType<typeof figureRules>;
export const TICKET_FIGURE_KEYS = TICKET_FIGURES as TicketFigure[];

/** Stage 2's projection: `<key>In` / `<key>Ok` / `<key>Pending` as 0/1, and the figures missed. */
export function figureFlags(): Record<string, Expr> {
  const rules = figureRules();
  const flags: Record<string, Expr> = {
    no: 1, unit: 1, building: 1, kind: 1, state: 1, createdAt: 1, steward: 1,
    cancelled: cond({ $eq: ['$state', 'cancelled'] }, 1, 0),
    rejected: cond({ $eq: ['$state', 'rejected'] }, 1, 0),
  };
  const misses: Expr[] = [];
  for (const key of TICKET_FIGURE_KEYS) {
    const { applies, decided, ok } = rules[key];
    const counted = and(applies, decided);
    flags[`${key}In`] = cond(counted, 1, 0);
    flags[`${key}Ok`] = cond(and(counted, ok), 1, 0);
    flags[`${key}Pending`] = cond(and(applies, not(decided)), 1, 0);
    misses.push(cond(and(counted, not(ok)), [key], []));
  }
  flags.misses = { $concatArrays: misses };
  return flags;
}

const COUNTERS = (): string[] => ['cancelled', 'rejected', ...TICKET_FIGURE_KEYS.flatMap((k) => [`${k}In`, `${k}Ok`, `${k}Pending`])];

/**
 * Stage 3: one row per building and steward with every count summed, and the tickets that missed
 * something (only those: the rest are dropped inside the database).
 */
export function groupStages(): Array<Record<string, unknown>> {
  const group: Record<string, Expr> = { _id: { building: '$building', steward: '$steward' }, total: { $sum: 1 } };
  for (const counter of COUNTERS()) group[counter] = { $sum: `$${counter}` };
  group.missed = {
    $push: cond(
      { $gt: [{ $size: '$misses' }, 0] },
      { subject: 'ticket', id: '$_id', no: '$no', unit: '$unit', building: '$building', kind: '$kind', state: '$state', steward: '$steward', createdAt: '$createdAt', figures: '$misses' },
      null,
    ),
  };
  const project: Record<string, Expr> = { total: 1, missed: { $filter: { input: '$missed', as: 'm', cond: { $ne: ['$$m', null] } } } };
  for (const counter of COUNTERS()) project[counter] = 1;
  return [{ $group: group }, { $project: project }];
}

/** What one group row of the aggregation holds. */
export interface GroupRow {
  _id: { building: string; steward: string | null };
  total: number;
  cancelled: number;
  rejected: number;
  missed: Array<{
    subject: 'ticket' | 'question';
    id: string;
    no: string;
    unit: string;
    building: string;
    kind: string;
    state: string;
    steward: string | null;
    createdAt: Date;
    figures: string[];
  }>;
  [counter: string]: unknown;
}

export const counter = (row: GroupRow, name: string): number => {
  const value = row[name];
  return typeof value === 'number' ? value : 0;
};

// ----- information feedback, from questions (SPEC §2 信息反馈, §6) ---------------------------------

/**
 * One question clock judged at `now`, as core/questions/figures.ts rules it: met on time or late;
 * unmet and past due is late; a question the asker closed before the clock ran out owes nothing
 * (left out); otherwise pending.
 */
function questionClock(due: string, metAt: string, now: Date) {
  const met = notNull(metAt);
  const withdrawn = and(not(met), notNull('$closedAt'), { $lte: ['$closedAt', due] });
  const onTime = and(met, { $lte: [metAt, due] });
  const late = cond(met, { $gt: [metAt, due] }, and(not(withdrawn), { $gt: [now, due] }));
  return { onTime, late, pending: and(not(met), not(withdrawn), { $lte: [now, due] }) };
}

export const QUESTION_FIGURE_KEYS = ['infoFeedback', 'infoHandled'] as const;

/** The whole pipeline over `questions` after its $match: the same group rows as the tickets'. */
export function questionStages(now: Date): Array<Record<string, unknown>> {
  const clocks = {
    // 信息反馈及时率: the owner heard something (an answer, or that it is being checked) in 10 minutes
    infoFeedback: questionClock('$feedbackDue', '$feedbackAt', now),
    // 信息处理及时率: the first answer by its deadline (10 minutes, or 24 hours once marked complex)
    infoHandled: questionClock('$firstAnswerDue', '$firstAnsweredAt', now),
  };
  const flags: Record<string, Expr> = {
    no: 1, unit: 1, building: 1, state: 1, askedAt: 1,
    steward: { $ifNull: ['$firstAnsweredBy', { $ifNull: ['$handler', null] }] },
  };
  const misses: Expr[] = [];
  for (const key of QUESTION_FIGURE_KEYS) {
    const c = clocks[key];
    flags[`${key}In`] = cond(or(c.onTime, c.late), 1, 0);
    flags[`${key}Ok`] = cond(c.onTime, 1, 0);
    flags[`${key}Pending`] = cond(c.pending, 1, 0);
    misses.push(cond(c.late, [key], []));
  }
  flags.misses = { $concatArrays: misses };
  const counters = QUESTION_FIGURE_KEYS.flatMap((k) => [`${k}In`, `${k}Ok`, `${k}Pending`]);
  const group: Record<string, Expr> = { _id: { building: '$building', steward: '$steward' }, questions: { $sum: 1 } };
  for (const name of counters) group[name] = { $sum: `$${name}` };
  group.missed = {
    $push: cond(
      { $gt: [{ $size: '$misses' }, 0] },
      { subject: 'question', id: '$_id', no: '$no', unit: '$unit', building: '$building', kind: 'question', state: '$state', steward: '$steward', createdAt: '$askedAt', figures: '$misses' },
      null,
    ),
  };
  const project: Record<string, Expr> = { questions: 1, missed: { $filter: { input: '$missed', as: 'm', cond: { $ne: ['$$m', null] } } } };
  for (const name of counters) project[name] = 1;
  return [{ $project: flags }, { $group: group }, { $project: project }];
}
