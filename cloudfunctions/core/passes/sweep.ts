// The pass sweep (`passSweep`, every minute): tells the lead and the stewards once when a pass's
// 15-minute decision clock has run out undecided, and writes `expired` on passes whose window
// ended unused. It reads only passes that are due (indexed on `nextDueAt`), so its cost follows
// what is due, not what is stored. The runner (core/workflow/sweep.ts) gives the exactly-once of
// every sweep (docs/rules.md): a lease keyed by pass and decision deadline, holding the notice's
// text and recipients, then the claim — an update conditional on the revision read, writing
// `alerts.breach` — then the notices, then the lease removed; a dead run's lease is resumed.
import type { StaffDoc } from '../accounts/model';
import type { Database } from '../sdk';
import { spanText } from '../../../types/sla';
import { defaultPassPolicy } from '../sla/passes';
import { type Faults, type LeaseDoc, type SweepRun, alertOnce, resumeAlert, runSweep, toEach } from '../workflow/sweep';
import { PASSES, expireIfLapsed } from './data';
import type { PassDoc } from './model';
import { passPage, stewardsFor, windowText } from './notices';
import { effectiveState, isDecidable, passNextDueAt } from './states';

/** A breach alert in hand: everything needed to deliver it again, whatever the pass is now. */
export interface PassLeaseDoc extends LeaseDoc {
  /** `passes:<pass id>:<decision deadline ms>` */
  _id: string;
  passId: string;
  no: string;
  /** the lead and the duty/area stewards */
  openids: string[];
  body: string;
  subject: string;
  items: string;
  due: Date;
}

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
  faults?: Faults;
}

function finish(run: SweepRun, lease: PassLeaseDoc): Promise<boolean> {
  return run.deliver(lease._id, () =>
    toEach(lease, (openid) => ({
      openid,
      template: 'staffAlert',
      title: '放行审批已超时',
      body: lease.body,
      values: { subject: lease.subject, no: lease.no, due: lease.due, note: lease.items },
      page: passPage(lease.passId),
    })),
  );
}

export async function sweepPasses(database: Database, options: PassSweepOptions): Promise<PassSweepResult> {
  const result: PassSweepResult = { read: 0, alerted: 0, expired: 0, resumed: 0 };
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

  async function alertBreach(run: SweepRun, p: PassDoc): Promise<boolean> {
    const due = p.clock?.at ?? run.now;
    const staff = await staffOf(p.communityId);
    const items = p.items.map((i) => `${i.name}×${i.count}`).join('、');
    const lease: PassLeaseDoc = {
      ...run.lease(`passes:${p._id}:${due.getTime()}`),
      passId: p._id,
      no: p.no,
      openids: [...new Set([...staff.filter((s) => s.role === 'lead').map((s) => s.openid), ...stewardsFor(staff, p.building)])],
      body: `${p.unit} ${p.no}：${items}（${windowText(p.from, p.to)}）超过 ${spanText(defaultPassPolicy.decide)}未审批，请立即处理`,
      subject: `${p.unit} 物品放行审批超时`,
      items,
      due,
    };
    return alertOnce(run, p, { collection: PASSES, name: 'breach', lease, finish, also: (alerts) => ({ nextDueAt: passNextDueAt({ ...p, alerts }) }) });
  }

  const stats = await runSweep<PassDoc, PassLeaseDoc>(
    database,
    {
      name: 'passSweep',
      source: 'passes',
      collection: PASSES,
      dueField: 'nextDueAt',
      async handle(run, p) {
        const { now } = run;
        if (effectiveState(p, now) === 'expired') {
          await expireIfLapsed(database, p, now);
          result.expired += 1;
        } else if (isDecidable(p) && p.clock && !p.clock.metAt && p.clock.at <= now && !p.alerts?.breach) {
          if (await alertBreach(run, p)) result.alerted += 1;
        }
      },
      async resume(run, lease) {
        if (await resumeAlert(run, lease.passId, { collection: PASSES, name: 'breach', lease, finish })) result.resumed += 1;
      },
    },
    options,
  );
  result.read = stats.read;
  return result;
}
