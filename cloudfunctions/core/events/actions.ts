// The `events` function's actions (SPEC §15 社区文化活动): the plan, opening sign-up, signing up and
// cancelling (signups.ts), check-in by a signed code (core/passes/token.ts), cancelling an event
// and the record afterwards. Event transitions are the workflow core's conditional writes.
import type { z } from 'zod';
import type { CommunityEvent, EventAction, eventActions } from '../../../types/events';
import type { BindingDoc } from '../accounts/model';
import { AppError, forbidden, invalid, notFound } from '../router/errors';
import { createdEarlier, idOfCreate } from '../router/idempotency';
import type { ActionContext, ActionTable } from '../router/router';
import type { Caller } from '../router/caller';
import type { Database } from '../sdk';
import { shanghaiParts, toShanghaiIso } from '../time';
import { checkMac, normaliseCode, passSecrets, signPass } from '../passes/token';
import { tellAfterWrite } from '../workflow/notices';
import { type Store, writeStep } from '../workflow/write';
import { EVENTS, type EventDoc, SIGNUPS, type SignupDoc } from './model';
import { decideEvent, eventCommands, eventPost, seesEvent } from './rules';
import { cancelSignup, countSeats, findSignup, signUp, waitingPosition } from './signups';

type Ctx<A extends keyof typeof eventActions> = ActionContext<z.output<(typeof eventActions)[A]['input']>>;
type Base = { db: Database; caller: Caller; now: Date };

const HIDDEN = '没有找到这个活动';
const STORE: Store<EventDoc> = { collection: EVENTS, whole: ['record'], stale: '活动状态已变化，请刷新后重试' };
/** check-in opens this long before the start and closes at the end */
const CHECK_IN_EARLY_MS = 2 * 3600_000;

async function findEvent(database: Database, id: string): Promise<EventDoc | null> {
  return (await database.collection<EventDoc>(EVENTS).where({ _id: id }).limit(1).get()).data[0] ?? null;
}

async function load(ctx: Base, id: string): Promise<EventDoc> {
  const ev = await findEvent(ctx.db, id);
  if (!ev || !seesEvent(ctx.caller, ev)) throw notFound(HIDDEN);
  return ev;
}

/** What the code binds: the sign-up, its community, the event's time. */
const codeBinding = (ev: EventDoc, s: SignupDoc) => ({ id: s._id, communityId: ev.communityId, from: ev.startsAt, to: ev.endsAt, ref: s.ref });

async function view(ctx: Base, ev: EventDoc, mine?: SignupDoc | null): Promise<CommunityEvent> {
  const [counts, own] = await Promise.all([countSeats(ctx.db, ev._id), mine === undefined ? findSignup(ctx.db, ev._id, ctx.caller.openid) : Promise.resolve(mine)]);
  const position = own ? await waitingPosition(ctx.db, own) : null;
  const showCode = own?.state === 'signed' && ev.state === 'open' && ctx.now <= ev.endsAt;
  return {
    id: ev._id,
    communityId: ev.communityId,
    year: ev.year,
    title: ev.title,
    description: ev.description,
    place: ev.place,
    startsAt: toShanghaiIso(ev.startsAt),
    endsAt: toShanghaiIso(ev.endsAt),
    signUpBy: toShanghaiIso(ev.signUpBy),
    capacity: ev.capacity,
    state: ev.state,
    signed: counts.signed,
    waiting: counts.waiting,
    mine: own ? { state: own.state, position, code: showCode ? signPass(codeBinding(ev, own), passSecrets().current) : null, checkedIn: own.checkedInAt !== null } : null,
    record: ev.record
      ? {
          attended: ev.record.attended,
          checkedIn: ev.record.checkedIn,
          photos: ev.record.photos,
          notes: ev.record.notes,
          summary: ev.record.summary,
          byName: ev.record.byName,
          at: toShanghaiIso(ev.record.at),
        }
      : null,
    cancelReason: ev.cancelReason,
    allowed: eventCommands(ctx.caller, ev, ctx.now),
    rev: ev.rev,
  };
}

async function step(ctx: Base, ev: EventDoc, action: EventAction, note: string | null, changes: Partial<EventDoc> = {}): Promise<EventDoc> {
  const post = eventPost(ctx.caller, ev.communityId);
  if (!post) throw forbidden('只有本小区的管家可以处理活动');
  const decided = decideEvent(ev, action, { id: ctx.caller.openid, role: post.role }, ctx.now, note);
  if (!decided.ok) throw new AppError(decided.code, decided.message);
  const event = { ...decided.event, actorName: post.name };
  await writeStep(ctx.db, STORE, ev, { ...changes, state: decided.state, updatedAt: ctx.now }, { events: [event] });
  return { ...ev, ...changes, state: decided.state, rev: ev.rev + 1, events: [...ev.events, event] };
}

function personIn(caller: Caller, communityId: string): BindingDoc {
  const binding = caller.bindings.find((b) => b.communityId === communityId);
  if (!binding) throw forbidden('只有本小区的业主和住户可以报名');
  return binding;
}

async function signupsOf(database: Database, eventId: string, states: string[]): Promise<SignupDoc[]> {
  const _ = database.command;
  const out: SignupDoc[] = [];
  for (;;) {
    const page = await database
      .collection<SignupDoc>(SIGNUPS)
      .where({ eventId, state: _.in(states) })
      .orderBy('_id', 'asc')
      .skip(out.length)
      .limit(100)
      .get();
    out.push(...page.data);
    if (page.data.length < 100) return out;
  }
}

export const eventsActionTable = {
  plan: {
    roles: ['steward'],
    create: true,
    async handler(ctx: Ctx<'plan'>) {
      const { db: database, caller, now, input } = ctx;
      const earlier = await createdEarlier<EventDoc>(ctx, EVENTS);
      if (earlier) return { event: await view(ctx, earlier, null) };
      const communityId = input.communityId ?? caller.communitiesAs(['steward'])[0];
      const post = communityId ? eventPost(caller, communityId) : undefined;
      if (!communityId || !post) throw forbidden('只有本小区的管家可以安排活动');
      const startsAt = new Date(input.startsAt);
      const endsAt = new Date(input.endsAt);
      const signUpBy = new Date(input.signUpBy);
      if (endsAt <= startsAt) throw invalid('结束时间应晚于开始时间', { endsAt: '结束时间应晚于开始时间' });
      if (signUpBy > startsAt) throw invalid('报名截止时间不能晚于活动开始', { signUpBy: '报名截止不能晚于活动开始' });
      if (startsAt <= now) throw invalid('活动时间不能早于现在', { startsAt: '活动时间不能早于现在' });
      const doc: Omit<EventDoc, '_id'> = {
        communityId,
        year: shanghaiParts(startsAt).year,
        title: input.title,
        description: input.description,
        place: input.place,
        startsAt,
        endsAt,
        signUpBy,
        capacity: input.capacity,
        state: 'planned',
        rev: 0,
        record: null,
        cancelReason: null,
        events: [{ action: 'plan', from: null, to: 'planned', actorRole: post.role, actorId: caller.openid, actorName: post.name, at: now, note: null }],
        createdAt: now,
        updatedAt: now,
      };
      const added = await database.collection(EVENTS).add({ data: { ...idOfCreate(ctx), ...doc } });
      return { event: await view(ctx, { ...doc, _id: added._id }, null) };
    },
  },

  open: {
    roles: ['steward'],
    async handler(ctx: Ctx<'open'>) {
      const ev = await step(ctx, await load(ctx, ctx.input.id), 'open', null);
      return { event: await view(ctx, ev) };
    },
  },

  cancel: {
    roles: ['lead'],
    async handler(ctx: Ctx<'cancel'>) {
      const before = await load(ctx, ctx.input.id);
      const ev = await step(ctx, before, 'cancel', ctx.input.reason, { cancelReason: ctx.input.reason });
      const people = before.state === 'open' ? await signupsOf(ctx.db, ev._id, ['signed', 'waiting']) : [];
      await tellAfterWrite(
        ctx.db,
        'events',
        `${ev._id} cancelled`,
        () =>
          people.map((s) => ({
            openid: s.openid,
            template: 'communityNotice' as const,
            title: '活动取消',
            body: `您报名的活动《${ev.title}》已取消：${ctx.input.reason}`,
            values: { title: ev.title, from: '社区活动', at: ev.startsAt, note: ctx.input.reason },
            page: `/packages/community/event/index?id=${ev._id}`,
          })),
        ctx.now,
      );
      return { event: await view(ctx, ev) };
    },
  },

  record: {
    roles: ['steward'],
    async handler(ctx: Ctx<'record'>) {
      const { input } = ctx;
      const before = await load(ctx, input.id);
      const checkedIn = (
        await ctx.db
          .collection<SignupDoc>(SIGNUPS)
          .where({ eventId: before._id, checkedInAt: ctx.db.command.neq(null) })
          .count()
      ).total;
      const post = eventPost(ctx.caller, before.communityId);
      const ev = await step(ctx, before, 'record', null, {
        record: {
          attended: input.attended,
          checkedIn,
          photos: input.photos,
          notes: input.notes,
          summary: input.summary,
          by: ctx.caller.openid,
          byName: post?.name ?? null,
          at: ctx.now,
        },
      });
      return { event: await view(ctx, ev) };
    },
  },

  get: {
    roles: 'anyone',
    async handler(ctx: Ctx<'get'>) {
      return { event: await view(ctx, await load(ctx, ctx.input.id)) };
    },
  },

  list: {
    roles: 'anyone',
    async handler(ctx: Ctx<'list'>) {
      const { db: database, caller, now, input } = ctx;
      const _ = database.command;
      if (input.view === 'upcoming') {
        const communities = [...new Set(caller.bindings.map((b) => b.communityId))];
        if (communities.length === 0) return { events: [] };
        const found = await database
          .collection<EventDoc>(EVENTS)
          .where({ communityId: _.in(communities), state: 'open', endsAt: _.gte(now) })
          .orderBy('endsAt', 'asc')
          .limit(20)
          .get();
        const sorted = found.data.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
        return { events: await Promise.all(sorted.map((ev) => view(ctx, ev))) };
      }
      const communityId = input.communityId ?? caller.communitiesAs(['steward'])[0];
      if (!communityId || !eventPost(caller, communityId)) throw forbidden('只有本小区的管家可以查看活动计划');
      const year = input.year ?? shanghaiParts(now).year;
      const found = await database.collection<EventDoc>(EVENTS).where({ communityId, year }).orderBy('startsAt', 'asc').limit(100).get();
      return { events: await Promise.all(found.data.map((ev) => view(ctx, ev))) };
    },
  },

  signUp: {
    roles: ['owner', 'resident'],
    async handler(ctx: Ctx<'signUp'>) {
      const ev = await load(ctx, ctx.input.id);
      if (ev.state !== 'open') throw new AppError('CONFLICT', '活动未开放报名');
      if (ctx.now > ev.signUpBy) throw new AppError('CONFLICT', '报名已截止');
      const binding = personIn(ctx.caller, ev.communityId);
      const mine = await signUp(ctx.db, ev, { openid: ctx.caller.openid, communityId: ev.communityId, unit: binding.unit, name: binding.name }, ctx.now);
      return { event: await view(ctx, ev, mine) };
    },
  },

  cancelSignUp: {
    roles: ['owner', 'resident'],
    async handler(ctx: Ctx<'cancelSignUp'>) {
      const ev = await load(ctx, ctx.input.id);
      if (ev.state !== 'open' || ctx.now >= ev.startsAt) throw new AppError('CONFLICT', '活动已开始或已结束，无法取消报名');
      const mine = await findSignup(ctx.db, ev._id, ctx.caller.openid);
      if (!mine) throw notFound('您没有报名这个活动');
      const after = await cancelSignup(ctx.db, ev, mine, ctx.now);
      return { event: await view(ctx, ev, after) };
    },
  },

  signups: {
    roles: ['steward'],
    async handler(ctx: Ctx<'signups'>) {
      const ev = await load(ctx, ctx.input.id);
      if (!eventPost(ctx.caller, ev.communityId)) throw notFound(HIDDEN);
      const list = await signupsOf(ctx.db, ev._id, ['signed', 'waiting']);
      const ordered = [...list.filter((s) => s.state === 'signed'), ...list.filter((s) => s.state === 'waiting').sort((a, b) => (a.waitSeq ?? 0) - (b.waitSeq ?? 0))];
      let place = 0;
      return {
        signups: ordered.map((s) => ({
          name: s.name,
          unit: s.unit,
          state: s.state,
          position: s.state === 'waiting' ? (place += 1) : null,
          checkedIn: s.checkedInAt !== null,
        })),
      };
    },
  },

  checkIn: {
    roles: ['steward'],
    async handler(ctx: Ctx<'checkIn'>) {
      const parsed = normaliseCode(ctx.input.code);
      const found = parsed ? (await ctx.db.collection<SignupDoc>(SIGNUPS).where({ ref: parsed.ref }).limit(1).get()).data[0] : undefined;
      const ev = found ? await findEvent(ctx.db, found.eventId) : null;
      if (!parsed || !found || !ev || !checkMac(codeBinding(ev, found), parsed.mac, passSecrets())) throw new AppError('INVALID_INPUT', '签到码无效', { code: '签到码无效' });
      if (!eventPost(ctx.caller, ev.communityId)) throw new AppError('FORBIDDEN', '这是其他小区的活动签到码');
      if (found.state !== 'signed') throw new AppError('CONFLICT', '该报名已取消，不能签到');
      if (ev.state !== 'open') throw new AppError('CONFLICT', '活动未在进行中');
      if (ctx.now.getTime() < ev.startsAt.getTime() - CHECK_IN_EARLY_MS || ctx.now > ev.endsAt) throw new AppError('CONFLICT', '不在签到时间内（活动开始前 2 小时至活动结束）');
      const _ = ctx.db.command;
      // once: a second scan of the same code changes nothing and says so
      const first = await ctx.db
        .collection<SignupDoc>(SIGNUPS)
        .where({ _id: found._id, state: 'signed', checkedInAt: _.eq(null) })
        .update({ data: { checkedInAt: ctx.now } });
      if (first.stats.updated !== 1) throw new AppError('CONFLICT', '已签到，请勿重复签到');
      const s = { ...found, checkedInAt: ctx.now };
      return { signup: { name: s.name, unit: s.unit, state: s.state, position: null, checkedIn: true }, event: await view(ctx, ev, null) };
    },
  },
} satisfies ActionTable<'events'>;
