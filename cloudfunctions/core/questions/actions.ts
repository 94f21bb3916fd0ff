// The `questions` function's actions (SPEC §6, §10): an owner asks (seeing the FAQ first),
// stewards claim, answer or mark complex from the staff tab's queue, the owner follows up or
// settles it; good answers become the community's FAQ, which leads curate. Every change is one
// update conditional on the revision read (CONFLICT when it moved).
import type { z } from 'zod';
import { FAQ_MAX, type FaqEntry, type Question, type QuestionCommand, type QuestionThread, questionActions } from '../../../types/questions';
import { questionCategoryLabels } from '../../../types/labels';
import type { Caller } from '../router/caller';
import { AppError, conflict, forbidden, invalid, notFound } from '../router/errors';
import type { ActionContext, ActionTable } from '../router/router';
import { ownBuildingsFirst, pageList } from '../workflow/paging';
import { createdEarlier, idOfCreate } from '../router/idempotency';
import type { Database } from '../sdk';
import { buildCalendar } from '../sla/calendar';
import { defaultPolicy } from '../sla/policy';
import { questionDeadlines } from '../sla/questions';
import { loadCalendar, loadPolicy } from '../sla/load';
import { shanghaiDate, toShanghaiIso } from '../time';
import { nextDailyNumber } from '../workflow/number';
import { faqOf, findFaq, findQuestion, writeQuestion } from './data';
import { type Actor, type Clocks, decide, dueLevel, FAQ, type FaqDoc, messageId, type QuestionDoc, QUESTIONS, questionAccess, QUESTION_NUMBERS } from './model';
import { stewardsFor, tellAsker, tellStaff } from './notices';
import { searchFaq } from './search';

type Ctx<A extends keyof typeof questionActions> = ActionContext<z.output<(typeof questionActions)[A]['input']>>;

/** Search results shown before asking. */
const MATCHES_SHOWN = 5;

// ----- who the caller is to a question -----------------------------------------------------------

/** The caller's highest question-working post (steward, lead, manager) in a community. */
const postIn = (caller: Caller, communityId: string) => questionAccess.post(caller, communityId);

/** The standing a command needs: the asker's for follow-ups and closing, staff's for the rest. */
function actorFor(caller: Caller, q: QuestionDoc, command: QuestionCommand): Actor {
  const post = postIn(caller, q.communityId);
  const asAsker = command === 'followUp' || command === 'close';
  if (asAsker && q.asker === caller.openid) return { id: caller.openid, role: q.askerRole, name: null };
  if (post) return { id: caller.openid, role: post.role, name: post.name };
  // neither: decide() refuses with FORBIDDEN for the role it is given
  return { id: caller.openid, role: 'owner', name: null };
}

// ----- clocks --------------------------------------------------------------------------------------

// Whether a command is allowed never depends on the deadlines, so the buttons are worked out
// against the default policy without reading the community's.
const ANY_CLOCKS: Clocks = { policy: defaultPolicy, calendar: buildCalendar([]) };

/** The community's policy; the calendar is read only if a question span counts working days. */
async function loadClocks(database: Database, communityId: string): Promise<Clocks> {
  const policy = await loadPolicy(database, communityId);
  const spans = [policy.questions.firstAnswer, policy.questions.complexAnswer];
  const calendar = spans.some((s) => s.unit === 'workingDays') ? await loadCalendar(database) : ANY_CLOCKS.calendar;
  return { policy, calendar };
}

// ----- views -------------------------------------------------------------------------------------------

const iso = (d: Date | null) => (d ? toShanghaiIso(d) : null);

function allowedFor(caller: Caller, q: QuestionDoc, now: Date): QuestionCommand[] {
  const commands: Array<Exclude<QuestionCommand, 'saveFaq'>> = ['claim', 'release', 'answer', 'markComplex', 'followUp', 'close'];
  const allowed: QuestionCommand[] = commands.filter((c) => decide(q, c, actorFor(caller, q, c), now, ANY_CLOCKS, 'x').ok);
  if (postIn(caller, q.communityId) && q.firstAnsweredAt && !q.faqId) allowed.push('saveFaq');
  return allowed;
}

function messageView(m: QuestionDoc['messages'][number]) {
  return { id: m.id, from: m.from, authorName: m.authorName, text: m.text, at: toShanghaiIso(m.at) };
}

export function summaryView(q: QuestionDoc, caller: Caller, now: Date): Question {
  const staff = Boolean(postIn(caller, q.communityId));
  const last = q.messages[q.messages.length - 1];
  return {
    id: q._id,
    no: q.no,
    communityId: q.communityId,
    unit: q.unit,
    category: q.category,
    text: q.text,
    state: q.state,
    complex: q.complex,
    askerName: staff ? q.askerName : null,
    handlerName: q.handlerName,
    handlerIsMe: q.handler === caller.openid,
    clock: {
      firstAnswerDue: toShanghaiIso(q.firstAnswerDue),
      firstAnsweredAt: iso(q.firstAnsweredAt),
      feedbackDue: toShanghaiIso(q.feedbackDue),
      feedbackAt: iso(q.feedbackAt),
      replyDue: iso(q.replyDue),
      level: dueLevel(q, now),
    },
    waitingSince: iso(q.waitingSince),
    messageCount: q.messages.length,
    lastMessage: messageView(last),
    faqId: q.faqId,
    allowed: allowedFor(caller, q, now),
    askedAt: toShanghaiIso(q.askedAt),
    updatedAt: toShanghaiIso(q.updatedAt),
  };
}

export function threadView(q: QuestionDoc, caller: Caller, now: Date): QuestionThread {
  return {
    ...summaryView(q, caller, now),
    messages: q.messages.map(messageView),
    events: q.events.map((e) => ({ action: e.action, actorRole: e.actorRole, actorName: e.actorName, at: toShanghaiIso(e.at), note: e.note })),
  };
}

function faqView(f: FaqDoc): FaqEntry {
  return {
    id: f._id,
    communityId: f.communityId,
    category: f.category,
    question: f.question,
    answer: f.answer,
    keywords: f.keywords,
    active: f.active,
    updatedAt: toShanghaiIso(f.updatedAt),
  };
}

// ----- one step ---------------------------------------------------------------------------------------

async function loadFor(database: Database, caller: Caller, id: string): Promise<QuestionDoc> {
  return questionAccess.load(findQuestion(database, id), caller);
}

async function step(ctx: { db: Database; caller: Caller; now: Date }, q: QuestionDoc, command: Exclude<QuestionCommand, 'saveFaq'>, text = ''): Promise<QuestionDoc> {
  const clocks = command === 'markComplex' || command === 'followUp' ? await loadClocks(ctx.db, q.communityId) : ANY_CLOCKS;
  const decided = decide(q, command, actorFor(ctx.caller, q, command), ctx.now, clocks, text);
  if (!decided.ok) throw new AppError(decided.code, decided.message);
  return writeQuestion(ctx.db, q, decided.changes, decided.event, decided.message, ctx.now);
}

// ----- lists --------------------------------------------------------------------------------------------

async function listQuestions(ctx: Ctx<'list'>) {
  const { db: database, caller, input } = ctx;
  const _ = database.command;
  const staffCommunities = caller.communitiesAs(['steward']).filter((c) => !input.communityId || c === input.communityId);
  const filter: Record<string, unknown> = {};
  if (input.category) filter.category = input.category;
  const newestFirst = { field: 'createdAt', kind: 'date', order: 'desc' } as const;
  const limit = input.limit;
  if (input.mine === true || staffCommunities.length === 0) {
    // the asker's own questions only, whatever else was asked for
    return pageList<QuestionDoc>(database, { collection: QUESTIONS, filter: { ...filter, asker: caller.openid }, sort: newestFirst, limit }, input.cursor);
  }
  const communityId = staffCommunities[0];
  filter.communityId = communityId;
  if (input.handler === 'me') filter.handler = caller.openid;
  if (input.view === 'open') {
    filter.state = _.in(['waiting', 'claimed']);
    filter.queueKey = _.gte(0);
    // an area steward sees their buildings' questions first, then the rest (as tickets and passes)
    const phases = ownBuildingsFirst(database, postIn(caller, communityId), input.handler === 'me');
    return pageList<QuestionDoc>(database, { collection: QUESTIONS, filter, phases, sort: { field: 'queueKey', kind: 'number', order: 'asc' }, limit }, input.cursor);
  }
  if (input.view !== 'all') filter.state = input.view;
  return pageList<QuestionDoc>(database, { collection: QUESTIONS, filter, sort: newestFirst, limit }, input.cursor);
}

// ----- the FAQ --------------------------------------------------------------------------------------

/** The community an FAQ call is about: the one named, else the caller's (post first, then binding). */
function faqCommunity(caller: Caller, named: string | undefined): string {
  const mine = [...caller.staff.map((p) => p.communityId), ...caller.bindings.map((b) => b.communityId)];
  const communityId = named ?? mine[0];
  if (!communityId || !mine.includes(communityId)) throw forbidden('请先绑定房屋后查看常见问题');
  return communityId;
}

function leadIn(caller: Caller, communityId: string): boolean {
  return Boolean(caller.postIn(communityId, ['lead']));
}

async function activeFaqCount(database: Database, communityId: string): Promise<number> {
  return (await database.collection(FAQ).where({ communityId, active: true }).count()).total;
}

// ----- the actions ----------------------------------------------------------------------------------

const withQuestion = (ctx: { db: Database; caller: Caller; input: { id: string } }) => loadFor(ctx.db, ctx.caller, ctx.input.id);

export const questionsActionTable = {
  ask: {
    roles: ['owner', 'resident'],
    create: true,
    async handler(ctx: Ctx<'ask'>) {
      const { db: database, caller, now, input } = ctx;
      const earlier = await createdEarlier<QuestionDoc>(ctx, QUESTIONS);
      if (earlier) return { question: threadView(earlier, caller, now) };
      const bindings = caller.bindings.filter((b) => !input.communityId || b.communityId === input.communityId);
      if (bindings.length === 0) throw new AppError('FORBIDDEN', '请先绑定房屋后再咨询', { communityId: '您尚未绑定该小区的房屋' });
      if (new Set(bindings.map((b) => b.communityId)).size > 1) throw invalid('请选择要咨询的小区', { communityId: '请选择要咨询的小区' });
      const binding = bindings[0];
      const communityId = binding.communityId;
      const [clocks, number] = await Promise.all([loadClocks(database, communityId), nextDailyNumber(database, QUESTION_NUMBERS, communityId, now)]);
      const no = number.no;
      const deadlines = questionDeadlines(now, false, clocks.policy, clocks.calendar);
      const doc: Omit<QuestionDoc, '_id'> = {
        no,
        communityId,
        unit: binding.unit,
        building: binding.unit.split('-')[0],
        asker: caller.openid,
        askerRole: binding.role,
        askerName: binding.name,
        category: input.category,
        text: input.text,
        state: 'waiting',
        rev: 0,
        handler: null,
        handlerName: null,
        complex: false,
        complexAt: null,
        askedAt: now,
        askedMonth: shanghaiDate(now).slice(0, 7),
        firstAnswerDue: deadlines.firstAnswerDue,
        firstAnsweredAt: null,
        firstAnsweredBy: null,
        feedbackDue: deadlines.feedbackDue,
        feedbackAt: null,
        policyVersion: deadlines.policyVersion,
        waitingSince: now,
        replyDue: deadlines.firstAnswerDue,
        queueKey: deadlines.firstAnswerDue.getTime(),
        alertAt: deadlines.firstAnswerDue,
        alertedFor: null,
        messages: [{ id: messageId(now), from: 'asker', author: caller.openid, authorName: null, text: input.text, at: now }],
        events: [{ action: 'ask', actorRole: binding.role, actorId: caller.openid, actorName: null, at: now, note: null }],
        faqId: null,
        closedAt: null,
        createdAt: now,
        updatedAt: now,
      };
      const added = await database.collection(QUESTIONS).add({ data: { ...idOfCreate(ctx), ...doc } });
      const q: QuestionDoc = { ...doc, _id: added._id };
      const stewards = await stewardsFor(database, communityId, q.building);
      await tellStaff(database, stewards, q, `新咨询 ${q.unit}`, `${questionCategoryLabels[q.category]}：${q.text}`, q.firstAnswerDue, now);
      return { question: threadView(q, caller, now) };
    },
  },

  get: {
    roles: 'anyone',
    async handler(ctx: Ctx<'get'>) {
      return { question: threadView(await withQuestion(ctx), ctx.caller, ctx.now) };
    },
  },

  list: {
    roles: 'anyone',
    async handler(ctx: Ctx<'list'>) {
      const page = await listQuestions(ctx);
      return { questions: page.docs.map((q) => summaryView(q, ctx.caller, ctx.now)), nextCursor: page.next };
    },
  },

  claim: {
    roles: ['steward'],
    async handler(ctx: Ctx<'claim'>) {
      const after = await step(ctx, await withQuestion(ctx), 'claim');
      return { question: threadView(after, ctx.caller, ctx.now) };
    },
  },

  release: {
    roles: ['steward'],
    async handler(ctx: Ctx<'release'>) {
      const after = await step(ctx, await withQuestion(ctx), 'release');
      return { question: threadView(after, ctx.caller, ctx.now) };
    },
  },

  answer: {
    roles: ['steward'],
    async handler(ctx: Ctx<'answer'>) {
      const q = await withQuestion(ctx);
      const after = await step(ctx, q, 'answer', ctx.input.text);
      const name = after.handlerName ?? '管家';
      await tellAsker(ctx.db, after, '咨询回复通知', `管家${name}答复了您的咨询（${after.no}）：${ctx.input.text}`, ctx.input.text, ctx.now);
      return { question: threadView(after, ctx.caller, ctx.now) };
    },
  },

  markComplex: {
    roles: ['steward'],
    async handler(ctx: Ctx<'markComplex'>) {
      const q = await withQuestion(ctx);
      const after = await step(ctx, q, 'markComplex', ctx.input.note ?? '');
      const due = toShanghaiIso(after.firstAnswerDue).slice(5, 16).replace('T', ' ');
      const note = ctx.input.note ? `（${ctx.input.note}）` : '';
      await tellAsker(ctx.db, after, '咨询需要进一步核实', `您的咨询（${after.no}）需要管家进一步核实${note}，将在 ${due} 前答复您。`, `需进一步核实，${due}前答复`, ctx.now);
      return { question: threadView(after, ctx.caller, ctx.now) };
    },
  },

  followUp: {
    roles: 'anyone',
    async handler(ctx: Ctx<'followUp'>) {
      const q = await withQuestion(ctx);
      const after = await step(ctx, q, 'followUp', ctx.input.text);
      const to = after.handler ? [after.handler] : await stewardsFor(ctx.db, after.communityId, after.building);
      await tellStaff(ctx.db, to, after, `业主追问 ${after.unit}`, ctx.input.text, after.replyDue ?? ctx.now, ctx.now);
      return { question: threadView(after, ctx.caller, ctx.now) };
    },
  },

  close: {
    roles: 'anyone',
    async handler(ctx: Ctx<'close'>) {
      const after = await step(ctx, await withQuestion(ctx), 'close');
      return { question: threadView(after, ctx.caller, ctx.now) };
    },
  },

  faq: {
    roles: 'anyone',
    async handler(ctx: Ctx<'faq'>) {
      const { caller, input } = ctx;
      const communityId = faqCommunity(caller, input.communityId);
      if (input.includeRetired && !leadIn(caller, communityId)) throw forbidden('只有班长可以查看已下架的常见问题');
      const entries = await faqOf(ctx.db, communityId, input.includeRetired === true);
      if (input.query) {
        const matches = searchFaq(
          entries.filter((e) => e.active).map((e) => ({ ...e, id: e._id })),
          input.query,
          input.limit ?? MATCHES_SHOWN,
        );
        return { entries: matches.map((m) => ({ ...faqView(m.entry), score: m.score })) };
      }
      const sorted = [...entries].sort((a, b) => Number(b.active) - Number(a.active) || a.category.localeCompare(b.category) || a._id.localeCompare(b._id));
      return { entries: sorted.slice(0, input.limit ?? FAQ_MAX).map((e) => ({ ...faqView(e), score: 0 })) };
    },
  },

  saveFaq: {
    roles: ['steward'],
    create: true,
    async handler(ctx: Ctx<'saveFaq'>) {
      const { db: database, caller, now, input } = ctx;
      const earlier = await createdEarlier<FaqDoc>(ctx, FAQ);
      if (earlier) return { entry: faqView(earlier) };
      const source = input.questionId ? await loadFor(database, caller, input.questionId) : null;
      const communityId = source?.communityId ?? input.communityId ?? caller.communitiesAs(['steward'])[0];
      if (!communityId || !postIn(caller, communityId)) throw forbidden('您不是该小区的管家');
      if (source && !source.firstAnsweredAt) throw conflict('请先答复这条咨询，再收入常见问题');
      if ((await activeFaqCount(database, communityId)) >= FAQ_MAX) throw conflict(`常见问题已有 ${FAQ_MAX} 条，请班长先下架不再需要的条目`);
      const doc: Omit<FaqDoc, '_id'> = {
        communityId,
        category: input.category ?? source?.category ?? 'other',
        question: input.question,
        answer: input.answer,
        keywords: input.keywords ?? [],
        active: true,
        sourceQuestionId: source?._id ?? null,
        createdBy: caller.openid,
        updatedBy: caller.openid,
        createdAt: now,
        updatedAt: now,
        rev: 0,
      };
      const added = await database.collection(FAQ).add({ data: { ...idOfCreate(ctx), ...doc } });
      if (source) {
        // The link and its event are pushed atomically; no revision check needed, nothing is overwritten.
        const post = postIn(caller, communityId);
        const _ = database.command;
        const event = { action: 'save_faq', actorRole: post?.role ?? 'steward', actorId: caller.openid, actorName: post?.name ?? null, at: now, note: input.question };
        await database
          .collection(QUESTIONS)
          .where({ _id: source._id })
          .update({ data: { faqId: added._id, rev: _.inc(1), updatedAt: now, events: _.push([event]) } });
      }
      return { entry: faqView({ ...doc, _id: added._id }) };
    },
  },

  editFaq: {
    roles: ['lead'],
    async handler(ctx: Ctx<'editFaq'>) {
      const { db: database, caller, now, input } = ctx;
      const entry = await findFaq(database, input.id);
      if (!entry || !leadIn(caller, entry.communityId)) throw notFound('没有找到这条常见问题');
      const changes = {
        category: input.category ?? entry.category,
        question: input.question,
        answer: input.answer,
        keywords: input.keywords ?? entry.keywords,
        updatedBy: caller.openid,
        updatedAt: now,
      };
      const done = await database
        .collection(FAQ)
        .where({ _id: entry._id, rev: entry.rev })
        .update({ data: { ...changes, keywords: database.command.set(changes.keywords), rev: database.command.inc(1) } });
      if (done.stats.updated !== 1) throw conflict('这条常见问题刚被修改过，请刷新后重试');
      return { entry: faqView({ ...entry, ...changes, rev: entry.rev + 1 }) };
    },
  },

  retireFaq: {
    roles: ['lead'],
    async handler(ctx: Ctx<'retireFaq'>) {
      const { db: database, caller, now, input } = ctx;
      const entry = await findFaq(database, input.id);
      if (!entry || !leadIn(caller, entry.communityId)) throw notFound('没有找到这条常见问题');
      if (entry.active === input.active) throw conflict(input.active ? '这条常见问题已在使用中' : '这条常见问题已下架');
      if (input.active && (await activeFaqCount(database, entry.communityId)) >= FAQ_MAX) throw conflict(`常见问题已有 ${FAQ_MAX} 条，请先下架不再需要的条目`);
      const done = await database
        .collection(FAQ)
        .where({ _id: entry._id, rev: entry.rev })
        .update({ data: { active: input.active, updatedBy: caller.openid, updatedAt: now, rev: database.command.inc(1) } });
      if (done.stats.updated !== 1) throw conflict('这条常见问题刚被修改过，请刷新后重试');
      return { entry: faqView({ ...entry, active: input.active, updatedAt: now }) };
    },
  },
} satisfies ActionTable<'questions'>;
