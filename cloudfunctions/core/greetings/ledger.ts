// The ledger `greetings`: one document per year, occasion and person, inserted (the claim) before
// anything is sent; only the run whose insert landed goes on with a person. A page is greeted here
// (inbox entries, claims, then the sends of the claimed grant holders), and the claims of runs
// that cannot be alive any more are taken over.
import { performance } from 'node:perf_hooks';
import { isDuplicateError } from '../sdk';
import { type Ctx, type Plan, type Target, alive, overBudget, templates } from './context';
import { nameFor, textFor } from './data';
import { type LogLine, deliver, writeLogs } from './delivery';
import type { Page } from './due';
import { GREETINGS, type GreetingDoc, greetingId, inboxIdOf } from './model';
import { greetingTitle, renderText } from './texts';

/** A claim held this long belongs to a dead run: far beyond greetDaily's time limit (config.json). */
export const STALE_MS = 2 * 60_000;
/**
 * How many of a batch of `size` claims land before an injected fault kills the run, and the fault.
 * The batch goes in one call, so the hook is asked up front, claim by claim, and the batch is cut
 * after the claim it kills the run at (as a store applying part of a batch would leave it).
 */
function claimsBeforeFault(ctx: Ctx, size: number): { count: number; fault: { error: unknown } | null } {
  for (let n = 1; n <= size; n += 1) {
    try {
      ctx.faults.afterClaim?.(ctx.claims + n);
    } catch (error) {
      return { count: n, fault: { error } };
    }
  }
  return { count: size, fault: null };
}

/**
 * Greets a page's people: their inbox entries in one batch insert, their claims in another, then
 * the subscription sends of those holding a grant, `concurrency` at a time. False when the run
 * ran out of time before the claims (the page is then redone by the next run).
 */
export async function greetPage(ctx: Ctx, plan: Plan, page: Page, concurrency: number): Promise<boolean> {
  if (page.targets.length === 0) return true;
  if (overBudget(ctx)) return false;
  const greetings = await Promise.all(page.targets.map((target) => greetingFor(ctx, plan, target, page.granted.has(target.openid))));
  // 1. The inbox entries: ids fixed by the claim keys, so a second writer (a concurrent run, or
  //    this page redone after a crash) finds them there, and a run that dies before its claims
  //    leaves the people to whichever run finishes the page, which writes the same entries.
  alive(ctx);
  await insertAll(
    ctx,
    'inbox',
    greetings.map((g) => ({ _id: inboxIdOf(g._id), ...inboxData(g, ctx.now) })),
  );
  // 2. The claims. A batch refused for a duplicate (some already claimed by another run) is
  //    claimed one by one; only the run whose insert landed goes on with a person. Should a store
  //    apply part of a refused batch, those claims are this run's yet unknown to it: the ones
  //    without a grant are complete anyway (inbox written, `done`), the others stay `claimed` and
  //    are resumed as a dead run's.
  alive(ctx);
  const cut = claimsBeforeFault(ctx, greetings.length);
  const mine = await claimAll(ctx, greetings.slice(0, cut.count));
  ctx.claims += mine.length;
  ctx.report.greeted += mine.length;
  ctx.fault = cut.fault;
  alive(ctx);
  // 3. The sends, for the claimed grant holders. Past twice the budget the rest stay `claimed`,
  //    and are resumed as a dead run's: the function's limit is never at risk.
  const toSend = mine.filter((g) => g.state === 'claimed');
  const logs: LogLine[] = [];
  let next = 0;
  const worker = async () => {
    while (next < toSend.length) {
      if (performance.now() - ctx.started > 2 * ctx.budgetMs) return;
      const greeting = toSend[next++];
      await deliver(ctx, greeting, false, logs);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, toSend.length) }, worker));
  await writeLogs(ctx, logs);
  return true;
}

async function greetingFor(ctx: Ctx, plan: Plan, target: Target, willPush: boolean): Promise<GreetingDoc> {
  const saved = (await templates(ctx, target.communityId)).get(plan.occasion);
  const occasionName = nameFor(plan.occasion, saved);
  const community = ctx.communities.get(target.communityId)?.name ?? '';
  const body = renderText(textFor(plan.occasion, saved), { name: target.name, community, occasion: occasionName });
  // Without a grant there is nothing to send: the claim is the whole record (`done`, no_grant).
  return {
    _id: greetingId(ctx.year, plan.occasion, target.openid),
    openid: target.openid,
    communityId: target.communityId,
    occasion: plan.occasion,
    year: ctx.year,
    date: ctx.date,
    state: willPush ? 'claimed' : 'done',
    runId: ctx.runId,
    heldAt: ctx.now,
    attempts: 0,
    retryAt: null,
    title: greetingTitle(occasionName, plan.occasion === 'birthday'),
    body,
    occasionName,
    push: willPush ? null : 'no_grant',
    errcode: null,
    createdAt: ctx.now,
    doneAt: willPush ? null : ctx.now,
  };
}

function inboxData(greeting: GreetingDoc, now: Date): Record<string, unknown> {
  return { openid: greeting.openid, template: 'greeting', title: greeting.title, body: greeting.body, page: '/pages/inbox/index', createdAt: now, readAt: null };
}

/** Inserts documents in one call; where some exist already, one by one, keeping what is there. */
async function insertAll(ctx: Ctx, collection: string, docs: Array<Record<string, unknown>>): Promise<void> {
  const target = ctx.database.collection(collection);
  try {
    await target.add({ data: docs });
    return;
  } catch (error) {
    if (!isDuplicateError(error)) throw error;
  }
  for (const doc of docs) {
    alive(ctx);
    try {
      await target.add({ data: doc });
    } catch (error) {
      if (!isDuplicateError(error)) throw error;
    }
  }
}

/** Inserts the claims; returns those this run holds (its insert landed). */
async function claimAll(ctx: Ctx, greetings: GreetingDoc[]): Promise<GreetingDoc[]> {
  if (greetings.length === 0) return [];
  const claims = ctx.database.collection<GreetingDoc>(GREETINGS);
  try {
    await claims.add({ data: greetings.map((g) => ({ ...g })) });
    return greetings;
  } catch (error) {
    if (!isDuplicateError(error)) throw error;
  }
  const mine: GreetingDoc[] = [];
  for (const greeting of greetings) {
    alive(ctx);
    try {
      await claims.add({ data: { ...greeting } });
      mine.push(greeting);
    } catch (error) {
      if (!isDuplicateError(error)) throw error;
      ctx.report.alreadyClaimed += 1;
    }
  }
  return mine;
}

/** Greetings left `claimed` or `pushing` by runs that cannot be alive any more. */
export async function resumeDead(ctx: Ctx): Promise<void> {
  const _ = ctx.database.command;
  const greetings = ctx.database.collection<GreetingDoc>(GREETINGS);
  const staleBefore = new Date(ctx.now.getTime() - STALE_MS);
  for (;;) {
    if (overBudget(ctx)) return;
    alive(ctx);
    const stale = await greetings
      .where({ state: _.in(['claimed', 'pushing']), heldAt: _.lt(staleBefore) })
      .orderBy('heldAt', 'asc')
      .limit(100)
      .get();
    if (stale.data.length === 0) return;
    for (const greeting of stale.data) {
      if (overBudget(ctx)) return;
      alive(ctx);
      if (greeting.state === 'claimed') {
        // Died before asking WeChat: take it over and finish it (the inbox write is idempotent).
        const taken = await greetings.where({ _id: greeting._id, state: 'claimed', runId: greeting.runId }).update({ data: { runId: ctx.runId, heldAt: ctx.now } });
        if (taken.stats.updated !== 1) continue;
        await deliver(ctx, { ...greeting, runId: ctx.runId, heldAt: ctx.now });
      } else {
        // Died while asking WeChat: it may have gone out. Never risk a second one.
        const settled = await greetings.where({ _id: greeting._id, state: 'pushing', runId: greeting.runId }).update({ data: { state: 'done', push: 'unknown', doneAt: ctx.now } });
        if (settled.stats.updated !== 1) continue;
      }
      ctx.report.resumed += 1;
    }
  }
}
