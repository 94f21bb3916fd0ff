// The one path every notification takes (SPEC §7): always the inbox; a subscription message only
// while the person has a one-time grant for that template. Grants are a ledger: +1 per acceptance,
// −1 per send, 0 when WeChat says the user refused (43101) — so we never spam failing sends.
import { subscriptionTemplates, miniprogramState } from '../../../config/subscriptions';
import type { TemplateKey } from '../../../types/notify';
import { TemplateKey as TemplateKeys } from '../../../types/notify';
import { type Database, type SdkError, sdk } from '../sdk';
import { type FieldValue, fitValue, typeOfKey } from './values';
import { type GrantDoc, type InboxDoc, type SendLogDoc, type SendResult, grantId } from './model';

export interface Notification {
  openid: string;
  template: TemplateKey;
  /** inbox title; defaults to the template's title */
  title?: string;
  /** inbox text, complete in itself */
  body: string;
  /** semantic values for the template's fields (see config/subscriptions.ts) */
  values: Record<string, FieldValue>;
  /** page the message opens, e.g. /packages/ticket/detail/index?id=… */
  page?: string;
}

/** WeChat: the user has not subscribed or refused (no grant left on their side). */
export const ERR_USER_REFUSED = 43101;

/** Renders semantic values into the template's keyword data, fitted to WeChat's rules. */
export function templateData(template: TemplateKey, values: Record<string, FieldValue>): Record<string, { value: string }> {
  const data: Record<string, { value: string }> = {};
  for (const [field, key] of Object.entries(subscriptionTemplates[template].fields)) {
    const value = values[field];
    if (value === undefined) throw new Error(`notification for ${template} lacks field ${field}`);
    data[key] = { value: fitValue(typeOfKey(key), value) };
  }
  return data;
}

export async function send(database: Database, message: Notification, now: Date): Promise<{ inboxId: string; result: SendResult }> {
  const data = templateData(message.template, message.values);
  const inbox = await database.collection<InboxDoc>('inbox').add({
    data: {
      openid: message.openid,
      template: message.template,
      title: message.title ?? subscriptionTemplates[message.template].title,
      body: message.body,
      page: message.page ?? null,
      createdAt: now,
      readAt: null,
    },
  });
  const result = await push(database, message, data, now);
  await database.collection<SendLogDoc>('sendLog').add({
    data: { openid: message.openid, template: message.template, inboxId: inbox._id, result: result.result, errcode: result.errcode, at: now },
  });
  return { inboxId: inbox._id, result: result.result };
}

async function push(
  database: Database,
  message: Notification,
  data: Record<string, { value: string }>,
  now: Date,
): Promise<{ result: SendResult; errcode: number | null }> {
  const grants = database.collection<GrantDoc>('grants');
  const _ = database.command;
  const id = grantId(message.openid, message.template);
  // Take the grant first, conditionally, so two sends cannot spend one grant twice.
  const taken = await grants.where({ _id: id, count: _.gt(0) }).update({ data: { count: _.inc(-1), updatedAt: now } });
  if (taken.stats.updated !== 1) return { result: 'no_grant', errcode: null };
  try {
    await sdk().openapi.subscribeMessage.send({
      touser: message.openid,
      templateId: subscriptionTemplates[message.template].id,
      page: message.page,
      data,
      miniprogramState,
      lang: 'zh_CN',
    });
    return { result: 'sent', errcode: null };
  } catch (error) {
    const errcode = (error as SdkError).errCode ?? null;
    if (errcode === ERR_USER_REFUSED) {
      await grants.doc(id).update({ data: { count: 0, updatedAt: now } });
      return { result: 'refused', errcode };
    }
    // Not the user's refusal (busy, network): the grant was not used, give it back.
    await grants.doc(id).update({ data: { count: _.inc(1), updatedAt: now } });
    return { result: 'failed', errcode };
  }
}

/** +1 grant for each template the person accepted in `requestSubscribeMessage`. */
export async function addGrants(database: Database, openid: string, templates: TemplateKey[], now: Date): Promise<void> {
  const grants = database.collection<GrantDoc>('grants');
  const _ = database.command;
  for (const template of new Set(templates)) {
    const id = grantId(openid, template);
    const bumped = await grants.doc(id).update({ data: { count: _.inc(1), updatedAt: now } });
    if (bumped.stats.updated === 1) continue;
    try {
      await grants.add({ data: { _id: id, openid, template, count: 1, updatedAt: now } });
    } catch {
      // created by a concurrent call between our update and add: count on it instead
      await grants.doc(id).update({ data: { count: _.inc(1), updatedAt: now } });
    }
  }
}

export async function grantCounts(database: Database, openid: string): Promise<Record<TemplateKey, number>> {
  const found = await database.collection<GrantDoc>('grants').where({ openid }).limit(100).get();
  const counts = Object.fromEntries(TemplateKeys.options.map((key) => [key, 0])) as Record<TemplateKey, number>;
  for (const grant of found.data) counts[grant.template] = grant.count;
  return counts;
}
