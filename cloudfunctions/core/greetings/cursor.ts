// Each occasion's place in the day: a cursor per date, community and occasion in `greetRuns` (the
// last binding `_id`, or person `_id` for birthdays, of a finished page), created by whichever run
// comes first and moved with a compare-and-set once a page is finished; a run resumes from it.
import { isDuplicateError } from '../sdk';
import { type Ctx, type Plan, alive, overBudget } from './context';
import { birthdayPage, ownersPage } from './due';
import { greetPage } from './ledger';
import { GREET_RUNS, type GreetRunDoc } from './model';

export async function ensureRuns(ctx: Ctx, plans: Plan[]): Promise<Map<string, GreetRunDoc>> {
  const runs = ctx.database.collection<GreetRunDoc>(GREET_RUNS);
  const found = new Map<string, GreetRunDoc>();
  let page = await runs.where({ date: ctx.date }).limit(100).get();
  for (let skip = 0; ;) {
    for (const doc of page.data) found.set(doc._id, doc);
    if (page.data.length < 100) break;
    skip += 100;
    page = await runs.where({ date: ctx.date }).skip(skip).limit(100).get();
  }
  for (const plan of plans) {
    if (found.has(plan.key)) continue;
    const fresh: GreetRunDoc = {
      _id: plan.key,
      date: ctx.date,
      communityId: plan.communityId,
      occasion: plan.occasion,
      cursor: '',
      done: false,
      pages: 0,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    };
    try {
      await runs.add({ data: { ...fresh } });
      found.set(plan.key, fresh);
    } catch (error) {
      if (!isDuplicateError(error)) throw error;
      // a concurrent run created it first: take its state
      const doc = (await runs.where({ _id: plan.key }).limit(1).get()).data[0];
      found.set(plan.key, doc);
    }
  }
  return found;
}

/** Works one occasion from its cursor until done or out of budget; true when done. */
export async function work(ctx: Ctx, plan: Plan, start: GreetRunDoc, pageSize: number, concurrency: number): Promise<boolean> {
  const runs = ctx.database.collection<GreetRunDoc>(GREET_RUNS);
  let run = start;
  while (!run.done) {
    if (overBudget(ctx) || ctx.report.greeted >= ctx.maxGreetings) return false;
    alive(ctx);
    const page = plan.occasion === 'birthday' ? await birthdayPage(ctx, run.cursor, pageSize) : await ownersPage(ctx, plan.communityId, run.cursor, pageSize);
    ctx.report.pages += 1;
    const finished = await greetPage(ctx, plan, page, concurrency);
    // Out of budget half-way through the page: its cursor stays, the next run redoes the page and
    // finds the greetings already claimed.
    if (!finished) return false;
    alive(ctx);
    const next = { cursor: page.last ?? run.cursor, done: page.last === null || page.read < pageSize };
    const moved = await runs.where({ _id: run._id, cursor: run.cursor }).update({
      data: { ...next, pages: ctx.database.command.inc(1), updatedAt: ctx.now },
    });
    if (moved.stats.updated === 1) run = { ...run, ...next };
    else run = (await runs.where({ _id: run._id }).limit(1).get()).data[0]; // a concurrent run moved it on
  }
  return true;
}
