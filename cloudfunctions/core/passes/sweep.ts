// The pass sweep (`passSweep`, every minute): tells the lead and the stewards once when a pass's
// 15-minute decision clock has run out undecided, and writes `expired` on passes whose window
// ended unused. It reads only passes that are due (indexed on `nextDueAt`), so its cost follows
// what is due, not what is stored. Exactly once as the SLA and question sweeps do it (docs/rules.md):
// a lease in `alertLeases` first (keyed by pass and decision deadline, holding the notice's text and
// recipients), then the claim — an update conditional on the revision read, writing `alerts.breach`
// — then the notices through notify's `deliverOnce`, then the lease removed. A run that dies after
// its claim leaves the lease, which the first run after LEASE_MS takes over and delivers: no inbox
// entry twice, no push twice, none lost but a push whose WeChat call was in flight.
import type { StaffDoc } from '../accounts/model';
import { type LeaseRun, type RecipientLease, LEASE_MS, deliverLease, leaseRun, releaseLease, resumeExpiredLeases, takeLease } from '../notify/leases';
import type { Database } from '../sdk';
import { spanText } from '../../../types/sla';
import { defaultPassPolicy } from '../sla/passes';
import { PASSES, expireIfLapsed } from './data';
import type { PassDoc } from './model';
import { passPage, stewardsFor, windowText } from './notices';
import { effectiveState, isDecidable, passNextDueAt } from './states';

/** A breach alert in hand: everything needed to deliver it again, whatever the pass is now. */
export interface PassLeaseDoc extends RecipientLease {
  /** `passes:<pass id>:<decision deadline ms>` */
  _id: string;
  source: 'passes';
  passId: string;
  no: string;
  /** the lead and the duty/area stewards */
  openids: string[];
  body: string;
  subject: string;
  items: string;
  due: Date;
}

const PAGE = 100;

export interface PassSweepResult {
  read: number;
  /** alerts claimed and sent */
  alerted: number;
  expired: number;
  /** alerts a dead run had claimed, delivered by this run */
  resumed: number;
}

export interface PassSweepOptions {
  now: Date;
  budgetMs: number;
  /** tests: the instance dies right after this many claims, before their notices */
  crashAfterClaims?: number;
}

async function alertBreach(run: LeaseRun, p: PassDoc, staffOf: (communityId: string) => Promise<StaffDoc[]>): Promise<boolean> {
  const { database, now } = run;
  const _ = database.command;
  const due = p.clock?.at ?? now;
  const staff = await staffOf(p.communityId);
  const items = p.items.map((i) => `${i.name}×${i.count}`).join('、');
  const lease: PassLeaseDoc = {
    _id: `passes:${p._id}:${due.getTime()}`,
    source: 'passes',
    passId: p._id,
    no: p.no,
    openids: [...new Set([...staff.filter((s) => s.role === 'lead').map((s) => s.openid), ...stewardsFor(staff, p.building)])],
    body: `${p.unit} ${p.no}：${items}（${windowText(p.from, p.to)}）超过 ${spanText(defaultPassPolicy.decide)}未审批，请立即处理`,
    subject: `${p.unit} 物品放行审批超时`,
    items,
    due,
    token: run.token,
    until: new Date(now.getTime() + LEASE_MS),
    attempts: 0,
    createdAt: now,
  };
  // another run has it in hand (or died with it: its lease is resumed)
  if (!(await takeLease(run, lease))) return false;
  // `breach` is the claim's time, the lease's `createdAt`: tells a resumed lease its claim landed
  const alerts = { ...p.alerts, breach: now };
  const claimed = await database
    .collection<PassDoc>(PASSES)
    .where({ _id: p._id, rev: p.rev })
    .update({ data: { alerts: _.set(alerts), rev: _.inc(1), nextDueAt: passNextDueAt({ ...p, alerts }) } });
  if (claimed.stats.updated !== 1) {
    // changed meanwhile (decided, or another run claimed it): nothing to tell
    await releaseLease(run, lease._id);
    return false;
  }
  run.claims += 1;
  return finish(run, lease);
}

function finish(run: LeaseRun, lease: PassLeaseDoc): Promise<boolean> {
  return deliverLease(
    run,
    lease,
    (openid) => ({
      openid,
      template: 'staffAlert',
      title: '放行审批已超时',
      body: lease.body,
      values: { subject: lease.subject, no: lease.no, due: lease.due, note: lease.items },
      page: passPage(lease.passId),
    }),
    'passSweep',
  );
}

/** Leases held past LEASE_MS (their run died): taken over and delivered if their claim landed. */
function resumeExpired(run: LeaseRun, overBudget: () => boolean): Promise<number> {
  return resumeExpiredLeases<PassLeaseDoc>(
    run,
    'passes',
    overBudget,
    async (lease) => {
      const found = await run.database.collection<PassDoc>(PASSES).where({ _id: lease.passId }).field({ alerts: true }).limit(1).get();
      return found.data[0]?.alerts?.breach?.getTime() === lease.createdAt.getTime();
    },
    (lease) => finish(run, lease),
    'passSweep',
  );
}

export async function sweepPasses(database: Database, options: PassSweepOptions): Promise<PassSweepResult> {
  const { now, budgetMs } = options;
  const started = Date.now();
  const run = leaseRun(database, now, options.crashAfterClaims);
  const result: PassSweepResult = { read: 0, alerted: 0, expired: 0, resumed: 0 };
  result.resumed = await resumeExpired(run, () => Date.now() - started >= budgetMs);
  const seen = new Set<string>();
  // the community's stewards and leads, read once per run rather than once per alert
  const staffCache = new Map<string, Promise<StaffDoc[]>>();
  const staffOf = (communityId: string) => {
    let found = staffCache.get(communityId);
    if (!found) {
      found = database
        .collection<StaffDoc>('staff')
        .where({ communityId, role: database.command.in(['steward', 'lead']), active: true })
        .limit(100)
        .get()
        .then((r) => r.data);
      staffCache.set(communityId, found);
    }
    return found;
  };
  while (Date.now() - started < budgetMs) {
    const due = (await database.collection<PassDoc>(PASSES).where({ nextDueAt: database.command.lte(now) }).orderBy('nextDueAt', 'asc').limit(PAGE).get()).data;
    const fresh = due.filter((p) => !seen.has(p._id));
    if (fresh.length === 0) break;
    for (const p of fresh) {
      seen.add(p._id);
      result.read += 1;
      if (effectiveState(p, now) === 'expired') {
        await expireIfLapsed(database, p, now);
        result.expired += 1;
      } else if (isDecidable(p) && p.clock && !p.clock.metAt && p.clock.at <= now && !p.alerts?.breach) {
        if (await alertBreach(run, p, staffOf)) result.alerted += 1;
      }
    }
  }
  return result;
}
