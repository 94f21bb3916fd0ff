// The `patrol` function's actions (SPEC §13, types/patrol.ts): points and rules (a lead's),
// check-ins, problems, vacant units, coverage, the steward log, the duty log and the handover.
import type { z } from 'zod';
import type { patrolActions } from '../../../types/patrol';
import type { StaffDoc } from '../accounts/model';
import type { Caller } from '../router/caller';
import { AppError, invalid, notFound } from '../router/errors';
import type { ActionContext, ActionTable } from '../router/router';
import type { Database } from '../sdk';
import { shanghaiDate, toShanghaiIso } from '../time';
import { postFor } from '../workflow/access';
import { patrolFigures } from '../reports/patrol';
import { tellStaffAlert } from '../workflow/notices';
import { type Store, writeStep } from '../workflow/write';
import { handoverAccess, leadPost, patrolAccess, subjectOf, workingPost } from './access';
import { checkInId, checkInsOf, recordCheckIn, refusalText } from './checkins';
import { areaStewards, coverage, ruleOf } from './coverage';
import { currentHandover, entriesOf, findHandover, HANDOVER_STORE, handoverDueAt, handoverMachine, handoverOfShift, openItemsFor, shiftTimes } from './handover';
import { composeLog, ensureLog, findLog, logMachine } from './log';
import {
  DUTY_ENTRIES,
  type HandoverDoc,
  type HandoverEventDoc,
  LOGS,
  type LogDoc,
  type LogEventDoc,
  POINTS,
  type PointDoc,
  RULES,
  SETTINGS,
  VACANT_CHECKS,
  type VacantCheckDoc,
} from './model';
import { activePoints, addPoint } from './points';
import { loadProblem, openProblems, problemMachine, stepProblem, tellDuty, ticketFor } from './problems';
import { dayBounds, daysBetween, roundsOf } from './rules';
import { checksOfMonth, exceptionText, isException, monthOfDay, vacantList, vacantUnits } from './vacant';
import { checkInView, handoverView, logView, pointView, problemView, vacantCheckView } from './views';

type Ctx<A extends keyof typeof patrolActions> = ActionContext<z.output<(typeof patrolActions)[A]['input']>>;

const LOG_STORE: Store<LogDoc> = { collection: LOGS, whole: ['sections', 'review'], stale: '日志已变化，请刷新后重试' };
const POINT_STORE: Store<PointDoc> = { collection: POINTS, whole: [], stale: '巡查点已变化，请刷新后重试' };

async function findPoint(database: Database, id: string): Promise<PointDoc | null> {
  return (await database.collection<PointDoc>(POINTS).where({ _id: id }).limit(1).get()).data[0] ?? null;
}

async function ruleView(database: Database, post: StaffDoc) {
  const { rule, custom } = await ruleOf(database, post.communityId, post.openid);
  return { steward: post.openid, stewardName: post.name, buildings: post.buildings, ...rule, custom };
}

/** The staff post of `openid` in the community (a lead reading someone's records). */
async function postOf(database: Database, communityId: string, openid: string): Promise<StaffDoc> {
  const found = await database.collection<StaffDoc>('staff').where({ communityId, openid, active: true }).limit(1).get();
  if (!found.data[0]) throw notFound('没有找到这位管家');
  return found.data[0];
}

async function logFor(database: Database, post: Pick<StaffDoc, 'communityId' | 'openid' | 'name'>, day: string) {
  const id = `${post.communityId}:${post.openid}:${day}`;
  const stored = await findLog(database, id);
  const composed = stored?.sections ? null : await composeLog(database, post.communityId, post.openid, day);
  const doc: LogDoc = stored ?? {
    _id: id,
    communityId: post.communityId,
    unit: '',
    steward: post.openid,
    stewardName: post.name,
    day,
    state: 'draft',
    rev: 0,
    notes: '',
    sections: null,
    submittedAt: null,
    review: null,
    events: [],
    updatedAt: new Date(0),
  };
  return logView(doc, composed ?? (doc.sections as NonNullable<LogDoc['sections']>));
}

async function handoverReply(database: Database, h: HandoverDoc) {
  return { handover: handoverView(h, await entriesOf(database, h._id)) };
}

async function stepHandover(
  ctx: { db: Database; caller: Caller; now: Date },
  h: HandoverDoc,
  rev: number,
  command: 'submit' | 'accept' | 'dispute',
  note: string | null,
  changes: Partial<HandoverDoc>,
): Promise<HandoverDoc> {
  if (h.rev !== rev) throw new AppError('CONFLICT', HANDOVER_STORE.stale);
  const post = patrolAccess.post(ctx.caller, h.communityId);
  if (!post) throw notFound('没有找到相关记录');
  const decided = handoverMachine.decide(h, command, { id: ctx.caller.openid, role: post.role }, ctx.now, note);
  if (!decided.ok) throw new AppError(decided.code, decided.message, decided.code === 'INVALID_INPUT' ? { note: decided.message } : undefined);
  const event: HandoverEventDoc = { ...decided.event, actorName: post.name };
  const after: HandoverDoc = { ...h, ...changes, state: decided.state, rev: h.rev + 1, events: [...h.events, event] };
  after.nextDueAt = handoverDueAt(after);
  await writeStep(ctx.db, HANDOVER_STORE, h, { ...changes, state: decided.state, nextDueAt: after.nextDueAt }, { events: [event] });
  return after;
}

export const patrolActionTable = {
  createPoint: {
    roles: ['lead'],
    async handler(ctx: Ctx<'createPoint'>) {
      const post = leadPost(ctx.caller, ctx.input.communityId);
      const point = await addPoint(ctx.db, {
        communityId: post.communityId,
        building: ctx.input.building,
        name: ctx.input.name,
        kind: ctx.input.kind,
        state: 'active',
        rev: 0,
        createdBy: ctx.caller.openid,
        createdAt: ctx.now,
        retiredAt: null,
      });
      return { point: pointView(point, true) };
    },
  },

  retirePoint: {
    roles: ['lead'],
    async handler(ctx: Ctx<'retirePoint'>) {
      const point = await findPoint(ctx.db, ctx.input.id);
      if (!point || !postFor(ctx.caller, point.communityId, ['lead'])) throw notFound('没有找到这个巡查点');
      if (point.state === 'retired') return { point: pointView(point, false) };
      await writeStep(ctx.db, POINT_STORE, point, { state: 'retired', retiredAt: ctx.now });
      return { point: pointView({ ...point, state: 'retired', retiredAt: ctx.now, rev: point.rev + 1 }, false) };
    },
  },

  points: {
    roles: ['steward'],
    async handler(ctx: Ctx<'points'>) {
      const post = workingPost(ctx.caller, ctx.input.communityId);
      const isLead = Boolean(postFor(ctx.caller, post.communityId, ['lead']));
      const where: Record<string, unknown> = { communityId: post.communityId };
      if (!ctx.input.includeRetired) where.state = 'active';
      if (ctx.input.building) where.building = ctx.input.building;
      const found = await ctx.db.collection<PointDoc>(POINTS).where(where).orderBy('building', 'asc').orderBy('name', 'asc').limit(100).get();
      // the printable codes are the lead's: a steward scans them, never copies them
      return { points: found.data.map((p) => pointView(p, isLead)) };
    },
  },

  rules: {
    roles: ['steward'],
    async handler(ctx: Ctx<'rules'>) {
      const post = workingPost(ctx.caller, ctx.input.communityId);
      const stewards = await areaStewards(ctx.db, post.communityId);
      return {
        rules: stewards.map((s) => ({ steward: s.post.openid, stewardName: s.post.name, buildings: s.post.buildings, ...s.rule, custom: s.custom })),
      };
    },
  },

  setRule: {
    roles: ['lead'],
    async handler(ctx: Ctx<'setRule'>) {
      const post = leadPost(ctx.caller, ctx.input.communityId);
      const steward = await postOf(ctx.db, post.communityId, ctx.input.steward);
      if (steward.kind !== 'area') throw invalid('巡查规则只适用于区域管家', { steward: '请选择区域管家' });
      const { roundsPerDay, wholeAreaDays, vacantPerMonth } = ctx.input;
      await ctx.db
        .collection(RULES)
        .doc(`${post.communityId}:${steward.openid}`)
        .set({ data: { communityId: post.communityId, steward: steward.openid, roundsPerDay, wholeAreaDays, vacantPerMonth, updatedBy: ctx.caller.openid, updatedAt: ctx.now } });
      return { rule: await ruleView(ctx.db, steward) };
    },
  },

  checkIn: {
    roles: ['steward'],
    create: true,
    async handler(ctx: Ctx<'checkIn'>) {
      const post = workingPost(ctx.caller, undefined);
      const id = ctx.requestId ? checkInId(ctx.caller.openid, ctx.requestId) : undefined;
      const { doc, duplicate } = await recordCheckIn(ctx.db, ctx.caller, post, id, ctx.input, null, ctx.now);
      return { checkIn: checkInView(doc), duplicate };
    },
  },

  checkInBatch: {
    roles: ['steward'],
    async handler(ctx: Ctx<'checkInBatch'>) {
      const post = workingPost(ctx.caller, undefined);
      const results = [];
      // in the order scanned: each on its own, one refused code does not lose the others
      for (const item of ctx.input.items) {
        try {
          const { requestId, scannedAt, ...fields } = item;
          const { doc, duplicate } = await recordCheckIn(ctx.db, ctx.caller, post, checkInId(ctx.caller.openid, requestId), fields, new Date(scannedAt), ctx.now);
          results.push({ requestId, ok: true, duplicate, checkIn: checkInView(doc), error: null });
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          results.push({ requestId: item.requestId, ok: false, duplicate: false, checkIn: null, error: refusalText(error) });
        }
      }
      return { results };
    },
  },

  today: {
    roles: ['steward'],
    async handler(ctx: Ctx<'today'>) {
      const post = workingPost(ctx.caller, ctx.input.communityId);
      const steward = subjectOf(ctx.caller, post, ctx.input.steward) === ctx.caller.openid ? post : await postOf(ctx.db, post.communityId, ctx.input.steward as string);
      const day = shanghaiDate(ctx.now);
      const buildings = steward.buildings;
      const [rule, points, checkIns, problems, units, checks] = await Promise.all([
        ruleView(ctx.db, steward),
        activePoints(ctx.db, post.communityId, buildings),
        checkInsOf(ctx.db, post.communityId, day),
        openProblems(ctx.db, post.communityId, false),
        vacantUnits(ctx.db, post.communityId, buildings),
        checksOfMonth(ctx.db, post.communityId, monthOfDay(day)),
      ]);
      const counts = new Map<string, { n: number; last: Date | null }>();
      for (const c of checkIns) {
        const was = counts.get(c.pointId) ?? { n: 0, last: null };
        counts.set(c.pointId, { n: was.n + 1, last: c.countedAt });
      }
      const rows = buildings.map((building) => {
        const here = points.filter((p) => p.building === building);
        const list = here.map((p) => ({
          id: p._id,
          name: p.name,
          kind: p.kind,
          count: counts.get(p._id)?.n ?? 0,
          lastAt: counts.get(p._id)?.last ? toShanghaiIso(counts.get(p._id)?.last as Date) : null,
        }));
        return { building, required: rule.roundsPerDay, rounds: roundsOf(list.map((p) => p.count)), points: list };
      });
      const checked = new Set(checks.map((c) => c.unit));
      return {
        today: {
          day,
          rule,
          buildings: rows,
          roundsLeft: rows.reduce((sum, b) => sum + Math.max(0, b.required - b.rounds), 0),
          openProblems: problems.filter((p) => buildings.length === 0 || buildings.includes(p.building)).map(problemView),
          vacantDue: units.filter((u) => !checked.has(u.unit)).length,
        },
      };
    },
  },

  checkIns: {
    roles: ['steward'],
    async handler(ctx: Ctx<'checkIns'>) {
      const post = workingPost(ctx.caller, ctx.input.communityId);
      const steward = subjectOf(ctx.caller, post, ctx.input.steward);
      return { checkIns: (await checkInsOf(ctx.db, post.communityId, ctx.input.day, steward)).map(checkInView) };
    },
  },

  problems: {
    roles: ['steward'],
    async handler(ctx: Ctx<'problems'>) {
      const post = workingPost(ctx.caller, ctx.input.communityId);
      return { problems: (await openProblems(ctx.db, post.communityId, ctx.input.state === 'all')).map(problemView) };
    },
  },

  getProblem: {
    roles: ['steward'],
    async handler(ctx: Ctx<'getProblem'>) {
      return { problem: problemView(await loadProblem(ctx.db, ctx.caller, ctx.input.id)) };
    },
  },

  handleProblem: {
    roles: ['steward'],
    async handler(ctx: Ctx<'handleProblem'>) {
      const p = await loadProblem(ctx.db, ctx.caller, ctx.input.id);
      const note = ctx.input.note;
      const after = await stepProblem(ctx.db, ctx.caller, p, ctx.input.rev, 'handle', note, ctx.now, {
        handledAt: ctx.now,
        handledNote: note,
        photos: [...p.photos, ...ctx.input.photos].slice(0, 18),
      });
      return { problem: problemView(after) };
    },
  },

  reportProblem: {
    roles: ['steward'],
    async handler(ctx: Ctx<'reportProblem'>) {
      const p = await loadProblem(ctx.db, ctx.caller, ctx.input.id);
      const note = ctx.input.note?.trim() || null;
      const after = await stepProblem(ctx.db, ctx.caller, p, ctx.input.rev, 'report', note, ctx.now);
      const staff = await ctx.db.collection<StaffDoc>('staff').where({ communityId: p.communityId, role: 'steward', active: true }).limit(100).get();
      await tellDuty(ctx.db, after, staff.data, note, ctx.now);
      return { problem: problemView(after) };
    },
  },

  ticketProblem: {
    roles: ['steward'],
    async handler(ctx: Ctx<'ticketProblem'>) {
      const p = await loadProblem(ctx.db, ctx.caller, ctx.input.id);
      if (p.rev !== ctx.input.rev) throw new AppError('CONFLICT', '问题状态已变化，请刷新后重试');
      // the machine first: a problem already handled or ticketed files nothing
      const post = patrolAccess.post(ctx.caller, p.communityId);
      const allowed = post ? problemMachine.decide(p, 'ticket', { id: ctx.caller.openid, role: post.role }, ctx.now) : null;
      if (!allowed || !allowed.ok) throw new AppError(allowed?.code ?? 'NOT_FOUND', allowed?.message ?? '没有找到相关记录');
      const ticket = await ticketFor(ctx.db, ctx.caller, p, ctx.input.kind, ctx.input.severity, ctx.now);
      const after = await stepProblem(ctx.db, ctx.caller, p, ctx.input.rev, 'ticket', `转为工单 ${ticket.no}`, ctx.now, { ticketId: ticket._id, ticketNo: ticket.no });
      return { problem: problemView(after), ticketId: ticket._id, ticketNo: ticket.no };
    },
  },

  vacantUnits: {
    roles: ['steward'],
    async handler(ctx: Ctx<'vacantUnits'>) {
      const post = workingPost(ctx.caller, ctx.input.communityId);
      const steward = subjectOf(ctx.caller, post, ctx.input.steward) === ctx.caller.openid ? post : await postOf(ctx.db, post.communityId, ctx.input.steward as string);
      const month = monthOfDay(shanghaiDate(ctx.now));
      const [units, checks] = await Promise.all([
        vacantUnits(ctx.db, post.communityId, steward.kind === 'area' ? steward.buildings : null),
        checksOfMonth(ctx.db, post.communityId, month),
      ]);
      return { month, units: vacantList(units, checks) };
    },
  },

  checkVacant: {
    roles: ['steward'],
    create: true,
    async handler(ctx: Ctx<'checkVacant'>) {
      const post = workingPost(ctx.caller, ctx.input.communityId);
      const units = await vacantUnits(ctx.db, post.communityId, null);
      const unit = units.find((u) => u.unit === ctx.input.unit);
      if (!unit) throw invalid('这不是本小区的空置房', { unit: '这不是本小区的空置房' });
      const day = shanghaiDate(ctx.now);
      const doc: Omit<VacantCheckDoc, '_id'> = {
        communityId: post.communityId,
        unit: unit.unit,
        building: unit.building,
        steward: ctx.caller.openid,
        stewardName: post.name,
        at: ctx.now,
        day,
        month: monthOfDay(day),
        clean: ctx.input.clean,
        damaged: ctx.input.damaged,
        damp: ctx.input.damp,
        aired: ctx.input.aired,
        note: ctx.input.note?.trim() || null,
        photos: ctx.input.photos,
      };
      const id = ctx.requestKey ? `rq${ctx.requestKey.slice(0, 24)}` : undefined;
      const earlier = id ? (await ctx.db.collection<VacantCheckDoc>(VACANT_CHECKS).where({ _id: id }).limit(1).get()).data[0] : undefined;
      if (earlier) return { check: vacantCheckView(earlier) };
      const added = await ctx.db.collection(VACANT_CHECKS).add({ data: id ? { _id: id, ...doc } : doc });
      const check: VacantCheckDoc = { ...doc, _id: added._id };
      if (isException(check)) {
        // the manual: 及时汇报异常情况 — the duty desk hears of it at once
        const staff = await ctx.db.collection<StaffDoc>('staff').where({ communityId: post.communityId, role: 'steward', active: true }).limit(100).get();
        await tellStaffAlert(
          ctx.db,
          'patrol',
          staff.data.filter((s) => s.kind === 'duty').map((s) => s.openid),
          {
            id: check._id,
            title: '空置房巡查异常',
            body: `${check.unit}：${exceptionText(check)}`,
            subject: `${check.unit} 空置房异常`,
            no: check.unit,
            due: ctx.now,
            page: '/packages/patrol/area/index',
          },
          ctx.now,
        );
      }
      return { check: vacantCheckView(check) };
    },
  },

  coverage: {
    roles: ['steward'],
    async handler(ctx: Ctx<'coverage'>) {
      const post = workingPost(ctx.caller, ctx.input.communityId);
      const { from, to } = ctx.input;
      if (to < from) throw invalid('结束日期不能早于开始日期', { to: '结束日期不能早于开始日期' });
      if (daysBetween(from, to).length > 31) throw invalid('最多统计 31 天', { to: '最多统计 31 天' });
      const result = await coverage(ctx.db, post.communityId, from, to);
      const isLead = Boolean(postFor(ctx.caller, post.communityId, ['lead']));
      // a steward sees their own rows; the lead sees everyone's
      const mine = <T extends { steward: string }>(rows: T[]) => (isLead ? rows : rows.filter((r) => r.steward === ctx.caller.openid));
      return { from, to, rows: mine(result.rows), areas: mine(result.areas) };
    },
  },

  log: {
    roles: ['steward'],
    async handler(ctx: Ctx<'log'>) {
      const post = workingPost(ctx.caller, ctx.input.communityId);
      const steward = subjectOf(ctx.caller, post, ctx.input.steward) === ctx.caller.openid ? post : await postOf(ctx.db, post.communityId, ctx.input.steward as string);
      return { log: await logFor(ctx.db, steward, ctx.input.day) };
    },
  },

  saveLog: {
    roles: ['steward'],
    async handler(ctx: Ctx<'saveLog'>) {
      const post = workingPost(ctx.caller, ctx.input.communityId);
      const log = await ensureLog(ctx.db, post, ctx.input.day, ctx.now);
      if (log.state !== 'draft') throw new AppError('CONFLICT', '日志已提交，不能再修改');
      await writeStep(ctx.db, LOG_STORE, log, { notes: ctx.input.notes, updatedAt: ctx.now });
      return { log: await logFor(ctx.db, post, ctx.input.day) };
    },
  },

  submitLog: {
    roles: ['steward'],
    async handler(ctx: Ctx<'submitLog'>) {
      const post = workingPost(ctx.caller, ctx.input.communityId);
      if (ctx.input.day > shanghaiDate(ctx.now)) throw invalid('不能提交未来日期的日志', { day: '不能提交未来日期的日志' });
      const log = await ensureLog(ctx.db, post, ctx.input.day, ctx.now);
      const decided = logMachine.decide(log, 'submit', { id: ctx.caller.openid, role: post.role }, ctx.now);
      if (!decided.ok) throw new AppError(decided.code, decided.message);
      const sections = await composeLog(ctx.db, post.communityId, post.openid, ctx.input.day);
      const event: LogEventDoc = { ...decided.event, action: 'submit', actorName: post.name };
      await writeStep(ctx.db, LOG_STORE, log, { state: decided.state, notes: ctx.input.notes, sections, submittedAt: ctx.now, updatedAt: ctx.now }, { events: [event] });
      return { log: await logFor(ctx.db, post, ctx.input.day) };
    },
  },

  logs: {
    roles: ['lead'],
    async handler(ctx: Ctx<'logs'>) {
      const post = leadPost(ctx.caller, ctx.input.communityId);
      const where: Record<string, unknown> = { communityId: post.communityId };
      if (ctx.input.state !== 'all') where.state = ctx.input.state;
      else where.state = ctx.db.command.in(['submitted', 'reviewed']);
      const found = await ctx.db.collection<LogDoc>(LOGS).where(where).orderBy('day', 'desc').limit(100).get();
      return { logs: found.data.map((l) => logView(l, l.sections as NonNullable<LogDoc['sections']>)) };
    },
  },

  reviewLog: {
    roles: ['lead'],
    async handler(ctx: Ctx<'reviewLog'>) {
      const log = await findLog(ctx.db, ctx.input.id);
      const post = log ? postFor(ctx.caller, log.communityId, ['lead']) : undefined;
      if (!log || !post) throw notFound('没有找到这份日志');
      if (log.rev !== ctx.input.rev) throw new AppError('CONFLICT', LOG_STORE.stale);
      const decided = logMachine.decide(log, 'review', { id: ctx.caller.openid, role: post.role }, ctx.now, ctx.input.comment);
      if (!decided.ok) throw new AppError(decided.code, decided.message);
      const event: LogEventDoc = { ...decided.event, action: 'review', actorName: post.name };
      const review = { by: ctx.caller.openid, byName: post.name, comment: ctx.input.comment, at: ctx.now };
      await writeStep(ctx.db, LOG_STORE, log, { state: decided.state, review, updatedAt: ctx.now }, { events: [event] });
      const after: LogDoc = { ...log, state: decided.state, review, rev: log.rev + 1 };
      return { log: logView(after, after.sections as NonNullable<LogDoc['sections']>) };
    },
  },

  shiftTimes: {
    roles: ['steward'],
    async handler(ctx: Ctx<'shiftTimes'>) {
      const post = workingPost(ctx.caller, ctx.input.communityId);
      return { times: await shiftTimes(ctx.db, post.communityId) };
    },
  },

  setShiftTimes: {
    roles: ['lead'],
    async handler(ctx: Ctx<'setShiftTimes'>) {
      const post = leadPost(ctx.caller, ctx.input.communityId);
      const times = [...ctx.input.times].sort();
      await ctx.db
        .collection(SETTINGS)
        .doc(post.communityId)
        .set({ data: { shiftTimes: times, updatedBy: ctx.caller.openid, updatedAt: ctx.now } });
      return { times };
    },
  },

  shift: {
    roles: ['steward'],
    async handler(ctx: Ctx<'shift'>) {
      const post = workingPost(ctx.caller, ctx.input.communityId);
      const [h, staff] = await Promise.all([
        ctx.input.at ? handoverOfShift(ctx.db, post.communityId, new Date(ctx.input.at)) : currentHandover(ctx.db, post.communityId, ctx.now),
        ctx.db
          .collection<StaffDoc>('staff')
          .where({ communityId: post.communityId, role: ctx.db.command.in(['steward', 'lead']), active: true })
          .limit(100)
          .get(),
      ]);
      const colleagues = staff.data.filter((s) => s.openid !== ctx.caller.openid).map((s) => ({ openid: s.openid, name: s.name }));
      return { ...(await handoverReply(ctx.db, h)), colleagues };
    },
  },

  addDutyEntry: {
    roles: ['steward'],
    async handler(ctx: Ctx<'addDutyEntry'>) {
      const post = workingPost(ctx.caller, ctx.input.communityId);
      const h = await handoverOfShift(ctx.db, post.communityId, ctx.now);
      await ctx.db
        .collection(DUTY_ENTRIES)
        .add({ data: { communityId: post.communityId, handoverId: h._id, author: ctx.caller.openid, authorName: post.name, at: ctx.now, text: ctx.input.text } });
      return handoverReply(ctx.db, h);
    },
  },

  openItems: {
    roles: ['steward'],
    async handler(ctx: Ctx<'openItems'>) {
      const post = workingPost(ctx.caller, ctx.input.communityId);
      return { items: await openItemsFor(ctx.db, post.communityId, ctx.caller.openid, ctx.now) };
    },
  },

  submitHandover: {
    roles: ['steward'],
    async handler(ctx: Ctx<'submitHandover'>) {
      const h = await handoverAccess.load(findHandover(ctx.db, ctx.input.id), ctx.caller);
      if (ctx.input.incoming === ctx.caller.openid) throw invalid('接班人不能是自己', { incoming: '请选择接班的同事' });
      const incoming = await postOf(ctx.db, h.communityId, ctx.input.incoming);
      if (!['steward', 'lead', 'manager'].includes(incoming.role)) throw invalid('接班人须是本小区的管家', { incoming: '请选择接班的管家' });
      const post = patrolAccess.post(ctx.caller, h.communityId) as StaffDoc;
      const openItems = await openItemsFor(ctx.db, h.communityId, ctx.caller.openid, ctx.now);
      const after = await stepHandover(ctx, h, ctx.input.rev, 'submit', ctx.input.notes?.trim() || null, {
        outgoing: ctx.caller.openid,
        outgoingName: post.name,
        incoming: incoming.openid,
        incomingName: incoming.name,
        checklist: ctx.input.checklist,
        notes: ctx.input.notes?.trim() || null,
        openItems,
        submittedAt: ctx.now,
        disputeNote: null,
      });
      return handoverReply(ctx.db, after);
    },
  },

  acceptHandover: {
    roles: ['steward'],
    async handler(ctx: Ctx<'acceptHandover'>) {
      const h = await handoverAccess.load(findHandover(ctx.db, ctx.input.id), ctx.caller);
      const after = await stepHandover(ctx, h, ctx.input.rev, 'accept', null, { acceptedAt: ctx.now });
      return handoverReply(ctx.db, after);
    },
  },

  disputeHandover: {
    roles: ['steward'],
    async handler(ctx: Ctx<'disputeHandover'>) {
      const h = await handoverAccess.load(findHandover(ctx.db, ctx.input.id), ctx.caller);
      const after = await stepHandover(ctx, h, ctx.input.rev, 'dispute', ctx.input.note, { disputeNote: ctx.input.note });
      return handoverReply(ctx.db, after);
    },
  },

  handovers: {
    roles: ['steward'],
    async handler(ctx: Ctx<'handovers'>) {
      const post = workingPost(ctx.caller, ctx.input.communityId);
      const _ = ctx.db.command;
      const where: Record<string, unknown> = { communityId: post.communityId };
      if (ctx.input.day) {
        const { start, end } = dayBounds(ctx.input.day);
        where.at = _.and(_.gte(start), _.lt(end));
      } else {
        where.at = _.lte(ctx.now);
      }
      const found = await ctx.db.collection<HandoverDoc>('handovers').where(where).orderBy('at', 'desc').limit(20).get();
      const out = [];
      for (const h of found.data) out.push(handoverView(h, await entriesOf(ctx.db, h._id)));
      return { handovers: out };
    },
  },

  figures: {
    roles: ['steward'],
    async handler(ctx: Ctx<'figures'>) {
      const post = workingPost(ctx.caller, ctx.input.communityId);
      if (ctx.input.month > shanghaiDate(ctx.now).slice(0, 7)) throw invalid('还没到这个月份', { month: '不能查看未来的月份' });
      return { month: ctx.input.month, figures: await patrolFigures(ctx.db, post.communityId, ctx.input.month, ctx.now) };
    },
  },
} satisfies ActionTable<'patrol'>;
