// The `keys` function's actions (SPEC §14): the register, the owner's entrustment, loans
// (钥匙借用登记表) with the owner's confirmation first for an entrusted key, hand-out and return
// with the count and condition checked, and the monthly stock-take.
import type { z } from 'zod';
import type { ActorRole } from '../../../types/enums';
import type { keyActions, LoanAction } from '../../../types/keys';
import type { StaffDoc } from '../accounts/model';
import { ownersOf } from '../passes/data';
import type { Caller } from '../router/caller';
import { AppError, forbidden, invalid, notFound } from '../router/errors';
import { createdEarlier, idOfCreate } from '../router/idempotency';
import type { ActionContext, ActionTable } from '../router/router';
import type { Database } from '../sdk';
import { shanghaiDate, toShanghaiIso } from '../time';
import { defineAccess, isStaffRole } from '../workflow/access';
import { tellAfterWrite } from '../workflow/notices';
import { nextDailyNumber } from '../workflow/number';
import { pageList } from '../workflow/paging';
import { KEYS, KEY_LOANS, KEY_STOCK_TAKES, findKey, findLoan, keysOut, writeKey, writeLoan } from './data';
import { type KeyDoc, LOAN_NUMBERS, type LoanDoc, type LoanEventDoc, type StockTakeDoc } from './model';
import { decideKey, decideLoan, keeperMay, keyAccess, loanNextDueAt } from './states';
import { keyView, loanView } from './views';

type Ctx<A extends keyof typeof keyActions> = ActionContext<z.output<(typeof keyActions)[A]['input']>>;
type Base = { db: Database; caller: Caller; now: Date };

const DAY_MS = 86_400_000;
const MAX_LOAN_MS = 30 * DAY_MS;

/** Who sees a loan: its key's keepers, and the owner whose entrusted key it is. */
const loanAccess = defineAccess<LoanDoc>({
  staff: ['steward', 'engineer'],
  hidden: '没有找到这条借用登记',
  sees: ({ post }, l, caller) => Boolean((post && keeperMay(post.role, l)) || l.owner === caller.openid),
});

const keysPage = (id: string) => `/packages/keys/loan/index?id=${id}`;

function keeperPost(caller: Caller, communityId: string): StaffDoc {
  const post = keyAccess.post(caller, communityId);
  if (!post) throw forbidden('只有本小区的钥匙管理员可以办理');
  return post;
}

function deskCommunity(caller: Caller, requested: string | undefined): string {
  const communityId = requested ?? caller.communitiesAs(['steward', 'engineer'])[0];
  if (!communityId) throw forbidden('只有本小区的钥匙管理员可以办理');
  keeperPost(caller, communityId);
  return communityId;
}

function tellOwner(database: Database, openid: string, no: string, state: string, body: string, page: string, now: Date) {
  return tellAfterWrite(
    database,
    'keys',
    `${state} ${no}`,
    () => [{ openid, template: 'ticketProgress', title: `钥匙托管：${state}`, body, values: { no, state, note: body, at: now }, page }],
    now,
  );
}

async function loanStep(ctx: Base, l: LoanDoc, action: LoanAction, changes: Partial<LoanDoc>, note: string | null = null): Promise<LoanDoc> {
  const owner = l.owner === ctx.caller.openid && (action === 'confirm' || action === 'decline');
  const post = loanAccess.post(ctx.caller, l.communityId);
  const role: ActorRole | null = owner ? 'owner' : post && keeperMay(post.role, l) ? post.role : null;
  if (!role) throw new AppError('FORBIDDEN', action === 'confirm' || action === 'decline' ? '只有委托钥匙的业主可以确认' : '只有钥匙管理员可以办理');
  const decided = decideLoan(l, action, { id: ctx.caller.openid, role }, ctx.now, note);
  if (!decided.ok) throw new AppError(decided.code, decided.message, decided.code === 'INVALID_INPUT' ? { reason: decided.message } : undefined);
  const event: LoanEventDoc = { ...decided.event, actorName: isStaffRole(role) ? (post?.name ?? null) : null };
  return writeLoan(ctx.db, l, { ...changes, state: decided.state, updatedAt: ctx.now }, event);
}

/** Hands a confirmed loan's key out: the key's conditional write first, so two keepers lend it once. */
async function handOut(ctx: Base, l: LoanDoc): Promise<LoanDoc> {
  const post = keeperPost(ctx.caller, l.communityId);
  const k = await findKey(ctx.db, l.keyId);
  if (!k) throw notFound('没有找到这把钥匙');
  const actor = { id: ctx.caller.openid, role: post.role };
  const loanCheck = decideLoan(l, 'handOut', actor, ctx.now);
  if (!loanCheck.ok) throw new AppError(loanCheck.code, loanCheck.message);
  const keyCheck = decideKey(k, 'lend', actor, ctx.now);
  if (!keyCheck.ok) throw new AppError(keyCheck.code, keyCheck.message);
  const taken = await writeKey(
    ctx.db,
    k,
    { state: keyCheck.state, loanId: l._id, updatedAt: ctx.now },
    { action: 'lend', from: k.state, to: keyCheck.state, actorRole: post.role, actorId: ctx.caller.openid, actorName: post.name, at: ctx.now, note: l.no },
    '钥匙刚被其他人借出',
  );
  try {
    return await loanStep(ctx, l, 'handOut', { lentAt: ctx.now, lentBy: ctx.caller.openid, lentByName: post.name });
  } catch (error) {
    // the loan moved meanwhile (declined, cancelled): the key goes back in
    await writeKey(
      ctx.db,
      taken,
      { state: 'in', loanId: null, updatedAt: ctx.now },
      { action: 'return', from: 'out', to: 'in', actorRole: 'system', actorId: 'system', actorName: null, at: ctx.now, note: '借出未完成' },
    ).catch(() => undefined);
    throw error;
  }
}

export const keysActionTable = {
  register: {
    roles: ['steward', 'engineer'],
    create: true,
    async handler(ctx: Ctx<'register'>) {
      const { db: database, caller, now, input } = ctx;
      const earlier = await createdEarlier<KeyDoc>(ctx, KEYS);
      if (earlier) return { key: keyView(earlier) };
      const communityId = deskCommunity(caller, input.communityId);
      const post = keeperPost(caller, communityId);
      if (!keeperMay(post.role, input)) throw forbidden('房屋钥匙由客服中心登记');
      const unitKey = input.source === 'developer' || input.source === 'entrusted';
      const unit = unitKey ? (input.unit ?? '') : '';
      if (unitKey && (await database.collection('units').where({ communityId, unit }).limit(1).get()).data.length === 0) {
        throw invalid('本小区没有这个房号', { unit: '本小区没有这个房号' });
      }
      let entrustment: KeyDoc['entrustment'] = null;
      if (input.source === 'entrusted') {
        const owner = (await ownersOf(database, communityId, unit))[0];
        if (!owner) throw invalid('该房屋还没有绑定的业主，无法登记委托钥匙', { unit: '该房屋没有绑定的业主' });
        entrustment = { state: 'awaiting_owner', owner: owner.openid, ownerName: owner.name, since: now, agreedAt: null, revokedAt: null };
      }
      const doc: Omit<KeyDoc, '_id'> = {
        communityId,
        tag: input.tag,
        source: input.source,
        unit,
        unitKey: unitKey ? `${communityId}:${unit}` : null,
        area: unitKey ? null : (input.area ?? null),
        count: input.count,
        slot: input.slot,
        holder: input.holder ?? (input.source === 'public_area' || input.source === 'equipment_room' ? '工程部' : '客服中心'),
        state: 'in',
        rev: 0,
        entrustment,
        loanId: null,
        events: [{ action: 'register', from: null, to: 'in', actorRole: post.role, actorId: caller.openid, actorName: post.name, at: now, note: null }],
        createdAt: now,
        updatedAt: now,
      };
      const added = await database.collection(KEYS).add({ data: { ...idOfCreate(ctx), ...doc } });
      const key: KeyDoc = { ...doc, _id: added._id };
      if (entrustment) {
        await tellOwner(
          database,
          entrustment.owner,
          key.tag,
          '待您确认',
          `客服中心已登记您委托保管的钥匙（${key.tag}），请在小程序阅读并同意委托条款。`,
          '/packages/frontdesk/keys/index',
          now,
        );
      }
      return { key: keyView(key) };
    },
  },

  agree: {
    roles: ['owner'],
    async handler(ctx: Ctx<'agree'>) {
      const k = await keyAccess.load(findKey(ctx.db, ctx.input.id), ctx.caller);
      const e = k.entrustment;
      if (!e || e.owner !== ctx.caller.openid) throw forbidden('只有委托钥匙的业主可以同意委托条款');
      if (e.state !== 'awaiting_owner') throw new AppError('CONFLICT', e.state === 'active' ? '您已同意过委托条款' : '委托已撤销');
      const after = await writeKey(
        ctx.db,
        k,
        { entrustment: { ...e, state: 'active', agreedAt: ctx.now }, updatedAt: ctx.now },
        { action: 'agree', from: k.state, to: k.state, actorRole: 'owner', actorId: ctx.caller.openid, actorName: null, at: ctx.now, note: null },
      );
      return { key: keyView(after) };
    },
  },

  revoke: {
    roles: ['owner'],
    async handler(ctx: Ctx<'revoke'>) {
      const k = await keyAccess.load(findKey(ctx.db, ctx.input.id), ctx.caller);
      const e = k.entrustment;
      if (!e || e.owner !== ctx.caller.openid) throw forbidden('只有委托钥匙的业主可以撤销委托');
      if (e.state === 'revoked') throw new AppError('CONFLICT', '委托已撤销');
      const after = await writeKey(
        ctx.db,
        k,
        { entrustment: { ...e, state: 'revoked', revokedAt: ctx.now }, updatedAt: ctx.now },
        { action: 'revoke', from: k.state, to: k.state, actorRole: 'owner', actorId: ctx.caller.openid, actorName: null, at: ctx.now, note: null },
      );
      return { key: keyView(after) };
    },
  },

  get: {
    roles: 'anyone',
    async handler(ctx: Ctx<'get'>) {
      const k = await keyAccess.load(findKey(ctx.db, ctx.input.id), ctx.caller);
      const loans = await ctx.db.collection<LoanDoc>(KEY_LOANS).where({ keyId: k._id }).orderBy('createdAt', 'desc').limit(20).get();
      return { key: keyView(k), loans: loans.data.filter((l) => loanAccess.sees(ctx.caller, l)).map((l) => loanView(l, ctx.caller, ctx.now)) };
    },
  },

  list: {
    roles: ['steward', 'engineer'],
    async handler(ctx: Ctx<'list'>) {
      const { db: database, caller, input } = ctx;
      const communityId = deskCommunity(caller, input.communityId);
      const post = keeperPost(caller, communityId);
      const filter: Record<string, unknown> = { communityId };
      if (post.role === 'engineer') filter.source = database.command.in(['public_area', 'equipment_room']);
      const page = await pageList<KeyDoc>(database, { collection: KEYS, filter, sort: { field: 'createdAt', kind: 'date', order: 'asc' }, limit: input.limit }, input.cursor);
      return { keys: page.docs.map(keyView), nextCursor: page.next };
    },
  },

  mine: {
    roles: ['owner'],
    async handler(ctx: Ctx<'mine'>) {
      const { db: database, caller, now } = ctx;
      const [keys, loans] = await Promise.all([
        database.collection<KeyDoc>(KEYS).where({ 'entrustment.owner': caller.openid }).limit(50).get(),
        database
          .collection<LoanDoc>(KEY_LOANS)
          .where({ owner: caller.openid, state: database.command.in(['awaiting_owner', 'confirmed', 'out']) })
          .limit(50)
          .get(),
      ]);
      return { keys: keys.data.map(keyView), loans: loans.data.map((l) => loanView(l, caller, now)) };
    },
  },

  lend: {
    roles: ['steward', 'engineer'],
    create: true,
    async handler(ctx: Ctx<'lend'>) {
      const { db: database, caller, now, input } = ctx;
      const earlier = await createdEarlier<LoanDoc>(ctx, KEY_LOANS);
      if (earlier) return { loan: loanView(earlier, caller, now) };
      const k = await keyAccess.load(findKey(database, input.id), caller);
      const post = keeperPost(caller, k.communityId);
      const check = decideKey(k, 'lend', { id: caller.openid, role: post.role }, now);
      if (!check.ok) throw new AppError(check.code, check.message);
      const dueBack = new Date(input.dueBack);
      if (dueBack <= now) throw invalid('归还时间应晚于现在', { dueBack: '归还时间应晚于现在' });
      if (dueBack.getTime() - now.getTime() > MAX_LOAN_MS) throw invalid('借用最长 30 天', { dueBack: '借用最长 30 天' });
      const entrusted = k.source === 'entrusted' && k.entrustment !== null;
      const state = entrusted ? 'awaiting_owner' : 'confirmed';
      const doc: Omit<LoanDoc, '_id'> = {
        no: (await nextDailyNumber(database, LOAN_NUMBERS, k.communityId, now)).no,
        communityId: k.communityId,
        keyId: k._id,
        tag: k.tag,
        unit: k.unit,
        source: k.source,
        state,
        rev: 0,
        owner: entrusted ? (k.entrustment?.owner ?? null) : null,
        borrowerName: input.borrowerName,
        borrowerPhone: input.borrowerPhone ?? null,
        purpose: input.purpose,
        ticketNo: input.ticketNo ?? null,
        decorationNo: input.decorationNo ?? null,
        dueBack,
        confirmation: null,
        keeper: caller.openid,
        lentAt: null,
        lentBy: null,
        lentByName: null,
        returnedAt: null,
        returnCheck: null,
        alerts: {},
        nextDueAt: null,
        events: [{ action: 'lend', from: null, to: state, actorRole: post.role, actorId: caller.openid, actorName: post.name, at: now, note: input.purpose }],
        createdAt: now,
        updatedAt: now,
      };
      doc.nextDueAt = loanNextDueAt(doc);
      const added = await database.collection(KEY_LOANS).add({ data: { ...idOfCreate(ctx), ...doc } });
      const loan: LoanDoc = { ...doc, _id: added._id };
      if (entrusted && loan.owner) {
        await tellOwner(
          database,
          loan.owner,
          loan.no,
          '待您确认',
          `${loan.borrowerName}因「${loan.purpose}」申请借用您委托的钥匙（${loan.tag}），请在小程序确认。`,
          '/packages/frontdesk/keys/index',
          now,
        );
        return { loan: loanView(loan, caller, now) };
      }
      try {
        return { loan: loanView(await handOut(ctx, loan), caller, now) };
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'CONFLICT') throw error;
        // another keeper lent the key first: this registration is void
        await loanStep(ctx, loan, 'cancel', {}, '钥匙已被借出').catch(() => undefined);
        throw error;
      }
    },
  },

  confirmLoan: {
    roles: ['owner', 'steward'],
    async handler(ctx: Ctx<'confirmLoan'>) {
      const l = await loanAccess.load(findLoan(ctx.db, ctx.input.id), ctx.caller);
      const note = ctx.input.note?.trim() || null;
      if (l.owner === ctx.caller.openid) {
        const after = await loanStep(ctx, l, 'confirm', { confirmation: { method: 'app', at: ctx.now, by: ctx.caller.openid, byName: null, note } });
        return { loan: loanView(after, ctx.caller, ctx.now) };
      }
      if (!ctx.input.phoneAt) throw invalid('请填写与业主电话确认的时间', { phoneAt: '请填写电话确认的时间' });
      const phoneAt = new Date(ctx.input.phoneAt);
      if (phoneAt > ctx.now || ctx.now.getTime() - phoneAt.getTime() > DAY_MS) throw invalid('电话确认时间应在过去 24 小时内', { phoneAt: '电话确认时间应在过去 24 小时内' });
      const post = loanAccess.post(ctx.caller, l.communityId);
      const after = await loanStep(ctx, l, 'confirm', { confirmation: { method: 'phone', at: phoneAt, by: ctx.caller.openid, byName: post?.name ?? null, note } }, note);
      return { loan: loanView(after, ctx.caller, ctx.now) };
    },
  },

  declineLoan: {
    roles: ['owner'],
    async handler(ctx: Ctx<'declineLoan'>) {
      const l = await loanAccess.load(findLoan(ctx.db, ctx.input.id), ctx.caller);
      return { loan: loanView(await loanStep(ctx, l, 'decline', {}), ctx.caller, ctx.now) };
    },
  },

  handOut: {
    roles: ['steward', 'engineer'],
    async handler(ctx: Ctx<'handOut'>) {
      const l = await loanAccess.load(findLoan(ctx.db, ctx.input.id), ctx.caller);
      return { loan: loanView(await handOut(ctx, l), ctx.caller, ctx.now) };
    },
  },

  cancelLoan: {
    roles: ['steward', 'engineer'],
    async handler(ctx: Ctx<'cancelLoan'>) {
      const l = await loanAccess.load(findLoan(ctx.db, ctx.input.id), ctx.caller);
      return { loan: loanView(await loanStep(ctx, l, 'cancel', {}, ctx.input.reason), ctx.caller, ctx.now) };
    },
  },

  returnKey: {
    roles: ['steward', 'engineer'],
    async handler(ctx: Ctx<'returnKey'>) {
      const { db: database, caller, now, input } = ctx;
      const l = await loanAccess.load(findLoan(database, input.id), caller);
      const post = keeperPost(caller, l.communityId);
      const k = await findKey(database, l.keyId);
      if (!k) throw notFound('没有找到这把钥匙');
      const check = decideLoan(l, 'return', { id: caller.openid, role: post.role }, now);
      if (!check.ok) throw new AppError(check.code, check.message);
      const note = input.note?.trim() || null;
      if (k.state === 'out' && k.loanId === l._id) {
        await writeKey(
          database,
          k,
          { state: 'in', loanId: null, updatedAt: now },
          { action: 'return', from: 'out', to: 'in', actorRole: post.role, actorId: caller.openid, actorName: post.name, at: now, note: l.no },
        );
      }
      const returnCheck = { count: input.count, countMatches: input.count === k.count, condition: input.condition, note };
      const after = await loanStep(ctx, l, 'return', { returnedAt: now, returnCheck }, note);
      return { loan: loanView(after, caller, now) };
    },
  },

  loans: {
    roles: ['steward', 'engineer'],
    async handler(ctx: Ctx<'loans'>) {
      const { db: database, caller, input, now } = ctx;
      const communityId = deskCommunity(caller, input.communityId);
      const filter = { communityId, state: database.command.in(['awaiting_owner', 'confirmed', 'out']) };
      const page = await pageList<LoanDoc>(database, { collection: KEY_LOANS, filter, sort: { field: 'dueBack', kind: 'date', order: 'asc' }, limit: input.limit }, input.cursor);
      return { loans: page.docs.map((l) => loanView(l, caller, now)), nextCursor: page.next };
    },
  },

  stockTake: {
    roles: ['steward'],
    create: true,
    async handler(ctx: Ctx<'stockTake'>) {
      const { db: database, caller, now, input } = ctx;
      const earlier = await createdEarlier<StockTakeDoc>(ctx, KEY_STOCK_TAKES);
      if (earlier) return { stockTake: stockTakeView(earlier) };
      const communityId = input.communityId ?? caller.communitiesAs(['steward'])[0];
      const post = communityId ? caller.postIn(communityId, ['steward']) : undefined;
      if (!communityId || !post) throw forbidden('只有本小区的钥匙管理员可以盘点');
      const keys: KeyDoc[] = [];
      for (;;) {
        const _ = database.command;
        const where: Record<string, unknown> = { communityId };
        if (keys.length > 0) where._id = _.gt(keys[keys.length - 1]._id);
        const batch = await database.collection<KeyDoc>(KEYS).where(where).orderBy('_id', 'asc').limit(100).get();
        keys.push(...batch.data);
        if (batch.data.length < 100) break;
      }
      const counted = new Map(input.found.map((f) => [f.id, f.found]));
      const unknown = [...counted.keys()].filter((id) => !keys.some((k) => k._id === id));
      if (unknown.length > 0) throw invalid('盘点表中有不在登记册里的钥匙', { found: '有不在登记册里的钥匙' });
      const out = new Map((await keysOut(database, communityId, now)).map((o) => [o.loanId, o.no]));
      const lines = keys.map((k) => ({
        keyId: k._id,
        tag: k.tag,
        slot: k.slot,
        // a key out on a loan is not expected in the cabinet
        expected: k.state === 'in' ? k.count : 0,
        found: counted.get(k._id) ?? 0,
        loanNo: k.loanId ? (out.get(k.loanId) ?? null) : null,
      }));
      const doc: Omit<StockTakeDoc, '_id'> = {
        communityId,
        month: shanghaiDate(now).slice(0, 7),
        by: caller.openid,
        byName: post.name,
        at: now,
        lines,
        differences: lines.filter((l) => l.found !== l.expected).length,
      };
      const added = await database.collection(KEY_STOCK_TAKES).add({ data: { ...idOfCreate(ctx), ...doc } });
      return { stockTake: stockTakeView({ ...doc, _id: added._id }) };
    },
  },
} satisfies ActionTable<'keys'>;

function stockTakeView(s: StockTakeDoc) {
  return {
    id: s._id,
    communityId: s.communityId,
    month: s.month,
    byName: s.byName,
    at: toShanghaiIso(s.at),
    lines: s.lines,
    differences: s.lines.filter((l) => l.found !== l.expected),
  };
}

export { keysPage };
