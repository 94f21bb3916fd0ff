import type { Role, StaffRole } from '../../../types/enums';
import type { Aggregate, Database } from '../sdk';
import type { BindingDoc, PersonDoc, StaffDoc } from '../accounts/model';
import { impliedBy, postFor, postHolds } from '../workflow/access';

/**
 * Who is calling, from the OPENID WeChat vouches for and the roles the database gives them.
 * Staff ranks live in core/workflow/access.ts.
 */
export class Caller {
  readonly roles: ReadonlySet<Role>;

  constructor(
    readonly openid: string,
    /** active unit bindings */
    readonly bindings: BindingDoc[],
    /** active staff posts */
    readonly staff: StaffDoc[],
    /** their profile (people/<openid>): null when they have none; undefined when it was not loaded */
    readonly person?: PersonDoc | null,
  ) {
    const roles = new Set<Role>();
    for (const binding of bindings) roles.add(binding.role);
    for (const post of staff) for (const role of impliedBy(post.role)) roles.add(role);
    this.roles = roles;
  }

  get isStaff(): boolean {
    return this.staff.length > 0;
  }

  hasAnyRole(roles: readonly Role[]): boolean {
    return roles.some((role) => this.roles.has(role));
  }

  /** The caller's highest post in a community that carries one of `roles` (by rank), if any. */
  postIn(communityId: string, roles: readonly StaffRole[]): StaffDoc | undefined {
    return postFor(this, communityId, roles);
  }

  /** Communities where the caller holds one of `roles`. */
  communitiesAs(roles: readonly StaffRole[]): string[] {
    return [...new Set(this.staff.filter((post) => postHolds(post, roles)).map((post) => post.communityId))];
  }

  ownsUnit(communityId: string, unit: string): boolean {
    return this.bindings.some((b) => b.communityId === communityId && b.unit === unit && b.role === 'owner');
  }
}

/** How many bindings and posts one person may hold that the caller sees (more is not a real person). */
const CALLER_ROWS = 100;

/**
 * A read an action asks the router to make in the caller's own round trip (ActionDef.withCaller):
 * an uncorrelated sub-pipeline on `from` — its match, order and limit; `count` answers the number
 * of matches instead of the documents.
 */
export interface CallerRead {
  from: string;
  match: Record<string, unknown>;
  sort?: Record<string, 1 | -1>;
  limit?: number;
  /** the fields to keep (1) */
  project?: Record<string, 1>;
  count?: boolean;
}

/** The answers of an action's CallerReads, by name: documents (or one `{ n }` row for a count). */
export type CallerReads = Record<string, Array<Record<string, unknown>>>;

/**
 * The caller's active bindings, active posts and profile — and the action's own first reads
 * (`extra`) — in ONE round trip: an aggregate anchored on one `communities` document (any: it
 * only carries the lookups) with uncorrelated `$lookup` sub-pipelines, each an indexed match.
 * WeChat's database supports `lookup({ from, pipeline, as })` without `let`
 * (db.command.aggregate.pipeline(), wx-server-sdk ≥ 1.3). Before the first community exists
 * there is no anchor: then plain reads, one per lookup.
 */
export async function loadCaller(database: Database, openid: string, extra: Record<string, CallerRead> = {}): Promise<Caller & { reads: CallerReads }> {
  const reads: Record<string, CallerRead> = {
    ...extra,
    bindings: { from: 'bindings', match: { openid, state: 'active' }, limit: CALLER_ROWS },
    staff: { from: 'staff', match: { openid, active: true }, limit: CALLER_ROWS },
    person: { from: 'people', match: { _id: openid }, limit: 1 },
  };
  const pipeline = database.command.aggregate.pipeline as () => Aggregate;
  let query = database.collection('communities').aggregate().limit(1).project({ _id: 1 });
  for (const [as, read] of Object.entries(reads)) {
    let sub = pipeline().match(read.match);
    if (read.sort) sub = sub.sort(read.sort);
    sub = read.count ? sub.count('n') : sub.limit(read.limit ?? CALLER_ROWS);
    if (read.project) sub = sub.project(read.project);
    query = query.lookup({ from: read.from, pipeline: sub.done(), as });
  }
  const found = await query.end();
  const row = (found.list[0] as CallerReads | undefined) ?? (await plainReads(database, reads));
  const caller = new Caller(openid, row.bindings as unknown as BindingDoc[], row.staff as unknown as StaffDoc[], (row.person[0] as unknown as PersonDoc | undefined) ?? null);
  return Object.assign(caller, { reads: row });
}

/** The same reads one by one: only before the first community exists (no anchor for the aggregate). */
async function plainReads(database: Database, reads: Record<string, CallerRead>): Promise<CallerReads> {
  const answers = await Promise.all(
    Object.entries(reads).map(async ([as, read]) => {
      const coll = database.collection<Record<string, unknown>>(read.from);
      if (read.count) {
        const { total } = await coll.where(read.match).count();
        return [as, total > 0 ? [{ n: total }] : []] as const;
      }
      let q = coll.where(read.match);
      if (read.project) q = q.field(Object.fromEntries(Object.keys(read.project).map((k) => [k, true])));
      for (const [field, dir] of Object.entries(read.sort ?? {})) q = q.orderBy(field, dir === 1 ? 'asc' : 'desc');
      return [as, (await q.limit(read.limit ?? CALLER_ROWS).get()).data] as const;
    }),
  );
  return Object.fromEntries(answers);
}

/** A count read's answer (CallerRead with `count`). */
export const countOf = (rows: CallerReads[string] | undefined): number => Number(rows?.[0]?.n ?? 0);
