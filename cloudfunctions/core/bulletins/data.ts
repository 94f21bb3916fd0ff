// Notice data access: lookups, the one conditional write every transition goes through, the
// number taken at approval, and owners' reads.
import { type Database, isDuplicateError } from '../sdk';
import { shanghaiDate } from '../time';
import { claimGaplessNumber } from '../workflow/number';
import { type Store, writeStep } from '../workflow/write';
import { NOTICES, NOTICE_NUMBERS, NOTICE_READS, type NoticeDoc, type NoticeEventDoc, type NoticeReadDoc, noticeNo } from './model';

export async function findNotice(database: Database, id: string): Promise<NoticeDoc | null> {
  return (await database.collection<NoticeDoc>(NOTICES).where({ _id: id }).limit(1).get()).data[0] ?? null;
}

const NOTICE_STORE: Store<NoticeDoc> = { collection: NOTICES, whole: ['fanout'], stale: '通知状态已变化，请刷新后重试' };

/** The conditional write on `{_id, state, rev}` with its event: CONFLICT when someone moved it first. */
export async function writeNotice(database: Database, n: NoticeDoc, changes: Partial<Omit<NoticeDoc, '_id' | 'rev' | 'events'>>, event: NoticeEventDoc): Promise<NoticeDoc> {
  await writeStep(database, NOTICE_STORE, n, changes, { events: [event] });
  return { ...n, ...changes, rev: n.rev + 1, events: [...n.events, event] };
}

/**
 * The notice's number, from its community's gapless yearly sequence. Called only once the
 * approval has been written (so no number is taken by a notice that then fails to publish), and
 * again by the fan-out for a notice whose approving call died before this: the claim is the
 * notice's own, so asking twice gives the same number.
 */
export async function numberNotice(database: Database, n: NoticeDoc, now: Date): Promise<NoticeDoc> {
  if (n.no !== null) return n;
  const at = n.publishedAt ?? now;
  const date = shanghaiDate(at);
  const year = Number(date.slice(0, 4));
  const seq = await claimGaplessNumber(database, NOTICE_NUMBERS, `${n.communityId}:${year}`, n._id, now, '审批的通知太多，请稍后重试');
  const numbered = { no: noticeNo(year, seq), year, seq, date };
  // not a state change: conditional on the number not being set, so it never moves
  await database.collection<NoticeDoc>(NOTICES).where({ _id: n._id, no: null }).update({ data: numbered });
  return { ...n, ...numbered };
}

/** An owner's first open of a notice counts once (the read's id is fixed by notice and person). */
export async function countRead(database: Database, n: NoticeDoc, openid: string, now: Date): Promise<boolean> {
  try {
    await database.collection<NoticeReadDoc>(NOTICE_READS).add({ data: { _id: `${n._id}:${openid}`, noticeId: n._id, openid, at: now } });
  } catch (error) {
    if (isDuplicateError(error)) return false;
    throw error;
  }
  await database
    .collection<NoticeDoc>(NOTICES)
    .where({ _id: n._id })
    .update({ data: { readCount: database.command.inc(1) } });
  return true;
}

export async function hasRead(database: Database, noticeId: string, openid: string): Promise<boolean> {
  return (
    (
      await database
        .collection<NoticeReadDoc>(NOTICE_READS)
        .where({ _id: `${noticeId}:${openid}` })
        .limit(1)
        .get()
    ).data.length > 0
  );
}
