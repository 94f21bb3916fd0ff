// A published notice reaches every inbox of its community exactly once (SPEC §15), through the
// timer `noticeSweep` on the workflow sweep (core/workflow/sweep.ts): a notice is due while its
// `fanoutDueAt` is set. One run at a time works a notice, under a lease; it walks the community's
// active bindings in `_id` order, 100 a page, delivering each page through notify's `deliverOnce`
// keyed by the notice (so a person's inbox entry has a fixed id, and a person bound to two units,
// or a page delivered twice, still gets one entry and at most one subscription message), then
// moves the notice's cursor past the page, conditional on the cursor it read. A run that reaches
// its budget releases the lease and leaves the notice due: the next run goes on from the cursor.
// A run killed anywhere leaves its lease to expire; the run that takes it over resumes from the
// cursor, and the page the dead run had delivered but not yet recorded is delivered again — to no
// effect. A notice revoked mid-way stops there.
import type { BindingDoc } from '../accounts/model';
import { type Notification, deliverOnce } from '../notify';
import type { Database } from '../sdk';
import { type LeaseDoc, runSweep, type SweepOptions, type SweepRun, type SweepStats, type SweepSubject } from '../workflow/sweep';
import { findNotice, numberNotice } from './data';
import { NOTICES, type NoticeDoc } from './model';

export const NOTICE_SWEEP = 'noticeSweep';
/** bindings per page: the SDK's page */
const PAGE = 100;
/** deliveries at once within a page (each is a few writes, waiting on the database) */
const AT_ONCE = 25;

interface FanoutLease extends LeaseDoc {
  noticeId: string;
}

const leaseId = (noticeId: string) => `${NOTICE_SWEEP}:${noticeId}:fanout`;
/** the `deliverOnce` key: one inbox entry per notice and person */
export const deliveryKey = (noticeId: string) => `notice:${noticeId}`;

export function noticeMessage(n: NoticeDoc, openid: string): Notification {
  return {
    openid,
    template: 'communityNotice',
    title: `社区通知：${n.title}`,
    body: `${n.department}发布${n.no ? ` ${n.no}` : ''}《${n.title}》，请点击查看全文。`,
    values: { title: n.title, from: n.department, at: n.publishedAt ?? n.updatedAt, note: n.no ?? '请查看全文' },
    page: `/packages/community/notice/index?id=${n._id}`,
  };
}

async function stop(database: Database, id: string): Promise<void> {
  await database
    .collection<NoticeDoc>(NOTICES)
    .where({ _id: id })
    .update({ data: { fanoutDueAt: null } });
}

/** Works one notice's fan-out under this run's lease, page by page, until done or out of budget. */
async function fanOut(run: SweepRun, noticeId: string, lease: string): Promise<void> {
  const { database, now } = run;
  const _ = database.command;
  for (;;) {
    run.alive();
    let n = await findNotice(database, noticeId);
    if (!n || n.state !== 'published' || !n.fanout || n.fanout.done) {
      if (n?.fanoutDueAt) await stop(database, noticeId);
      await run.release(lease);
      return;
    }
    // a notice whose approving call died before its number was written gets it here
    n = await numberNotice(database, n, now);
    if (run.overBudget()) {
      await run.release(lease);
      return;
    }
    const from = n.fanout!.cursor;
    const where: Record<string, unknown> = { communityId: n.communityId, state: 'active' };
    if (from !== null) where._id = _.gt(from);
    const page = (await database.collection<BindingDoc>('bindings').where(where).orderBy('_id', 'asc').limit(PAGE).get()).data;
    const people = [...new Set(page.map((b) => b.openid))];
    for (let i = 0; i < people.length; i += AT_ONCE) {
      run.alive();
      await Promise.all(people.slice(i, i + AT_ONCE).map((openid) => deliverOnce(database, deliveryKey(noticeId), noticeMessage(n!, openid), now)));
    }
    // the page is delivered: a fault injected here kills the run before its cursor moves
    run.claimed();
    const last = page.length < PAGE;
    const data: Record<string, unknown> = { 'fanout.reached': _.inc(page.length) };
    if (page.length > 0) data['fanout.cursor'] = page[page.length - 1]._id;
    if (last) Object.assign(data, { 'fanout.done': true, fanoutDueAt: null });
    await database.collection<NoticeDoc>(NOTICES).where({ _id: noticeId, 'fanout.cursor': from }).update({ data });
    if (last) {
      await run.release(lease);
      return;
    }
  }
}

const subject: SweepSubject<NoticeDoc, FanoutLease> = {
  name: NOTICE_SWEEP,
  source: NOTICE_SWEEP,
  collection: NOTICES,
  dueField: 'fanoutDueAt',
  orderById: true,
  async handle(run, doc) {
    const id = leaseId(doc._id);
    // another run holds it: alive (it goes on) or dead (its lease expires and is resumed)
    if (!(await run.take({ ...run.lease(id), noticeId: doc._id } as FanoutLease))) return;
    await fanOut(run, doc._id, id);
  },
  async resume(run, lease) {
    await fanOut(run, lease.noticeId, lease._id);
  },
};

export function sweepNotices(database: Database, options: SweepOptions): Promise<SweepStats> {
  return runSweep(database, subject, options);
}
