// The `visitors` function's actions (SPEC §14): an owner's invitation and its code, the guard's
// check, admission (once, by the conditional write) and exit, the walk-in register, and the lists.
import type { z } from 'zod';
import { visitorRefusalLabels } from '../../../types/frontdesk-labels';
import { spanMs, spanText } from '../../../types/sla';
import type { VisitAction, VisitorVerdict } from '../../../types/visitors';
import { VISITOR_MAX_WINDOW, visitorActions } from '../../../types/visitors';
import { newRef, normaliseCode, passSecrets } from '../passes/token';
import type { Caller } from '../router/caller';
import { AppError, forbidden, invalid, notFound } from '../router/errors';
import { createdEarlier, idOfCreate } from '../router/idempotency';
import type { ActionContext, ActionTable } from '../router/router';
import { type Database, isDuplicateError } from '../sdk';
import { shanghaiDate } from '../time';
import { isStaffRole } from '../workflow/access';
import type { ActorRole } from '../../../types/enums';
import { nextDailyNumber } from '../workflow/number';
import { pageList } from '../workflow/paging';
import { VISITS, expireIfLapsed, findVisit, findVisitByRef, writeVisit } from './data';
import { VISIT_NUMBERS, type VisitDoc, type VisitEventDoc } from './model';
import { dayEndAfter, decideVisit, judgeVisitorCode, visitAccess, visitNextDueAt } from './states';
import { visitSummary, visitView } from './views';

type Ctx<A extends keyof typeof visitorActions> = ActionContext<z.output<(typeof visitorActions)[A]['input']>>;
type Base = { db: Database; caller: Caller; now: Date };

const MINUTE = 60_000;
const PAST_SLACK_MS = 10 * MINUTE;
const MAX_AHEAD_MS = 30 * 24 * 60 * MINUTE;

/** The role a caller acts in on a visit: their post (guard first), else their binding. */
function actorOf(caller: Caller, v: VisitDoc, action: VisitAction): { role: ActorRole; name: string | null } | null {
  const { binding, post } = visitAccess.standing(caller, v);
  if (action === 'revoke' && binding) return { role: binding.role, name: binding.name };
  if (post) return { role: post.role, name: post.name };
  return binding ? { role: binding.role, name: binding.name } : null;
}

async function step(ctx: Base, v: VisitDoc, action: VisitAction, changes: Partial<VisitDoc>): Promise<VisitDoc> {
  const actor = actorOf(ctx.caller, v, action);
  if (!actor) throw notFound('没有找到这条访客记录');
  const decided = decideVisit(v, action, { id: ctx.caller.openid, role: actor.role }, ctx.now);
  if (!decided.ok) {
    if (decided.code === 'CONFLICT') await expireIfLapsed(ctx.db, v, ctx.now);
    throw new AppError(decided.code, decided.message);
  }
  const event: VisitEventDoc = { ...decided.event, actorName: isStaffRole(actor.role) ? actor.name : null };
  return writeVisit(ctx.db, v, { ...changes, state: decided.state, updatedAt: ctx.now }, event);
}

/** The community a guard or steward works in for a list or a walk-in. */
function deskCommunity(caller: Caller, requested: string | undefined): string {
  const communityId = requested ?? caller.communitiesAs(['guard', 'steward'])[0];
  if (!communityId || !visitAccess.post(caller, communityId)) throw forbidden('只有本小区的门岗或管家可以登记访客');
  return communityId;
}

async function insert(database: Database, ctx: Pick<Ctx<'invite'>, 'requestKey'>, doc: Omit<VisitDoc, '_id' | 'ref'>): Promise<VisitDoc> {
  for (let attempt = 0; ; attempt += 1) {
    const ref = newRef();
    try {
      const added = await database.collection(VISITS).add({ data: { ...idOfCreate(ctx), ...doc, ref } });
      return { ...doc, ref, _id: added._id };
    } catch (error) {
      // 40 random bits rarely collide; the unique index says when they do
      if (!isDuplicateError(error) || attempt >= 3) throw error;
    }
  }
}

// ----- the gate -------------------------------------------------------------------------------

async function judge(ctx: Base, code: string) {
  const parsed = normaliseCode(code);
  const visit = parsed ? await findVisitByRef(ctx.db, parsed.ref) : null;
  const result = judgeVisitorCode(code, visit, passSecrets(), ctx.caller.communitiesAs(['guard']), ctx.now);
  if (!result.valid && result.refusal === 'expired' && visit) await expireIfLapsed(ctx.db, visit, ctx.now);
  return { result, visit };
}

function verdictOf(judged: Awaited<ReturnType<typeof judge>>, caller: Caller, now: Date): VisitorVerdict {
  const { result, visit } = judged;
  const show = visit && (result.valid || result.showPass);
  return {
    valid: result.valid,
    refusal: result.valid ? null : result.refusal,
    message: result.valid ? '访客码有效，请核对访客后放行' : visitorRefusalLabels[result.refusal],
    visit: show ? visitSummary(visit, caller, now, true) : null,
  };
}

function refusalError(judged: Awaited<ReturnType<typeof judge>>): AppError {
  if (judged.result.valid) return new AppError('CONFLICT', '访客记录已变化，请重新核验');
  const message = visitorRefusalLabels[judged.result.refusal];
  if (judged.result.refusal === 'forged' || judged.result.refusal === 'tampered') return new AppError('INVALID_INPUT', message, { code: message });
  if (judged.result.refusal === 'other_community') return new AppError('FORBIDDEN', message);
  return new AppError('CONFLICT', message);
}

// ----- the actions ----------------------------------------------------------------------------

export const visitorsActionTable = {
  invite: {
    roles: ['owner', 'resident'],
    create: true,
    async handler(ctx: Ctx<'invite'>) {
      const { db: database, caller, now, input } = ctx;
      const earlier = await createdEarlier<VisitDoc>(ctx, VISITS);
      if (earlier) return { visit: visitView(earlier, caller, now) };
      const binding = caller.bindings.find((b) => b.unit === input.unit && (!input.communityId || b.communityId === input.communityId));
      if (!binding) throw new AppError('FORBIDDEN', '您尚未绑定该房屋，无法邀请访客', { unit: '您尚未绑定该房屋' });
      const from = new Date(input.from);
      const to = new Date(input.to);
      if (from.getTime() < now.getTime() - PAST_SLACK_MS) throw invalid('到访时间不能早于现在', { from: '开始时间不能早于现在' });
      if (from.getTime() > now.getTime() + MAX_AHEAD_MS) throw invalid('最多提前 30 天邀请', { from: '最多提前 30 天邀请' });
      if (to <= from) throw invalid('结束时间应晚于开始时间', { to: '结束时间应晚于开始时间' });
      if (to.getTime() - from.getTime() > spanMs(VISITOR_MAX_WINDOW)) {
        const limit = `邀请时段最长 ${spanText(VISITOR_MAX_WINDOW)}`;
        throw invalid(limit, { to: limit });
      }
      const doc: Omit<VisitDoc, '_id' | 'ref'> = {
        no: (await nextDailyNumber(database, VISIT_NUMBERS, binding.communityId, now)).no,
        communityId: binding.communityId,
        unit: binding.unit,
        unitKey: `${binding.communityId}:${binding.unit}`,
        kind: 'invited',
        state: 'invited',
        rev: 0,
        host: caller.openid,
        visitorName: input.name,
        visitorPhone: input.phone ?? null,
        plate: input.plate ?? null,
        badge: null,
        count: input.count,
        category: 'guest',
        consent: 'invitation',
        from,
        to,
        day: shanghaiDate(from),
        inAt: null,
        inBy: null,
        outAt: null,
        outBy: null,
        flagged: false,
        erased: false,
        nextDueAt: null,
        events: [{ action: 'invite', from: null, to: 'invited', actorRole: binding.role, actorId: caller.openid, actorName: null, at: now, note: null }],
        createdAt: now,
        updatedAt: now,
      };
      doc.nextDueAt = visitNextDueAt(doc);
      return { visit: visitView(await insert(database, ctx, doc), caller, now) };
    },
  },

  revoke: {
    roles: ['owner', 'resident', 'steward'],
    async handler(ctx: Ctx<'revoke'>) {
      const v = await visitAccess.load(findVisit(ctx.db, ctx.input.id), ctx.caller);
      return { visit: visitView(await step(ctx, v, 'revoke', {}), ctx.caller, ctx.now) };
    },
  },

  get: {
    roles: 'anyone',
    async handler(ctx: Ctx<'get'>) {
      const v = await visitAccess.load(findVisit(ctx.db, ctx.input.id), ctx.caller);
      return { visit: visitView(v, ctx.caller, ctx.now) };
    },
  },

  mine: {
    roles: 'anyone',
    async handler(ctx: Ctx<'mine'>) {
      const { db: database, caller, input, now } = ctx;
      const units = caller.bindings.map((b) => `${b.communityId}:${b.unit}`);
      if (units.length === 0) return { visits: [], nextCursor: null };
      const page = await pageList<VisitDoc>(
        database,
        { collection: VISITS, filter: { unitKey: database.command.in(units) }, sort: { field: 'createdAt', kind: 'date', order: 'desc' }, limit: input.limit },
        input.cursor,
      );
      return { visits: page.docs.map((v) => visitSummary(v, caller, now)), nextCursor: page.next };
    },
  },

  verify: {
    roles: ['guard'],
    async handler(ctx: Ctx<'verify'>) {
      return verdictOf(await judge(ctx, ctx.input.code), ctx.caller, ctx.now);
    },
  },

  admit: {
    roles: ['guard'],
    async handler(ctx: Ctx<'admit'>) {
      const judged = await judge(ctx, ctx.input.code);
      if (!judged.result.valid || !judged.visit) throw refusalError(judged);
      let after: VisitDoc;
      try {
        after = await step(ctx, judged.visit, 'admit', { inAt: ctx.now, inBy: ctx.caller.openid });
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'CONFLICT') throw error;
        // another guard let them in first (or the host revoked it): say what the code is worth now
        throw refusalError(await judge(ctx, ctx.input.code));
      }
      const visit = visitSummary(after, ctx.caller, ctx.now, true);
      return { verdict: { valid: true, refusal: null, message: '已放行，请提醒访客离开时登记', visit }, visit };
    },
  },

  walkIn: {
    roles: ['guard'],
    create: true,
    async handler(ctx: Ctx<'walkIn'>) {
      const { db: database, caller, now, input } = ctx;
      const earlier = await createdEarlier<VisitDoc>(ctx, VISITS);
      if (earlier) return { visit: visitView(earlier, caller, now) };
      const communityId = deskCommunity(caller, input.communityId);
      const post = caller.postIn(communityId, ['guard']);
      if (!post) throw forbidden('只有本小区的门岗可以登记来访');
      const unit = await database.collection('units').where({ communityId, unit: input.unit }).limit(1).get();
      if (unit.data.length === 0) throw invalid('本小区没有这个房号', { unit: '本小区没有这个房号' });
      const doc: Omit<VisitDoc, '_id' | 'ref'> = {
        no: (await nextDailyNumber(database, VISIT_NUMBERS, communityId, now)).no,
        communityId,
        unit: input.unit,
        unitKey: `${communityId}:${input.unit}`,
        kind: 'walk_in',
        state: 'inside',
        rev: 0,
        host: null,
        visitorName: input.name,
        visitorPhone: input.phone ?? null,
        plate: input.plate ?? null,
        badge: input.badge ?? null,
        count: input.count,
        category: input.category,
        consent: input.consent,
        from: now,
        to: dayEndAfter(now),
        day: shanghaiDate(now),
        inAt: now,
        inBy: caller.openid,
        outAt: null,
        outBy: null,
        flagged: false,
        erased: false,
        nextDueAt: null,
        events: [{ action: 'walkIn', from: null, to: 'inside', actorRole: post.role, actorId: caller.openid, actorName: post.name, at: now, note: null }],
        createdAt: now,
        updatedAt: now,
      };
      doc.nextDueAt = visitNextDueAt(doc);
      return { visit: visitView(await insert(database, ctx, doc), caller, now) };
    },
  },

  exit: {
    roles: ['guard', 'steward'],
    async handler(ctx: Ctx<'exit'>) {
      const v = await visitAccess.load(findVisit(ctx.db, ctx.input.id), ctx.caller);
      if (!visitAccess.post(ctx.caller, v.communityId)) throw notFound('没有找到这条访客记录');
      return { visit: visitView(await step(ctx, v, 'exit', { outAt: ctx.now, outBy: ctx.caller.openid }), ctx.caller, ctx.now) };
    },
  },

  register: {
    roles: ['guard', 'steward'],
    async handler(ctx: Ctx<'register'>) {
      const { db: database, caller, input, now } = ctx;
      const communityId = deskCommunity(caller, input.communityId);
      const filter: Record<string, unknown> = { communityId };
      if (input.inside) filter.state = 'inside';
      else filter.day = input.date ?? shanghaiDate(now);
      const page = await pageList<VisitDoc>(database, { collection: VISITS, filter, sort: { field: 'from', kind: 'date', order: 'desc' }, limit: input.limit }, input.cursor);
      return { visits: page.docs.map((v) => visitSummary(v, caller, now)), nextCursor: page.next };
    },
  },
} satisfies ActionTable<'visitors'>;
