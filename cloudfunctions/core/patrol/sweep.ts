// The patrol sweep (`patrolSweep`, every 5 minutes): a problem found on patrol and not handled
// 3 days later is reported to the lead once; a shift not handed over 30 minutes after its time is
// reported to the lead once. Both through the workflow core's lease-based runner
// (core/workflow/sweep.ts): a lease keyed by the object and what it is about, then the claim — an
// update conditional on the revision read, writing `alerts.<what>` — then the notices, then the
// lease removed; a run that died is resumed by the first run after its lease.
// Handovers nobody opened still come due: each run first makes sure the last day's handovers of
// every community exist (one read, and a write only for a missing one).
import { spanText } from '../../../types/sla';
import { HANDOVER_GRACE, PROBLEM_ESCALATE_AFTER } from '../../../types/patrol';
import type { CommunityDoc, StaffDoc } from '../accounts/model';
import type { Database } from '../sdk';
import { chineseDateTime } from '../time';
import { type Faults, type LeaseDoc, type SweepRun, runSweep, toEach } from '../workflow/sweep';
import { HANDOVERS, type HandoverDoc, PROBLEMS, type ProblemDoc } from './model';
import { ensureHandover, handoverPage, shiftTimes } from './handover';
import { problemPage } from './problems';
import { handoverId, handoversBetween } from './rules';

interface AlertLease extends LeaseDoc {
  objectId: string;
  no: string;
  openids: string[];
  title: string;
  body: string;
  subject: string;
  due: Date;
  page: string;
}

export interface PatrolSweepResult {
  problems: { read: number; alerted: number; resumed: number };
  handovers: { read: number; alerted: number; resumed: number; made: number };
}

export interface PatrolSweepOptions {
  now: Date;
  budgetMs: number;
  faults?: Faults;
}

const finish = (run: SweepRun, lease: AlertLease) =>
  run.deliver(lease._id, () =>
    toEach(lease, (openid) => ({
      openid,
      template: 'staffAlert',
      title: lease.title,
      body: lease.body,
      values: { subject: lease.subject, no: lease.no, due: lease.due, note: lease.body },
      page: lease.page,
    })),
  );

export async function sweepPatrol(database: Database, options: PatrolSweepOptions): Promise<PatrolSweepResult> {
  const result: PatrolSweepResult = { problems: { read: 0, alerted: 0, resumed: 0 }, handovers: { read: 0, alerted: 0, resumed: 0, made: 0 } };
  const leadsCache = new Map<string, Promise<string[]>>();
  const leadsOf = (communityId: string) => {
    let found = leadsCache.get(communityId);
    if (!found) {
      found = database
        .collection<StaffDoc>('staff')
        .where({ communityId, role: 'lead', active: true })
        .limit(100)
        .get()
        .then((r) => r.data.map((s) => s.openid));
      leadsCache.set(communityId, found);
    }
    return found;
  };

  /** The lease, the claim conditional on the revision read, the notices. */
  async function alert(
    run: SweepRun,
    collection: string,
    doc: { _id: string; rev: number; alerts: Record<string, Date> },
    what: string,
    lease: AlertLease,
    next: Date | null,
  ): Promise<boolean> {
    const _ = database.command;
    if (!(await run.take(lease))) return false;
    const alerts = { ...doc.alerts, [what]: run.now };
    const claimed = await database
      .collection(collection)
      .where({ _id: doc._id, rev: doc.rev })
      .update({ data: { alerts: _.set(alerts), rev: _.inc(1), nextDueAt: next } });
    if (claimed.stats.updated !== 1) {
      await run.release(lease._id);
      return false;
    }
    run.claimed();
    return finish(run, lease);
  }

  async function resumeFrom(run: SweepRun, collection: string, lease: AlertLease, what: string): Promise<boolean> {
    const found = await database.collection<{ alerts: Record<string, Date> }>(collection).where({ _id: lease.objectId }).field({ alerts: true }).limit(1).get();
    if (found.data[0]?.alerts?.[what]?.getTime() === lease.createdAt.getTime()) return finish(run, lease);
    await run.release(lease._id);
    return false;
  }

  const problems = await runSweep<ProblemDoc, AlertLease>(
    database,
    {
      name: 'patrolSweep',
      source: 'patrolProblems',
      collection: PROBLEMS,
      dueField: 'nextDueAt',
      orderById: true,
      async handle(run, p) {
        if (p.state === 'handled' || p.alerts?.escalated) return;
        const lease: AlertLease = {
          ...run.lease(`patrolProblems:${p._id}:escalated`),
          objectId: p._id,
          no: p.no,
          openids: await leadsOf(p.communityId),
          title: '巡查问题超期未处理',
          body: `${p.unit}：${p.text}（${p.foundByName} ${chineseDateTime(p.foundAt)} 发现）超过 ${spanText(PROBLEM_ESCALATE_AFTER)}仍未处理`,
          subject: `${p.building}栋巡查问题超期`,
          due: p.nextDueAt ?? run.now,
          page: problemPage(p._id),
        };
        if (await alert(run, PROBLEMS, p, 'escalated', lease, null)) result.problems.alerted += 1;
      },
      async resume(run, lease) {
        if (await resumeFrom(run, PROBLEMS, lease, 'escalated')) result.problems.resumed += 1;
      },
    },
    options,
  );
  result.problems.read = problems.read;

  result.handovers.made = await makeRecentHandovers(database, options.now);
  const handovers = await runSweep<HandoverDoc, AlertLease>(
    database,
    {
      name: 'patrolSweep',
      source: 'handovers',
      collection: HANDOVERS,
      dueField: 'nextDueAt',
      orderById: true,
      async handle(run, h) {
        if (h.state === 'accepted' || h.alerts?.late) return;
        const lease: AlertLease = {
          ...run.lease(`handovers:${h._id}:late`),
          objectId: h._id,
          no: h._id.split(':')[1] ?? h._id,
          openids: await leadsOf(h.communityId),
          title: '交接班超时未完成',
          body: `${chineseDateTime(h.at)} 的交接班超过 ${spanText(HANDOVER_GRACE)}仍未完成${h.state === 'disputed' ? '（接班人有异议）' : h.state === 'submitted' ? '（等待接班人确认）' : ''}`,
          subject: '交接班超时',
          due: h.nextDueAt ?? run.now,
          page: handoverPage(h._id),
        };
        if (await alert(run, HANDOVERS, h, 'late', lease, null)) result.handovers.alerted += 1;
      },
      async resume(run, lease) {
        if (await resumeFrom(run, HANDOVERS, lease, 'late')) result.handovers.resumed += 1;
      },
    },
    options,
  );
  result.handovers.read = handovers.read;
  return result;
}

/** The last day's handovers of every community, made where missing (so an untouched shift still comes due). */
async function makeRecentHandovers(database: Database, now: Date): Promise<number> {
  const _ = database.command;
  const communities = await database.collection<CommunityDoc>('communities').limit(100).get();
  let made = 0;
  for (const c of communities.data) {
    const times = await shiftTimes(database, c._id);
    const since = new Date(now.getTime() - 86_400_000);
    const instants = handoversBetween(since, now, times);
    if (instants.length === 0) continue;
    const ids = instants.map((t) => handoverId(c._id, t));
    const existing = await database
      .collection<HandoverDoc>(HANDOVERS)
      .where({ _id: _.in(ids) })
      .field({ _id: true })
      .limit(100)
      .get();
    const have = new Set(existing.data.map((h) => h._id));
    const all = handoversBetween(new Date(since.getTime() - 86_400_000), now, times);
    for (const at of instants) {
      if (have.has(handoverId(c._id, at))) continue;
      const i = all.findIndex((t) => t.getTime() === at.getTime());
      await ensureHandover(database, c._id, { from: all[i - 1] ?? new Date(at.getTime() - 43_200_000), to: at });
      made += 1;
    }
  }
  return made;
}
