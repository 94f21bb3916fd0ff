// The overdue sweep for questions (questionSweep, every minute): a reply the owner waits for that
// is past its clock (10 minutes, 24 hours for a complex question, the same span for a follow-up)
// is brought to the lead and to whoever holds it (the stewards for the building when nobody does).
// It reads only questions whose `alertAt` has passed (index `alert_at`), so its cost follows what
// is overdue, not what is stored. The runner (core/workflow/sweep.ts) gives the exactly-once of
// every sweep (docs/rules.md): a lease keyed by question and the deadline it is about, holding the
// notice's text and recipients, then the claim — an update conditional on the revision and on
// `alertAt` read — then the notices, then the lease removed; a dead run's lease is resumed.
import { questionCategoryLabels } from '../../../types/labels';
import type { Database } from '../sdk';
import { staffOf } from '../tickets/data';
import { type Faults, type LeaseDoc, type SweepRun, runSweep, toEach } from '../workflow/sweep';
import { type QuestionDoc, type QuestionEventDoc, QUESTIONS } from './model';
import { questionPage, stewardsFor } from './notices';
import { span } from './text';

/** An overdue alert in hand: everything needed to deliver it again, whatever the question is now. */
export interface QuestionLeaseDoc extends LeaseDoc {
  /** `questions:<question id>:<replyDue ms>` */
  _id: string;
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
  faults?: Faults;
}

interface Whom {
  leads(communityId: string): Promise<string[]>;
  stewards(communityId: string, building: string): Promise<string[]>;
}

export async function sweepQuestions(database: Database, options: QuestionSweepOptions): Promise<QuestionSweepResult> {
  // who to tell, read once per community (and building) per run, not once per question
  const people = new Map<string, Promise<string[]>>();
  const once = (key: string, load: () => Promise<string[]>) => {
    let found = people.get(key);
    if (!found) {
      found = load();
      people.set(key, found);
    }
    return found;
  };
  const whom: Whom = {
    leads: (communityId) => once(`leads:${communityId}`, async () => (await staffOf(database, communityId, ['lead'])).map((s) => s.openid)),
    stewards: (communityId, building) => once(`stewards:${communityId}:${building}`, () => stewardsFor(database, communityId, building)),
  };
  let alerted = 0;
  let resumed = 0;
  const stats = await runSweep<QuestionDoc, QuestionLeaseDoc>(
    database,
    {
      name: 'questionSweep',
      source: 'questions',
      collection: QUESTIONS,
      dueField: 'alertAt',
      orderById: true,
      async handle(run, q) {
        if (await claimAndTell(run, q, whom)) alerted += 1;
      },
      async resume(run, lease) {
        const found = await database.collection<QuestionDoc>(QUESTIONS).where({ _id: lease.questionId }).field({ alertedFor: true }).limit(1).get();
        if (found.data[0]?.alertedFor === lease.alertFor) {
          if (await finish(run, lease)) resumed += 1;
        } else {
          // the claim never landed: nothing went out, and the question's `alertAt` still stands
          await run.release(lease._id);
        }
      },
    },
    options,
  );
  return { read: stats.read, alerted, resumed };
}

async function claimAndTell(run: SweepRun, q: QuestionDoc, whom: Whom): Promise<boolean> {
  const { database, now } = run;
  const _ = database.command;
  const open = (q.state === 'waiting' || q.state === 'claimed') && q.replyDue && q.waitingSince;
  if (!open || !q.replyDue || !q.waitingSince) {
    // nothing waits any more (the write that ended the wait predates alertAt's clearing): tidy up
    await database
      .collection(QUESTIONS)
      .where({ _id: q._id, rev: q.rev, alertAt: q.alertAt })
      .update({ data: { alertAt: null } });
    return false;
  }
  const waited = span(now.getTime() - q.waitingSince.getTime());
  const leads = await whom.leads(q.communityId);
  const holders = q.handler ? [q.handler] : await whom.stewards(q.communityId, q.building);
  const what = q.firstAnsweredAt ? '追问未回复' : q.complex ? '复杂问题超时未答复' : '咨询超时未答复';
  const alertFor = q.replyDue.getTime();
  const lease: QuestionLeaseDoc = {
    ...run.lease(`questions:${q._id}:${alertFor}`),
    questionId: q._id,
    alertFor,
    no: q.no,
    openids: [...new Set([...holders, ...leads])],
    title: `${what} ${q.unit}`,
    body: `${q.no} ${questionCategoryLabels[q.category]}：${q.text}（已等待 ${waited}）`,
    due: q.replyDue,
  };
  // another run has it in hand (or died with it: its lease is resumed)
  if (!(await run.take(lease))) return false;
  const event: QuestionEventDoc = { action: 'escalate', actorRole: 'system', actorId: 'system', actorName: null, at: now, note: `已等待 ${waited}` };
  const claimed = await database
    .collection(QUESTIONS)
    .where({ _id: q._id, rev: q.rev, alertAt: q.alertAt })
    .update({ data: { alertAt: null, alertedFor: alertFor, rev: _.inc(1), events: _.push([event]) } });
  if (claimed.stats.updated !== 1) {
    await run.release(lease._id);
    return false;
  }
  run.claimed();
  return finish(run, lease);
}

/** Delivers a claimed alert from its lease, then drops the lease; a failure leaves it for a later run. */
function finish(run: SweepRun, lease: QuestionLeaseDoc): Promise<boolean> {
  return run.deliver(lease._id, () =>
    toEach(lease, (openid) => ({
      openid,
      template: 'staffAlert',
      title: lease.title,
      body: lease.body,
      values: { subject: `咨询：${lease.title}`, no: lease.no, due: lease.due, note: lease.body },
      page: questionPage(lease.questionId),
    })),
  );
}
