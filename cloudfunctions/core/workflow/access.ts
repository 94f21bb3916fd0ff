// Who a caller is to an object of any subject, in one place: staff ranks, the post a caller works
// in, their binding to the object's unit, the role they act in, and what they may see. Subjects
// (tickets, orders, passes, questions, …) describe only their own policy with `defineAccess`.
import type { ActorRole, BindingRole, StaffRole } from '../../../types/enums';
import type { BindingDoc, StaffDoc } from '../accounts/model';
import type { Caller } from '../router/caller';
import { notFound } from '../router/errors';

export type { ActorRole };

/** Staff rank: a higher post outranks a lower one when a person holds several in one community. */
export const STAFF_RANK: Record<StaffRole, number> = { manager: 4, lead: 3, steward: 2, engineer: 1, guard: 0 };

/** The rights a post holds by rank (SPEC §1): a lead every steward right, a manager every right. */
const IMPLIED: Record<StaffRole, readonly StaffRole[]> = {
  steward: ['steward'],
  lead: ['lead', 'steward'],
  manager: ['manager', 'lead', 'steward', 'engineer', 'guard'],
  engineer: ['engineer'],
  guard: ['guard'],
};

/** The staff roles a post of `role` holds, itself included. */
export const impliedBy = (role: StaffRole): readonly StaffRole[] => IMPLIED[role];

/** Whether a post of `post`'s role holds one of `rights`. */
export const postHolds = (post: Pick<StaffDoc, 'role'>, rights: readonly StaffRole[]): boolean => rights.some((r) => IMPLIED[post.role].includes(r));

/**
 * Whether `role` holds a right granted to `allowed`, by rank. `system` is the scheduler (and WeChat
 * Pay's callback): no person holds it, so a right granted to `system` alone is nobody's — not even
 * a manager's, who holds every other right. A lead holds every steward right.
 */
export function roleMay(role: ActorRole, allowed: readonly ActorRole[]): boolean {
  if (allowed.includes(role)) return true;
  if (role === 'manager') return allowed.some((r) => r !== 'system');
  if (role === 'lead') return allowed.includes('steward');
  return false;
}

/** Where an object lives. */
export interface Place {
  communityId: string;
  unit: string;
}

/** The caller's active binding to the unit (of `role`, when given). */
export function bindingFor(caller: Caller, place: Place, role?: BindingRole): BindingDoc | undefined {
  return caller.bindings.find((b) => b.communityId === place.communityId && b.unit === place.unit && (!role || b.role === role));
}

/** The caller's highest-ranked post in `communityId` that holds one of `rights` (by rank). */
export function postFor(caller: Pick<Caller, 'staff'>, communityId: string, rights: readonly StaffRole[]): StaffDoc | undefined {
  return caller.staff.filter((p) => p.communityId === communityId && postHolds(p, rights)).sort((a, b) => STAFF_RANK[b.role] - STAFF_RANK[a.role])[0];
}

/**
 * The role a caller acts in: the first of `candidates` (their roles here, in the order the action
 * prefers) that the first test admits, else that the next test admits, …; else the first
 * candidate, so the state machine refuses it (FORBIDDEN); null when they have no role here at all.
 */
export function pickRole(candidates: ReadonlyArray<ActorRole | null | undefined>, ...admits: Array<(role: ActorRole) => boolean>): ActorRole | null {
  const roles = candidates.filter((r): r is ActorRole => Boolean(r));
  for (const test of admits) {
    const found = roles.find(test);
    if (found) return found;
  }
  return roles[0] ?? null;
}

/** A staff name is recorded on events; a person's (owner, resident) and the system's are not. */
export const isStaffRole = (role: ActorRole): role is StaffRole => role !== 'owner' && role !== 'resident' && role !== 'system';

/** A subject's access policy: which posts work it, and who sees one of its objects. */
export interface AccessPolicy<T> {
  /** the staff rights that work this subject (by rank: `steward` admits leads and managers) */
  staff: readonly StaffRole[];
  /** the answer for an object that is missing or that the caller may not see: the same for both */
  hidden: string;
  /** who sees the object besides… nobody: the whole rule, given the caller's standing */
  sees(standing: Standing, t: T, caller: Caller): boolean;
}

/** What the caller is to an object: their binding to its unit, their working post in its community. */
export interface Standing {
  binding: BindingDoc | undefined;
  post: StaffDoc | undefined;
}

export interface Access<T extends Place> {
  standing(caller: Caller, t: T): Standing;
  /** the caller's working post in a community (highest rank) */
  post(caller: Caller, communityId: string): StaffDoc | undefined;
  sees(caller: Caller, t: T): boolean;
  /**
   * The object by id, if the caller may see it. Every action on an object starts here, before any
   * state check: a missing object and one the caller may not see answer the same NOT_FOUND, so no
   * action discloses that something exists (`get`, `arrive`, `cancel` alike).
   */
  load(find: Promise<T | null>, caller: Caller): Promise<T>;
}

export function defineAccess<T extends Place>(policy: AccessPolicy<T>): Access<T> {
  const post = (caller: Caller, communityId: string) => postFor(caller, communityId, policy.staff);
  const standing = (caller: Caller, t: T): Standing => ({ binding: bindingFor(caller, t), post: post(caller, t.communityId) });
  const sees = (caller: Caller, t: T) => policy.sees(standing(caller, t), t, caller);
  return {
    standing,
    post,
    sees,
    async load(find, caller) {
      const t = await find;
      if (!t || !sees(caller, t)) throw notFound(policy.hidden);
      return t;
    },
  };
}
