// The aggregation that computes the month's figures inside the database (SPEC §2; the rules in
// words are docs/reports.md). Stages are plain MongoDB aggregation objects: the SDK sends them as
// they are, WeChat's database runs them, and so does the local cloud (mingo). Pure: `now` and the
// month come in as arguments; nothing here reads the clock or the database.
import type { DecorationFigureKey } from './decoration';
import type { FigureKey } from '../../../types/reports';
import type { DeadlineKey } from '../../../types/tickets';
import { TICKET_FIGURES } from './figures';

type Expr = unknown;

const HANDLED = ['resolved', 'revisited', 'closed'];
/** 4 and 5 of the 1–5 rating are 满意 / 非常满意; 3 is 一般 (not counted as satisfied). */
export const SATISFIED_AT_OR_ABOVE = 4;

const notNull = (e: Expr): Expr => ({ $ne: [{ $ifNull: [e, null] }, null] });
const isNull = (e: Expr): Expr => ({ $eq: [{ $ifNull: [e, null] }, null] });
const and = (...e: Expr[]): Expr => ({ $and: e });
const or = (...e: Expr[]): Expr => ({ $or: e });
const not = (e: Expr): Expr => ({ $not: [e] });
const cond = (c: Expr, a: Expr, b: Expr): Expr => ({ $cond: [c, a, b] });

/** Later than any deadline: stands in for "no such clock" in comparisons… */
const NEVER = new Date('9999-12-31T00:00:00.000Z');
/** …and later still for "not met", so that a clock neither set nor met is never "met on time". */
const NOT_MET = new Date('9999-12-31T00:00:01.000Z');

/**
 * One stored clock (`clocks.<key>`: start, at, metAt) judged at `now`. A missing deadline reads
 * as NEVER (never past), a missing met time as NOT_MET or as `now` (late if past due): a
 * few operators per ticket, which is what the database pays for on every ticket of the month.
 */
function clock(key: DeadlineKey, now: Date) {
  const at = { $ifNull: [`$clocks.${key}.at`, NEVER] };
  const metAt = `$clocks.${key}.metAt`;
  return {
    /** met no later than its deadline */
    ok: { $lte: [{ $ifNull: [metAt, NOT_MET] }, at] },
    /** met after its deadline, or not met and already past it */
    late: { $gt: [{ $ifNull: [metAt, now] }, at] },
    /** the outcome is known: met, or past due */
    decided: { $lt: [{ $ifNull: [metAt, at] }, now] },
    /** its deadline has passed (met or not) */
    passed: { $lt: [at, now] },
  };
}

const reopenEvents = { $filter: { input: { $ifNull: ['$events', []] }, as: 'e', cond: { $eq: ['$$e.action', 'reopen'] } } };

/** The per-ticket booleans the ticket figures are made of (their names are the signature's keys). */
const FACTS = [
  'cancelled',
  'rejected',
  'handled',
  'reopened',
  'revisited',
  'onSite',
  'scored',
  'scoreOk',
  'reopenAfterScore',
  'respondOk',
  'respondDecided',
  'anyLate',
  'resolveOk',
  'resolveLate',
  'resolvePassed',
  'revisitPassed',
] as const;
type Fact = (typeof FACTS)[number];

/** The fields of a missed ticket as listed (kept from each ticket through the grouping). */
const BRIEF = ['no', 'unit', 'building', 'kind', 'state', 'createdAt', 'steward'] as const;

/**
 * Stage 1 (after the $match): each ticket as its brief and a few booleans. A reopen is read from
 * the event log; the clocks are the ones stored on the ticket (its policy version).
 */
export function ticketFacts(now: Date): Record<string, Expr> {
  const respond = clock('respondBy', now);
  const arrive = clock('arriveBy', now);
  const resolve = clock('resolveBy', now);
  const revisit = clock('revisitBy', now);
  // the latest score: the owner's rating or a staff revisit's, whichever came last
  const ratingIsLatest = and(notNull('$rating.at'), or(isNull('$revisit.score'), { $gte: ['$rating.at', '$revisit.at'] }));
  const score = cond(ratingIsLatest, '$rating.score', { $ifNull: ['$revisit.score', null] });
  const scoreAt = cond(ratingIsLatest, '$rating.at', cond(notNull('$revisit.score'), '$revisit.at', null));
  const lastReopenAt = { $max: { $map: { input: reopenEvents, as: 'e', in: '$$e.at' } } };
  const facts: Record<Fact, Expr> = {
    cancelled: { $eq: ['$state', 'cancelled'] },
    rejected: { $eq: ['$state', 'rejected'] },
    handled: { $in: ['$state', HANDLED] },
    reopened: { $in: ['reopen', { $ifNull: ['$events.action', []] }] },
    revisited: notNull('$revisit'),
    onSite: { $eq: [{ $ifNull: ['$revisit.method', null] }, 'on_site'] },
    scored: notNull(score),
    scoreOk: { $gte: [{ $ifNull: [score, 0] }, SATISFIED_AT_OR_ABOVE] },
    // a reopening after the latest score (or with none) is the owner's "not satisfied"
    reopenAfterScore: cond({ $in: ['reopen', { $ifNull: ['$events.action', []] }] }, or(isNull(scoreAt), { $gt: [lastReopenAt, scoreAt] }), false),
    respondOk: respond.ok,
    respondDecided: respond.decided,
    anyLate: or(respond.late, arrive.late, resolve.late),
    resolveOk: resolve.ok,
    resolveLate: resolve.late,
    resolvePassed: resolve.passed,
    revisitPassed: revisit.passed,
  };
  return { no: 1, unit: 1, building: 1, kind: 1, state: 1, createdAt: 1, steward: { $ifNull: ['$acceptedBy', null] }, ...facts };
}

interface Rule {
  /** the ticket is one this figure is about */
  applies: Expr;
  /** its outcome is known (else it is pending) */
  decided: Expr;
  ok: Expr;
}

/**
 * Per figure, whether a ticket counts (in), counts for it (ok) or is still pending, in terms of
 * its facts (`f('handled')` names where the fact is read from).
 */
export function figureRules(f: (fact: Fact | 'kind') => string): Record<Exclude<FigureKey, 'infoFeedback' | 'infoHandled' | DecorationFigureKey>, Rule> {
  const kind = (k: string) => ({ $eq: [f('kind'), k] });
  const validKind = (k: string) => and(kind(k), not(f('cancelled')), not(f('rejected')));
  const revisitRule = (k: string): Rule => ({
    applies: and(validKind(k), f('handled')),
    decided: or(f('revisited'), f('revisitPassed')),
    ok: f('revisited'),
  });
  return {
    // a rejection is a response; a ticket withdrawn before anyone answered has nothing to measure
    response: { applies: not(f('cancelled')), decided: f('respondDecided'), ok: f('respondOk') },
    complaintHandled: { applies: validKind('complaint'), decided: or(f('handled'), f('resolvePassed')), ok: f('handled') },
    complaintOnTime: {
      applies: validKind('complaint'),
      decided: or(f('handled'), f('reopened'), f('resolveLate')),
      ok: and(f('handled'), not(f('reopened')), f('resolveOk')),
    },
    complaintRevisit: revisitRule('complaint'),
    complaintOnSite: { applies: and(validKind('complaint'), f('handled'), f('revisited')), decided: true, ok: f('onSite') },
    repairOnTime: {
      applies: validKind('repair'),
      decided: or(f('handled'), f('reopened'), f('anyLate')),
      ok: and(f('handled'), not(f('reopened')), not(f('anyLate'))),
    },
    repairSatisfaction: {
      applies: validKind('repair'),
      decided: or(f('scored'), f('reopenAfterScore')),
      ok: and(not(f('reopenAfterScore')), f('scoreOk')),
    },
    repairRevisit: revisitRule('repair'),
    warrantyRevisit: revisitRule('warranty'),
  };
}

type TicketFigure = keyof ReturnType<typeof figureRules>;
export const TICKET_FIGURE_KEYS = TICKET_FIGURES as TicketFigure[];

/** Per figure `<key>In` / `<key>Ok` / `<key>Pending` (as `one`, else 0) and the figures missed. */
function flagsOf(f: (fact: Fact | 'kind') => string, one: Expr): { flags: Record<string, Expr>; misses: Expr } {
  const rules = figureRules(f);
  const flags: Record<string, Expr> = {
    cancelled: cond(f('cancelled'), one, 0),
    rejected: cond(f('rejected'), one, 0),
  };
  const misses: Expr[] = [];
  for (const key of TICKET_FIGURE_KEYS) {
    const { applies, decided, ok } = rules[key];
    const counted = and(applies, decided);
    flags[`${key}In`] = cond(counted, one, 0);
    flags[`${key}Ok`] = cond(and(counted, ok), one, 0);
    flags[`${key}Pending`] = cond(and(applies, not(decided)), one, 0);
    misses.push(cond(and(counted, not(ok)), [key], []));
  }
  return { flags, misses: { $concatArrays: misses } };
}

const COUNTERS = (): string[] => ['cancelled', 'rejected', ...TICKET_FIGURE_KEYS.flatMap((k) => [`${k}In`, `${k}Ok`, `${k}Pending`])];

/**
 * After `ticketFacts`: tickets alike in every fact (and building, steward, kind) are grouped
 * first, so the figure rules run once per such group rather than once per ticket — a month holds
 * thousands of tickets but few distinct combinations. Each group carries its tickets and, per
 * figure, the 0/1 flags every one of them has.
 */
export function alikeStages(): Array<Record<string, unknown>> {
  const key: Record<string, Expr> = { building: '$building', steward: '$steward', kind: '$kind' };
  for (const fact of FACTS) key[fact] = `$${fact}`;
  const alike = { $group: { _id: key, n: { $sum: 1 }, tickets: { $push: '$$ROOT' } } };
  const { flags, misses } = flagsOf((fact) => `$_id.${fact}`, 1);
  return [alike, { $project: { ...flags, misses, tickets: 1, n: 1 } }];
}

/**
 * The month's figures: the alike groups, then one row per building and steward with every count
 * summed, and the tickets that missed something (only those: the briefs of the rest are dropped
 * inside the database).
 */
export function groupStages(): Array<Record<string, unknown>> {
  const listed: Record<string, Expr> = {};
  for (const counter of COUNTERS()) listed[counter] = { $multiply: [`$${counter}`, '$n'] };
  const brief: Record<string, Expr> = { subject: 'ticket', id: '$$t._id' };
  for (const field of BRIEF) brief[field] = `$$t.${field}`;
  brief.figures = '$misses';
  listed.n = 1;
  listed.missed = cond({ $gt: [{ $size: '$misses' }, 0] }, { $map: { input: '$tickets', as: 't', in: brief } }, []);

  const group: Record<string, Expr> = { _id: { building: '$_id.building', steward: '$_id.steward' }, total: { $sum: '$n' } };
  for (const counter of COUNTERS()) group[counter] = { $sum: `$${counter}` };
  group.missed = { $push: '$missed' };
  const project: Record<string, Expr> = { total: 1, missed: { $reduce: { input: '$missed', initialValue: [], in: { $concatArrays: ['$$value', '$$this'] } } } };
  for (const counter of COUNTERS()) project[counter] = 1;
  return [...alikeStages(), { $project: listed }, { $group: group }, { $project: project }];
}

/** One alike group as `alikeStages` answers it. */
export interface AlikeRow {
  _id: { building: string; steward: string | null; kind: string };
  n: number;
  misses: string[];
  tickets: Array<Record<string, unknown> & { _id: string; no: string; createdAt: Date }>;
  [flag: string]: unknown;
}

/** The same as `groupStages` gives, from alike groups already fetched (the export's one pass). */
export function groupRowsOf(alike: AlikeRow[]): GroupRow[] {
  return alike.map((g) => {
    const row: GroupRow = {
      _id: { building: g._id.building, steward: g._id.steward },
      total: g.n,
      cancelled: 0,
      rejected: 0,
      missed:
        g.misses.length === 0
          ? []
          : g.tickets.map((t) => ({
              subject: 'ticket' as const,
              id: t._id,
              no: t.no,
              unit: String(t.unit),
              building: String(t.building),
              kind: String(t.kind),
              state: String(t.state),
              steward: (t.steward as string | null) ?? null,
              createdAt: t.createdAt,
              figures: g.misses,
            })),
    };
    for (const name of COUNTERS()) row[name] = (typeof g[name] === 'number' ? (g[name] as number) : 0) * g.n;
    return row;
  });
}

/** Every ticket of the alike groups with its group's flags, oldest first (the export's list). */
export function ticketRowsOf(alike: AlikeRow[]): Array<Record<string, unknown> & { _id: string; no: string; createdAt: Date }> {
  const rows = alike.flatMap((g) => {
    const flags: Record<string, unknown> = {};
    for (const name of COUNTERS()) flags[name] = g[name];
    return g.tickets.map((t) => ({ ...t, ...flags }));
  });
  return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
}

/** What one group row of the aggregation holds. */
export interface GroupRow {
  _id: { building: string; steward: string | null };
  total: number;
  cancelled: number;
  rejected: number;
  missed: Array<{
    subject: 'ticket' | 'question' | 'decoration';
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
    no: 1,
    unit: 1,
    building: 1,
    state: 1,
    askedAt: 1,
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
      {
        subject: 'question',
        id: '$_id',
        no: '$no',
        unit: '$unit',
        building: '$building',
        kind: 'question',
        state: '$state',
        steward: '$steward',
        createdAt: '$askedAt',
        figures: '$misses',
      },
      null,
    ),
  };
  const project: Record<string, Expr> = { questions: 1, missed: { $filter: { input: '$missed', as: 'm', cond: { $ne: ['$$m', null] } } } };
  for (const name of counters) project[name] = 1;
  return [{ $project: flags }, { $group: group }, { $project: project }];
}
