// The overdue sweep for questions (questionSweep, every minute): a reply the owner waits for that
// is past its clock (10 minutes, 24 hours for a complex question, the same span for a follow-up)
// is brought to the lead and to whoever holds it (the stewards for the building when nobody does).
// It reads only questions whose `alertAt` has passed (index `alert_at`), so its cost follows what
// is overdue, not what is stored. Exactly once as the SLA sweep does it (docs/rules.md): a lease in
// `alertLeases` first (keyed by question and the deadline it is about, holding the notice's text
// and recipients), then the claim — an update conditional on the revision and on `alertAt` read —
// then the notices through notify's `deliverOnce`, then the lease removed. A run that dies after
// its claim leaves the lease, which the first run after LEASE_MS takes over and delivers: no inbox
// entry twice, no push twice, none lost but a push whose WeChat call was in flight.
import { performance } from 'node:perf_hooks';
import { questionCategoryLabels } from '../../../types/labels';
import type { Database } from '../sdk';
import { staffOf } from '../tickets/data';
import { type LeaseRun, type RecipientLease, LEASE_MS, deliverLease, leaseRun, releaseLease, resumeExpiredLeases, takeLease } from '../notify/leases';
import { type QuestionDoc, type QuestionEventDoc, QUESTIONS } from './model';
import { questionPage, stewardsFor } from './notices';
import { span } from './text';

/** An overdue alert in hand: everything needed to deliver it again, whatever the question is now. */
export interface QuestionLeaseDoc extends RecipientLease {
  /** `questions:<question id>:<replyDue ms>` */
  _id: string;
  source: 'questions';
  questionId: string;
  /** the claim's `alertedFor`: tells a resumed lease whether its claim landed */
  alertFor: number;
  no: string;
  /** staff openids (the lead, the holder or stewards) */
  openids: string[];
  title: string;
  body: string;
  due: Date;
}

const PAGE = 100;

export interface QuestionSweepResult {
  /** overdue questions read */
  read: number;
  /** alerts claimed and sent */
  alerted: number;
  /** alerts a dead run had claimed, delivered by this run */
  resumed: number;
}

export interface QuestionSweepOptions {
  now: Date;
  budgetMs: number;
  /** tests: the instance dies right after this many claims, before their notices */
  crashAfterClaims?: number;
}

export async function sweepQuestions(database: Database, options: QuestionSweepOptions): Promise<QuestionSweepResult> {
  const { now, budgetMs } = options;
  const run = leaseRun(database, now, options.crashAfterClaims);
  const started = performance.now();
  const _ = database.command;
  const questions = database.collection<QuestionDoc>(QUESTIONS);
  const tried = new Set<string>();
  // who to tell, read once per community (and building) per run, not once per question
  const people = new Map<string, Promise<string[]>>();
  const once = (key: string, load: () => Promise<string[]>) => {
    if (!people.has(key)) people.set(key, load());
    return people.get(key) as Promise<string[]>;
  };
  const whom: Whom = {
    leads: (communityId) => once(`leads:${communityId}`, async () => (await staffOf(database, communityId, ['lead'])).map((s) => s.openid)),
    stewards: (communityId, building) => once(`stewards:${communityId}:${building}`, () => stewardsFor(database, communityId, building)),
  };
  let read = 0;
  let alerted = 0;
  const resumed = await resumeExpired(run, () => performance.now() - started >= budgetMs);
  while (performance.now() - started < budgetMs) {
    const page = await questions.where({ alertAt: _.lte(now) }).orderBy('alertAt', 'asc').orderBy('_id', 'asc').limit(PAGE).get();
    // a question whose claim was lost to a concurrent change is left for the next run
    const fresh = page.data.filter((q) => !tried.has(q._id));
    if (fresh.length === 0) break;
    for (const q of fresh) {
      tried.add(q._id);
      read += 1;
      if (await claimAndTell(run, q, whom)) alerted += 1;
      if (performance.now() - started >= budgetMs) break;
    }
  }
  return { read, alerted, resumed };
}

interface Whom {
  leads(communityId: string): Promise<string[]>;
  stewards(communityId: string, building: string): Promise<string[]>;
}

async function claimAndTell(run: LeaseRun, q: QuestionDoc, whom: Whom): Promise<boolean> {
  const { database, now } = run;
  const _ = database.command;
  const open = (q.state === 'waiting' || q.state === 'claimed') && q.replyDue && q.waitingSince;
  if (!open || !q.replyDue || !q.waitingSince) {
    // nothing waits any more (the write that ended the wait predates alertAt's clearing): tidy up
    await database.collection(QUESTIONS).where({ _id: q._id, rev: q.rev, alertAt: q.alertAt }).update({ data: { alertAt: null } });
    return false;
  }
  const waited = span(now.getTime() - q.waitingSince.getTime());
  const leads = await whom.leads(q.communityId);
  const holders = q.handler ? [q.handler] : await whom.stewards(q.communityId, q.building);
  const what = q.firstAnsweredAt ? '追问未回复' : q.complex ? '复杂问题超时未答复' : '咨询超时未答复';
  const alertFor = q.replyDue.getTime();
  const lease: QuestionLeaseDoc = {
    _id: `questions:${q._id}:${alertFor}`,
    source: 'questions',
    questionId: q._id,
    alertFor,
    no: q.no,
    openids: [...new Set([...holders, ...leads])],
    title: `${what} ${q.unit}`,
    body: `${q.no} ${questionCategoryLabels[q.category]}：${q.text}（已等待 ${waited}）`,
    due: q.replyDue,
    token: run.token,
    until: new Date(now.getTime() + LEASE_MS),
    attempts: 0,
    createdAt: now,
  };
  // another run has it in hand (or died with it: its lease is resumed)
  if (!(await takeLease(run, lease))) return false;
  const event: QuestionEventDoc = { action: 'escalate', actorRole: 'system', actorId: 'system', actorName: null, at: now, note: `已等待 ${waited}` };
  const claimed = await database
    .collection(QUESTIONS)
    .where({ _id: q._id, rev: q.rev, alertAt: q.alertAt })
    .update({ data: { alertAt: null, alertedFor: alertFor, rev: _.inc(1), events: _.push([event]) } });
  if (claimed.stats.updated !== 1) {
    await releaseLease(run, lease._id);
    return false;
  }
  run.claims += 1;
  return finish(run, lease);
}

/** Delivers a claimed alert from its lease, then drops the lease; a failure leaves it for a later run. */
function finish(run: LeaseRun, lease: QuestionLeaseDoc): Promise<boolean> {
  return deliverLease(
    run,
    lease,
    (openid) => ({ openid, template: 'staffAlert', title: lease.title, body: lease.body, values: { subject: `咨询：${lease.title}`, no: lease.no, due: lease.due, note: lease.body }, page: questionPage(lease.questionId) }),
    'questionSweep',
  );
}

/** Leases held past LEASE_MS (their run died): taken over and delivered if their claim landed. */
function resumeExpired(run: LeaseRun, overBudget: () => boolean): Promise<number> {
  return resumeExpiredLeases<QuestionLeaseDoc>(
    run,
    'questions',
    overBudget,
    async (lease) => {
      const found = await run.database.collection<QuestionDoc>(QUESTIONS).where({ _id: lease.questionId }).field({ alertedFor: true }).limit(1).get();
      return found.data[0]?.alertedFor === lease.alertFor;
    },
    (lease) => finish(run, lease),
    'questionSweep',
  );
}
