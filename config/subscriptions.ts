// Subscription message templates, per environment. A deployer picks each template in the
// mini-program console (订阅消息 → 公共模板库), pastes its id here and maps our fields onto the
// template's keywords exactly as the console lists them (e.g. `thing3`, `time4`): a wrong key makes
// every send fail with 47003. `test/unit/subscriptions.test.ts` checks every mapping against WeChat's
// value rules. The `local-…` ids are what the local cloud records; replace them before deploying.
import type { TemplateKey } from '../types/notify';

/** WeChat's keyword types; the digits after the type in a key are the template's own numbering. */
export type WechatValueType = 'thing' | 'number' | 'letter' | 'symbol' | 'character_string' | 'time' | 'date' | 'amount' | 'phone_number' | 'car_number' | 'name' | 'phrase';

export interface TemplateConfig {
  /** template id from the mini-program console */
  id: string;
  /** title as the console shows it; also the inbox title */
  title: string;
  /** our semantic field name → the template's keyword key (type + number) */
  fields: Record<string, string>;
}

export const subscriptionTemplates: Record<TemplateKey, TemplateConfig> = {
  ticketProgress: {
    id: 'local-ticketProgress',
    title: '工单进度提醒',
    fields: { no: 'character_string1', state: 'phrase2', note: 'thing3', at: 'time4' },
  },
  revisitInvite: {
    id: 'local-revisitInvite',
    title: '服务评价邀请',
    fields: { no: 'character_string1', subject: 'thing2', at: 'time3', tip: 'thing4' },
  },
  orderStatus: {
    id: 'local-orderStatus',
    title: '订单状态通知',
    fields: { no: 'character_string1', item: 'thing2', state: 'phrase3', amount: 'amount4', at: 'time5' },
  },
  passDecision: {
    id: 'local-passDecision',
    title: '放行审批结果',
    fields: { unit: 'thing1', result: 'phrase2', window: 'thing3', note: 'thing4' },
  },
  questionAnswered: {
    id: 'local-questionAnswered',
    title: '咨询回复通知',
    fields: { question: 'thing1', answer: 'thing2', at: 'time3' },
  },
  greeting: {
    id: 'local-greeting',
    title: '生日及节日祝福',
    fields: { occasion: 'thing1', message: 'thing2', at: 'date3' },
  },
  bindingResult: {
    id: 'local-bindingResult',
    title: '房屋绑定审核结果',
    fields: { unit: 'thing1', result: 'phrase2', note: 'thing3' },
  },
  staffAlert: {
    id: 'local-staffAlert',
    title: '待办超时提醒',
    fields: { subject: 'thing1', no: 'character_string2', due: 'time3', note: 'thing4' },
  },
  communityNotice: {
    id: 'local-communityNotice',
    title: '社区通知',
    fields: { title: 'thing1', from: 'thing2', at: 'time3', note: 'thing4' },
  },
};

/** 'formal' in production; 'developer' / 'trial' route messages to those builds. */
export const miniprogramState: 'formal' | 'developer' | 'trial' = 'formal';
