// What is due today: the occasions of the date (birthdays, the holidays, each community's custom
// dates), and for one occasion the next page of the people to greet after the cursor — opted-in
// owners of a unit they have taken — with who among them holds a greeting grant.
import type { OccasionKey } from '../../../types/greetings';
import type { BindingDoc, CommunityDoc, PersonDoc, UnitDoc } from '../accounts/model';
import { type GrantDoc, grantId } from '../notify/model';
import type { Database } from '../sdk';
import type { Ctx, Plan, Target } from './context';
import { GREETING_TEMPLATES, type GreetingTemplateDoc, runId as runKey } from './model';
import { birthdaysOn, holidaysOn } from './occasions';

/** Greetings go out from 09:00; a run outside 09:00–21:00 Shanghai does nothing (nobody is woken). */
export const SEND_FROM_HOUR = 9;
export const SEND_UNTIL_HOUR = 21;
export async function todaysPlans(ctx: Ctx, communities: CommunityDoc[]): Promise<Plan[]> {
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

export interface Page {
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
    const units = await ctx.database
      .collection<UnitDoc>('units')
      .where({ _id: _.in(ids.slice(i, i + 100)), possession: true })
      .field({ _id: true })
      .limit(100)
      .get();
    for (const unit of units.data) out.add(unit._id);
  }
  return out;
}

/** A holiday's next page: the community's active owner bindings after the cursor, in `_id` order. */
export async function ownersPage(ctx: Ctx, communityId: string, cursor: string, pageSize: number): Promise<Page> {
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
    ctx.database
      .collection<PersonDoc>('people')
      .where({ _id: _.in(openids), greetingsOptIn: true })
      .field({ name: true })
      .limit(100)
      .get(),
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
export async function birthdayPage(ctx: Ctx, cursor: string, pageSize: number): Promise<Page> {
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
  const found = await ctx.database
    .collection<GrantDoc>('grants')
    .where({ _id: _.in(ids), count: _.gt(0) })
    .field({ openid: true })
    .limit(100)
    .get();
  return new Set(found.data.map((g) => g.openid));
}
