// The daily greetings run (SPEC §7), called by the `greetDaily` timer every few minutes through the
// morning. Each run:
//   1. finishes what dead runs left: greetings claimed or being pushed by a run that can no longer
//      be alive (held longer than STALE_MS, well past the function's time limit);
//   2. retries subscription sends that failed transiently and whose backoff has passed;
//   3. works through today's occasions page by page from the cursor kept in `greetRuns`: for a
//      page of eligible people, their inbox entries (ids fixed by the claim keys) and their claims
//      (an insert keyed by person, occasion and year) in one batch insert each, then the sends of
//      the grant holders it claimed; the cursor moves once the page is finished;
// and stops starting new pages once its time budget or greeting bound is spent; the next trigger
// goes on from there.
//
// Exactly once: only the run whose insert created the claim goes on with it, so two runs at once
// never both greet anyone. The inbox entry has an id derived from the claim, so writing it again
// (a redone page, a resumed claim) changes nothing. The WeChat send is started only after the
// claim moved to `pushing` under a conditional update: a run that died before that point is
// resumed in full (inbox and send); one that died while WeChat was being asked is settled as
// `unknown` and not sent again, because WeChat cannot tell us whether it went out and a
// subscription message cannot be taken back. See docs/rules.md (Greetings).
//
// This file is the run's order of steps; the steps live beside it: what is due (due.ts), the
// cursor (cursor.ts), the claims and the ledger (ledger.ts), the delivery (delivery.ts), and what
// a run carries between them (context.ts).
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Database } from '../sdk';
import type { Faults } from '../workflow/sweep';
import { shanghaiDate, shanghaiParts } from '../time';
import type { Ctx, GreetReport } from './context';
import { ensureRuns, work } from './cursor';
import { allCommunities } from './data';
import { retryDue } from './delivery';
import { SEND_FROM_HOUR, SEND_UNTIL_HOUR, todaysPlans } from './due';
import { resumeDead } from './ledger';
import type { GreetRunDoc } from './model';

export type { GreetReport } from './context';
export { STALE_MS } from './ledger';

export interface GreetOptions {
  /** the instant the run happens at (the function's clock) */
  now: Date;
  /** stop starting new work after this many ms (leave room before the function's limit) */
  budgetMs?: number;
  /** people (bindings, or persons for birthdays) per page, at most 100 */
  pageSize?: number;
  /** greetings of a page in flight at once */
  concurrency?: number;
  /** stop starting new pages once this many greetings were claimed by this run */
  maxGreetings?: number;
  faults?: Faults;
}

export async function runGreetings(database: Database, options: GreetOptions): Promise<GreetReport> {
  const { now } = options;
  const date = shanghaiDate(now);
  const report: GreetReport = {
    date,
    occasions: [],
    skipped: null,
    greeted: 0,
    pushed: 0,
    resumed: 0,
    retried: 0,
    alreadyClaimed: 0,
    pages: 0,
    complete: false,
  };
  const hour = shanghaiParts(now).hour;
  if (hour < SEND_FROM_HOUR || hour >= SEND_UNTIL_HOUR) {
    report.skipped = 'quiet_hours';
    return report;
  }
  const ctx: Ctx = {
    database,
    now,
    date,
    year: Number(date.slice(0, 4)),
    runId: `${now.toISOString()}-${randomBytes(4).toString('hex')}`,
    started: performance.now(),
    budgetMs: options.budgetMs ?? Infinity,
    maxGreetings: options.maxGreetings ?? Infinity,
    report,
    communities: new Map(),
    templates: new Map(),
    claims: 0,
    faults: options.faults ?? {},
    fault: null,
  };
  const pageSize = Math.min(100, Math.max(1, options.pageSize ?? 100));
  const concurrency = Math.max(1, options.concurrency ?? 8);

  await resumeDead(ctx);
  await retryDue(ctx);

  const communities = await allCommunities(database);
  for (const community of communities) ctx.communities.set(community._id, community);
  const plans = await todaysPlans(ctx, communities);
  report.occasions = plans.map((p) => `${p.communityId}:${p.occasion}`);
  const runs = await ensureRuns(ctx, plans);
  let complete = true;
  for (const plan of plans) {
    const finished = await work(ctx, plan, runs.get(plan.key) as GreetRunDoc, pageSize, concurrency);
    if (!finished) {
      complete = false;
      break;
    }
  }
  report.complete = complete;
  return report;
}
