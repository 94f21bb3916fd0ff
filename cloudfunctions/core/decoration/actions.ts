// The `decoration` function's actions (SPEC §12). Every transition goes through the state table
// (model.ts) and one conditional write (data.ts): a stale screen or two stewards at once end in
// CONFLICT, never an overwrite. The deposit and its refund go the orders' payment path (pay.ts).
import type { z } from 'zod';
import { decorationActions, permitRefusalLabels, type PermitVerdict } from '../../../types/decoration';
import type { Caller } from '../router/caller';
import { createdEarlier, idOfCreate } from '../router/idempotency';
import { AppError, conflict, invalid, notFound } from '../router/errors';
import type { ActionContext, ActionTable } from '../router/router';
import { type Database, isDuplicateError } from '../sdk';
import { shanghaiDate } from '../time';
import { isStaffRole } from '../workflow/access';
import { nextDailyNumber } from '../workflow/number';
import { logCheck } from '../passes/data';
import { newRef, normaliseCode } from '../passes/token';
import { DECORATIONS, INSPECTIONS, findByRef, findDecoration, markDay, writeDecoration } from './data';
import { listDecorations } from './list';
import {
  DECORATION_NUMBERS,
  FINAL_STATES,
  type DecorationDoc,
  type DecorationEventDoc,
  type DecorationSnapshot,
  type InspectionDoc,
  addDays,
  decideDecoration,
  decorationAccess,
  decorationNextDueAt,
  decorationQueueKey,
  decorationTransitions,
  depositRefundNo,
} from './model';
import { tellApplicant, tellStewards, when, yuan } from './notices';
import { issuePermit, refundDeposit, startDeposit } from './pay';
import { judgePermit, permitSecrets } from './permit';
import { actorFor, decorationView, inspectionView, summaryView } from './views';

type Ctx<A extends keyof typeof decorationActions> = ActionContext<z.output<(typeof decorationActions)[A]['input']>>;
type Base = { db: Database; caller: Caller; now: Date };
type Command = keyof typeof decorationTransitions;

const DAY_MS = 86_400_000;
/** How far ahead work may be planned, and how long it may last. */
const MAX_AHEAD_DAYS = 90;
const MAX_LENGTH_DAYS = 180;
/** A rectification deadline: at least an hour ahead, at most 30 days. */
const MIN_DEADLINE_MS = 60 * 60_000;
const MAX_DEADLINE_MS = 30 * DAY_MS;

const load = (ctx: Base, id: string) => decorationAccess.load(findDecoration(ctx.db, id), ctx.caller);

interface Step {
  command: Command;
  note?: string | null;
  /** what the rules need beyond the stored application (accept's stage and verdict, a stop-work order) */
  extra?: Partial<DecorationSnapshot>;
  changes?: (actor: { role: DecorationEventDoc['actorRole']; name: string | null }) => Partial<DecorationDoc>;
  /** events written after the step's own, in the same write */
  more?: (after: DecorationDoc) => DecorationEventDoc[];
  moreChanges?: (after: DecorationDoc) => Partial<DecorationDoc>;
}

/** One transition: the caller's role, the table's verdict, the conditional write with its event. */
async function step(ctx: Base, d: DecorationDoc, s: Step): Promise<DecorationDoc> {
  const actor = actorFor(ctx.caller, d, s.command);
  if (!actor) throw notFound('没有找到这份装修申请');
  const decided = decideDecoration({ ...d, ...s.extra }, s.command, { id: ctx.caller.openid, role: actor.role }, ctx.now, s.note ?? null);
  if (!decided.ok) throw new AppError(decided.code, decided.message, decided.code === 'INVALID_INPUT' ? { reason: decided.message } : undefined);
  const event: DecorationEventDoc = { ...decided.event, actorName: isStaffRole(actor.role) ? actor.name : null };
  let changes: Partial<DecorationDoc> = { ...(s.changes ? s.changes(actor) : {}), state: decided.state };
  const events = [event];
  if (s.more || s.moreChanges) {
    const draft = { ...d, ...changes };
    if (s.more) events.push(...s.more(draft));
    if (s.moreChanges) changes = { ...changes, ...s.moreChanges(draft) };
  }
  return writeDecoration(ctx.db, d, changes, events, ctx.now);
}

const byName = (caller: Caller, d: DecorationDoc) => decorationAccess.post(caller, d.communityId)?.name ?? null;

/** The inspection due from `day` on (work started, resumed, or sent back after a failed 初验). */
const inspectFromToday = (d: DecorationDoc, now: Date): string => {
  const today = shanghaiDate(now);
  return d.inspectFrom && d.inspectFrom > today ? d.inspectFrom : today;
};

async function settleRefund(ctx: Base, d: DecorationDoc, amountFen: number, reason: string): Promise<DecorationDoc> {
  const refund = await refundDeposit(ctx.db, d, amountFen, reason, ctx.caller.openid, ctx.now);
  // mirror the refund's state on the application, unless its callback got there first: the
  // conditional write on the application as we hold it; only when someone moved it is it read again
  let current = d;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    if (attempt > 0) current = (await findDecoration(ctx.db, d._id)) ?? d;
    const held = current.refund;
    if (!held) return current;
    if (held.no === refund.no && (held.state === refund.state || held.state === 'done')) return current;
    if (held.no !== refund.no && held.seq >= refund.seq) return current;
    try {
      return await writeDecoration(ctx.db, current, { refund }, [], ctx.now);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'CONFLICT') throw error;
    }
  }
  return d;
}

export const decorationActionTable = {
  apply: {
    roles: ['owner', 'resident'],
    create: true,
    async handler(ctx: Ctx<'apply'>) {
      const { db: database, caller, now, input } = ctx;
      const earlier = await createdEarlier<DecorationDoc>(ctx, DECORATIONS);
      if (earlier) return { decoration: decorationView(earlier, caller, now) };
      const binding = caller.bindings.find((b) => b.unit === input.unit && (!input.communityId || b.communityId === input.communityId));
      if (!binding) throw new AppError('FORBIDDEN', '您尚未绑定该房屋，无法为它申请装修', { unit: '您尚未绑定该房屋' });
      if (binding.role !== 'owner' && !input.authorisationPhoto) {
        throw invalid('非业主本人申请，请上传业主书面委托书照片', { authorisationPhoto: '请上传业主书面委托书照片' });
      }
      const today = shanghaiDate(now);
      if (input.plannedStart < today) throw invalid('开工日期不能早于今天', { plannedStart: '开工日期不能早于今天' });
      if (input.plannedStart > addDays(today, MAX_AHEAD_DAYS)) throw invalid(`最多提前 ${MAX_AHEAD_DAYS} 天申请`, { plannedStart: `最多提前 ${MAX_AHEAD_DAYS} 天申请` });
      if (input.plannedEnd > addDays(input.plannedStart, MAX_LENGTH_DAYS)) throw invalid(`装修工期最长 ${MAX_LENGTH_DAYS} 天`, { plannedEnd: `工期最长 ${MAX_LENGTH_DAYS} 天` });
      const unitKey = `${binding.communityId}:${binding.unit}`;
      const live = await database
        .collection<DecorationDoc>(DECORATIONS)
        .where({ unitKey, state: database.command.nin([...FINAL_STATES]) })
        .limit(1)
        .get();
      if (live.data.length > 0) throw conflict(`该房屋已有进行中的装修申请 ${live.data[0].no}`);

      const doc: Omit<DecorationDoc, '_id'> = {
        no: (await nextDailyNumber(database, DECORATION_NUMBERS, binding.communityId, now)).no,
        communityId: binding.communityId,
        unit: binding.unit,
        unitKey,
        building: binding.unit.split('-')[0],
        state: 'applied',
        rev: 0,
        applicant: caller.openid,
        applicantRole: binding.role,
        applicantName: binding.name,
        applicantPhone: binding.phone,
        authorisationPhoto: binding.role === 'owner' ? null : (input.authorisationPhoto ?? null),
        contractor: input.contractor,
        workers: input.workers,
        scope: input.scope,
        plannedStart: input.plannedStart,
        plannedEnd: input.plannedEnd,
        documents: input.documents,
        approval: null,
        rejection: null,
        agreementSignedAt: null,
        payingNo: null,
        paySeq: 0,
        deposit: null,
        permit: null,
        ref: '',
        inspectFrom: null,
        lastInspectedDay: null,
        lastMissDay: null,
        inspections: 0,
        notices: [],
        acceptances: [],
        completionRequestedAt: null,
        deductions: [],
        refund: null,
        flag: null,
        alerts: {},
        queueKey: null,
        nextDueAt: null,
        events: [{ action: 'apply', from: null, to: 'applied', actorRole: binding.role, actorId: caller.openid, actorName: null, at: now, note: null }],
        createdAt: now,
        updatedAt: now,
      };
      doc.queueKey = decorationQueueKey({ ...doc, _id: '' });
      doc.nextDueAt = decorationNextDueAt({ ...doc, _id: '' });
      let added: { _id: string } | null = null;
      for (let attempt = 0; !added; attempt += 1) {
        doc.ref = newRef();
        try {
          added = await database.collection(DECORATIONS).add({ data: { ...idOfCreate(ctx), ...doc } });
        } catch (error) {
          if (!isDuplicateError(error) || attempt >= 3) throw error;
        }
      }
      const d: DecorationDoc = { ...doc, _id: added._id };
      await tellStewards(
        database,
        d,
        '新的装修申请',
        `${d.unit} ${d.no}：${d.contractor.company}，${d.plannedStart} 至 ${d.plannedEnd}，请审核资料`,
        new Date(d.queueKey ?? now.getTime()),
        now,
      );
      return { decoration: decorationView(d, caller, now) };
    },
  },

  approve: {
    roles: ['steward'],
    async handler(ctx: Ctx<'approve'>) {
      const { input, caller, now } = ctx;
      const d = await load(ctx, input.id);
      const after = await step(ctx, d, {
        command: 'approve',
        changes: (actor) => ({ approval: { depositFen: input.depositFen, rules: input.rules, workingHours: input.workingHours, by: caller.openid, byName: actor.name, at: now } }),
      });
      const deposit = input.depositFen > 0 ? `，请确认装修协议并缴纳押金 ${yuan(input.depositFen)} 元` : '，请确认装修协议';
      await tellApplicant(ctx.db, after, '已批准', `装修申请 ${after.no} 已批准${deposit}。`, now, input.depositFen);
      return { decoration: decorationView(after, caller, now) };
    },
  },

  reject: {
    roles: ['steward'],
    async handler(ctx: Ctx<'reject'>) {
      const { input, caller, now } = ctx;
      const d = await load(ctx, input.id);
      const after = await step(ctx, d, {
        command: 'reject',
        note: input.reason,
        changes: (actor) => ({ rejection: { reason: input.reason, by: caller.openid, byName: actor.name, at: now } }),
      });
      await tellApplicant(ctx.db, after, '未通过', `装修申请 ${after.no} 未通过：${input.reason}`, now);
      return { decoration: decorationView(after, caller, now) };
    },
  },

  signAgreement: {
    roles: ['owner', 'resident'],
    async handler(ctx: Ctx<'signAgreement'>) {
      const { caller, now } = ctx;
      const d = await load(ctx, ctx.input.id);
      const free = (d.approval?.depositFen ?? 0) <= 0;
      // with no deposit due, the permit is issued with the agreement, in the same write
      const after = await step(ctx, d, {
        command: 'signAgreement',
        note: '已确认《装饰装修服务协议》',
        changes: () => ({ agreementSignedAt: now }),
        more: (draft) => (free ? [issuePermit(draft, now).event] : []),
        moreChanges: (draft) => (free ? issuePermit(draft, now).changes : {}),
      });
      if (after.state === 'permitted') {
        await tellApplicant(ctx.db, after, '许可证已签发', `施工许可证 ${after.permit?.no ?? ''} 已签发，请将许可证码交给施工负责人。`, now);
      }
      return { decoration: decorationView(after, caller, now) };
    },
  },

  payDeposit: {
    roles: ['owner', 'resident'],
    async handler(ctx: Ctx<'payDeposit'>) {
      const { caller, now } = ctx;
      const d = await load(ctx, ctx.input.id);
      const actor = actorFor(caller, d, 'payDeposit');
      if (!actor) throw notFound('没有找到这份装修申请');
      const decided = decideDecoration(d, 'payDeposit', { id: caller.openid, role: actor.role }, now);
      if (!decided.ok) throw new AppError(decided.code, decided.message);
      const started = await startDeposit(ctx.db, d, caller.openid, now);
      return { decoration: decorationView(started.decoration, caller, now), outTradeNo: started.outTradeNo, payment: started.payment };
    },
  },

  inspect: {
    roles: ['steward'],
    async handler(ctx: Ctx<'inspect'>) {
      const { input, caller, now } = ctx;
      const d = await load(ctx, input.id);
      const day = shanghaiDate(now);
      const findings = input.findings?.trim() || null;
      const issues = Object.entries(input.checklist).filter(([, v]) => v === 'issue').length;
      const after = await step(ctx, d, {
        command: 'inspect',
        note: `现场巡查（照片 ${input.photos.length} 张${issues > 0 ? `，${issues} 项问题` : ''}）${findings ? `：${findings}` : ''}`,
        changes: () => ({ lastInspectedDay: day, inspections: d.inspections + 1 }),
      });
      const inspection: InspectionDoc = {
        _id: `${d._id}:${now.getTime()}`,
        decorationId: d._id,
        no: d.no,
        communityId: d.communityId,
        unit: d.unit,
        building: d.building,
        day,
        at: now,
        by: caller.openid,
        byName: byName(caller, d),
        photos: input.photos,
        checklist: input.checklist,
        findings,
      };
      await ctx.db.collection(INSPECTIONS).add({ data: { ...inspection } });
      if (d.state === 'in_progress') await markDay(ctx.db, after, day, { inspected: true }, now);
      return { decoration: decorationView(after, caller, now), inspection: inspectionView(inspection) };
    },
  },

  notice: {
    roles: ['steward'],
    async handler(ctx: Ctx<'notice'>) {
      const { input, caller, now } = ctx;
      const d = await load(ctx, input.id);
      const deadline = new Date(input.deadline);
      if (deadline.getTime() < now.getTime() + MIN_DEADLINE_MS) throw invalid('整改期限至少在一小时之后', { deadline: '整改期限至少在一小时之后' });
      if (deadline.getTime() > now.getTime() + MAX_DEADLINE_MS) throw invalid('整改期限最长 30 天', { deadline: '整改期限最长 30 天' });
      const no = `${d.no}-N${d.notices.length + 1}`;
      const after = await step(ctx, d, {
        command: 'notice',
        extra: { stopWork: input.stopWork },
        note: `整改通知 ${no}：${input.items.join('；')}（${when(deadline)} 前${input.stopWork ? '，停工整改' : ''}）`,
        changes: (actor) => ({
          notices: [
            ...d.notices,
            { no, items: input.items, deadline, stopWork: input.stopWork, issuedAt: now, by: caller.openid, byName: actor.name, state: 'open', verifiedAt: null, verifyNote: null },
          ],
        }),
      });
      await tellApplicant(
        ctx.db,
        after,
        '整改通知',
        `《装修违约整改通知单》${no}：${input.items.join('；')}。请于 ${when(deadline)} 前整改完毕${input.stopWork ? '，整改期间停止施工' : ''}。`,
        now,
      );
      return { decoration: decorationView(after, caller, now) };
    },
  },

  verifyRectification: {
    roles: ['steward'],
    async handler(ctx: Ctx<'verifyRectification'>) {
      const { input, caller, now } = ctx;
      const d = await load(ctx, input.id);
      const target = d.notices.find((n) => n.no === input.notice);
      if (!target) throw notFound('没有找到这张整改通知单');
      if (target.state !== 'open') throw conflict('该整改通知已复查通过');
      const note = input.note?.trim() || null;
      const after = await step(ctx, d, {
        command: 'verifyRectification',
        note: `整改复查通过 ${target.no}${note ? `：${note}` : ''}`,
        changes: () => ({ notices: d.notices.map((n) => (n.no === target.no ? { ...n, state: 'verified' as const, verifiedAt: now, verifyNote: note } : n)) }),
      });
      await tellApplicant(ctx.db, after, '整改已通过', `整改通知 ${target.no} 已经管家复查通过。`, now);
      return { decoration: decorationView(after, caller, now) };
    },
  },

  suspend: {
    roles: ['steward'],
    async handler(ctx: Ctx<'suspend'>) {
      const { input, caller, now } = ctx;
      const d = await load(ctx, input.id);
      const after = await step(ctx, d, { command: 'suspend', note: input.reason });
      await tellApplicant(ctx.db, after, '已停工', `装修 ${after.no} 已被责令停工：${input.reason}`, now);
      return { decoration: decorationView(after, caller, now) };
    },
  },

  resume: {
    roles: ['steward'],
    async handler(ctx: Ctx<'resume'>) {
      const { caller, now } = ctx;
      const d = await load(ctx, ctx.input.id);
      const after = await step(ctx, d, { command: 'resume', changes: () => ({ inspectFrom: inspectFromToday(d, now) }) });
      await tellApplicant(ctx.db, after, '已复工', `装修 ${after.no} 已准予复工。`, now);
      return { decoration: decorationView(after, caller, now) };
    },
  },

  requestAcceptance: {
    roles: ['owner', 'resident'],
    async handler(ctx: Ctx<'requestAcceptance'>) {
      const { caller, now } = ctx;
      const d = await load(ctx, ctx.input.id);
      const after = await step(ctx, d, { command: 'requestAcceptance', changes: () => ({ completionRequestedAt: now }) });
      await tellStewards(ctx.db, after, '装修验收申请', `${after.unit} ${after.no} 已完工，申请验收（初验）`, new Date(after.queueKey ?? now.getTime()), now);
      return { decoration: decorationView(after, caller, now) };
    },
  },

  accept: {
    roles: ['steward'],
    async handler(ctx: Ctx<'accept'>) {
      const { input, caller, now } = ctx;
      const d = await load(ctx, input.id);
      const stageText = input.stage === 'initial' ? '初验' : '终验';
      const verdict = input.passed ? '通过' : `未通过：${input.items.join('；')}`;
      const after = await step(ctx, d, {
        command: 'accept',
        extra: { stage: input.stage, passed: input.passed },
        note: `${stageText}${verdict}`,
        changes: (actor) => ({
          acceptances: [...d.acceptances, { stage: input.stage, passed: input.passed, items: input.items, by: caller.openid, byName: actor.name, at: now }],
          // a failed 初验 sends the work back: inspections are due again from today
          ...(input.stage === 'initial' && !input.passed ? { inspectFrom: inspectFromToday(d, now), completionRequestedAt: null } : {}),
        }),
      });
      await tellApplicant(ctx.db, after, `${stageText}${input.passed ? '通过' : '未通过'}`, `装修 ${after.no} ${stageText}${verdict}。`, now);
      return { decoration: decorationView(after, caller, now) };
    },
  },

  settle: {
    roles: ['steward'],
    async handler(ctx: Ctx<'settle'>) {
      const { input, caller, now } = ctx;
      const d = await load(ctx, input.id);
      if (d.state === 'settled') {
        // a retry: the same refund, under its own number (a new one only after a failure)
        const decided = decideDecoration(d, 'settle', { id: caller.openid, role: actorFor(caller, d, 'settle')?.role ?? 'owner' }, now);
        if (!decided.ok) throw new AppError(decided.code, decided.message);
        const amount = d.refund?.amountFen ?? 0;
        const after = await settleRefund(ctx, d, amount, '装修押金结算退款');
        return { decoration: decorationView(after, caller, now) };
      }
      const paidFen = d.deposit?.amountFen ?? 0;
      const deducted = input.deductions.reduce((sum, x) => sum + x.amountFen, 0);
      if (deducted > paidFen) throw invalid(`扣款合计不能超过押金 ${yuan(paidFen)} 元`, { deductions: `扣款合计不能超过押金 ${yuan(paidFen)} 元` });
      const refundFen = paidFen - deducted;
      const reasons = input.deductions.map((x) => `${x.reason} ${yuan(x.amountFen)} 元`).join('；');
      const nothingBack = refundFen === 0;
      const closing = (draft: DecorationDoc): DecorationEventDoc[] =>
        nothingBack ? [{ action: 'close', from: draft.state, to: 'closed', actorRole: 'system', actorId: 'system', actorName: null, at: now, note: '无押金可退，结算完毕' }] : [];
      const refund = nothingBack
        ? null
        : { no: depositRefundNo(d._id, (d.refund?.seq ?? 0) + 1), amountFen: refundFen, state: 'requested' as const, seq: (d.refund?.seq ?? 0) + 1 };
      const settled = await step(ctx, d, {
        command: 'settle',
        note: `押金 ${yuan(paidFen)} 元${deducted > 0 ? `，扣除 ${yuan(deducted)} 元（${reasons}）` : ''}，退还 ${yuan(refundFen)} 元`,
        // the refund's number is fixed with the settlement, before WeChat is asked: a retry re-sends it
        changes: () => ({ deductions: input.deductions, refund, endedMonth: shanghaiDate(now).slice(0, 7) }),
        more: closing,
        moreChanges: () => (nothingBack ? { state: 'closed' } : {}),
      });
      const after = nothingBack ? settled : await settleRefund(ctx, settled, refundFen, `装修押金结算退款${deducted > 0 ? `（扣除 ${yuan(deducted)} 元）` : ''}`);
      await tellApplicant(
        ctx.db,
        after,
        nothingBack ? '已结算' : '押金退款中',
        `装修 ${after.no} 押金已结算${deducted > 0 ? `，扣除 ${yuan(deducted)} 元（${reasons}）` : ''}${nothingBack ? '。' : `，退还 ${yuan(refundFen)} 元将原路退回。`}`,
        now,
        refundFen,
      );
      return { decoration: decorationView(after, caller, now) };
    },
  },

  cancel: {
    roles: ['owner', 'resident', 'steward'],
    async handler(ctx: Ctx<'cancel'>) {
      const { input, caller, now } = ctx;
      const d = await load(ctx, input.id);
      const reason = input.reason?.trim() || null;
      const refund = d.deposit
        ? { no: depositRefundNo(d._id, (d.refund?.seq ?? 0) + 1), amountFen: d.deposit.amountFen, state: 'requested' as const, seq: (d.refund?.seq ?? 0) + 1 }
        : null;
      // cancelled once permitted, the deposit goes back: it counts as work ended for the 初验/终验 rates
      const ended = d.permit ? { endedMonth: shanghaiDate(now).slice(0, 7) } : {};
      let after = await step(ctx, d, { command: 'cancel', note: reason, changes: () => ({ ...ended, ...(refund ? { refund } : {}) }) });
      if (refund) after = await settleRefund(ctx, after, refund.amountFen, '装修取消，退还押金');
      if (after.applicant !== caller.openid) await tellApplicant(ctx.db, after, '已取消', `装修申请 ${after.no} 已取消${reason ? `：${reason}` : '。'}`, now);
      return { decoration: decorationView(after, caller, now) };
    },
  },

  get: {
    roles: 'anyone',
    async handler(ctx: Ctx<'get'>) {
      const d = await load(ctx, ctx.input.id);
      return { decoration: decorationView(d, ctx.caller, ctx.now) };
    },
  },

  list: {
    roles: 'anyone',
    async handler(ctx: Ctx<'list'>) {
      const page = await listDecorations(ctx);
      return { decorations: page.docs.map((d) => summaryView(d, ctx.caller, ctx.now)), nextCursor: page.next };
    },
  },

  inspections: {
    roles: 'anyone',
    async handler(ctx: Ctx<'inspections'>) {
      const d = await load(ctx, ctx.input.id);
      const found = await ctx.db.collection<InspectionDoc>(INSPECTIONS).where({ decorationId: d._id }).orderBy('at', 'desc').limit(100).get();
      return { inspections: found.data.map(inspectionView) };
    },
  },

  verifyPermit: {
    roles: ['guard'],
    async handler(ctx: Ctx<'verifyPermit'>): Promise<PermitVerdict> {
      const { caller, now } = ctx;
      const parsed = normaliseCode(ctx.input.code);
      const found = parsed ? await findByRef(ctx.db, parsed.ref) : null;
      const communities = caller.communitiesAs(['guard']);
      const result = judgePermit(ctx.input.code, found, permitSecrets(), communities, now);
      const show = found && (result.valid || result.showDecoration);
      // every check is written in the gate's book beside the passes' (the lobby's duty record)
      const own = found && communities.includes(found.communityId) ? found.communityId : communities[0];
      const named = found && (result.valid || result.refusal !== 'forged');
      await logCheck(ctx.db, {
        communityId: own,
        guard: caller.openid,
        guardName: caller.postIn(own, ['guard'])?.name ?? null,
        kind: 'verify',
        subject: 'permit',
        passId: named ? found._id : null,
        passNo: named ? (found.permit?.no ?? found.no) : null,
        ref: parsed?.ref ?? null,
        valid: result.valid,
        refusal: result.valid ? null : result.refusal,
        note: null,
        at: now,
      });
      return {
        valid: result.valid,
        refusal: result.valid ? null : result.refusal,
        message: result.valid
          ? `施工许可证有效（每日 ${found?.permit?.workingHours.from}-${found?.permit?.workingHours.to}），请核对施工人员`
          : permitRefusalLabels[result.refusal],
        decoration: show ? summaryView(found, caller, now) : null,
      };
    },
  },
} satisfies ActionTable<'decoration'>;
