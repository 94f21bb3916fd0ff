// Round-trip budgets (issue 20): every action of every function in types/contract.ts is called once
// on the seeded demo, and its database round trips (the local cloud's x-round-trips count of
// /admin requests) must stay within its budget. The table below IS the budget: one row per action,
// in the order they run (later rows use what earlier ones made). An action of the contract without
// a row fails the test — add yours when you add an action.
//
// Goals: a create ≤ 7, a transition ≤ 5, a read ≤ 3. A budget above its goal says why in `note`.
// `before` is the count measured when the table was written (2026-12-03), kept for the record.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { AREA, DUTY, ENGINEER, GUARD, LEAD, MANAGER, OTHER_OWNER, OWNER, RESIDENT } from '../support/people';
import { contract } from '../../types/contract';
import { adminRows } from './round-trips-admin';

export type Kind = 'create' | 'transition' | 'read';

export const GOAL: Record<Kind, number> = { create: 7, transition: 5, read: 3 };

/** What a row's call is: who calls, with what; `requestId` for creates. */
export interface Call {
  openid: string;
  input: unknown;
  requestId?: string;
}

/** Shared by the rows as they run: ids they made, and unmeasured setup calls. */
export interface Scene {
  cloud: TestCloud;
  ids: Record<string, string>;
  /** An unmeasured call that must succeed; its data. */
  setup(fn: string, action: string, input: unknown, openid: string, requestId?: string): Promise<Data>;
  /** An ISO instant `hours` after the scene's clock, in Asia/Shanghai. */
  later(hours: number): string;
}

export type Data = Record<string, unknown>;

export interface Row {
  fn: string;
  action: string;
  kind: Kind;
  budget: number;
  /** the count before issue 20's work */
  before: number;
  /** why the budget is above its goal, or what the count includes */
  note?: string;
  call(scene: Scene): Call | Promise<Call>;
  /** keeps what later rows need from the reply's data */
  then?(data: Data, scene: Scene): void | Promise<void>;
}

/** `data.a.b` as a string (the test fails when it is not one). */
export function str(data: unknown, path: string): string {
  let value: unknown = data;
  for (const key of path.split('.')) value = (value as Record<string, unknown> | null)?.[key];
  assert.equal(typeof value, 'string', `${path} in ${JSON.stringify(data).slice(0, 300)}`);
  return value as string;
}

const rid = (name: string) => `rt-${name}-0001`;

/** The month's figures read by each subject's report hook (one or more reads each), side by side. */
const REPORT_HOOKS = "one read or more per subject's figures (core/reports/*), side by side: grows with the subjects";

/** A budget above its goal, at today's count: still to be cut (issue 20). */
const NOT_YET = 'above its goal: still to be cut (issue 20)';
/** A decoration transition: caller (2), load, conditional write, then the unit's owners read and each person's inbox, grant and send log. */
const DECO_NOTICE = 'the workflow’s 4 (caller 2, load, conditional write) + the notice: the unit’s owners, then inbox, grant and send log per person';
const DECO_STEWARDS = 'the workflow’s 4 + the notice: the community’s stewards, then inbox, grant and send log per area steward';

export const ROWS: Row[] = [
  // account
  { fn: 'account', action: 'me', kind: 'read', budget: 9, before: 9, note: NOT_YET, call: () => ({ openid: OWNER, input: {} }) },
  { fn: 'account', action: 'communities', kind: 'read', budget: 3, before: 3, call: () => ({ openid: OWNER, input: {} }) },
  { fn: 'account', action: 'myStewards', kind: 'read', budget: 3, before: 3, call: () => ({ openid: OWNER, input: {} }) },
  {
    fn: 'account',
    action: 'bindUnit',
    kind: 'create',
    budget: 15,
    before: 16,
    note: NOT_YET,
    call: async (s) => ({ openid: 'dev-newcomer', input: { unit: '3-2-1201', phoneCode: await s.cloud.phoneCode('dev-newcomer') }, requestId: rid('bind') }),
  },
  { fn: 'account', action: 'setProfile', kind: 'transition', budget: 5, before: 4, call: () => ({ openid: OWNER, input: { birthday: '03-15', greetingsOptIn: true } }) },
  {
    fn: 'account',
    action: 'grantSubscriptions',
    kind: 'transition',
    budget: 7,
    before: 7,
    note: NOT_YET,
    call: () => ({ openid: OWNER, input: { templates: ['ticketProgress', 'orderStatus'] } }),
  },
  {
    fn: 'account',
    action: 'pendingBindings',
    kind: 'read',
    budget: 7,
    before: 7,
    note: NOT_YET,
    call: async (s) => {
      const { binding } = await s.setup('account', 'bindUnit', { unit: '1-1-101', phone: '13800000001', name: '王建国' }, 'wx-typed-owner', rid('typed'));
      s.ids.binding = str(binding, 'id');
      return { openid: DUTY, input: {} };
    },
  },
  {
    fn: 'account',
    action: 'decideBinding',
    kind: 'transition',
    budget: 10,
    before: 11,
    note: NOT_YET,
    call: (s) => ({ openid: DUTY, input: { id: s.ids.binding, approve: true } }),
  },

  // tickets: one through its whole life, others cancelled, rejected, reclassified
  {
    fn: 'tickets',
    action: 'create',
    kind: 'create',
    budget: 17,
    before: 23,
    note: NOT_YET,
    call: () => ({ openid: OWNER, input: { kind: 'repair', scope: 'in_home', unit: '1-1-101', description: '卫生间水龙头漏水' }, requestId: rid('ticket') }),
    then: (data, s) => {
      s.ids.ticket = str(data, 'ticket.id');
    },
  },
  { fn: 'tickets', action: 'get', kind: 'read', budget: 3, before: 3, call: (s) => ({ openid: OWNER, input: { id: s.ids.ticket } }) },
  { fn: 'tickets', action: 'list', kind: 'read', budget: 4, before: 4, note: NOT_YET, call: () => ({ openid: DUTY, input: { limit: 20 } }) },
  { fn: 'tickets', action: 'accept', kind: 'transition', budget: 8, before: 9, note: NOT_YET, call: (s) => ({ openid: DUTY, input: { id: s.ids.ticket } }) },
  { fn: 'tickets', action: 'assign', kind: 'transition', budget: 9, before: 11, note: NOT_YET, call: (s) => ({ openid: DUTY, input: { id: s.ids.ticket, assignee: ENGINEER } }) },
  { fn: 'tickets', action: 'arrive', kind: 'transition', budget: 6, before: 7, note: NOT_YET, call: (s) => ({ openid: ENGINEER, input: { id: s.ids.ticket } }) },
  {
    fn: 'tickets',
    action: 'resolve',
    kind: 'transition',
    budget: 11,
    before: 12,
    note: NOT_YET,
    call: (s) => ({ openid: ENGINEER, input: { id: s.ids.ticket, note: '已更换阀芯' } }),
  },
  {
    fn: 'tickets',
    action: 'revisit',
    kind: 'transition',
    budget: 5,
    before: 5,
    call: (s) => ({ openid: DUTY, input: { id: s.ids.ticket, method: 'phone', score: 4, note: '电话回访，业主满意' } }),
  },
  {
    fn: 'tickets',
    action: 'reopen',
    kind: 'transition',
    budget: 10,
    before: 15,
    note: NOT_YET,
    call: (s) => ({ openid: OWNER, input: { id: s.ids.ticket, reason: '又开始漏水了' } }),
  },
  {
    fn: 'tickets',
    action: 'rate',
    kind: 'transition',
    budget: 5,
    before: 5,
    call: async (s) => {
      const { ticket } = await s.setup('tickets', 'create', { kind: 'repair', scope: 'in_home', unit: '1-1-101', description: '阳台灯不亮' }, OWNER, rid('rated'));
      const id = str(ticket, 'id');
      await s.setup('tickets', 'accept', { id }, DUTY);
      await s.setup('tickets', 'assign', { id, assignee: ENGINEER }, DUTY);
      await s.setup('tickets', 'arrive', { id }, ENGINEER);
      await s.setup('tickets', 'resolve', { id, note: '已换灯泡' }, ENGINEER);
      return { openid: OWNER, input: { id, score: 5, comment: '师傅很专业' } };
    },
  },
  {
    fn: 'tickets',
    action: 'cancel',
    kind: 'transition',
    budget: 5,
    before: 4,
    call: async (s) => {
      const { ticket } = await s.setup('tickets', 'create', { kind: 'repair', scope: 'in_home', unit: '1-1-101', description: '入户门锁坏了打不开' }, OWNER, rid('cancelled'));
      return { openid: OWNER, input: { id: str(ticket, 'id') } };
    },
  },
  {
    fn: 'tickets',
    action: 'reject',
    kind: 'transition',
    budget: 6,
    before: 7,
    note: NOT_YET,
    call: async (s) => {
      const { ticket } = await s.setup('tickets', 'create', { kind: 'suggestion', scope: 'public_area', unit: '1-1-101', description: '建议换快递柜' }, OWNER, rid('rejected'));
      return { openid: DUTY, input: { id: str(ticket, 'id'), reason: '不属于物业服务范围' } };
    },
  },
  {
    fn: 'tickets',
    action: 'reclassify',
    kind: 'transition',
    budget: 6,
    before: 6,
    note: NOT_YET,
    call: async (s) => {
      const { ticket } = await s.setup('tickets', 'create', { kind: 'complaint', scope: 'public_area', unit: '1-1-101', description: '楼下夜里施工噪音' }, OWNER, rid('complaint'));
      return { openid: DUTY, input: { id: str(ticket, 'id'), complaintClass: 'class2', seen: null } };
    },
  },
  { fn: 'tickets', action: 'calendar', kind: 'read', budget: 3, before: 3, call: () => ({ openid: LEAD, input: {} }) },
  {
    fn: 'tickets',
    action: 'saveCalendar',
    kind: 'transition',
    budget: 5,
    before: 3,
    call: () => ({ openid: LEAD, input: { year: 2027, holidays: ['2027-01-01'], workdays: [] } }),
  },
  { fn: 'tickets', action: 'policy', kind: 'read', budget: 3, before: 3, call: () => ({ openid: LEAD, input: {} }) },
  {
    fn: 'tickets',
    action: 'savePolicy',
    kind: 'transition',
    budget: 5,
    before: 4,
    call: async (s) => {
      const policy = await s.setup('tickets', 'policy', {}, LEAD);
      return { openid: LEAD, input: { baseVersion: str(policy, 'version'), override: { version: 'yuehai-2026.9', respond: { span: { unit: 'hours', amount: 30 } } } } };
    },
  },
  { fn: 'tickets', action: 'staffList', kind: 'read', budget: 3, before: 3, call: () => ({ openid: DUTY, input: {} }) },

  // passes: a resident's application confirmed by the owner, approved and used at the gate
  {
    fn: 'passes',
    action: 'apply',
    kind: 'create',
    budget: 13,
    before: 17,
    note: NOT_YET,
    call: (s) => ({
      openid: RESIDENT,
      input: {
        unit: '1-1-101',
        items: [{ name: '纸箱', count: 12 }],
        from: s.later(0.1),
        to: s.later(3),
        carrier: { name: '刘师傅', phone: '13912345678' },
        reason: 'moving_out',
      },
      requestId: rid('pass'),
    }),
    then: (data, s) => {
      s.ids.pass = str(data, 'pass.id');
    },
  },
  { fn: 'passes', action: 'ownerConfirm', kind: 'transition', budget: 9, before: 14, note: NOT_YET, call: (s) => ({ openid: OWNER, input: { id: s.ids.pass } }) },
  { fn: 'passes', action: 'approve', kind: 'transition', budget: 7, before: 8, note: NOT_YET, call: (s) => ({ openid: DUTY, input: { id: s.ids.pass } }) },
  {
    fn: 'passes',
    action: 'get',
    kind: 'read',
    budget: 3,
    before: 3,
    call: (s) => ({ openid: RESIDENT, input: { id: s.ids.pass } }),
    then: (data, s) => {
      s.ids.code = str(data, 'pass.qr');
    },
  },
  { fn: 'passes', action: 'list', kind: 'read', budget: 3, before: 3, call: () => ({ openid: DUTY, input: { view: 'queue', limit: 20 } }) },
  {
    fn: 'passes',
    action: 'verify',
    kind: 'read',
    budget: 4,
    before: 4,
    note: NOT_YET,
    call: async (s) => {
      // into the pass's window
      await s.cloud.setClock(new Date(Date.parse(s.later(0.5))).toISOString());
      return { openid: GUARD, input: { code: s.ids.code } };
    },
  },
  {
    fn: 'passes',
    action: 'release',
    kind: 'transition',
    budget: 7,
    before: 8,
    note: NOT_YET,
    call: (s) => ({ openid: GUARD, input: { code: s.ids.code, match: true } }),
    then: async (_data, s) => {
      // back to the scene's start, which the later rows' times are counted from
      await s.cloud.setClock(new Date(SCENE_START).toISOString());
    },
  },
  {
    fn: 'passes',
    action: 'reject',
    kind: 'transition',
    budget: 6,
    before: 7,
    note: NOT_YET,
    call: async (s) => {
      const input = {
        unit: '1-1-101',
        items: [{ name: '沙发', count: 1 }],
        from: s.later(1),
        to: s.later(3),
        carrier: { name: '刘师傅', phone: '13912345678' },
        reason: 'moving_out',
      };
      const { pass } = await s.setup('passes', 'apply', input, OWNER, rid('pass-rejected'));
      return { openid: DUTY, input: { id: str(pass, 'id'), reason: '时间冲突' } };
    },
  },
  {
    fn: 'passes',
    action: 'revoke',
    kind: 'transition',
    budget: 5,
    before: 4,
    call: async (s) => {
      const input = {
        unit: '1-1-101',
        items: [{ name: '衣柜', count: 1 }],
        from: s.later(2),
        to: s.later(4),
        carrier: { name: '刘师傅', phone: '13912345678' },
        reason: 'moving_out',
      };
      const { pass } = await s.setup('passes', 'apply', input, OWNER, rid('pass-revoked'));
      return { openid: OWNER, input: { id: str(pass, 'id') } };
    },
  },
  {
    fn: 'passes',
    action: 'ownerDecline',
    kind: 'transition',
    budget: 6,
    before: 7,
    note: 'as reject, which it mirrors: the write, the tenant told, the view reading the unit owners',
    call: async (s) => {
      const input = {
        unit: '1-1-101',
        items: [{ name: '冰箱', count: 1 }],
        from: s.later(2),
        to: s.later(4),
        carrier: { name: '刘师傅', phone: '13912345678' },
        reason: 'moving_out',
      };
      const { pass } = await s.setup('passes', 'apply', input, RESIDENT, rid('pass-declined'));
      return { openid: OWNER, input: { id: str(pass, 'id'), reason: '冰箱是房东的' } };
    },
  },

  // orders: one booked, confirmed, served, quoted, paid by WeChat, refunded in part, rated
  { fn: 'orders', action: 'catalogue', kind: 'read', budget: 4, before: 4, note: NOT_YET, call: () => ({ openid: OWNER, input: {} }) },
  {
    fn: 'orders',
    action: 'book',
    kind: 'create',
    budget: 18,
    before: 24,
    note: NOT_YET,
    call: (s) => ({ openid: OWNER, input: { item: 'yuehai:s10', quantity: 1, unit: '1-1-101', preferredAt: s.later(26) }, requestId: rid('order') }),
    then: (data, s) => {
      s.ids.order = str(data, 'order.id');
    },
  },
  { fn: 'orders', action: 'get', kind: 'read', budget: 3, before: 3, call: (s) => ({ openid: OWNER, input: { id: s.ids.order } }) },
  { fn: 'orders', action: 'list', kind: 'read', budget: 3, before: 3, call: () => ({ openid: DUTY, input: { limit: 20 } }) },
  { fn: 'orders', action: 'confirm', kind: 'transition', budget: 6, before: 7, note: NOT_YET, call: (s) => ({ openid: DUTY, input: { id: s.ids.order, at: s.later(27) } }) },
  { fn: 'orders', action: 'start', kind: 'transition', budget: 6, before: 7, note: NOT_YET, call: (s) => ({ openid: ENGINEER, input: { id: s.ids.order } }) },
  { fn: 'orders', action: 'quote', kind: 'transition', budget: 6, before: 7, note: NOT_YET, call: (s) => ({ openid: ENGINEER, input: { id: s.ids.order, unitPriceFen: 5000 } }) },
  {
    fn: 'orders',
    action: 'pay',
    kind: 'transition',
    budget: 7,
    before: 7,
    note: NOT_YET,
    call: (s) => ({ openid: OWNER, input: { id: s.ids.order } }),
    then: async (data, s) => {
      // WeChat Pay's callback (a call of its own, not this action's)
      await s.cloud.pay(str(data, 'outTradeNo'));
    },
  },
  {
    fn: 'orders',
    action: 'refund',
    kind: 'create',
    budget: 17,
    before: 18,
    note: NOT_YET,
    call: (s) => ({ openid: DUTY, input: { id: s.ids.order, amountFen: 1000, reason: '少换一个配件' }, requestId: rid('refund') }),
  },
  { fn: 'orders', action: 'rate', kind: 'transition', budget: 5, before: 4, call: (s) => ({ openid: OWNER, input: { id: s.ids.order, score: 5 } }) },
  {
    fn: 'orders',
    action: 'recordOfflinePayment',
    kind: 'transition',
    budget: 6,
    before: 7,
    note: NOT_YET,
    call: async (s) => {
      const { order } = await s.setup('orders', 'book', { item: 'yuehai:s01', quantity: 1, unit: '1-1-101', preferredAt: s.later(30) }, OWNER, rid('order-offline'));
      const id = str(order, 'id');
      await s.setup('orders', 'confirm', { id, at: s.later(31) }, DUTY);
      await s.setup('orders', 'start', { id }, ENGINEER);
      await s.setup('orders', 'quote', { id }, ENGINEER);
      return { openid: DUTY, input: { id } };
    },
  },
  {
    fn: 'orders',
    action: 'cancel',
    kind: 'transition',
    budget: 7,
    before: 11,
    note: NOT_YET,
    call: async (s) => {
      const { order } = await s.setup('orders', 'book', { item: 'yuehai:s01', quantity: 1, unit: '1-1-101', preferredAt: s.later(32) }, OWNER, rid('order-cancelled'));
      return { openid: OWNER, input: { id: str(order, 'id') } };
    },
  },
  {
    fn: 'orders',
    action: 'saveItem',
    kind: 'transition',
    budget: 5,
    before: 4,
    call: () => ({ openid: LEAD, input: { id: 'yuehai:s10', pricing: { kind: 'range', minFen: 3000, maxFen: 9000 } } }),
  },

  // questions: asked, claimed, released, answered, followed up, closed; one marked complex
  {
    fn: 'questions',
    action: 'ask',
    kind: 'create',
    budget: 12,
    before: 18,
    note: NOT_YET,
    call: () => ({ openid: OWNER, input: { category: 'other', text: '会所游泳池什么时候开放？' }, requestId: rid('question') }),
    then: (data, s) => {
      s.ids.question = str(data, 'question.id');
    },
  },
  { fn: 'questions', action: 'get', kind: 'read', budget: 3, before: 3, call: (s) => ({ openid: OWNER, input: { id: s.ids.question } }) },
  { fn: 'questions', action: 'list', kind: 'read', budget: 3, before: 3, call: () => ({ openid: DUTY, input: { limit: 20 } }) },
  { fn: 'questions', action: 'claim', kind: 'transition', budget: 5, before: 4, call: (s) => ({ openid: DUTY, input: { id: s.ids.question } }) },
  { fn: 'questions', action: 'release', kind: 'transition', budget: 5, before: 4, call: (s) => ({ openid: DUTY, input: { id: s.ids.question } }) },
  {
    fn: 'questions',
    action: 'answer',
    kind: 'transition',
    budget: 6,
    before: 7,
    note: NOT_YET,
    call: (s) => ({ openid: DUTY, input: { id: s.ids.question, text: '会所游泳池每天 10:00–21:00 开放，周一闭馆。' } }),
  },
  {
    fn: 'questions',
    action: 'followUp',
    kind: 'transition',
    budget: 7,
    before: 8,
    note: NOT_YET,
    call: (s) => ({ openid: OWNER, input: { id: s.ids.question, text: '节假日也开放吗？' } }),
  },
  {
    fn: 'questions',
    action: 'saveFaq',
    kind: 'create',
    budget: 9,
    before: 11,
    note: NOT_YET,
    call: (s) => ({
      openid: DUTY,
      input: { questionId: s.ids.question, question: '会所游泳池什么时候开放？', answer: '每天 10:00–21:00 开放，周一闭馆。' },
      requestId: rid('faq'),
    }),
    then: (data, s) => {
      s.ids.faq = str(data, 'entry.id');
    },
  },
  { fn: 'questions', action: 'close', kind: 'transition', budget: 5, before: 4, call: (s) => ({ openid: OWNER, input: { id: s.ids.question } }) },
  {
    fn: 'questions',
    action: 'markComplex',
    kind: 'transition',
    budget: 7,
    before: 8,
    note: NOT_YET,
    call: async (s) => {
      const { question } = await s.setup('questions', 'ask', { category: 'decoration_advice', text: '厨房能不能改水管？' }, OTHER_OWNER, rid('complex'));
      return { openid: AREA, input: { id: str(question, 'id'), note: '需向工程部确认管道走向' } };
    },
  },
  { fn: 'questions', action: 'faq', kind: 'read', budget: 3, before: 3, call: () => ({ openid: OWNER, input: { query: '游泳池' } }) },
  {
    fn: 'questions',
    action: 'editFaq',
    kind: 'transition',
    budget: 5,
    before: 4,
    call: (s) => ({ openid: LEAD, input: { id: s.ids.faq, question: '会所泳池开放时间？', answer: '每天 10:00–21:00 开放，周一闭馆。' } }),
  },
  { fn: 'questions', action: 'retireFaq', kind: 'transition', budget: 5, before: 4, call: (s) => ({ openid: LEAD, input: { id: s.ids.faq } }) },

  // greetings
  { fn: 'greetings', action: 'templates', kind: 'read', budget: 25, before: 25, note: NOT_YET, call: () => ({ openid: LEAD, input: {} }) },
  {
    fn: 'greetings',
    action: 'saveTemplate',
    kind: 'transition',
    budget: 8,
    before: 8,
    note: NOT_YET,
    call: () => ({ openid: LEAD, input: { occasion: 'birthday', text: '{name}，{community}祝您生日快乐！' } }),
  },
  { fn: 'greetings', action: 'preview', kind: 'read', budget: 6, before: 6, note: NOT_YET, call: () => ({ openid: LEAD, input: { occasion: 'midAutumn', unit: '1-1-101' } }) },
  {
    fn: 'greetings',
    action: 'saveCustom',
    kind: 'create',
    budget: 12,
    before: 13,
    note: NOT_YET,
    call: () => ({ openid: LEAD, input: { name: '社区周年庆', monthDay: '11-25', text: '{name}，{community}{occasion}快乐！' }, requestId: rid('custom') }),
    then: (data, s) => {
      s.ids.custom = str(data, 'occasion.occasion');
    },
  },
  { fn: 'greetings', action: 'removeCustom', kind: 'transition', budget: 5, before: 3, call: (s) => ({ openid: LEAD, input: { occasion: s.ids.custom } }) },

  // reports
  { fn: 'reports', action: 'monthly', kind: 'read', budget: 14, before: 8, note: REPORT_HOOKS, call: () => ({ openid: MANAGER, input: { month: '2026-10' } }) },
  {
    fn: 'reports',
    action: 'export',
    kind: 'create',
    budget: 20,
    before: 16,
    note: REPORT_HOOKS,
    call: () => ({ openid: MANAGER, input: { month: '2026-10' }, requestId: rid('export') }),
  },

  // decoration (装修): 1-1-101 from application to settlement; 2-1-202 rejected, then applied again and cancelled
  {
    fn: 'decoration',
    action: 'apply',
    kind: 'create',
    budget: 12,
    before: 15,
    note: DECO_NOTICE + '; the idempotency claim, rate limit, daily number (2) and the one-live-per-unit check',
    call: (s) => ({
      openid: OWNER,
      input: {
        unit: '1-1-101',
        contractor: { company: '青岛安居装饰', leader: '王工', phone: '13912345678' },
        workers: ['王工'],
        scope: '厨卫改造',
        plannedStart: s.later(0).slice(0, 10),
        plannedEnd: s.later(24 * 30).slice(0, 10),
      },
      requestId: rid('decoration'),
    }),
    then: (data, s) => {
      s.ids.decoration = str(data, 'decoration.id');
    },
  },
  {
    fn: 'decoration',
    action: 'approve',
    kind: 'transition',
    budget: 7,
    before: 11,
    note: DECO_NOTICE,
    call: (s) => ({ openid: AREA, input: { id: s.ids.decoration, depositFen: 200_000 } }),
  },
  { fn: 'decoration', action: 'signAgreement', kind: 'transition', budget: 5, before: 4, call: (s) => ({ openid: OWNER, input: { id: s.ids.decoration } }) },
  {
    fn: 'decoration',
    action: 'payDeposit',
    kind: 'transition',
    budget: 7,
    before: 7,
    note: "the payee settings, the attempt's record and WeChat's unifiedOrder, as orders.pay",
    call: (s) => ({ openid: OWNER, input: { id: s.ids.decoration } }),
    then: async (data, s) => {
      await s.cloud.pay(str(data, 'outTradeNo'));
      await s.cloud.runTimer('decorationSweep');
    },
  },
  {
    fn: 'decoration',
    action: 'get',
    kind: 'read',
    budget: 3,
    before: 3,
    call: (s) => ({ openid: OWNER, input: { id: s.ids.decoration } }),
    then: (data, s) => {
      s.ids.permitCode = str(data, 'decoration.permitCode');
    },
  },
  {
    fn: 'decoration',
    action: 'list',
    kind: 'read',
    budget: 4,
    before: 4,
    note: 'the caller (2), the page and the one item past it to know whether more follow',
    call: () => ({ openid: AREA, input: { view: 'queue' } }),
  },
  {
    fn: 'decoration',
    action: 'verifyPermit',
    kind: 'read',
    budget: 4,
    before: 3,
    note: 'the caller (2), the permit by its reference, and the check written in the gate book (as passes.verify: every check is logged)',
    call: (s) => ({ openid: GUARD, input: { code: s.ids.permitCode } }),
  },
  {
    fn: 'decoration',
    action: 'inspect',
    kind: 'transition',
    budget: 6,
    before: 6,
    note: "the inspection's own row and the unit-day ledger beside the conditional write",
    call: (s) => ({ openid: AREA, input: { id: s.ids.decoration, photos: ['cloud://local-env.6c6f/inspections/a.jpg'], checklist: { waste: 'ok' } } }),
  },
  {
    fn: 'decoration',
    action: 'inspections',
    kind: 'read',
    budget: 4,
    before: 4,
    note: 'the caller (2), the application (access), then its inspections',
    call: (s) => ({ openid: OWNER, input: { id: s.ids.decoration } }),
  },
  {
    fn: 'decoration',
    action: 'notice',
    kind: 'transition',
    budget: 7,
    before: 11,
    note: DECO_NOTICE,
    call: (s) => ({ openid: AREA, input: { id: s.ids.decoration, items: ['楼道建筑垃圾清运'], deadline: s.later(24) } }),
    then: (data, s) => {
      s.ids.decorationNotice = str(data, 'decoration.notices.0.no');
    },
  },
  {
    fn: 'decoration',
    action: 'verifyRectification',
    kind: 'transition',
    budget: 7,
    before: 11,
    note: DECO_NOTICE,
    call: (s) => ({ openid: AREA, input: { id: s.ids.decoration, notice: s.ids.decorationNotice } }),
  },
  {
    fn: 'decoration',
    action: 'suspend',
    kind: 'transition',
    budget: 7,
    before: 11,
    note: DECO_NOTICE,
    call: (s) => ({ openid: AREA, input: { id: s.ids.decoration, reason: '违规电焊' } }),
  },
  {
    fn: 'decoration',
    action: 'resume',
    kind: 'transition',
    budget: 7,
    before: 11,
    note: DECO_NOTICE,
    call: (s) => ({ openid: AREA, input: { id: s.ids.decoration } }),
  },
  {
    fn: 'decoration',
    action: 'requestAcceptance',
    kind: 'transition',
    budget: 7,
    before: 8,
    note: DECO_STEWARDS,
    call: (s) => ({ openid: OWNER, input: { id: s.ids.decoration } }),
  },
  {
    fn: 'decoration',
    action: 'accept',
    kind: 'transition',
    budget: 7,
    before: 11,
    note: DECO_NOTICE,
    call: (s) => ({ openid: AREA, input: { id: s.ids.decoration, stage: 'initial', passed: true } }),
    then: async (_data, s) => {
      await s.setup('decoration', 'accept', { id: s.ids.decoration, stage: 'final', passed: true }, AREA);
    },
  },
  {
    fn: 'decoration',
    action: 'settle',
    kind: 'transition',
    budget: 12,
    before: 18,
    note:
      DECO_NOTICE +
      "; the refund's record (written, not read back), the payee settings, WeChat's refund, the refund's state and its mirror on the application (a conditional write on the application as held, read again only on CONFLICT): the refund cannot be sent before the settlement that fixes its number is written, nor its pending state mirrored before WeChat took it",
    call: (s) => ({ openid: DUTY, input: { id: s.ids.decoration, deductions: [{ amountFen: 10_000, reason: '损坏电梯壁板' }] } }),
  },
  {
    fn: 'decoration',
    action: 'reject',
    kind: 'transition',
    budget: 7,
    before: 8,
    note: DECO_NOTICE,
    call: async (s) => {
      const data = await s.setup(
        'decoration',
        'apply',
        {
          unit: '2-1-202',
          contractor: { company: '装饰公司', leader: '李工', phone: '13912345679' },
          workers: ['李工'],
          scope: '刷漆',
          plannedStart: s.later(24).slice(0, 10),
          plannedEnd: s.later(240).slice(0, 10),
        },
        OTHER_OWNER,
        rid('decoration-2'),
      );
      return { openid: DUTY, input: { id: str(data, 'decoration.id'), reason: '资料不全' } };
    },
  },
  {
    fn: 'decoration',
    action: 'cancel',
    kind: 'transition',
    budget: 5,
    before: 4,
    call: async (s) => {
      const data = await s.setup(
        'decoration',
        'apply',
        {
          unit: '2-1-202',
          contractor: { company: '装饰公司', leader: '李工', phone: '13912345679' },
          workers: ['李工'],
          scope: '刷漆',
          plannedStart: s.later(24).slice(0, 10),
          plannedEnd: s.later(240).slice(0, 10),
        },
        OTHER_OWNER,
        rid('decoration-3'),
      );
      return { openid: OTHER_OWNER, input: { id: str(data, 'decoration.id') } };
    },
  },

  // patrol (SPEC §13)
  {
    fn: 'patrol',
    action: 'createPoint',
    kind: 'create',
    budget: 7,
    before: 3,
    call: () => ({ openid: LEAD, input: { building: '1', name: '1栋大堂', kind: 'lobby' } }),
    then: (data, s) => {
      s.ids.point = str(data, 'point.id');
      s.ids.pointCode = str(data, 'point.code');
    },
  },
  { fn: 'patrol', action: 'points', kind: 'read', budget: 3, before: 3, call: () => ({ openid: AREA, input: {} }) },
  {
    fn: 'patrol',
    action: 'rules',
    kind: 'read',
    budget: 4,
    before: 4,
    note: 'the community’s stewards and their rules: two reads side by side, plus the caller',
    call: () => ({ openid: LEAD, input: {} }),
  },
  {
    fn: 'patrol',
    action: 'setRule',
    kind: 'transition',
    budget: 5,
    before: 5,
    call: () => ({ openid: LEAD, input: { steward: AREA, roundsPerDay: 4, wholeAreaDays: 2, vacantPerMonth: 1 } }),
  },
  {
    fn: 'patrol',
    action: 'checkIn',
    kind: 'create',
    budget: 13,
    before: 14,
    note: 'the router’s idempotency claim and rate limit, the point, the check-in; with a problem its daily number, insert and the link (a check-in without a problem is 5 fewer)',
    call: (s) => ({ openid: AREA, input: { code: s.ids.pointCode, checklist: [{ item: '照明', ok: true }], problem: { text: '大堂顶灯不亮' } }, requestId: rid('checkin') }),
    then: (data, s) => {
      s.ids.problem = str(data, 'checkIn.problemId');
    },
  },
  {
    fn: 'patrol',
    action: 'checkInBatch',
    kind: 'create',
    budget: 7,
    before: 5,
    call: (s) => ({ openid: AREA, input: { items: [{ requestId: rid('offline'), code: s.ids.pointCode, scannedAt: s.later(-0.5) }] } }),
  },
  {
    fn: 'patrol',
    action: 'today',
    kind: 'read',
    budget: 8,
    before: 8,
    note: 'six registers read side by side (rule, points, check-ins, open problems, vacant units, the month’s checks)',
    call: () => ({ openid: AREA, input: {} }),
  },
  { fn: 'patrol', action: 'checkIns', kind: 'read', budget: 3, before: 3, call: (s) => ({ openid: AREA, input: { day: s.later(0).slice(0, 10) } }) },
  { fn: 'patrol', action: 'problems', kind: 'read', budget: 3, before: 3, call: () => ({ openid: AREA, input: {} }) },
  { fn: 'patrol', action: 'getProblem', kind: 'read', budget: 3, before: 3, call: (s) => ({ openid: AREA, input: { id: s.ids.problem } }) },
  {
    fn: 'patrol',
    action: 'reportProblem',
    kind: 'transition',
    budget: 7,
    before: 8,
    note: 'the transition, then the community’s stewards and the duty stewards’ notices',
    call: (s) => ({ openid: AREA, input: { id: s.ids.problem, rev: 0, note: '请协调' } }),
  },
  {
    fn: 'patrol',
    action: 'ticketProblem',
    kind: 'transition',
    budget: 13,
    before: 14,
    note: 'the tickets’ own create path inside (number, policy, calendar, insert, stewards told) plus the problem’s transition',
    call: (s) => ({ openid: AREA, input: { id: s.ids.problem, rev: 1 } }),
  },
  { fn: 'patrol', action: 'handleProblem', kind: 'transition', budget: 5, before: 4, call: (s) => ({ openid: AREA, input: { id: s.ids.problem, rev: 2, note: '已更换灯管' } }) },
  {
    fn: 'patrol',
    action: 'vacantUnits',
    kind: 'read',
    budget: 4,
    before: 4,
    note: 'units and the month’s checks, side by side',
    call: () => ({ openid: AREA, input: {} }),
    then: (data, s) => {
      s.ids.vacant = str(data, 'units.0.unit');
    },
  },
  {
    fn: 'patrol',
    action: 'checkVacant',
    kind: 'create',
    budget: 8,
    before: 8,
    note: 'the idempotency claim, the units, the check; an exception tells the duty stewards',
    call: (s) => ({ openid: AREA, input: { unit: s.ids.vacant, clean: true, damaged: false, damp: false, aired: true }, requestId: rid('vacant') }),
  },
  {
    fn: 'patrol',
    action: 'coverage',
    kind: 'read',
    budget: 7,
    before: 7,
    note: 'two aggregations in the database (per building, per whole-area window), the stewards, rules and points',
    call: (s) => ({ openid: LEAD, input: { from: s.later(0).slice(0, 10), to: s.later(0).slice(0, 10) } }),
  },
  {
    fn: 'patrol',
    action: 'log',
    kind: 'read',
    budget: 8,
    before: 7,
    note: 'the day’s tickets, check-ins, problems, vacant checks and decoration inspections read side by side, plus the stored log',
    call: (s) => ({ openid: AREA, input: { day: s.later(0).slice(0, 10) } }),
  },
  {
    fn: 'patrol',
    action: 'saveLog',
    kind: 'transition',
    budget: 11,
    before: 10,
    note: 'not yet cut: makes the draft on first save, then reads the composed log back (five registers)',
    call: (s) => ({ openid: AREA, input: { day: s.later(0).slice(0, 10), notes: '草稿' } }),
  },
  {
    fn: 'patrol',
    action: 'submitLog',
    kind: 'transition',
    budget: 10,
    before: 9,
    note: 'not yet cut: composes the day’s sections (five reads) to keep them as submitted',
    call: (s) => ({ openid: AREA, input: { day: s.later(0).slice(0, 10), notes: '今日巡查正常' } }),
  },
  {
    fn: 'patrol',
    action: 'logs',
    kind: 'read',
    budget: 3,
    before: 3,
    call: () => ({ openid: LEAD, input: {} }),
    then: (data, s) => {
      s.ids.log = str(data, 'logs.0.id');
    },
  },
  { fn: 'patrol', action: 'reviewLog', kind: 'transition', budget: 5, before: 4, call: (s) => ({ openid: LEAD, input: { id: s.ids.log, rev: 2, comment: '已阅' } }) },
  { fn: 'patrol', action: 'shiftTimes', kind: 'read', budget: 3, before: 3, call: () => ({ openid: DUTY, input: {} }) },
  { fn: 'patrol', action: 'setShiftTimes', kind: 'transition', budget: 5, before: 3, call: () => ({ openid: LEAD, input: { times: ['08:00', '18:00'] } }) },
  { fn: 'patrol', action: 'addDutyEntry', kind: 'create', budget: 7, before: 7, call: () => ({ openid: DUTY, input: { text: '业主来电已登记' } }) },
  {
    fn: 'patrol',
    action: 'shift',
    kind: 'read',
    budget: 7,
    before: 7,
    note: 'the pending handover, the shift times, the handover made when first needed, its entries, the colleagues to hand over to',
    call: () => ({ openid: DUTY, input: {} }),
    then: (data, s) => {
      s.ids.handover = str(data, 'handover.id');
    },
  },
  {
    fn: 'patrol',
    action: 'openItems',
    kind: 'read',
    budget: 9,
    before: 7,
    note: 'seven registers read side by side (tickets held ×2, passes, questions, problems, keys out, visitors inside)',
    call: () => ({ openid: DUTY, input: {} }),
  },
  {
    fn: 'patrol',
    action: 'submitHandover',
    kind: 'transition',
    budget: 13,
    before: 11,
    note: 'the open items (seven reads side by side) recorded with the submission, the incoming steward’s post',
    call: (s) => ({ openid: DUTY, input: { id: s.ids.handover, rev: 0, incoming: AREA, checklist: [{ item: '钥匙', ok: true }] } }),
  },
  { fn: 'patrol', action: 'disputeHandover', kind: 'transition', budget: 5, before: 5, call: (s) => ({ openid: AREA, input: { id: s.ids.handover, rev: 1, note: '对讲机未交' } }) },
  {
    fn: 'patrol',
    action: 'acceptHandover',
    kind: 'transition',
    budget: 5,
    before: 5,
    call: async (s) => {
      await s.setup('patrol', 'submitHandover', { id: s.ids.handover, rev: 2, incoming: AREA, checklist: [{ item: '对讲机', ok: true }] }, DUTY);
      return { openid: AREA, input: { id: s.ids.handover, rev: 3 } };
    },
  },
  { fn: 'patrol', action: 'handovers', kind: 'read', budget: 3, before: 3, call: () => ({ openid: LEAD, input: {} }) },
  {
    fn: 'patrol',
    action: 'figures',
    kind: 'read',
    budget: 11,
    before: 11,
    note: 'five aggregations side by side (coverage ×2, vacant checks, problems, handovers) with the stewards, rules, points and vacant units they are measured against',
    call: () => ({ openid: LEAD, input: { month: '2026-11' } }),
  },
  { fn: 'patrol', action: 'retirePoint', kind: 'transition', budget: 4, before: 4, call: (s) => ({ openid: LEAD, input: { id: s.ids.point } }) },

  // notices (发文, SPEC §15)
  {
    fn: 'notices',
    action: 'create',
    kind: 'create',
    budget: 7,
    before: 8,
    note: 'idempotent create (claim + release of the request) and the create rate limit, as every create',
    call: () => ({
      openid: DUTY,
      input: { title: '停水通知', body: '因市政管网维修，本周四 9:00–17:00 小区停水，请提前储水。', department: '悦海和园物业服务中心' },
      requestId: rid('notice'),
    }),
    then: (data, s) => {
      s.ids.notice = str(data, 'notice.id');
    },
  },
  {
    fn: 'notices',
    action: 'edit',
    kind: 'transition',
    budget: 5,
    before: 4,
    call: (s) => ({
      openid: DUTY,
      input: {
        id: s.ids.notice,
        rev: 0,
        title: '停水通知（1-3 栋）',
        body: '因市政管网维修，本周四 9:00–17:00 1-3 栋停水，请提前储水。',
        department: '悦海和园物业服务中心',
        pinnedUntil: '2026-11-30',
      },
    }),
  },
  { fn: 'notices', action: 'submit', kind: 'transition', budget: 5, before: 4, call: (s) => ({ openid: DUTY, input: { id: s.ids.notice } }) },
  {
    fn: 'notices',
    action: 'return',
    kind: 'transition',
    budget: 6,
    before: 7,
    note: 'the drafter is told after the write (inbox, grant check, send log)',
    call: (s) => ({ openid: MANAGER, input: { id: s.ids.notice, comment: '请写明停水范围' } }),
  },
  {
    fn: 'notices',
    action: 'approve',
    kind: 'transition',
    budget: 10,
    before: 11,
    note: 'the gapless number is claimed after the approval lands (own claim, highest, insert, write) and the drafter is told (3)',
    call: async (s) => {
      await s.setup('notices', 'submit', { id: s.ids.notice }, DUTY);
      return { openid: MANAGER, input: { id: s.ids.notice } };
    },
  },
  {
    fn: 'notices',
    action: 'get',
    kind: 'read',
    budget: 5,
    before: 5,
    note: 'the first open by an owner writes the read (insert) and bumps the count',
    call: (s) => ({ openid: OWNER, input: { id: s.ids.notice } }),
  },
  { fn: 'notices', action: 'list', kind: 'read', budget: 3, before: 3, call: () => ({ openid: OWNER, input: {} }) },
  {
    fn: 'notices',
    action: 'home',
    kind: 'read',
    budget: 4,
    before: 4,
    note: 'two indexed queries side by side (pinned, newest); one round trip each',
    call: () => ({ openid: OWNER, input: {} }),
  },
  { fn: 'notices', action: 'revoke', kind: 'transition', budget: 5, before: 4, call: (s) => ({ openid: MANAGER, input: { id: s.ids.notice, reason: '内容有误' } }) },
  { fn: 'notices', action: 'archive', kind: 'transition', budget: 5, before: 4, call: (s) => ({ openid: DUTY, input: { id: s.ids.notice } }) },

  // events (社区文化活动, SPEC §15)
  {
    fn: 'events',
    action: 'plan',
    kind: 'create',
    budget: 10,
    before: 10,
    note: 'idempotent create and rate limit, plus the view',
    call: (s) => ({
      openid: DUTY,
      input: { title: '亲子手工', place: '中心花园', startsAt: s.later(1), endsAt: s.later(3), signUpBy: s.later(0.5), capacity: 20 },
      requestId: rid('event'),
    }),
    then: (data, s) => {
      s.ids.event = str(data, 'event.id');
    },
  },
  {
    fn: 'events',
    action: 'open',
    kind: 'transition',
    budget: 7,
    before: 7,
    note: 'the view counts seats and the waiting list and reads the sign-up of the caller (side by side)',
    call: (s) => ({ openid: DUTY, input: { id: s.ids.event } }),
  },
  {
    fn: 'events',
    action: 'signUp',
    kind: 'transition',
    budget: 11,
    before: 11,
    note: 'seat taken by insert after reading the seats, the sign-up written, plus the view',
    call: (s) => ({ openid: OWNER, input: { id: s.ids.event } }),
    then: (data, s) => {
      s.ids.eventCode = str(data, 'event.mine.code');
    },
  },
  {
    fn: 'events',
    action: 'cancelSignUp',
    kind: 'transition',
    budget: 9,
    before: 9,
    note: 'seat removed, sign-up cancelled, the waiting list read for the first waiting, plus the view',
    call: async (s) => {
      await s.setup('events', 'signUp', { id: s.ids.event }, OTHER_OWNER);
      return { openid: OTHER_OWNER, input: { id: s.ids.event } };
    },
  },
  {
    fn: 'events',
    action: 'get',
    kind: 'read',
    budget: 6,
    before: 6,
    note: 'the view counts seats and the waiting list and reads the sign-up of the caller (side by side)',
    call: (s) => ({ openid: OWNER, input: { id: s.ids.event } }),
  },
  {
    fn: 'events',
    action: 'list',
    kind: 'read',
    budget: 9,
    before: 6,
    note: 'the view counts seats and the waiting list and reads the sign-up of the caller (side by side), per event listed: 3 per event, and the demo seed (090-community.json) adds an open event to the one this table plans',
    call: () => ({ openid: OWNER, input: {} }),
  },
  {
    fn: 'events',
    action: 'signups',
    kind: 'read',
    budget: 4,
    before: 4,
    note: 'reads the event first (who may see it)',
    call: (s) => ({ openid: DUTY, input: { id: s.ids.event } }),
  },
  {
    fn: 'events',
    action: 'checkIn',
    kind: 'transition',
    budget: 7,
    before: 7,
    note: 'looks the code up, reads its event, writes the check-in once, plus the view',
    call: (s) => ({ openid: DUTY, input: { code: s.ids.eventCode } }),
  },
  {
    fn: 'events',
    action: 'record',
    kind: 'transition',
    budget: 8,
    before: 8,
    note: 'counts check-ins, plus the view',
    call: async (s) => {
      await s.cloud.setClock(s.later(2));
      return { openid: DUTY, input: { id: s.ids.event, attended: 18, notes: '活动顺利', summary: '业主反馈良好' } };
    },
    then: async (_data, s) => {
      await s.cloud.setClock(s.later(0));
    },
  },
  {
    fn: 'events',
    action: 'cancel',
    kind: 'transition',
    budget: 7,
    before: 7,
    note: 'tells everyone signed up, plus the view',
    call: async (s) => {
      const planned = await s.setup(
        'events',
        'plan',
        { title: '读书会', place: '会所', startsAt: s.later(48), endsAt: s.later(50), signUpBy: s.later(24), capacity: 10 },
        DUTY,
        rid('event2'),
      );
      return { openid: LEAD, input: { id: str(planned, 'event.id'), reason: '场地检修' } };
    },
  },

  // visitors: an owner's invitation used at the gate, a walk-in, the register
  {
    fn: 'visitors',
    action: 'invite',
    kind: 'create',
    budget: 10,
    before: 10,
    note: "the router's create (caller 2, claim and settle 2, rate token 2), the earlier attempt 1, the daily number 2, the insert 1",
    call: async (s) => {
      // back to the scene's morning: rows above may have moved the clock on
      await s.cloud.setClock(new Date(Date.parse(s.later(0.5))).toISOString());
      return { openid: OWNER, input: { unit: '1-1-101', name: '李四', phone: '13912340000', from: s.later(0.4), to: s.later(6) }, requestId: rid('visit') };
    },
    then: (data, s) => {
      s.ids.visit = str(data, 'visit.id');
      s.ids.visitCode = str(data, 'visit.qr');
    },
  },
  { fn: 'visitors', action: 'get', kind: 'read', budget: 3, before: 3, call: (s) => ({ openid: OWNER, input: { id: s.ids.visit } }) },
  { fn: 'visitors', action: 'verify', kind: 'read', budget: 3, before: 3, call: (s) => ({ openid: GUARD, input: { code: s.ids.visitCode } }) },
  { fn: 'visitors', action: 'admit', kind: 'transition', budget: 4, before: 4, call: (s) => ({ openid: GUARD, input: { code: s.ids.visitCode } }) },
  { fn: 'visitors', action: 'exit', kind: 'transition', budget: 4, before: 4, call: (s) => ({ openid: GUARD, input: { id: s.ids.visit } }) },
  {
    fn: 'visitors',
    action: 'walkIn',
    kind: 'create',
    budget: 11,
    before: 11,
    note: "the router's create (caller 2, claim and settle 2, rate token 2), the earlier attempt 1, the unit checked 1, the daily number 2, the insert 1",
    call: () => ({ openid: GUARD, input: { unit: '1-1-101', name: '孙七', consent: 'intercom' }, requestId: rid('walk-in') }),
  },
  { fn: 'visitors', action: 'register', kind: 'read', budget: 3, before: 3, call: () => ({ openid: GUARD, input: { inside: true } }) },
  { fn: 'visitors', action: 'mine', kind: 'read', budget: 3, before: 3, call: () => ({ openid: OWNER, input: {} }) },
  {
    fn: 'visitors',
    action: 'revoke',
    kind: 'transition',
    budget: 4,
    before: 4,
    call: async (s) => {
      const { visit } = await s.setup('visitors', 'invite', { unit: '1-1-101', name: '周八', from: s.later(2), to: s.later(4) }, OWNER, rid('visit-revoked'));
      return { openid: OWNER, input: { id: str(visit, 'id') } };
    },
  },

  // keys: an entrusted key agreed by its owner, lent after the owner's confirmation, returned
  {
    fn: 'keys',
    action: 'register',
    kind: 'create',
    budget: 13,
    before: 13,
    note: "the router's create (7), the earlier attempt 1, the unit 1, its owner 1, the insert 1, the owner asked in the inbox (inbox, grant, log)",
    call: () => ({ openid: DUTY, input: { tag: '1-1-101 防盗门', source: 'entrusted', unit: '1-1-101', count: 2, slot: 'A-01' }, requestId: rid('key') }),
    then: (data, s) => {
      s.ids.key = str(data, 'key.id');
    },
  },
  { fn: 'keys', action: 'agree', kind: 'transition', budget: 4, before: 4, call: (s) => ({ openid: OWNER, input: { id: s.ids.key, terms: true } }) },
  { fn: 'keys', action: 'get', kind: 'read', budget: 4, before: 4, note: 'the key and its loans: two queries', call: (s) => ({ openid: DUTY, input: { id: s.ids.key } }) },
  { fn: 'keys', action: 'list', kind: 'read', budget: 3, before: 3, call: () => ({ openid: DUTY, input: {} }) },
  {
    fn: 'keys',
    action: 'lend',
    kind: 'create',
    budget: 13,
    before: 13,
    note: "the router's create (7), the earlier attempt 1, the key 1, the daily number 2, the insert 1, the owner asked in the inbox",
    call: (s) => ({ openid: DUTY, input: { id: s.ids.key, borrowerName: '王师傅', purpose: '维修厨房漏水', dueBack: s.later(3) }, requestId: rid('loan') }),
    then: (data, s) => {
      s.ids.loan = str(data, 'loan.id');
    },
  },
  {
    fn: 'keys',
    action: 'mine',
    kind: 'read',
    budget: 4,
    before: 4,
    note: "the owner's keys and the loans waiting for them: two queries side by side, two round trips",
    call: () => ({ openid: OWNER, input: {} }),
  },
  { fn: 'keys', action: 'confirmLoan', kind: 'transition', budget: 4, before: 4, call: (s) => ({ openid: OWNER, input: { id: s.ids.loan } }) },
  {
    fn: 'keys',
    action: 'handOut',
    kind: 'transition',
    budget: 6,
    before: 6,
    note: "two objects: the key's conditional write (one loan per key) and the loan's, after reading both",
    call: (s) => ({ openid: DUTY, input: { id: s.ids.loan } }),
  },
  { fn: 'keys', action: 'loans', kind: 'read', budget: 3, before: 3, call: () => ({ openid: DUTY, input: {} }) },
  {
    fn: 'keys',
    action: 'returnKey',
    kind: 'transition',
    budget: 6,
    before: 6,
    note: 'two objects: the key back in and the loan returned, after reading both',
    call: (s) => ({ openid: DUTY, input: { id: s.ids.loan, count: 2, condition: 'intact' } }),
  },
  {
    fn: 'keys',
    action: 'declineLoan',
    kind: 'transition',
    budget: 4,
    before: 4,
    call: async (s) => {
      const { loan } = await s.setup('keys', 'lend', { id: s.ids.key, borrowerName: '李师傅', purpose: '查看漏水', dueBack: s.later(3) }, DUTY, rid('loan-declined'));
      return { openid: OWNER, input: { id: str(loan, 'id') } };
    },
  },
  {
    fn: 'keys',
    action: 'cancelLoan',
    kind: 'transition',
    budget: 4,
    before: 4,
    call: async (s) => {
      const { loan } = await s.setup('keys', 'lend', { id: s.ids.key, borrowerName: '赵师傅', purpose: '抄表', dueBack: s.later(3) }, DUTY, rid('loan-cancelled'));
      return { openid: DUTY, input: { id: str(loan, 'id'), reason: '业主已回家' } };
    },
  },
  {
    fn: 'keys',
    action: 'stockTake',
    kind: 'create',
    budget: 9,
    before: 9,
    note: "the router's create (7), the earlier attempt 1, the register read (one page per 100 keys) 1, the keys out 1, the insert 1",
    call: (s) => ({ openid: DUTY, input: { found: [{ id: s.ids.key, found: 2 }] }, requestId: rid('stock-take') }),
  },
  { fn: 'keys', action: 'revoke', kind: 'transition', budget: 4, before: 4, call: (s) => ({ openid: OWNER, input: { id: s.ids.key } }) },
  // surveys (业主意见征询表, 业户访问记录, SPEC §15)
  {
    fn: 'surveys',
    action: 'setAreas',
    kind: 'transition',
    budget: 3,
    before: 3,
    call: () => ({
      openid: LEAD,
      input: {
        areas: [
          { key: 'customer_service', label: '客户服务' },
          { key: 'repairs', label: '维修服务' },
          { key: 'security', label: '安全秩序' },
          { key: 'cleaning', label: '环境卫生' },
          { key: 'greening', label: '绿化养护' },
        ],
      },
    }),
  },
  {
    fn: 'surveys',
    action: 'open',
    kind: 'create',
    budget: 4,
    before: 4,
    // 2027-Q1: the demo seed already opened 2026-Q4, and opening it again answers the one there
    call: () => ({ openid: LEAD, input: { quarter: '2027-Q1' } }),
    then: (data, s) => {
      s.ids.survey = str(data, 'survey.id');
    },
  },
  {
    fn: 'surveys',
    action: 'mine',
    kind: 'read',
    budget: 5,
    before: 5,
    note: 'open surveys, the households that moved in, and which are answered: three dependent reads',
    call: () => ({ openid: OWNER, input: {} }),
  },
  {
    fn: 'surveys',
    action: 'answer',
    kind: 'create',
    budget: 10,
    before: 10,
    note: 'a dissatisfied answer also opens its follow-up, finds the area steward and tells them (inbox, grant, log)',
    call: (s) => ({
      openid: OWNER,
      input: { id: s.ids.survey, unit: '1-1-101', scores: { customer_service: 5, repairs: 2, security: 5, cleaning: 4, greening: 5 }, comment: '报修慢' },
    }),
  },
  {
    fn: 'surveys',
    action: 'results',
    kind: 'read',
    budget: 6,
    before: 6,
    note: 'answers, households and follow-ups read side by side, each a page (36 households, one page each)',
    call: (s) => ({ openid: LEAD, input: { id: s.ids.survey } }),
  },
  {
    fn: 'surveys',
    action: 'followups',
    kind: 'read',
    budget: 3,
    before: 3,
    call: () => ({ openid: AREA, input: {} }),
    then: (data, s) => {
      s.ids.followup = str(data, 'followups.0.id');
    },
  },
  {
    fn: 'surveys',
    action: 'advanceFollowup',
    kind: 'transition',
    budget: 4,
    before: 4,
    call: (s) => ({ openid: AREA, input: { id: s.ids.followup, rev: 0, step: 'communicate', note: '电话沟通' } }),
  },
  { fn: 'surveys', action: 'close', kind: 'transition', budget: 4, before: 4, call: (s) => ({ openid: LEAD, input: { id: s.ids.survey } }) },
  {
    fn: 'surveys',
    action: 'recordVisit',
    kind: 'create',
    budget: 4,
    before: 4,
    call: () => ({ openid: AREA, input: { unit: '1-1-101', date: '2026-11-23', notes: '上门走访' } }),
  },
  {
    fn: 'surveys',
    action: 'visitCoverage',
    kind: 'read',
    budget: 4,
    before: 4,
    note: 'households and the year’s visits side by side, a page each',
    call: () => ({ openid: LEAD, input: { year: 2026 } }),
  },

  // archives: a file filed, looked up with a reason, borrowed and returned; an old one destroyed by two
  {
    fn: 'archives',
    action: 'file',
    kind: 'create',
    budget: 9,
    before: 9,
    note: "the router's create (caller 2, claim and settle 2, rate token 2), the earlier attempt 1, the unit checked 1, the insert 1",
    call: () => ({ openid: DUTY, input: { unit: '1-1-101', kind: 'covenant', location: '档案柜 A-03', dated: '2024-05-01' }, requestId: rid('archive') }),
    then: (data, s) => {
      s.ids.archive = str(data, 'file.id');
    },
  },
  {
    fn: 'archives',
    action: 'open',
    kind: 'read',
    budget: 4,
    before: 4,
    note: 'the look is written down (1) before the index is read (1)',
    call: () => ({ openid: DUTY, input: { unit: '1-1-101', reason: '核对业主联系电话' } }),
  },
  { fn: 'archives', action: 'looks', kind: 'read', budget: 3, before: 3, call: () => ({ openid: MANAGER, input: {} }) },
  {
    fn: 'archives',
    action: 'requestBorrow',
    kind: 'transition',
    budget: 4,
    before: 4,
    call: (s) => ({ openid: DUTY, input: { id: s.ids.archive, reason: '业主大会核对', returnBy: '2026-12-31' } }),
  },
  { fn: 'archives', action: 'pending', kind: 'read', budget: 3, before: 3, call: () => ({ openid: MANAGER, input: {} }) },
  { fn: 'archives', action: 'decideBorrow', kind: 'transition', budget: 4, before: 4, call: (s) => ({ openid: MANAGER, input: { id: s.ids.archive, approve: true } }) },
  { fn: 'archives', action: 'returnFile', kind: 'transition', budget: 4, before: 4, call: (s) => ({ openid: DUTY, input: { id: s.ids.archive } }) },
  {
    fn: 'archives',
    action: 'proposeDestruction',
    kind: 'transition',
    budget: 4,
    before: 4,
    call: async (s) => {
      const { file } = await s.setup('archives', 'file', { unit: '1-1-101', kind: 'lease_contract', location: '档案柜 B-01', dated: '2015-03-01' }, DUTY, rid('archive-old'));
      s.ids.oldArchive = str(file, 'id');
      return { openid: DUTY, input: { id: s.ids.oldArchive } };
    },
  },
  { fn: 'archives', action: 'decideDestruction', kind: 'transition', budget: 4, before: 4, call: (s) => ({ openid: MANAGER, input: { id: s.ids.oldArchive, approve: true } }) },
  {
    fn: 'archives',
    action: 'confirmDestruction',
    kind: 'transition',
    budget: 4,
    before: 4,
    call: async (s) => {
      await s.setup('archives', 'confirmDestruction', { id: s.ids.oldArchive }, DUTY);
      return { openid: AREA, input: { id: s.ids.oldArchive } };
    },
  },

  // the inbox, now that the rows above have sent notices
  {
    fn: 'account',
    action: 'inbox',
    kind: 'read',
    budget: 4,
    before: 4,
    note: NOT_YET,
    call: () => ({ openid: OWNER, input: { limit: 20 } }),
    then: (data, s) => {
      s.ids.message = str(data, 'items.0.id');
    },
  },
  { fn: 'account', action: 'readInbox', kind: 'transition', budget: 5, before: 4, call: (s) => ({ openid: OWNER, input: { ids: [s.ids.message] } }) },
  { fn: 'account', action: 'myData', kind: 'read', budget: 21, before: 21, note: NOT_YET, call: () => ({ openid: RESIDENT, input: {} }) },
  // erases the caller: last, and someone no later row needs
  { fn: 'account', action: 'deleteMyData', kind: 'transition', budget: 15, before: 15, note: NOT_YET, call: () => ({ openid: 'wx-typed-owner', input: { confirm: true } }) },

  // admin (setting up a community): its rows in their own file
  ...adminRows,
];

/** Tuesday 2026-11-24 09:00 in Shanghai: a working morning. */
export const SCENE_START = Date.parse('2026-11-24T01:00:00.000Z');

export function makeScene(cloud: TestCloud, start = SCENE_START): Scene {
  const shanghai = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().replace('Z', '+08:00');
  return {
    cloud,
    ids: {},
    async setup(fn, action, input, openid, requestId) {
      const reply = (await cloud.call(fn, action, input, { openid, requestId })) as { ok: boolean; data?: Data };
      assert.ok(reply.ok, `setup ${fn}.${action} as ${openid}: ${JSON.stringify(reply)}`);
      return reply.data as Data;
    },
    later: (hours) => shanghai(start + Math.round(hours * 3600_000)),
  };
}

/** Runs one row: its measured call, checked to succeed; its round trips. */
export async function runRow(row: Row, scene: Scene): Promise<number> {
  const call = await row.call(scene);
  const { reply, roundTrips } = await scene.cloud.measure(row.fn, row.action, call.input, { openid: call.openid, requestId: call.requestId });
  const answer = reply as { ok: boolean; data?: Data };
  assert.ok(answer.ok, `${row.fn}.${row.action} as ${call.openid}: ${JSON.stringify(reply)}`);
  await row.then?.(answer.data as Data, scene);
  return roundTrips;
}

function registerTests(): void {
  let cloud: TestCloud;
  let scene: Scene;
  const measured: string[] = [];

  before(async () => {
    cloud = await startTestCloud({ adminLatencyMs: 0 });
    await cloud.setClock(new Date(SCENE_START).toISOString());
    scene = makeScene(cloud);
  });
  after(async () => {
    if (process.env.ROUND_TRIPS_REPORT) console.log(measured.join('\n'));
    await cloud.close();
  });

  describe('round-trip budgets', () => {
    it('has exactly one row for every action of every function in the contract', () => {
      const rows = ROWS.map((r) => `${r.fn}.${r.action}`);
      const actions = Object.entries(contract).flatMap(([fn, table]) => Object.keys(table).map((action) => `${fn}.${action}`));
      assert.deepEqual(
        actions.filter((a) => !rows.includes(a)),
        [],
        'actions without a budget row',
      );
      assert.deepEqual(
        rows.filter((r) => !actions.includes(r)),
        [],
        'rows for actions the contract does not have',
      );
      assert.deepEqual(
        rows.filter((r, i) => rows.indexOf(r) !== i),
        [],
        'actions with two rows',
      );
    });

    it('says why wherever a budget is above its goal', () => {
      const unexplained = ROWS.filter((r) => r.budget > GOAL[r.kind] && !r.note).map((r) => `${r.fn}.${r.action} (${r.budget} > ${GOAL[r.kind]})`);
      assert.deepEqual(unexplained, []);
    });

    for (const row of ROWS) {
      it(`${row.fn}.${row.action} (${row.kind}) takes at most ${row.budget} round trips`, async () => {
        const trips = await runRow(row, scene);
        measured.push(`${row.fn}.${row.action}\t${row.kind}\t${trips}\t${row.budget}`);
        assert.ok(trips <= row.budget, `${row.fn}.${row.action} took ${trips} round trips; its budget is ${row.budget}`);
      });
    }
  });
}

// The bench (test/bench/round-trips.ts) imports the table without registering the tests.
if (!process.env.GUANJIA_BENCH) registerTests();
