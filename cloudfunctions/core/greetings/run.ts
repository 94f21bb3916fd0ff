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
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { OccasionKey } from '../../../types/greetings';
import type { BindingDoc, CommunityDoc, PersonDoc, UnitDoc } from '../accounts/model';
import { type GrantDoc, type SendResult, grantId } from '../notify/model';
import { type Notification, isTransientError, logSend, push, templateData, writeInbox } from '../notify';
import { type Database, isDuplicateError } from '../sdk';
import type { Faults } from '../workflow/sweep';
import { shanghaiDate, shanghaiParts } from '../time';
import { allCommunities, nameFor, templatesOf, textFor } from './data';
import {
  GREETINGS,
  GREET_RUNS,
  GREETING_TEMPLATES,
  type GreetingDoc,
  type GreetingTemplateDoc,
  type GreetRunDoc,
  greetingId,
  inboxIdOf,
  runId as runKey,
} from './model';
import { birthdaysOn, holidaysOn } from './occasions';
import { greetingTitle, renderText } from './texts';

/** Greetings go out from 09:00; a run outside 09:00–21:00 Shanghai does nothing (nobody is woken). */
export const SEND_FROM_HOUR = 9;
export const SEND_UNTIL_HOUR = 21;
/** A claim held this long belongs to a dead run: far beyond greetDaily's time limit (config.json). */
export const STALE_MS = 2 * 60_000;
/** Transient WeChat failures: tried again after 5, 15 then 45 minutes, then given up (4 tries). */
export const RETRY_BACKOFF_MS = [5 * 60_000, 15 * 60_000, 45 * 60_000] as const;
export const MAX_ATTEMPTS = RETRY_BACKOFF_MS.length + 1;

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

export interface GreetReport {
  /** YYYY-MM-DD, Shanghai */
  date: string;
  /** today's occasion runs, `${communityId}:${occasion}` */
  occasions: string[];
  skipped: 'quiet_hours' | null;
  /** greetings this run claimed and delivered */
  greeted: number;
  /** of those and of the resumed/retried, subscription messages WeChat accepted */
  pushed: number;
  /** dead runs' greetings this run finished */
  resumed: number;
  /** transient failures tried again */
  retried: number;
  /** people whose greeting another run had already claimed */
  alreadyClaimed: number;
  pages: number;
  /** every occasion of today is worked through (retries may still be waiting) */
  complete: boolean;
}

interface Target {
  openid: string;
  name: string | null;
  communityId: string;
}

interface Plan {
  key: string;
  communityId: string;
  occasion: OccasionKey;
}

interface Ctx {
  database: Database;
  now: Date;
  date: string;
  year: number;
  runId: string;
  started: number;
  budgetMs: number;
  maxGreetings: number;
  report: GreetReport;
  communities: Map<string, CommunityDoc>;
  templates: Map<string, Promise<Map<OccasionKey, GreetingTemplateDoc>>>;
  claims: number;
  faults: Faults;
  /** the injected fault that killed this run, once one has */
  fault: { error: unknown } | null;
}

const overBudget = (ctx: Ctx): boolean => performance.now() - ctx.started > ctx.budgetMs;

/** Called before every step that touches the world: a run killed by an injected fault does nothing more. */
function alive(ctx: Ctx): void {
  if (ctx.fault) throw ctx.fault.error;
}

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

function templates(ctx: Ctx, communityId: string): Promise<Map<OccasionKey, GreetingTemplateDoc>> {
  let found = ctx.templates.get(communityId);
  if (!found) {
    found = templatesOf(ctx.database, communityId);
    ctx.templates.set(communityId, found);
  }
  return found;
}

function notification(greeting: Pick<GreetingDoc, 'openid' | 'title' | 'body' | 'occasionName' | 'occasion' | 'date'>): Notification {
  return {
    openid: greeting.openid,
    template: 'greeting',
    title: greeting.title,
    body: greeting.body,
    values: {
      occasion: greeting.occasion === 'birthday' ? '生日祝福' : `${greeting.occasionName}问候`,
      message: greeting.body,
      at: new Date(`${greeting.date}T09:00:00+08:00`),
    },
    page: '/pages/inbox/index',
  };
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

async function todaysPlans(ctx: Ctx, communities: CommunityDoc[]): Promise<Plan[]> {
  const _ = ctx.database.command;
  const plans: Plan[] = [];
  const add = (communityId: string, occasion: OccasionKey) => plans.push({ key: runKey(ctx.date, communityId, occasion), communityId, occasion });
  // Birthdays: one run over the people whose birthday it is, whatever their community.
  add('*', 'birthday');
  for (const holiday of holidaysOn(ctx.date)) for (const community of communities) add(community._id, holiday);
  // A custom 29 February is kept on 28 February in common years, as birthdays are.
  const custom = await ctx.database
    .collection<GreetingTemplateDoc>(GREETING_TEMPLATES)
    .where({ custom: true, monthDay: _.in(birthdaysOn(ctx.date)) })
    .limit(100)
    .get();
  for (const doc of custom.data) if (ctx.communities.has(doc.communityId)) add(doc.communityId, doc.occasion);
  return plans;
}

async function ensureRuns(ctx: Ctx, plans: Plan[]): Promise<Map<string, GreetRunDoc>> {
  const runs = ctx.database.collection<GreetRunDoc>(GREET_RUNS);
  const found = new Map<string, GreetRunDoc>();
  let page = await runs.where({ date: ctx.date }).limit(100).get();
  for (let skip = 0; ; ) {
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
async function work(ctx: Ctx, plan: Plan, start: GreetRunDoc, pageSize: number, concurrency: number): Promise<boolean> {
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

interface Page {
  targets: Target[];
  /** of the targets, who held a greeting grant when the page was read */
  granted: Set<string>;
  /** the last `_id` read, null when the page was empty */
  last: string | null;
  read: number;
}

/** Everything matching `filter` on one indexed field list, 100 at a time (the SDK's page). */
async function everything<T extends { _id: string }>(database: Database, collection: string, filter: Record<string, unknown>, fields?: Record<string, boolean>): Promise<T[]> {
  const out: T[] = [];
  for (let skip = 0; ; skip += 100) {
    let query = database.collection<T>(collection).where(filter).skip(skip).limit(100);
    if (fields) query = query.field(fields);
    const page = await query.get();
    out.push(...page.data);
    if (page.data.length < 100) return out;
  }
}

async function possessed(ctx: Ctx, bindings: Array<Pick<BindingDoc, 'communityId' | 'unit'>>): Promise<Set<string>> {
  const _ = ctx.database.command;
  const ids = [...new Set(bindings.map((b) => `${b.communityId}:${b.unit}`))];
  const out = new Set<string>();
  for (let i = 0; i < ids.length; i += 100) {
    const units = await ctx.database.collection<UnitDoc>('units').where({ _id: _.in(ids.slice(i, i + 100)), possession: true }).field({ _id: true }).limit(100).get();
    for (const unit of units.data) out.add(unit._id);
  }
  return out;
}

/** A holiday's next page: the community's active owner bindings after the cursor, in `_id` order. */
async function ownersPage(ctx: Ctx, communityId: string, cursor: string, pageSize: number): Promise<Page> {
  const _ = ctx.database.command;
  const bindings = await ctx.database
    .collection<BindingDoc>('bindings')
    .where({ communityId, role: 'owner', state: 'active', _id: _.gt(cursor) })
    .orderBy('_id', 'asc')
    .limit(pageSize)
    .field({ openid: true, communityId: true, unit: true, name: true })
    .get();
  const list = bindings.data;
  if (list.length === 0) return { targets: [], granted: new Set(), last: null, read: 0 };
  const openids = [...new Set(list.map((b) => b.openid))];
  const [people, units] = await Promise.all([
    ctx.database.collection<PersonDoc>('people').where({ _id: _.in(openids), greetingsOptIn: true }).field({ name: true }).limit(100).get(),
    possessed(ctx, list),
  ]);
  const optedIn = new Map(people.data.map((p) => [p._id, p]));
  const targets: Target[] = [];
  const seen = new Set<string>();
  for (const binding of list) {
    const person = optedIn.get(binding.openid);
    if (!person || seen.has(binding.openid) || !units.has(`${binding.communityId}:${binding.unit}`)) continue;
    seen.add(binding.openid);
    targets.push({ openid: binding.openid, name: person.name ?? binding.name, communityId });
  }
  return { targets, granted: await grantHolders(ctx, targets), last: list[list.length - 1]._id, read: list.length };
}

/** Birthdays' next page: opted-in people whose birthday is today, with a unit they have taken. */
async function birthdayPage(ctx: Ctx, cursor: string, pageSize: number): Promise<Page> {
  const _ = ctx.database.command;
  const people = await ctx.database
    .collection<PersonDoc>('people')
    .where({ birthday: _.in(birthdaysOn(ctx.date)), greetingsOptIn: true, _id: _.gt(cursor) })
    .orderBy('_id', 'asc')
    .limit(pageSize)
    .field({ name: true })
    .get();
  const list = people.data;
  if (list.length === 0) return { targets: [], granted: new Set(), last: null, read: 0 };
  const bindings = await everything<BindingDoc>(
    ctx.database,
    'bindings',
    { openid: _.in(list.map((p) => p._id)), role: 'owner', state: 'active' },
    { openid: true, communityId: true, unit: true, name: true },
  );
  const units = await possessed(ctx, bindings);
  const targets: Target[] = [];
  for (const person of list) {
    // The community whose steward team greets: the person's first taken unit (stable order).
    const home = bindings
      .filter((b) => b.openid === person._id && units.has(`${b.communityId}:${b.unit}`) && ctx.communities.has(b.communityId))
      .sort((a, b) => `${a.communityId}:${a.unit}`.localeCompare(`${b.communityId}:${b.unit}`))[0];
    if (home) targets.push({ openid: person._id, name: person.name ?? home.name, communityId: home.communityId });
  }
  return { targets, granted: await grantHolders(ctx, targets), last: list[list.length - 1]._id, read: list.length };
}

/**
 * Who among a page's people holds a greeting grant: one query per page instead of a failed
 * conditional decrement per person. A grant taken meanwhile by another send is caught by notify's
 * own conditional decrement; one given meanwhile waits for the next greeting.
 */
async function grantHolders(ctx: Ctx, targets: Target[]): Promise<Set<string>> {
  if (targets.length === 0) return new Set();
  const _ = ctx.database.command;
  const ids = targets.map((t) => grantId(t.openid, 'greeting'));
  const found = await ctx.database.collection<GrantDoc>('grants').where({ _id: _.in(ids), count: _.gt(0) }).field({ openid: true }).limit(100).get();
  return new Set(found.data.map((g) => g.openid));
}

/**
 * Greets a page's people: their inbox entries in one batch insert, their claims in another, then
 * the subscription sends of those holding a grant, `concurrency` at a time. False when the run
 * ran out of time before the claims (the page is then redone by the next run).
 */
async function greetPage(ctx: Ctx, plan: Plan, page: Page, concurrency: number): Promise<boolean> {
  if (page.targets.length === 0) return true;
  if (overBudget(ctx)) return false;
  const greetings = await Promise.all(page.targets.map((target) => greetingFor(ctx, plan, target, page.granted.has(target.openid))));
  // 1. The inbox entries: ids fixed by the claim keys, so a second writer (a concurrent run, or
  //    this page redone after a crash) finds them there, and a run that dies before its claims
  //    leaves the people to whichever run finishes the page, which writes the same entries.
  alive(ctx);
  await insertAll(ctx, 'inbox', greetings.map((g) => ({ _id: inboxIdOf(g._id), ...inboxData(g, ctx.now) })));
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

interface LogLine {
  openid: string;
  inboxId: string;
  result: { result: SendResult; errcode: number | null };
}

/** The send log of a page in one insert (a diagnostic record: a crash may lose a page of it). */
async function writeLogs(ctx: Ctx, logs: LogLine[]): Promise<void> {
  if (logs.length === 0) return;
  await ctx.database.collection('sendLog').add({
    data: logs.map((l) => ({ openid: l.openid, template: 'greeting', inboxId: l.inboxId, result: l.result.result, errcode: l.result.errcode, at: ctx.now })),
  });
}

/** From `claimed` (held by this run): the inbox entry (again, when resuming), then the send. */
async function deliver(ctx: Ctx, greeting: GreetingDoc, writeEntry = true, logs?: LogLine[]): Promise<void> {
  const greetings = ctx.database.collection<GreetingDoc>(GREETINGS);
  const message = notification(greeting);
  alive(ctx);
  if (writeEntry) await writeInbox(ctx.database, message, ctx.now, inboxIdOf(greeting._id));
  alive(ctx);
  const marked = await greetings.where({ _id: greeting._id, state: 'claimed', runId: ctx.runId }).update({ data: { state: 'pushing', heldAt: ctx.now } });
  // Taken over meanwhile (this run was presumed dead): the new holder sends.
  if (marked.stats.updated !== 1) return;
  await pushAndSettle(ctx, { ...greeting, runId: ctx.runId }, logs);
}

/** From `pushing` (held by this run): one send through notify, then the outcome or the next retry. */
async function pushAndSettle(ctx: Ctx, greeting: GreetingDoc, logs?: LogLine[]): Promise<void> {
  const message = notification(greeting);
  alive(ctx);
  const outcome = await push(ctx.database, message, templateData('greeting', message.values), ctx.now);
  const attempts = greeting.attempts + 1;
  let update: Record<string, unknown> = { state: 'done', push: outcome.result, errcode: outcome.errcode, attempts, retryAt: null, doneAt: ctx.now };
  if (outcome.result === 'failed' && isTransientError(outcome.errcode) && attempts < MAX_ATTEMPTS) {
    const retryAt = new Date(ctx.now.getTime() + RETRY_BACKOFF_MS[attempts - 1]);
    // Not past the greeting's own day: a birthday message a day late is worse than none.
    if (shanghaiDate(retryAt) === greeting.date) update = { state: 'retry', push: 'failed', errcode: outcome.errcode, attempts, retryAt, doneAt: null };
  }
  await ctx.database.collection<GreetingDoc>(GREETINGS).where({ _id: greeting._id, state: 'pushing', runId: greeting.runId }).update({ data: update });
  if (logs) logs.push({ openid: greeting.openid, inboxId: inboxIdOf(greeting._id), result: outcome });
  else await logSend(ctx.database, message, inboxIdOf(greeting._id), outcome, ctx.now);
  if (outcome.result === 'sent') ctx.report.pushed += 1;
}

/** Greetings left `claimed` or `pushing` by runs that cannot be alive any more. */
async function resumeDead(ctx: Ctx): Promise<void> {
  const _ = ctx.database.command;
  const greetings = ctx.database.collection<GreetingDoc>(GREETINGS);
  const staleBefore = new Date(ctx.now.getTime() - STALE_MS);
  for (;;) {
    if (overBudget(ctx)) return;
    alive(ctx);
    const stale = await greetings.where({ state: _.in(['claimed', 'pushing']), heldAt: _.lt(staleBefore) }).orderBy('heldAt', 'asc').limit(100).get();
    if (stale.data.length === 0) return;
    for (const greeting of stale.data) {
      if (overBudget(ctx)) return;
      alive(ctx);
      if (greeting.state === 'claimed') {
        // Died before asking WeChat: take it over and finish it (the inbox write is idempotent).
        const taken = await greetings
          .where({ _id: greeting._id, state: 'claimed', runId: greeting.runId })
          .update({ data: { runId: ctx.runId, heldAt: ctx.now } });
        if (taken.stats.updated !== 1) continue;
        await deliver(ctx, { ...greeting, runId: ctx.runId, heldAt: ctx.now });
      } else {
        // Died while asking WeChat: it may have gone out. Never risk a second one.
        const settled = await greetings
          .where({ _id: greeting._id, state: 'pushing', runId: greeting.runId })
          .update({ data: { state: 'done', push: 'unknown', doneAt: ctx.now } });
        if (settled.stats.updated !== 1) continue;
      }
      ctx.report.resumed += 1;
    }
  }
}

/** Transient failures whose backoff has passed. */
async function retryDue(ctx: Ctx): Promise<void> {
  const _ = ctx.database.command;
  const greetings = ctx.database.collection<GreetingDoc>(GREETINGS);
  for (;;) {
    if (overBudget(ctx)) return;
    alive(ctx);
    const due = await greetings.where({ state: 'retry', retryAt: _.lte(ctx.now) }).orderBy('retryAt', 'asc').limit(100).get();
    if (due.data.length === 0) return;
    for (const greeting of due.data) {
      if (overBudget(ctx)) return;
      alive(ctx);
      const expired = greeting.date !== ctx.date;
      const taken = await greetings
        .where({ _id: greeting._id, state: 'retry', attempts: greeting.attempts })
        .update({ data: expired ? { state: 'done', push: 'expired', retryAt: null, doneAt: ctx.now } : { state: 'pushing', runId: ctx.runId, heldAt: ctx.now } });
      if (taken.stats.updated !== 1 || expired) continue;
      await pushAndSettle(ctx, { ...greeting, state: 'pushing', runId: ctx.runId, heldAt: ctx.now });
      ctx.report.retried += 1;
    }
  }
}
