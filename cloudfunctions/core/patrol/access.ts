// Who works patrols (SPEC §13): the community's stewards (area and duty), its leads and manager
// by rank (core/workflow/access.ts). Nothing of it is an owner's.
import type { StaffDoc } from '../accounts/model';
import type { Caller } from '../router/caller';
import { forbidden } from '../router/errors';
import { type Place, defineAccess, postFor } from '../workflow/access';
import type { HandoverDoc, ProblemDoc } from './model';

const policy = { staff: ['steward'] as const, hidden: '没有找到相关记录', sees: (standing: { post: StaffDoc | undefined }) => Boolean(standing.post) };

/** Any patrol record: seen by the community's stewards, leads and manager. */
export const patrolAccess = defineAccess<Place>(policy);
export const problemAccess = defineAccess<ProblemDoc>(policy);
export const handoverAccess = defineAccess<HandoverDoc>(policy);

/** The caller's community (the one asked for, else their first as a steward) and their post there. */
export function workingPost(caller: Caller, communityId: string | undefined): StaffDoc {
  const id = communityId ?? caller.communitiesAs(['steward'])[0];
  const post = id ? postFor(caller, id, ['steward']) : undefined;
  if (!post) throw forbidden('只有本小区的管家可以进行此操作');
  return post;
}

/** A lead's (or manager's) post: points, rules, shift times and reviews are theirs. */
export function leadPost(caller: Caller, communityId: string | undefined): StaffDoc {
  const id = communityId ?? caller.communitiesAs(['lead'])[0];
  const post = id ? postFor(caller, id, ['lead']) : undefined;
  if (!post) throw forbidden('只有班长可以进行此操作');
  return post;
}

/** Whose records a caller may read: their own; a lead anyone's in the community. */
export function subjectOf(caller: Caller, post: StaffDoc, asked: string | undefined): string {
  if (!asked || asked === caller.openid) return caller.openid;
  if (!postFor(caller, post.communityId, ['lead'])) throw forbidden('只能查看自己的记录');
  return asked;
}
