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
  'communityNotice',
]);
export type TemplateKey = z.infer<typeof TemplateKey>;

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
