// The `surveys` function's actions (SPEC §15): the lead's quarterly survey, owners' answers (one
// per household and quarter, by a unique `_id`), results against the 90 % target, the follow-up of
// every dissatisfied answer (a steward's communication, handling and revisit, each a conditional
// write on the workflow core), and the annual household visits with coverage by building.
import type { z } from 'zod';
import {
  DEFAULT_SURVEY_AREAS,
  DISSATISFIED_AT_MOST,
  type Followup,
  type FollowupState,
  type FollowupStep,
  type Survey,
  type SurveyArea,
  type surveyActions,
} from '../../../types/surveys';
import type { UnitDoc } from '../accounts/model';
import { AppError, forbidden, invalid, notFound } from '../router/errors';
import type { ActionContext, ActionTable } from '../router/router';
import type { Caller } from '../router/caller';
import { type Database, isDuplicateError } from '../sdk';
import { toShanghaiIso } from '../time';
import { postFor } from '../workflow/access';
import { defineMachine, type Rule } from '../workflow/machine';
import { tellStaffAlert } from '../workflow/notices';
import { type Store, writeStep } from '../workflow/write';
import { households, readAll, surveyFigures, visitFigures } from './figures';
import { ANSWERS, type AnswerDoc, FOLLOWUPS, type FollowupDoc, SURVEYS, SURVEY_SETTINGS, type SurveyDoc, type SurveySettingsDoc, VISITS, type VisitDoc } from './model';

type Ctx<A extends keyof typeof surveyActions> = ActionContext<z.output<(typeof surveyActions)[A]['input']>>;

/** A follow-up is revisited within 7 days, as a complaint is (SPEC §2). */
const FOLLOWUP_DAYS = 7;

const followupMachine = defineMachine<FollowupState, FollowupStep, Pick<FollowupDoc, 'state'>>({
  rules: {
    communicate: { from: ['open'], to: 'communicated', roles: ['steward'], needsNote: true },
    handle: { from: ['communicated'], to: 'handled', roles: ['steward'], needsNote: true },
    revisit: { from: ['handled'], to: 'closed', roles: ['steward'], needsNote: true },
  } satisfies Record<FollowupStep, Rule<FollowupState>>,
  stale: (f) => (f.state === 'closed' ? '该跟进已关闭' : '请按 沟通 → 处理 → 回访 的顺序记录'),
});
const FOLLOWUP_STORE: Store<FollowupDoc> = { collection: FOLLOWUPS, whole: [], stale: '跟进状态已变化，请刷新后重试' };

function staffCommunity(caller: Caller, requested: string | undefined, rights: Array<'steward' | 'lead'>) {
  const communityId = requested ?? caller.communitiesAs(rights)[0];
  const post = communityId ? postFor(caller, communityId, rights) : undefined;
  if (!communityId || !post) throw forbidden(rights.includes('lead') && !rights.includes('steward') ? '只有本小区的班长或项目经理可以操作' : '只有本小区的管家可以操作');
  return { communityId, post };
}

const surveyView = (s: SurveyDoc): Survey => ({ id: s._id, communityId: s.communityId, quarter: s.quarter, areas: s.areas, state: s.state, openedAt: toShanghaiIso(s.openedAt) });

const followupView = (f: FollowupDoc): Followup => ({
  id: f._id,
  surveyId: f.surveyId,
  quarter: f.quarter,
  unit: f.unit,
  building: f.building,
  low: f.low,
  comment: f.comment,
  state: f.state,
  dueAt: toShanghaiIso(f.dueAt),
  steps: f.steps.map((s) => ({ step: s.step, note: s.note, byName: s.byName, at: toShanghaiIso(s.at) })),
  rev: f.rev,
});

async function findSurvey(database: Database, id: string): Promise<SurveyDoc | null> {
  return (await database.collection<SurveyDoc>(SURVEYS).where({ _id: id }).limit(1).get()).data[0] ?? null;
}

async function areasOf(database: Database, communityId: string): Promise<SurveyArea[]> {
  const saved = (await database.collection<SurveySettingsDoc>(SURVEY_SETTINGS).where({ _id: communityId }).limit(1).get()).data[0];
  return saved?.areas ?? DEFAULT_SURVEY_AREAS.map((a) => ({ ...a }));
}

export const surveysActionTable = {
  setAreas: {
    roles: ['lead'],
    async handler(ctx: Ctx<'setAreas'>) {
      const { communityId } = staffCommunity(ctx.caller, ctx.input.communityId, ['lead']);
      const keys = ctx.input.areas.map((a) => a.key);
      if (new Set(keys).size !== keys.length) throw invalid('服务项目不能重复', { areas: '服务项目不能重复' });
      await ctx.db
        .collection<SurveySettingsDoc>(SURVEY_SETTINGS)
        .doc(communityId)
        .set({ data: { areas: ctx.input.areas, updatedAt: ctx.now } });
      return { areas: ctx.input.areas };
    },
  },

  open: {
    roles: ['lead'],
    async handler(ctx: Ctx<'open'>) {
      const { communityId, post } = staffCommunity(ctx.caller, ctx.input.communityId, ['lead']);
      const id = `${communityId}:${ctx.input.quarter}`;
      const doc: SurveyDoc = {
        _id: id,
        communityId,
        quarter: ctx.input.quarter,
        areas: await areasOf(ctx.db, communityId),
        state: 'open',
        openedAt: ctx.now,
        openedBy: post.openid,
      };
      try {
        await ctx.db.collection<SurveyDoc>(SURVEYS).add({ data: { ...doc } });
      } catch (error) {
        if (!isDuplicateError(error)) throw error;
        // one survey a quarter: opening it again answers the one there
        return { survey: surveyView((await findSurvey(ctx.db, id))!) };
      }
      return { survey: surveyView(doc) };
    },
  },

  close: {
    roles: ['lead'],
    async handler(ctx: Ctx<'close'>) {
      const s = await findSurvey(ctx.db, ctx.input.id);
      if (!s || !postFor(ctx.caller, s.communityId, ['lead'])) throw notFound('没有找到这份问卷');
      await ctx.db
        .collection<SurveyDoc>(SURVEYS)
        .where({ _id: s._id })
        .update({ data: { state: 'closed' } });
      return { survey: surveyView({ ...s, state: 'closed' }) };
    },
  },

  mine: {
    roles: ['owner', 'resident'],
    async handler(ctx: Ctx<'mine'>) {
      const _ = ctx.db.command;
      const communities = [...new Set(ctx.caller.bindings.map((b) => b.communityId))];
      const open = (
        await ctx.db
          .collection<SurveyDoc>(SURVEYS)
          .where({ communityId: _.in(communities), state: 'open' })
          .limit(20)
          .get()
      ).data;
      if (open.length === 0) return { surveys: [] };
      const units = (
        await ctx.db
          .collection<UnitDoc>('units')
          .where({ _id: _.in(ctx.caller.bindings.map((b) => `${b.communityId}:${b.unit}`)), possession: true })
          .limit(100)
          .get()
      ).data;
      const pairs = open.flatMap((s) => units.filter((u) => u.communityId === s.communityId).map((u) => ({ s, unit: u.unit, id: `${s._id}:${u.unit}` })));
      const answered =
        pairs.length === 0
          ? []
          : (
              await ctx.db
                .collection<AnswerDoc>(ANSWERS)
                .where({ _id: _.in(pairs.map((p) => p.id)) })
                .limit(100)
                .get()
            ).data.map((a) => a._id);
      return { surveys: pairs.map((p) => ({ survey: surveyView(p.s), unit: p.unit, answered: answered.includes(p.id) })) };
    },
  },

  answer: {
    roles: ['owner', 'resident'],
    async handler(ctx: Ctx<'answer'>) {
      const { input, caller, now } = ctx;
      const s = await findSurvey(ctx.db, input.id);
      if (!s || !caller.bindings.some((b) => b.communityId === s.communityId)) throw notFound('没有找到这份问卷');
      if (s.state !== 'open') throw new AppError('CONFLICT', '本季度问卷已结束');
      if (!caller.bindings.some((b) => b.communityId === s.communityId && b.unit === input.unit)) throw forbidden('您尚未绑定该房屋');
      const unit = (
        await ctx.db
          .collection<UnitDoc>('units')
          .where({ _id: `${s.communityId}:${input.unit}` })
          .limit(1)
          .get()
      ).data[0];
      if (!unit?.possession) throw new AppError('CONFLICT', '该房屋尚未入住，无需填写');
      const missing = s.areas.filter((a) => input.scores[a.key] === undefined);
      if (missing.length > 0) throw invalid(`请为 ${missing.map((a) => a.label).join('、')} 评分`, { scores: '每个服务项目都需要评分' });
      const scores = Object.fromEntries(s.areas.map((a) => [a.key, input.scores[a.key]]));
      const low = s.areas.filter((a) => scores[a.key] <= DISSATISFIED_AT_MOST).map((a) => ({ key: a.key, label: a.label, score: scores[a.key] }));
      const answer: AnswerDoc = {
        _id: `${s._id}:${input.unit}`,
        surveyId: s._id,
        communityId: s.communityId,
        quarter: s.quarter,
        unit: input.unit,
        building: unit.building,
        openid: caller.openid,
        scores,
        comment: input.comment,
        dissatisfied: low.length > 0,
        at: now,
      };
      try {
        await ctx.db.collection<AnswerDoc>(ANSWERS).add({ data: { ...answer } });
      } catch (error) {
        if (!isDuplicateError(error)) throw error;
        throw new AppError('CONFLICT', '本户本季度已填写过问卷');
      }
      if (low.length === 0) return { answered: true, followupOpened: false };
      const followup: FollowupDoc = {
        _id: `fu:${answer._id}`,
        surveyId: s._id,
        communityId: s.communityId,
        quarter: s.quarter,
        unit: input.unit,
        building: unit.building,
        low,
        comment: input.comment,
        state: 'open',
        rev: 0,
        dueAt: new Date(now.getTime() + FOLLOWUP_DAYS * 24 * 3600_000),
        steps: [],
        events: [],
        createdAt: now,
        updatedAt: now,
      };
      try {
        await ctx.db.collection<FollowupDoc>(FOLLOWUPS).add({ data: { ...followup } });
      } catch (error) {
        if (!isDuplicateError(error)) throw error;
      }
      const stewards = (
        await ctx.db
          .collection<{ openid: string; role: string; kind: string | null; buildings: string[] }>('staff')
          .where({ communityId: s.communityId, active: true })
          .limit(100)
          .get()
      ).data;
      const area = stewards.filter((p) => p.role === 'steward' && p.kind === 'area' && p.buildings.includes(unit.building));
      const told = area.length > 0 ? area : stewards.filter((p) => p.role === 'lead');
      await tellStaffAlert(
        ctx.db,
        'surveys',
        told.map((p) => p.openid),
        {
          id: followup._id,
          title: '满意度调查不满意项待跟进',
          body: `${input.unit} 对 ${low.map((l) => l.label).join('、')} 不满意，请沟通、处理并回访。`,
          subject: '不满意项跟进',
          no: input.unit,
          due: followup.dueAt,
          page: `/packages/community/followups/index`,
        },
        now,
      );
      return { answered: true, followupOpened: true };
    },
  },

  results: {
    roles: ['steward'],
    async handler(ctx: Ctx<'results'>) {
      const s = await findSurvey(ctx.db, ctx.input.id);
      if (!s || !postFor(ctx.caller, s.communityId, ['steward'])) throw notFound('没有找到这份问卷');
      const [answers, units, followups] = await Promise.all([
        readAll<AnswerDoc>(ctx.db, ANSWERS, { surveyId: s._id }),
        households(ctx.db, s.communityId),
        readAll<FollowupDoc>(ctx.db, FOLLOWUPS, { surveyId: s._id }),
      ]);
      return {
        survey: surveyView(s),
        ...surveyFigures(s.areas, answers, units),
        followups: { opened: followups.length, closed: followups.filter((f) => f.state === 'closed').length },
      };
    },
  },

  followups: {
    roles: ['steward'],
    async handler(ctx: Ctx<'followups'>) {
      const { communityId } = staffCommunity(ctx.caller, ctx.input.communityId, ['steward']);
      const _ = ctx.db.command;
      const where: Record<string, unknown> = { communityId };
      if (ctx.input.state === 'open') where.state = _.neq('closed');
      const found = (await ctx.db.collection<FollowupDoc>(FOLLOWUPS).where(where).orderBy('dueAt', 'asc').limit(100).get()).data;
      return { followups: found.map(followupView) };
    },
  },

  advanceFollowup: {
    roles: ['steward'],
    async handler(ctx: Ctx<'advanceFollowup'>) {
      const { input, caller, now } = ctx;
      const f = (await ctx.db.collection<FollowupDoc>(FOLLOWUPS).where({ _id: input.id }).limit(1).get()).data[0];
      const post = f ? postFor(caller, f.communityId, ['steward']) : undefined;
      if (!f || !post) throw notFound('没有找到这条跟进');
      if (f.rev !== input.rev) throw new AppError('CONFLICT', '跟进已被他人更新，请刷新后重试');
      const decided = followupMachine.decide(f, input.step, { id: caller.openid, role: post.role }, now, input.note);
      if (!decided.ok) throw new AppError(decided.code, decided.message);
      const step = { step: input.step, note: input.note, by: caller.openid, byName: post.name, at: now };
      await writeStep(ctx.db, FOLLOWUP_STORE, f, { state: decided.state, updatedAt: now }, { steps: [step], events: [{ ...decided.event, actorName: post.name }] });
      return { followup: followupView({ ...f, state: decided.state, rev: f.rev + 1, steps: [...f.steps, step] }) };
    },
  },

  recordVisit: {
    roles: ['steward'],
    async handler(ctx: Ctx<'recordVisit'>) {
      const { communityId, post } = staffCommunity(ctx.caller, ctx.input.communityId, ['steward']);
      const unit = (
        await ctx.db
          .collection<UnitDoc>('units')
          .where({ _id: `${communityId}:${ctx.input.unit}` })
          .limit(1)
          .get()
      ).data[0];
      if (!unit) throw invalid('本小区没有这个房号', { unit: '本小区没有这个房号' });
      const doc: Omit<VisitDoc, '_id'> = {
        communityId,
        year: Number(ctx.input.date.slice(0, 4)),
        unit: unit.unit,
        building: unit.building,
        date: ctx.input.date,
        notes: ctx.input.notes,
        issues: ctx.input.issues,
        by: ctx.caller.openid,
        byName: post.name,
        at: ctx.now,
      };
      const added = await ctx.db.collection<VisitDoc>(VISITS).add({ data: { ...doc } });
      return { visit: { id: added._id, unit: doc.unit, date: doc.date, notes: doc.notes, issues: doc.issues, byName: doc.byName } };
    },
  },

  visitCoverage: {
    roles: ['steward'],
    async handler(ctx: Ctx<'visitCoverage'>) {
      const { communityId } = staffCommunity(ctx.caller, ctx.input.communityId, ['steward']);
      const [units, visits] = await Promise.all([households(ctx.db, communityId), readAll<VisitDoc>(ctx.db, VISITS, { communityId, year: ctx.input.year })]);
      return visitFigures(ctx.input.year, units, visits);
    },
  },
} satisfies ActionTable<'surveys'>;
