// The `passes` function's actions (SPEC §5, §10): apply, the owner's confirmation, the steward's
// decision within 15 minutes, revoking, the guard's check and release (gate.ts), and the register.
// Every transition is an update conditional on the state and revision read (CONFLICT when it moved).
import type { z } from 'zod';
import type { ActorRole } from '../../../types/enums';
import type { PassAction } from '../../../types/passes';
import { PASS_MAX_WINDOW, passActions } from '../../../types/passes';
import { spanMs, spanText } from '../../../types/sla';
import type { Caller } from '../router/caller';
import { isStaffRole } from '../workflow/access';
import { AppError, invalid, notFound } from '../router/errors';
import type { ActionContext, ActionTable } from '../router/router';
import { createdEarlier, idOfCreate } from '../router/idempotency';
import { type Database, isDuplicateError } from '../sdk';
import { buildCalendar } from '../sla/calendar';
import { defaultPassPolicy, passDecisionDeadline } from '../sla/passes';
import { shanghaiDate } from '../time';
import { nextDailyNumber } from '../workflow/number';
import { PASSES, expireIfLapsed, findPass, ownersOf, writePassTransition } from './data';
import { releaseAtGate, verifyAtGate } from './gate';
import { PASS_NUMBERS, type PassDoc, type PassEventDoc } from './model';
import { listPasses } from './list';
import { tellPerson, tellStewards, windowText } from './notices';
import { decidePass, passAccess, passNextDueAt, passQueueKey } from './states';
import { newRef } from './token';
import { actorFor, passView, summaryView } from './views';

type Ctx<A extends keyof typeof passActions> = ActionContext<z.output<(typeof passActions)[A]['input']>>;
type Base = { db: Database; caller: Caller; now: Date };

const MINUTE = 60_000;
/** "Not in the past": a start picked as "now" on the form may be a few minutes old when it arrives. */
const PAST_SLACK_MS = 10 * MINUTE;
const MIN_WINDOW_MS = 15 * MINUTE;
const MAX_WINDOW_MS = spanMs(PASS_MAX_WINDOW);
const MAX_AHEAD_MS = 30 * 24 * 60 * MINUTE;

// The pass clock is in minutes, so no holiday data is needed; the package calendar stands in.
let calendar: ReturnType<typeof buildCalendar> | null = null;
const passCalendar = () => (calendar ??= buildCalendar());

// ----- transitions ------------------------------------------------------------------------------

async function loadFor(database: Database, caller: Caller, id: string): Promise<PassDoc> {
  return passAccess.load(findPass(database, id), caller);
}

interface Step {
  action: PassAction;
  note?: string | null;
  changes?: (role: ActorRole, name: string | null) => Partial<PassDoc>;
}

async function step(ctx: Base, p: PassDoc, s: Step): Promise<PassDoc> {
  const { caller, now } = ctx;
  const actor = actorFor(caller, p, s.action);
  if (!actor) throw notFound('没有找到这张放行条');
  const result = decidePass(p, s.action, { id: caller.openid, role: actor.role }, now, s.note ?? null);
  if (!result.ok) {
    if (result.code === 'CONFLICT') await expireIfLapsed(ctx.db, p, now);
    throw new AppError(result.code, result.message, result.code === 'INVALID_INPUT' ? { reason: result.message } : undefined);
  }
  const changes = s.changes ? s.changes(actor.role, actor.name) : {};
  const event: PassEventDoc = { ...result.event, actorName: isStaffRole(actor.role) ? actor.name : null };
  const after: PassDoc = { ...p, ...changes, state: result.state, updatedAt: now, rev: p.rev + 1, events: [...p.events, event] };
  const queueKey = passQueueKey({ ...after, decideBy: after.clock?.at ?? null });
  await writePassTransition(ctx.db, p, { ...changes, state: result.state, updatedAt: now, queueKey }, event);
  return { ...after, queueKey };
}

const metClock = (p: PassDoc, now: Date): PassDoc['clock'] => (p.clock && !p.clock.metAt ? { ...p.clock, metAt: now } : p.clock);

// ----- the actions --------------------------------------------------------------------------------

export const passesActionTable = {
  apply: {
    roles: ['owner', 'resident'],
    create: true,
    async handler(ctx: Ctx<'apply'>) {
      const { db: database, caller, now, input } = ctx;
      const earlier = await createdEarlier<PassDoc>(ctx, PASSES);
      if (earlier) return { pass: await passView(database, earlier, caller, now) };
      const binding = caller.bindings.find((b) => b.unit === input.unit && (!input.communityId || b.communityId === input.communityId));
      if (!binding) throw new AppError('FORBIDDEN', '您尚未绑定该房屋，无法为它申请放行', { unit: '您尚未绑定该房屋' });
      const from = new Date(input.from);
      const to = new Date(input.to);
      if (from.getTime() < now.getTime() - PAST_SLACK_MS) throw invalid('放行开始时间不能早于现在', { from: '开始时间不能早于现在' });
      if (from.getTime() > now.getTime() + MAX_AHEAD_MS) throw invalid('最多提前 30 天申请', { from: '最多提前 30 天申请' });
      if (to.getTime() - from.getTime() < MIN_WINDOW_MS) throw invalid('放行时段至少 15 分钟', { to: '结束时间至少晚于开始时间 15 分钟' });
      if (to.getTime() - from.getTime() > MAX_WINDOW_MS) {
        const limit = `放行时段最长 ${spanText(PASS_MAX_WINDOW)}`;
        throw invalid(limit, { to: limit });
      }

      const needsOwner = binding.role === 'resident';
      const decideBy = needsOwner ? null : passDecisionDeadline(now, passCalendar());
      const doc: Omit<PassDoc, '_id'> = {
        no: (await nextDailyNumber(database, PASS_NUMBERS, binding.communityId, now)).no,
        communityId: binding.communityId,
        unit: binding.unit,
        unitKey: `${binding.communityId}:${binding.unit}`,
        building: binding.unit.split('-')[0],
        state: 'pending',
        rev: 0,
        applicant: caller.openid,
        applicantRole: binding.role,
        applicantName: binding.name,
        applicantPhone: binding.phone,
        items: input.items.map((i) => ({ name: i.name, count: i.count, photos: i.photos })),
        from,
        to,
        day: shanghaiDate(from),
        carrier: { name: input.carrier.name, phone: input.carrier.phone ?? null, plate: input.carrier.plate ?? null },
        reason: input.reason,
        reasonNote: input.reasonNote || null,
        needsOwner,
        ownerConfirmation: null,
        clock: decideBy ? { start: now, at: decideBy, metAt: null } : null,
        policyVersion: defaultPassPolicy.version,
        queueKey: null,
        nextDueAt: null,
        alerts: {},
        decision: null,
        gate: null,
        ref: '',
        events: [{ action: 'apply', from: null, to: 'pending', actorRole: binding.role, actorId: caller.openid, actorName: null, at: now, note: null }],
        createdAt: now,
        updatedAt: now,
      };
      doc.queueKey = passQueueKey({ ...doc, decideBy });
      doc.nextDueAt = passNextDueAt(doc);
      let added: { _id: string } | null = null;
      for (let attempt = 0; !added; attempt += 1) {
        doc.ref = newRef();
        try {
          added = await database.collection(PASSES).add({ data: { ...idOfCreate(ctx), ...doc } });
        } catch (error) {
          // 40 random bits rarely collide; the unique index says when they do
          if (!isDuplicateError(error) || attempt >= 3) throw error;
        }
      }
      const pass: PassDoc = { ...doc, _id: added._id };
      if (needsOwner) {
        const owners = await ownersOf(database, pass.communityId, pass.unit);
        for (const owner of owners) {
          await tellPerson(database, owner.openid, pass, '待您确认', `住户${pass.applicantName ?? ''}申请物品放行 ${pass.no}，请确认是否同意。`, '住户申请放行，请确认', now);
        }
      } else if (decideBy) {
        await tellStewards(database, pass, '新的物品放行申请', decideBy, now);
      }
      return { pass: await passView(database, pass, caller, now) };
    },
  },

  ownerConfirm: {
    roles: ['owner', 'steward'],
    async handler(ctx: Ctx<'ownerConfirm'>) {
      const p = await loadFor(ctx.db, ctx.caller, ctx.input.id);
      const note = ctx.input.note?.trim() || null;
      const decideBy = passDecisionDeadline(ctx.now, passCalendar());
      const after = await step(ctx, p, {
        action: 'ownerConfirm',
        note,
        changes: (role, name) => ({
          ownerConfirmation: { method: role === 'owner' ? 'app' : 'phone', by: ctx.caller.openid, byName: name, note, at: ctx.now },
          // the 15 minutes run from the moment there is something to decide
          clock: { start: ctx.now, at: decideBy, metAt: null },
        }),
      });
      await tellStewards(ctx.db, after, '业主已确认的物品放行申请', decideBy, ctx.now);
      if (after.applicant !== ctx.caller.openid) {
        await tellPerson(ctx.db, after.applicant, after, '业主已确认', `您的物品放行申请 ${after.no} 已经业主确认，等待管家审批。`, '等待管家审批', ctx.now);
      }
      return { pass: await passView(ctx.db, after, ctx.caller, ctx.now) };
    },
  },

  ownerDecline: {
    roles: ['owner'],
    async handler(ctx: Ctx<'ownerDecline'>) {
      const p = await loadFor(ctx.db, ctx.caller, ctx.input.id);
      const reason = ctx.input.reason;
      const after = await step(ctx, p, {
        action: 'ownerDecline',
        note: reason,
        changes: (_role, name) => ({ decision: { approved: false, by: ctx.caller.openid, byName: name, at: ctx.now, reason } }),
      });
      await tellPerson(ctx.db, after.applicant, after, '业主未同意', `您的物品放行申请 ${after.no} 业主未同意：${reason}`, reason, ctx.now);
      return { pass: await passView(ctx.db, after, ctx.caller, ctx.now) };
    },
  },

  approve: {
    roles: ['steward'],
    async handler(ctx: Ctx<'approve'>) {
      const p = await loadFor(ctx.db, ctx.caller, ctx.input.id);
      const after = await step(ctx, p, {
        action: 'approve',
        changes: (_role, name) => ({
          decision: { approved: true, by: ctx.caller.openid, byName: name, at: ctx.now, reason: null },
          clock: metClock(p, ctx.now),
        }),
      });
      await tellPerson(
        ctx.db,
        after.applicant,
        after,
        '已批准',
        `您的物品放行申请 ${after.no} 已批准，放行时段 ${windowText(after.from, after.to)}，请向门岗出示放行码。`,
        '请向门岗出示放行码',
        ctx.now,
      );
      return { pass: await passView(ctx.db, after, ctx.caller, ctx.now) };
    },
  },

  reject: {
    roles: ['steward'],
    async handler(ctx: Ctx<'reject'>) {
      const p = await loadFor(ctx.db, ctx.caller, ctx.input.id);
      const reason = ctx.input.reason;
      const after = await step(ctx, p, {
        action: 'reject',
        note: reason,
        changes: (_role, name) => ({
          decision: { approved: false, by: ctx.caller.openid, byName: name, at: ctx.now, reason },
          clock: metClock(p, ctx.now),
        }),
      });
      await tellPerson(ctx.db, after.applicant, after, '未批准', `您的物品放行申请 ${after.no} 未获批准：${reason}`, reason, ctx.now);
      return { pass: await passView(ctx.db, after, ctx.caller, ctx.now) };
    },
  },

  revoke: {
    roles: ['owner', 'resident', 'steward'],
    async handler(ctx: Ctx<'revoke'>) {
      const p = await loadFor(ctx.db, ctx.caller, ctx.input.id);
      const reason = ctx.input.reason?.trim() || null;
      const after = await step(ctx, p, { action: 'revoke', note: reason });
      if (after.applicant !== ctx.caller.openid) {
        await tellPerson(ctx.db, after.applicant, after, '已撤销', `您的物品放行条 ${after.no} 已被撤销${reason ? `：${reason}` : '。'}`, reason ?? '放行条已撤销', ctx.now);
      }
      return { pass: await passView(ctx.db, after, ctx.caller, ctx.now) };
    },
  },

  get: {
    roles: 'anyone',
    async handler(ctx: Ctx<'get'>) {
      const p = await loadFor(ctx.db, ctx.caller, ctx.input.id);
      return { pass: await passView(ctx.db, p, ctx.caller, ctx.now) };
    },
  },

  list: {
    roles: 'anyone',
    async handler(ctx: Ctx<'list'>) {
      const page = await listPasses(ctx);
      return { passes: page.docs.map((p) => summaryView(p, ctx.caller, ctx.now)), nextCursor: page.next };
    },
  },

  verify: {
    roles: ['guard'],
    handler: (ctx: Ctx<'verify'>) => verifyAtGate(ctx, ctx.input.code),
  },

  release: {
    roles: ['guard'],
    handler: (ctx: Ctx<'release'>) => releaseAtGate(ctx, ctx.input),
  },
} satisfies ActionTable<'passes'>;
