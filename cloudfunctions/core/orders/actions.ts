// The `orders` function's actions (SPEC §4, §10): the catalogue, booking priced by the server,
// every transition of the state machine as a conditional update on the state read (CONFLICT when
// it moved), WeChat Pay and refunds through cloud payment (pay.ts).
import type { z } from 'zod';
import type { ActorRole } from '../../../types/enums';
import { orderActions } from '../../../types/orders';
import type { OrderAction, OrderState } from '../../../types/orders';
import type { CommunityDoc } from '../accounts/model';
import type { Caller } from '../router/caller';
import { AppError, forbidden, invalid, notFound } from '../router/errors';
import type { ActionContext, ActionTable } from '../router/router';
import { pageList, type Page } from '../workflow/paging';
import { createdEarlier, createdId } from '../router/idempotency';
import type { Database } from '../sdk';
import { toShanghaiIso } from '../time';
import { loadCalendar, loadPolicy } from '../sla/load';
import { applySpan } from '../sla/policy';
import { nextDailyNumber } from '../workflow/number';
import { CATALOGUE, findOne, findOrder, newOrderId, ORDERS, writeOrder } from './data';
import {
  type CatalogueDoc,
  type OrderDoc,
  type OrderEventDoc,
  committedRefunds,
  finalStates,
  isFree,
  decideOrder,
  priceAtBooking,
  queueKey,
  quotedUnitPrice,
  ORDER_NUMBERS,
  orderAccess,
} from './model';
import { stewardsForBuilding, tellBooker, tellStaff } from './notices';
import { requestRefund, startPayment } from './pay';
import { actorName, actorRole, bindingFor, itemView, orderView, postFor, summaryView } from './views';
import { contactOf } from '../accounts/rules';

type Ctx<A extends keyof typeof orderActions> = ActionContext<z.output<(typeof orderActions)[A]['input']>>;
type Transition = Exclude<OrderAction, 'book'>;

const yuan = (fen: number) => (fen / 100).toFixed(2);
/** The latest a booking or an agreed visit may lie ahead. */
const BOOK_AHEAD_MS = 90 * 24 * 60 * 60 * 1000;
/** A time "now" typed on a slow phone is still now. */
const PAST_SLACK_MS = 10 * 60 * 1000;

// ----- one transition -------------------------------------------------------------------------------------

async function loadFor(database: Database, caller: Caller, id: string): Promise<OrderDoc> {
  return orderAccess.load(findOrder(database, id), caller);
}

interface Authorised {
  role: ActorRole;
  state: OrderState;
  event: OrderEventDoc;
}

/**
 * The caller's role for `action` on `o`, and where it leads with its event, refused as the machine
 * says (role before state). `amountFen` is the amount the order will have (a quote sets it).
 */
function authorise(ctx: { caller: Caller; now: Date }, o: OrderDoc, action: Transition, note: string | null = null, amountFen = o.amountFen): Authorised {
  const role = actorRole(ctx.caller, o, action);
  if (!role) throw notFound('没有找到这个订单');
  const decided = decideOrder({ state: o.state, amountFen }, action, { id: ctx.caller.openid, role }, ctx.now, note);
  if (!decided.ok) throw new AppError(decided.code, decided.message);
  return { role, state: decided.state, event: { ...decided.event, actorName: actorName(ctx.caller, o, role) } };
}

async function step(
  ctx: { db: Database; caller: Caller; now: Date },
  o: OrderDoc,
  action: Transition,
  changes: Partial<OrderDoc> = {},
  note: string | null = null,
): Promise<OrderDoc> {
  const done = authorise(ctx, o, action, note, changes.amountFen ?? o.amountFen);
  return writeOrder(ctx.db, o, { ...changes, state: done.state }, done.event, ctx.now);
}

function futureTime(value: string, now: Date, field: string, what: string): Date {
  const at = new Date(value);
  if (at.getTime() < now.getTime() - PAST_SLACK_MS) throw invalid(`${what}不能早于现在`, { [field]: `${what}不能早于现在` });
  if (at.getTime() > now.getTime() + BOOK_AHEAD_MS) throw invalid(`${what}最多可选 90 天内`, { [field]: `${what}最多可选 90 天内` });
  return at;
}

// ----- lists ------------------------------------------------------------------------------------------------

async function listOrders(ctx: Ctx<'list'>): Promise<Page<OrderDoc>> {
  const { db: database, caller, input } = ctx;
  const _ = database.command;
  const states = input.state === undefined ? null : Array.isArray(input.state) ? input.state : [input.state];
  const filter: Record<string, unknown> = {};
  if (states) filter.state = states.length === 1 ? states[0] : _.in(states);
  const newestFirst = { field: 'createdAt', kind: 'date', order: 'desc' } as const;
  const staffCommunities = caller.communitiesAs(['steward', 'engineer']);
  if (input.mine === true || staffCommunities.length === 0) {
    const units = caller.bindings.filter((b) => !input.communityId || b.communityId === input.communityId).map((b) => `${b.communityId}:${b.unit}`);
    if (units.length === 0) return { docs: [], next: null };
    return pageList<OrderDoc>(database, { collection: ORDERS, filter: { ...filter, unitKey: _.in(units) }, sort: newestFirst, limit: input.limit }, input.cursor);
  }
  const communityId = input.communityId ?? staffCommunities[0];
  if (!staffCommunities.includes(communityId)) throw forbidden('您不是该小区的工作人员');
  filter.communityId = communityId;
  // The queue: what someone must act on, flagged money first, then by when (queueKey). Asking for
  // finished states is the history, newest first.
  const history = states !== null && states.some((s) => finalStates.includes(s) || s === 'paid');
  if (history) return pageList<OrderDoc>(database, { collection: ORDERS, filter, sort: newestFirst, limit: input.limit }, input.cursor);
  const queue = { ...filter, queueKey: _.gte(0) };
  return pageList<OrderDoc>(database, { collection: ORDERS, filter: queue, sort: { field: 'queueKey', kind: 'number', order: 'asc' }, limit: input.limit }, input.cursor);
}

// ----- the actions -------------------------------------------------------------------------------------------

const withOrder = (ctx: { db: Database; caller: Caller; input: { id: string } }) => loadFor(ctx.db, ctx.caller, ctx.input.id);

export const ordersActionTable = {
  catalogue: {
    roles: 'anyone',
    async handler(ctx: Ctx<'catalogue'>) {
      const { caller, db: database } = ctx;
      const communityId = ctx.input.communityId ?? caller.bindings[0]?.communityId ?? caller.staff[0]?.communityId;
      if (!communityId) throw notFound('请先绑定房屋，再查看本小区的服务价目');
      const community = await findOne<CommunityDoc>(database, 'communities', communityId);
      if (!community) throw notFound('没有找到这个小区');
      const found = await database.collection<CatalogueDoc>(CATALOGUE).where({ communityId }).orderBy('sort', 'asc').limit(100).get();
      const staff = Boolean(caller.postIn(communityId, ['steward']));
      return {
        community: { id: community._id, name: community.name, supervisionPhone: community.supervisionPhone },
        items: found.data.filter((c) => staff || c.active).map(itemView),
      };
    },
  },

  book: {
    roles: ['owner', 'resident'],
    create: true,
    async handler(ctx: Ctx<'book'>) {
      const { db: database, caller, now, input } = ctx;
      const earlier = await createdEarlier<OrderDoc>(ctx, ORDERS);
      if (earlier) return { order: orderView(earlier, caller, now) };
      const item = await findOne<CatalogueDoc>(database, CATALOGUE, input.item);
      if (!item || !item.active) throw invalid('没有这项服务，请刷新价目表', { item: '没有这项服务' });
      const binding = caller.bindings.find((b) => b.unit === input.unit && b.communityId === item.communityId);
      if (!binding) {
        if (caller.bindings.some((b) => b.unit === input.unit)) throw invalid('该服务不属于您房屋所在的小区', { item: '该服务不属于您房屋所在的小区' });
        throw new AppError('FORBIDDEN', '您尚未绑定该房屋，无法为它预约', { unit: '您尚未绑定该房屋' });
      }
      if (input.quantity > item.maxQuantity) {
        const message = `每单最多 ${item.maxQuantity} ${item.priceUnit}`;
        throw invalid(message, { quantity: message });
      }
      const preferredAt = futureTime(input.preferredAt, now, 'preferredAt', '预约时间');
      const priced = priceAtBooking(item.pricing, input.quantity);
      const [{ no }, policy, calendar] = await Promise.all([
        nextDailyNumber(database, ORDER_NUMBERS, item.communityId, now),
        loadPolicy(database, item.communityId),
        loadCalendar(database),
      ]);
      // the community's first response, as promised on the booking form (SPEC §2: any owner request)
      const respondBy = applySpan(now, policy.respond.span, calendar).at;
      const doc: OrderDoc = {
        _id: createdId(ctx) ?? newOrderId(now),
        no,
        communityId: item.communityId,
        unit: input.unit,
        unitKey: `${item.communityId}:${input.unit}`,
        building: input.unit.split('-')[0],
        item: {
          id: item._id,
          code: item.code,
          name: item.name,
          category: item.category,
          priceUnit: item.priceUnit,
          note: item.note,
          free: isFree(item.pricing),
          pricing: item.pricing,
          catalogueRev: item.rev,
        },
        quantity: input.quantity,
        unitPriceFen: priced.unitPriceFen,
        amountFen: priced.amountFen,
        preferredAt,
        scheduledAt: null,
        respondBy,
        remark: input.remark || null,
        booker: caller.openid,
        bookerRole: binding.role,
        bookerName: binding.name,
        bookerPhone: binding.phone,
        worker: null,
        workerName: null,
        state: 'booked',
        rev: 0,
        payingNo: null,
        paySeq: 0,
        paid: null,
        refundedFen: 0,
        refundDoneFen: 0,
        refundSeq: 0,
        refunds: [],
        flag: null,
        rating: null,
        events: [{ action: 'book', from: null, to: 'booked', actorRole: binding.role, actorId: caller.openid, actorName: null, at: now, note: null }],
        quotedAt: null,
        startedAt: null,
        queueKey: null,
        createdAt: now,
        updatedAt: now,
      };
      doc.queueKey = queueKey(doc);
      await database.collection(ORDERS).add({ data: doc as unknown as Record<string, unknown> });
      const price = priced.amountFen !== null ? `${yuan(priced.amountFen)} 元` : `${yuan(priced.quote?.minFen ?? 0)}–${yuan(priced.quote?.maxFen ?? 0)} 元（上门后在此范围内报价）`;
      await tellStaff(
        database,
        await stewardsForBuilding(database, doc.communityId, doc.building),
        doc,
        '新特约服务预约',
        `${doc.unit} ${doc.item.name} × ${doc.quantity}，${price}`,
        respondBy,
        now,
      );
      await tellBooker(database, doc, `已收到您的预约：${doc.item.name} × ${doc.quantity}，${price}。管家将尽快与您确认上门时间。`, now);
      return { order: orderView(doc, caller, now) };
    },
  },

  get: {
    roles: 'anyone',
    async handler(ctx: Ctx<'get'>) {
      const o = await withOrder(ctx);
      return { order: orderView(o, ctx.caller, ctx.now) };
    },
  },

  list: {
    roles: 'anyone',
    async handler(ctx: Ctx<'list'>) {
      const page = await listOrders(ctx);
      return { orders: page.docs.map((o) => summaryView(o, ctx.caller, ctx.now)), nextCursor: page.next };
    },
  },

  confirm: {
    roles: ['steward'],
    async handler(ctx: Ctx<'confirm'>) {
      const o = await withOrder(ctx);
      authorise(ctx, o, 'confirm');
      const at = futureTime(ctx.input.at, ctx.now, 'at', '上门时间');
      const post = postFor(ctx.caller, o.communityId);
      const after = await step(
        ctx,
        o,
        'confirm',
        { scheduledAt: at, ...(post ? { contact: contactOf(post) } : {}) },
        `上门时间 ${toShanghaiIso(at).slice(0, 16).replace('T', ' ')}`,
      );
      await tellBooker(ctx.db, after, `${after.item.name}（${after.no}）上门时间已确认：${toShanghaiIso(at).slice(0, 16).replace('T', ' ')}。`, ctx.now);
      return { order: orderView(after, ctx.caller, ctx.now) };
    },
  },

  start: {
    roles: ['steward', 'engineer'],
    async handler(ctx: Ctx<'start'>) {
      const o = await withOrder(ctx);
      const post = postFor(ctx.caller, o.communityId);
      const after = await step(ctx, o, 'start', { worker: ctx.caller.openid, workerName: post?.name ?? null, ...(post ? { contact: contactOf(post) } : {}), startedAt: ctx.now });
      await tellBooker(ctx.db, after, `${after.workerName ?? '工作人员'}已开始为您服务（${after.no}）。`, ctx.now);
      return { order: orderView(after, ctx.caller, ctx.now) };
    },
  },

  quote: {
    roles: ['steward', 'engineer'],
    async handler(ctx: Ctx<'quote'>) {
      const o = await withOrder(ctx);
      authorise(ctx, o, 'quote');
      const price = quotedUnitPrice(o.item.pricing, ctx.input.unitPriceFen);
      if (!price.ok) throw invalid(price.message, { unitPriceFen: price.message });
      const amountFen = price.unitPriceFen * o.quantity;
      const note = amountFen === 0 ? '免费服务，无需支付' : `单价 ${yuan(price.unitPriceFen)} 元 × ${o.quantity}，合计 ${yuan(amountFen)} 元`;
      const after = await step(ctx, o, 'quote', { unitPriceFen: price.unitPriceFen, amountFen, quotedAt: ctx.now }, note);
      await tellBooker(
        ctx.db,
        after,
        amountFen === 0 ? `${after.item.name}（${after.no}）已完成。` : `${after.item.name}（${after.no}）已完成，${note}，请在小程序内支付。`,
        ctx.now,
      );
      return { order: orderView(after, ctx.caller, ctx.now) };
    },
  },

  pay: {
    roles: ['owner', 'resident'],
    async handler(ctx: Ctx<'pay'>) {
      const o = await withOrder(ctx);
      if (!bindingFor(ctx.caller, o)) throw forbidden('只有该房屋的业主或住户可以支付');
      const started = await startPayment(ctx.db, o, ctx.caller.openid, ctx.now);
      return { order: orderView(started.order, ctx.caller, ctx.now), outTradeNo: started.outTradeNo, payment: started.payment };
    },
  },

  recordOfflinePayment: {
    roles: ['steward'],
    async handler(ctx: Ctx<'recordOfflinePayment'>) {
      const o = await withOrder(ctx);
      authorise(ctx, o, 'pay');
      const amountFen = o.amountFen ?? 0;
      const note = `前台收款 ${yuan(amountFen)} 元${ctx.input.note ? `：${ctx.input.note}` : ''}`;
      const after = await step(ctx, o, 'pay', { paid: { method: 'front_desk', amountFen, at: ctx.now, outTradeNo: null, transactionId: null } }, note);
      await tellBooker(ctx.db, after, `您的订单 ${after.no} 已在物业前台付款 ${yuan(amountFen)} 元。`, ctx.now);
      return { order: orderView(after, ctx.caller, ctx.now) };
    },
  },

  cancel: {
    roles: ['owner', 'resident', 'steward'],
    async handler(ctx: Ctx<'cancel'>) {
      const o = await withOrder(ctx);
      const { role } = authorise(ctx, o, 'cancel');
      const reason = ctx.input.reason || null;
      const left = o.paid ? o.paid.amountFen - committedRefunds(o.refunds) : 0;
      let after: OrderDoc;
      if (left > 0) {
        // Cancelling what was paid gives the money back: the refund is requested with the cancel.
        const why = reason ?? '订单取消';
        const { event } = authorise(ctx, o, 'cancel', why);
        const done = await requestRefund(
          ctx.db,
          o,
          { amountFen: left, reason: why, by: { openid: ctx.caller.openid, role, name: actorName(ctx.caller, o, role) }, changes: { state: 'cancelled' }, event },
          ctx.now,
        );
        after = done.order;
      } else {
        after = await step(ctx, o, 'cancel', {}, reason);
      }
      if (role === 'owner' || role === 'resident') {
        await tellStaff(
          ctx.db,
          await stewardsForBuilding(ctx.db, o.communityId, o.building),
          after,
          '业主已取消预约',
          `${after.unit} ${after.item.name}（${after.no}）已由业主取消`,
          ctx.now,
          ctx.now,
        );
      } else {
        await tellBooker(
          ctx.db,
          after,
          `您的订单 ${after.no}（${after.item.name}）已取消${reason ? `：${reason}` : ''}${left > 0 ? `，已付 ${yuan(left)} 元将原路退回` : ''}。`,
          ctx.now,
        );
      }
      return { order: orderView(after, ctx.caller, ctx.now) };
    },
  },

  refund: {
    roles: ['steward'],
    create: true,
    async handler(ctx: Ctx<'refund'>) {
      const o = await withOrder(ctx);
      const { role } = authorise(ctx, o, 'refund');
      const request = createdId(ctx);
      const earlier = request === undefined ? undefined : o.refunds.find((r) => r.request === request);
      if (earlier) return { order: orderView(o, ctx.caller, ctx.now), outRefundNo: earlier.no };
      const done = await requestRefund(
        ctx.db,
        o,
        { amountFen: ctx.input.amountFen, reason: ctx.input.reason, by: { openid: ctx.caller.openid, role, name: actorName(ctx.caller, o, role) }, request },
        ctx.now,
      );
      return { order: orderView(done.order, ctx.caller, ctx.now), outRefundNo: done.no };
    },
  },

  rate: {
    roles: ['owner', 'resident'],
    async handler(ctx: Ctx<'rate'>) {
      const o = await withOrder(ctx);
      if (!bindingFor(ctx.caller, o)) throw forbidden('只有该房屋的业主或住户可以评价');
      const comment = ctx.input.comment?.trim() || null;
      const after = await step(ctx, o, 'rate', { rating: { score: ctx.input.score, comment, at: ctx.now } }, `${ctx.input.score} 分${comment ? `：${comment}` : ''}`);
      if (after.worker && ctx.input.score <= 2) {
        await tellStaff(ctx.db, [after.worker], after, '业主评价不满意', `${after.no} ${after.item.name}：${ctx.input.score} 分${comment ? `，${comment}` : ''}`, ctx.now, ctx.now);
      }
      return { order: orderView(after, ctx.caller, ctx.now) };
    },
  },

  saveItem: {
    roles: ['lead'],
    async handler(ctx: Ctx<'saveItem'>) {
      const { db: database, caller, now, input } = ctx;
      const item = await findOne<CatalogueDoc>(database, CATALOGUE, input.id);
      if (!item) throw notFound('没有找到这项服务');
      if (!caller.postIn(item.communityId, ['lead'])) throw forbidden('只有本小区的班长可以修改价目');
      if (input.pricing && item.category === 'free' && !isFree(input.pricing)) {
        throw invalid('亲情服务为免费项目，不能收费', { pricing: '亲情服务为免费项目，不能收费' });
      }
      const changes: Partial<CatalogueDoc> = { updatedAt: now };
      if (input.pricing) changes.pricing = input.pricing;
      if (input.note !== undefined) changes.note = input.note || null;
      if (input.active !== undefined) changes.active = input.active;
      const _ = database.command;
      const data: Record<string, unknown> = { ...changes, rev: _.inc(1) };
      if (changes.pricing) data.pricing = _.set(changes.pricing);
      const result = await database.collection<CatalogueDoc>(CATALOGUE).where({ _id: item._id, rev: item.rev }).update({ data });
      if (result.stats.updated !== 1) throw new AppError('CONFLICT', '价目已被他人修改，请刷新后重试');
      return { item: itemView({ ...item, ...changes, rev: item.rev + 1 }) };
    },
  },
} satisfies ActionTable<'orders'>;
