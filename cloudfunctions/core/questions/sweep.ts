// The overdue sweep for questions (questionSweep, every minute): a reply the owner waits for that
// is past its clock (10 minutes, 24 hours for a complex question, the same span for a follow-up)
// is brought to the lead and to whoever holds it (the stewards for the building when nobody does).
// It reads only questions whose `alertAt` has passed (index `alert_at`), so its cost follows what
// is overdue, not what is stored. Each alert is claimed by an update conditional on the revision
// and on `alertAt` read; only the run whose claim lands sends, so two runs at once or a run after a
// crash never repeat it (a crash between claim and send loses that one alert; the queue still
// shows the question as breached).
import { performance } from 'node:perf_hooks';
import { questionCategoryLabels } from '../../../types/labels';
import type { Database } from '../sdk';
import { staffOf } from '../tickets/data';
import { type QuestionDoc, type QuestionEventDoc, QUESTIONS } from './model';
import { stewardsFor, tellStaff } from './notices';
import { span } from './text';

const PAGE = 100;

export interface QuestionSweepResult {
  /** overdue questions read */
  read: number;
  /** alerts claimed and sent */
  alerted: number;
}

export async function sweepQuestions(database: Database, options: { now: Date; budgetMs: number }): Promise<QuestionSweepResult> {
  const { now, budgetMs } = options;
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
  while (performance.now() - started < budgetMs) {
    const page = await questions.where({ alertAt: _.lte(now) }).orderBy('alertAt', 'asc').orderBy('_id', 'asc').limit(PAGE).get();
    // a question whose claim was lost to a concurrent change is left for the next run
    const fresh = page.data.filter((q) => !tried.has(q._id));
    if (fresh.length === 0) break;
    for (const q of fresh) {
      tried.add(q._id);
      read += 1;
      if (await claimAndTell(database, q, now, whom)) alerted += 1;
      if (performance.now() - started >= budgetMs) break;
    }
  }
  return { read, alerted };
}

interface Whom {
  leads(communityId: string): Promise<string[]>;
  stewards(communityId: string, building: string): Promise<string[]>;
}

async function claimAndTell(database: Database, q: QuestionDoc, now: Date, whom: Whom): Promise<boolean> {
  const _ = database.command;
  const open = (q.state === 'waiting' || q.state === 'claimed') && q.replyDue && q.waitingSince;
  if (!open || !q.replyDue || !q.waitingSince) {
    // nothing waits any more (the write that ended the wait predates alertAt's clearing): tidy up
    await database.collection(QUESTIONS).where({ _id: q._id, rev: q.rev, alertAt: q.alertAt }).update({ data: { alertAt: null } });
    return false;
  }
  const waited = span(now.getTime() - q.waitingSince.getTime());
  const event: QuestionEventDoc = { action: 'escalate', actorRole: 'system', actorId: 'system', actorName: null, at: now, note: `已等待 ${waited}` };
  const claimed = await database
    .collection(QUESTIONS)
    .where({ _id: q._id, rev: q.rev, alertAt: q.alertAt })
    .update({ data: { alertAt: null, alertedFor: q.replyDue.getTime(), rev: _.inc(1), events: _.push([event]) } });
  if (claimed.stats.updated !== 1) return false;
  const leads = await whom.leads(q.communityId);
  const holders = q.handler ? [q.handler] : await whom.stewards(q.communityId, q.building);
  const what = q.firstAnsweredAt ? '追问未回复' : q.complex ? '复杂问题超时未答复' : '咨询超时未答复';
  await tellStaff(database, [...holders, ...leads], q, `${what} ${q.unit}`, `${q.no} ${questionCategoryLabels[q.category]}：${q.text}（已等待 ${waited}）`, q.replyDue, now);
  return true;
}
