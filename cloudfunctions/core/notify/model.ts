import type { TemplateKey } from '../../../types/notify';

export interface InboxDoc {
  _id: string;
  openid: string;
  template: TemplateKey;
  title: string;
  body: string;
  page: string | null;
  createdAt: Date;
  readAt: Date | null;
}

/** One-time subscription grants left for a person and template (one acceptance = one send). */
export interface GrantDoc {
  _id: string;
  openid: string;
  template: TemplateKey;
  count: number;
  updatedAt: Date;
}

export type SendResult = 'sent' | 'no_grant' | 'refused' | 'failed';

/** What happened to each push, for staff diagnostics and for tests. */
export interface SendLogDoc {
  _id: string;
  openid: string;
  template: TemplateKey;
  inboxId: string;
  result: SendResult;
  errcode: number | null;
  at: Date;
}

export const grantId = (openid: string, template: TemplateKey) => `${openid}:${template}`;

/** `deliverOnce`'s push markers: one per notice and person, inserted before WeChat is asked. */
export const DELIVERIES = 'deliveries';
export interface DeliveryDoc {
  /** deliveryId(key, openid): a hash, no personal data */
  _id: string;
  template: TemplateKey;
  at: Date;
}
