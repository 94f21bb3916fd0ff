import { z } from 'zod';
import { IsoTime } from './common';

/**
 * The subscription message templates the product asks grants for. Ids and field mappings are
 * per environment, in config/subscriptions.ts.
 */
export const TemplateKey = z.enum([
  'ticketProgress',
  'revisitInvite',
  'orderStatus',
  'passDecision',
  'questionAnswered',
  'greeting',
  'bindingResult',
  'staffAlert',
]);
export type TemplateKey = z.infer<typeof TemplateKey>;

export const templateLabels: Record<TemplateKey, string> = {
  ticketProgress: '工单进度提醒',
  revisitInvite: '服务评价邀请',
  orderStatus: '订单状态通知',
  passDecision: '放行审批结果',
  questionAnswered: '咨询回复通知',
  greeting: '生日及节日祝福',
  bindingResult: '房屋绑定审核结果',
  staffAlert: '待办超时提醒',
};

export const InboxItem = z.object({
  id: z.string(),
  template: TemplateKey,
  title: z.string(),
  body: z.string(),
  /** mini-program page to open, e.g. /packages/ticket/detail/index?id=… */
  page: z.string().nullable(),
  createdAt: IsoTime,
  readAt: IsoTime.nullable(),
});
export type InboxItem = z.infer<typeof InboxItem>;
