// The one path every notification takes (SPEC §7): always the inbox; a subscription message only
// while the person has a one-time grant for that template. Grants are a ledger: +1 per acceptance,
// −1 per send, 0 when WeChat says the user refused (43101) — so we never spam failing sends.
import { createHash } from 'node:crypto';
import { subscriptionTemplates, miniprogramState } from '../../../config/subscriptions';
import type { TemplateKey } from '../../../types/notify';
import { TemplateKey as TemplateKeys } from '../../../types/notify';
import { type Database, type SdkError, isDuplicateError, sdk } from '../sdk';
import { type FieldValue, fitValue, typeOfKey } from './values';
import { type DeliveryDoc, type GrantDoc, type InboxDoc, type SendLogDoc, type SendResult, DELIVERIES, grantId } from './model';

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

/** One message (see sendAll); throws when its inbox entry could not be written. */
export async function send(database: Database, message: Notification, now: Date): Promise<{ inboxId: string; result: SendResult }> {
  const [item] = await sendAll(database, [message], now);
  if (item.error !== undefined || item.inboxId === null || item.result === null) throw item.error ?? new Error('the notice was not written');
  return { inboxId: item.inboxId, result: item.result };
}

/** What became of one message of `sendAll`. */
export interface Delivered {
  message: Notification;
  /** null when its inbox entry could not be written (the error is in `error`) */
  inboxId: string | null;
  result: SendResult | null;
  error?: unknown;
}

/**
 * `send` for several messages at once, in few round trips: the inbox entries in one batch insert
 * (`add` with an array: one `database.insertDocument` of many documents, as wx-server-sdk sends
 * it), who holds a grant in one read (for one message the conditional take is that read), and the
 * send log of the attempts in one batch insert. Each grant is still taken with its own conditional
 * decrement, so two sends cannot spend one grant. If the batch insert fails, each entry is written
 * on its own, so one person's failure does not keep the others from hearing. Never throws: a
 * failure is in its message's `error`.
 */
export async function sendAll(database: Database, messages: Notification[], now: Date): Promise<Delivered[]> {
  const out: Delivered[] = messages.map((message) => ({ message, inboxId: null, result: null }));
  const ready: Array<{ at: number; data: Record<string, { value: string }> }> = [];
  out.forEach((item, at) => {
    try {
      ready.push({ at, data: templateData(item.message.template, item.message.values) });
    } catch (error) {
      item.error = error;
    }
  });
  if (ready.length === 0) return out;

  const inbox = database.collection<InboxDoc>('inbox');
  const entries = ready.map(({ at }) => inboxEntry(out[at].message, now));
  let written: Array<{ at: number; data: Record<string, { value: string }> }> = [];
  try {
    const ids = entries.length === 1 ? [(await inbox.add({ data: entries[0] }))._id] : (await inbox.add({ data: entries }))._ids;
    ready.forEach((item, i) => {
      out[item.at].inboxId = ids[i];
    });
    written = ready;
  } catch (batchError) {
    for (const [i, item] of ready.entries()) {
      try {
        out[item.at].inboxId = (await inbox.add({ data: entries[i] }))._id;
        written.push(item);
      } catch (error) {
        out[item.at].error = ready.length === 1 ? batchError : error;
      }
    }
  }

  // Who may get a subscription message: one read for several; for one, the take itself decides.
  let holders = written;
  if (written.length > 1) {
    try {
      const _ = database.command;
      const ids = [...new Set(written.map(({ at }) => grantId(out[at].message.openid, out[at].message.template)))];
      const found = await database
        .collection<GrantDoc>('grants')
        .where({ _id: _.in(ids), count: _.gt(0) })
        .limit(ids.length)
        .get();
      const granted = new Set(found.data.map((g) => g._id));
      holders = written.filter(({ at }) => granted.has(grantId(out[at].message.openid, out[at].message.template)));
    } catch (error) {
      // not knowing, try each: the conditional take decides as it always did
      console.error('[notify] could not read grants; taking each', error);
    }
  }
  for (const item of written) out[item.at].result = 'no_grant';
  const attempts: Array<Omit<SendLogDoc, '_id'>> = [];
  for (const { at, data } of holders) {
    const item = out[at];
    try {
      const pushed = await push(database, item.message, data, now);
      item.result = pushed.result;
      // without a grant nothing was attempted: the inbox entry is the whole record
      if (pushed.result !== 'no_grant') attempts.push(sendLogEntry(item.message, item.inboxId as string, pushed, now));
    } catch (error) {
      item.error = error;
    }
  }
  if (attempts.length > 0) {
    try {
      await database.collection<SendLogDoc>('sendLog').add({ data: attempts });
    } catch (error) {
      console.error('[notify] could not write the send log', error);
    }
  }
  return out;
}

function inboxEntry(message: Notification, now: Date): Omit<InboxDoc, '_id'> {
  return {
    openid: message.openid,
    template: message.template,
    title: message.title ?? subscriptionTemplates[message.template].title,
    body: message.body,
    page: message.page ?? null,
    createdAt: now,
    readAt: null,
  };
}

function sendLogEntry(
  message: Pick<Notification, 'openid' | 'template'>,
  inboxId: string,
  result: { result: SendResult; errcode: number | null },
  now: Date,
): Omit<SendLogDoc, '_id'> {
  return { openid: message.openid, template: message.template, inboxId, result: result.result, errcode: result.errcode, at: now };
}

/**
 * The id of one notice to one person, fixed by what the notice is about (`key`, e.g. the sweep's
 * lease id) and who receives it: the inbox entry's id and the push marker's. Hashed, so the marker
 * (which outlives the inbox entry) holds no openid.
 */
export function deliveryId(key: string, openid: string): string {
  return `dl-${createHash('sha256').update(`${key}\n${openid}`).digest('hex').slice(0, 40)}`;
}

/**
 * `send` for a notice that may be attempted again (a run resumed after a crash, two runs at once):
 * the inbox entry exactly once (its id is fixed by `key`; a repeat finds it there), the
 * subscription message at most once — its marker is inserted before WeChat is asked, and whoever
 * finds the marker there does not ask again. WeChat cannot tell whether a send it never answered
 * went out, so a run that dies during that one call loses the push, never repeats it; the inbox
 * entry is there either way. `already` when an earlier attempt got as far as the marker.
 */
export async function deliverOnce(database: Database, key: string, message: Notification, now: Date): Promise<{ inboxId: string; result: SendResult | 'already' }> {
  const data = templateData(message.template, message.values);
  const id = deliveryId(key, message.openid);
  await writeInbox(database, message, now, id);
  try {
    await database.collection<DeliveryDoc>(DELIVERIES).add({ data: { _id: id, template: message.template, at: now } });
  } catch (error) {
    if (!isDuplicateError(error)) throw error;
    return { inboxId: id, result: 'already' };
  }
  const result = await push(database, message, data, now);
  await logSend(database, message, id, result, now);
  return { inboxId: id, result: result.result };
}

/**
 * Writes the inbox entry. With `id` the write is idempotent: a repeat (a resumed greeting) finds
 * the entry already there and leaves it as it is.
 */
export async function writeInbox(database: Database, message: Notification, now: Date, id?: string): Promise<string> {
  const data = {
    openid: message.openid,
    template: message.template,
    title: message.title ?? subscriptionTemplates[message.template].title,
    body: message.body,
    page: message.page ?? null,
    createdAt: now,
    readAt: null,
  };
  if (id === undefined) return (await database.collection<InboxDoc>('inbox').add({ data }))._id;
  try {
    await database.collection<InboxDoc>('inbox').add({ data: { _id: id, ...data } });
  } catch (error) {
    if (!isDuplicateError(error)) throw error;
  }
  return id;
}

export async function logSend(
  database: Database,
  message: Pick<Notification, 'openid' | 'template'>,
  inboxId: string,
  result: { result: SendResult; errcode: number | null },
  now: Date,
): Promise<void> {
  await database.collection<SendLogDoc>('sendLog').add({
    data: { openid: message.openid, template: message.template, inboxId, result: result.result, errcode: result.errcode, at: now },
  });
}

/**
 * WeChat errors worth another try later: system busy (-1), the API's call quotas (45009, 45011),
 * and no answer at all (no errcode, or the SDK's own -50xxxx codes for a request that failed on
 * the way). The rest (bad openid, template or values, the user's refusal) fail the same every time.
 */
export function isTransientError(errcode: number | null): boolean {
  return errcode === null || errcode === -1 || errcode === 45009 || errcode === 45011 || errcode <= -500000;
}

/**
 * The subscription-message half of `send`: takes a grant, sends, and settles the ledger (43101
 * zeroes it, any other failure gives it back). Exported for callers that write the inbox
 * themselves (greetings resume a crashed send without writing the inbox twice).
 */
export async function push(database: Database, message: Notification, data: Record<string, { value: string }>, now: Date): Promise<{ result: SendResult; errcode: number | null }> {
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
  return grantCountsOf(found.data);
}

/** Grants left per template, from the person's grant documents (none: 0). */
export function grantCountsOf(grants: ReadonlyArray<Pick<GrantDoc, 'template' | 'count'>>): Record<TemplateKey, number> {
  const counts = Object.fromEntries(TemplateKeys.options.map((key) => [key, 0])) as Record<TemplateKey, number>;
  for (const grant of grants) counts[grant.template] = grant.count;
  return counts;
}
