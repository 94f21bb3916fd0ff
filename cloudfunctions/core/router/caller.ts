import type { Role, StaffRole } from '../../../types/enums';
import type { Database } from '../sdk';
import type { BindingDoc, StaffDoc } from '../accounts/model';
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

export async function loadCaller(database: Database, openid: string): Promise<Caller> {
  const [bindings, staff] = await Promise.all([
    database.collection<BindingDoc>('bindings').where({ openid, state: 'active' }).limit(100).get(),
    database.collection<StaffDoc>('staff').where({ openid, active: true }).limit(100).get(),
  ]);
  return new Caller(openid, bindings.data, staff.data);
}
