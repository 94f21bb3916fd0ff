// The keys' part of the front desk timer (frontdeskSweep): a loan still out past its due-back time
// alerts its keeper and the duty stewards, once. Through the sweep runner (core/workflow/sweep.ts):
// a lease keyed by loan, the claim (an update conditional on the revision read, writing
// `alerts.overdue`), the notices, the lease removed; a dead run's lease is resumed.
import type { StaffDoc } from '../accounts/model';
import type { Database } from '../sdk';
import { chineseDateTime } from '../time';
import { type Faults, type LeaseDoc, type SweepRun, alertOnce, resumeAlert, runSweep, toEach } from '../workflow/sweep';
import { KEY_LOANS } from './data';
import type { LoanDoc } from './model';

export interface LoanLeaseDoc extends LeaseDoc {
  loanId: string;
  keyId: string;
  no: string;
  openids: string[];
  body: string;
  subject: string;
  due: Date;
}

export interface KeySweepResult {
  read: number;
  alerted: number;
  resumed: number;
}

// the loan's key, with its loans and what the keeper may do next
const page = (keyId: string) => `/packages/frontdesk/lend/index?id=${keyId}`;

function finish(run: SweepRun, lease: LoanLeaseDoc): Promise<boolean> {
  return run.deliver(lease._id, () =>
    toEach(lease, (openid) => ({
      openid,
      template: 'staffAlert',
      title: '借用钥匙逾期未还',
      body: lease.body,
      values: { subject: lease.subject, no: lease.no, due: lease.due, note: lease.body },
      page: page(lease.keyId ?? lease.loanId),
    })),
  );
}

export async function sweepKeyLoans(database: Database, options: { now: Date; budgetMs?: number; faults?: Faults }): Promise<KeySweepResult> {
  const result: KeySweepResult = { read: 0, alerted: 0, resumed: 0 };
  const duty = new Map<string, Promise<string[]>>();
  const dutyOf = (communityId: string) => {
    let found = duty.get(communityId);
    if (!found) {
      found = database
        .collection<StaffDoc>('staff')
        .where({ communityId, role: 'steward', kind: 'duty', active: true })
        .limit(50)
        .get()
        .then((r) => r.data.map((s) => s.openid));
      duty.set(communityId, found);
    }
    return found;
  };

  const stats = await runSweep<LoanDoc, LoanLeaseDoc>(
    database,
    {
      name: 'frontdeskSweep',
      source: 'keyLoans',
      collection: KEY_LOANS,
      dueField: 'nextDueAt',
      async handle(run, l) {
        const { now } = run;
        if (l.state !== 'out' || l.alerts?.overdue || l.dueBack > now) return;
        const lease: LoanLeaseDoc = {
          ...run.lease(`keyLoans:${l._id}:overdue`),
          loanId: l._id,
          keyId: l.keyId,
          no: l.no,
          openids: [...new Set([l.keeper, ...(l.lentBy ? [l.lentBy] : []), ...(await dutyOf(l.communityId))])],
          body: `钥匙 ${l.tag} 由${l.borrowerName}借用（${l.purpose}），应于 ${chineseDateTime(l.dueBack)} 归还，尚未归还`,
          subject: `钥匙 ${l.tag} 逾期未还`,
          due: l.dueBack,
        };
        if (await alertOnce(run, l, { collection: KEY_LOANS, name: 'overdue', lease, finish, also: () => ({ nextDueAt: null }) })) result.alerted += 1;
      },
      async resume(run, lease) {
        if (await resumeAlert(run, lease.loanId, { collection: KEY_LOANS, name: 'overdue', lease, finish })) result.resumed += 1;
      },
    },
    options,
  );
  result.read = stats.read;
  return result;
}
