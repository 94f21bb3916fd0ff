// The `passes` function's actions (SPEC §5, §10): apply, the owner's confirmation, the steward's
// decision within 15 minutes, revoking, the guard's check and release, and the register.
// Every transition is an update conditional on the state and revision read (CONFLICT when it moved).
import type { z } from 'zod';
import type { ActorRole } from '../../../types/enums';
import type { GateVerdict, Pass, PassAction, PassCommand, PassSummary } from '../../../types/passes';
import { passActions } from '../../../types/passes';
import { passRefusalLabels } from '../../../types/labels';
import { maskPhone } from '../accounts/rules';
import type { BindingDoc, StaffDoc } from '../accounts/model';
import type { Caller } from '../router/caller';
import { bindingFor, isStaffRole } from '../workflow/access';
import { AppError, invalid, notFound } from '../router/errors';
import type { ActionContext, ActionTable } from '../router/router';
import { createdEarlier, idOfCreate } from '../router/idempotency';
import { type Database, isDuplicateError } from '../sdk';
import { buildCalendar } from '../sla/calendar';
import { defaultPassPolicy, passDecisionDeadline, passDueLevel } from '../sla/passes';
import { shanghaiDate, toShanghaiIso } from '../time';
import { nextDailyNumber } from '../workflow/number';
import { PASSES, expireIfLapsed, findPass, findPassByRef, logCheck, ownersOf, writePassTransition } from './data';
import { PASS_NUMBERS, type PassDoc, type PassEventDoc } from './model';
import { listPasses } from './list';
import { tellPerson, tellStewards, windowText } from './notices';
import { decidePass, effectiveState, isDecidable, judgeCode, passAccess, passNextDueAt, passQueueKey, passTransition, type GatePass, type GateResult } from './states';
import { newRef, normaliseCode, passSecrets, signPass } from './token';

type Ctx<A extends keyof typeof passActions> = ActionContext<z.output<(typeof passActions)[A]['input']>>;
type Base = { db: Database; caller: Caller; now: Date };

const MINUTE = 60_000;
/** "Not in the past": a start picked as "now" on the form may be a few minutes old when it arrives. */
const PAST_SLACK_MS = 10 * MINUTE;
const MIN_WINDOW_MS = 15 * MINUTE;
const MAX_WINDOW_MS = 12 * 60 * MINUTE;
const MAX_AHEAD_MS = 30 * 24 * 60 * MINUTE;

// The pass clock is in minutes, so no holiday data is needed; the package calendar stands in.
let calendar: ReturnType<typeof buildCalendar> | null = null;
const passCalendar = () => (calendar ??= buildCalendar());

// ----- who the caller is to a pass ----------------------------------------------------------------

const ownerBinding = (caller: Caller, p: PassDoc): BindingDoc | undefined => bindingFor(caller, p, 'owner');
const stewardPost = (caller: Caller, communityId: string): StaffDoc | undefined => passAccess.post(caller, communityId);

/** The role the caller acts in for `action` on this pass, or null when they have no part in it. */
interface Actor {
  role: ActorRole;
  name: string | null;
}

function actorFor(caller: Caller, p: PassDoc, action: PassAction): Actor | null {
  const { post, binding } = passAccess.standing(caller, p);
  const staff: Actor | null = post ? { role: post.role, name: post.name } : null;
  const person: Actor | null = binding ? { role: binding.role, name: binding.name } : null;
  switch (action) {
    case 'ownerConfirm': {
      const owner = ownerBinding(caller, p);
      return owner ? { role: 'owner', name: owner.name } : (staff ?? person);
    }
    case 'revoke': {
      if (p.applicant === caller.openid) return { role: p.applicantRole, name: p.applicantName };
      const owner = ownerBinding(caller, p);
      if (owner) return { role: 'owner', name: owner.name };
      if (staff) return staff;
      // a resident may withdraw only their own application: acting in a role with no right to
      // revoke makes the state machine answer FORBIDDEN
      return person ? { role: 'guard', name: null } : null;
    }
    default:
      return staff ?? person;
  }
}

/** What the code binds and the gate judges: the stored pass under the names the rules use. */
const gateView = (p: PassDoc): GatePass => ({ id: p._id, communityId: p.communityId, ref: p.ref, from: p.from, to: p.to, state: p.state, needsOwner: p.needsOwner });

// ----- the view ---------------------------------------------------------------------------------

const iso = (d: Date) => toShanghaiIso(d);

function commandsFor(caller: Caller, p: PassDoc, now: Date): PassCommand[] {
  const allowed: PassCommand[] = [];
  for (const command of ['ownerConfirm', 'approve', 'reject', 'revoke'] as const) {
    const actor = actorFor(caller, p, command);
    if (actor && passTransition(p, command, actor.role, now, 'x').ok) allowed.push(command);
  }
  return allowed;
}

export function summaryView(p: PassDoc, caller: Caller, now: Date, detail = false): PassSummary {
  const staffHere = Boolean(stewardPost(caller, p.communityId));
  const state = effectiveState(p, now);
  const running = p.clock && !p.clock.metAt && isDecidable(p) && state !== 'expired' ? p.clock : null;
  const showPhone = (phone: string | null) => (phone === null ? null : (detail && staffHere) || p.applicant === caller.openid ? phone : maskPhone(phone));
  return {
    id: p._id,
    no: p.no,
    communityId: p.communityId,
    unit: p.unit,
    building: p.building,
    state,
    applicantRole: p.applicantRole,
    applicantName: p.applicantName,
    applicantPhone: showPhone(p.applicantPhone),
    items: p.items,
    from: iso(p.from),
    to: iso(p.to),
    carrier: { name: p.carrier.name, phone: showPhone(p.carrier.phone), plate: p.carrier.plate },
    reason: p.reason,
    reasonNote: p.reasonNote,
    needsOwner: p.needsOwner,
    ownerConfirmation: p.ownerConfirmation
      ? { method: p.ownerConfirmation.method, at: iso(p.ownerConfirmation.at), byName: p.ownerConfirmation.byName, note: p.ownerConfirmation.note }
      : null,
    decideBy: p.clock ? iso(p.clock.at) : null,
    due: running ? { at: iso(running.at), level: passDueLevel(running.start, running.at, now) } : null,
    decision: p.decision ? { approved: p.decision.approved, byName: p.decision.byName, at: iso(p.decision.at), reason: p.decision.reason } : null,
    gate: p.gate ? { released: p.gate.released, byName: p.gate.byName, at: iso(p.gate.at), note: p.gate.note } : null,
    allowed: commandsFor(caller, p, now),
    policyVersion: p.policyVersion,
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
  };
}

async function passView(database: Database, p: PassDoc, caller: Caller, now: Date): Promise<Pass> {
  const staffHere = Boolean(stewardPost(caller, p.communityId));
  // The code goes to the people who carry the goods out: the applicant and the unit's owner.
  const holder = p.applicant === caller.openid || Boolean(ownerBinding(caller, p));
  const qr = holder && effectiveState(p, now) === 'approved' ? signPass(gateView(p), passSecrets().current) : null;
  const owners = staffHere && p.needsOwner ? await ownersOf(database, p.communityId, p.unit) : [];
  return {
    ...summaryView(p, caller, now, true),
    qr,
    ownerContacts: owners.map((o) => ({ name: o.name, phone: o.phone })),
    events: p.events.map((e) => ({ action: e.action, from: e.from, to: e.to, actorRole: e.actorRole, actorName: e.actorName, at: iso(e.at), note: e.note })),
  };
}

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

// ----- the gate ---------------------------------------------------------------------------------

interface Judged {
  result: GateResult;
  pass: PassDoc | null;
  ref: string | null;
}

async function judge(ctx: Base, code: string): Promise<Judged> {
  const parsed = normaliseCode(code);
  const pass = parsed ? await findPassByRef(ctx.db, parsed.ref) : null;
  const result = judgeCode(code, pass ? gateView(pass) : null, passSecrets(), ctx.caller.communitiesAs(['guard']), ctx.now);
  if (!result.valid && result.refusal === 'expired' && pass) await expireIfLapsed(ctx.db, pass, ctx.now);
  return { result, pass, ref: parsed?.ref ?? null };
}

function verdictOf(judged: Judged, caller: Caller, now: Date): GateVerdict {
  const { result, pass } = judged;
  const show = pass && (result.valid || result.showPass);
  return {
    valid: result.valid,
    refusal: result.valid ? null : result.refusal,
    message: result.valid ? '放行条有效，请核对物品后放行' : passRefusalLabels[result.refusal],
    pass: show ? summaryView(pass, caller, now) : null,
  };
}

async function record(ctx: Base, judged: Judged, kind: 'verify' | 'release' | 'refuse', valid: boolean, note: string | null): Promise<void> {
  const communities = ctx.caller.communitiesAs(['guard']);
  const own = judged.pass && communities.includes(judged.pass.communityId) ? judged.pass.communityId : communities[0];
  const named = judged.pass && (judged.result.valid || judged.result.refusal !== 'forged');
  await logCheck(ctx.db, {
    communityId: own,
    guard: ctx.caller.openid,
    guardName: ctx.caller.postIn(own, ['guard'])?.name ?? null,
    kind,
    passId: named && judged.pass ? judged.pass._id : null,
    passNo: named && judged.pass ? judged.pass.no : null,
    ref: judged.ref,
    valid,
    refusal: judged.result.valid ? null : judged.result.refusal,
    note,
    at: ctx.now,
  });
}

function refusalError(judged: Judged): AppError {
  if (judged.result.valid) return new AppError('CONFLICT', '放行条状态已变化，请重新核验');
  const message = passRefusalLabels[judged.result.refusal];
  switch (judged.result.refusal) {
    case 'forged':
    case 'tampered':
      return new AppError('INVALID_INPUT', message, { code: message });
    case 'other_community':
      return new AppError('FORBIDDEN', message);
    default:
      return new AppError('CONFLICT', message);
  }
}

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
      if (to.getTime() - from.getTime() > MAX_WINDOW_MS) throw invalid('放行时段最长 12 小时', { to: '放行时段最长 12 小时' });

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
    async handler(ctx: Ctx<'verify'>) {
      const judged = await judge(ctx, ctx.input.code);
      await record(ctx, judged, 'verify', judged.result.valid, null);
      return verdictOf(judged, ctx.caller, ctx.now);
    },
  },

  release: {
    roles: ['guard'],
    async handler(ctx: Ctx<'release'>) {
      const { match } = ctx.input;
      const note = ctx.input.note?.trim() || null;
      const kind = match ? 'release' : 'refuse';
      const judged = await judge(ctx, ctx.input.code);
      if (!judged.result.valid || !judged.pass) {
        await record(ctx, judged, kind, false, note);
        throw refusalError(judged);
      }
      const p = judged.pass;
      const post = ctx.caller.postIn(p.communityId, ['guard']);
      const role: ActorRole = post?.role === 'manager' ? 'manager' : 'guard';
      const result = decidePass(p, kind, { id: ctx.caller.openid, role }, ctx.now, note);
      if (!result.ok) throw new AppError(result.code, result.message, result.code === 'INVALID_INPUT' ? { note: result.message } : undefined);
      const gate = { released: match, by: ctx.caller.openid, byName: post?.name ?? null, at: ctx.now, note };
      const event: PassEventDoc = { ...result.event, actorName: post?.name ?? null };
      try {
        await writePassTransition(ctx.db, p, { state: result.state, gate, queueKey: null, updatedAt: ctx.now }, event);
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'CONFLICT') throw error;
        // another guard (or the owner's revocation) got there first: log what the code is worth now
        const again = await judge(ctx, ctx.input.code);
        await record(ctx, again, kind, false, note);
        throw refusalError(again);
      }
      const after: PassDoc = { ...p, state: result.state, gate, queueKey: null, updatedAt: ctx.now, rev: p.rev + 1, events: [...p.events, event] };
      await record(ctx, { ...judged, pass: after }, kind, true, note);
      if (match) {
        await tellPerson(ctx.db, after.applicant, after, '已放行', `您的物品放行条 ${after.no} 已在门岗核验放行。`, '门岗已核验放行', ctx.now);
      } else {
        await tellPerson(
          ctx.db,
          after.applicant,
          after,
          '未予放行',
          `门岗核对物品与放行条 ${after.no} 不符，未予放行${note ? `：${note}` : ''}。请按实际物品重新申请。`,
          '物品不符，请重新申请',
          ctx.now,
        );
      }
      const verdict: GateVerdict = { valid: true, refusal: null, message: match ? '已放行' : '已拒绝放行', pass: summaryView(after, ctx.caller, ctx.now) };
      return { verdict, pass: summaryView(after, ctx.caller, ctx.now) };
    },
  },
} satisfies ActionTable<'passes'>;
