// Notices about a change that is already written. The change is the record and stands whatever
// happens to its notices: a notice that fails is logged (which subject, what, to whom) and
// counted, never thrown, so no transition is reported as failed after it was written. The inbox of
// the others, the person's next visit, or the next sweep carry the news.
import { type Notification, sendAll } from '../notify';
import type { Database } from '../sdk';

/** How many notices went out and how many failed (logged), for callers and tests that care. */
export interface NoticeOutcome {
  sent: number;
  failed: number;
}

/**
 * Sends the messages together (notify's sendAll: the inbox entries in one batch), yet one person's
 * failure does not keep the others from hearing. `messages` may read what it needs (who to tell);
 * a failure there is logged like a failed send.
 */
export async function tellAfterWrite(
  database: Database,
  subject: string,
  what: string,
  messages: () => Promise<Notification[]> | Notification[],
  now: Date,
): Promise<NoticeOutcome> {
  let list: Notification[];
  try {
    list = await messages();
  } catch (error) {
    console.error(`[${subject}] notice failed: ${what} (finding who to tell)`, error);
    return { sent: 0, failed: 1 };
  }
  if (list.length === 0) return { sent: 0, failed: 0 };
  let failed = 0;
  for (const item of await sendAll(database, list, now)) {
    if (item.error === undefined) continue;
    failed += 1;
    console.error(`[${subject}] notice failed: ${what} → ${item.message.template} ${item.message.openid}`, item.error);
  }
  return { sent: list.length - failed, failed };
}

/** What a staff alert (待办/超时提醒) says about one object of a subject. */
export interface StaffAlert {
  /** the object's id: with the title, what the log names when a notice fails */
  id: string;
  title: string;
  body: string;
  /** the template's subject line */
  subject: string;
  no: string;
  due: Date;
  page: string;
}

/** Each member of staff named (once each) is told something needs them, after the write. */
export function tellStaffAlert(database: Database, source: string, openids: Iterable<string>, alert: StaffAlert, now: Date): Promise<NoticeOutcome> {
  const people = [...new Set(openids)];
  return tellAfterWrite(
    database,
    source,
    `staff ${alert.id} ${alert.title}`,
    () =>
      people.map((openid) => ({
        openid,
        template: 'staffAlert' as const,
        title: alert.title,
        body: alert.body,
        values: { subject: alert.subject, no: alert.no, due: alert.due, note: alert.body },
        page: alert.page,
      })),
    now,
  );
}
