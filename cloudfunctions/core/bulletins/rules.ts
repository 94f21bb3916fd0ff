// The notice's state machine (SPEC §15) as a table, and who sees a notice. Pure: no database.
import type { NoticeAction, NoticeCommand, NoticeState } from '../../../types/notices';
import type { Caller } from '../router/caller';
import { postFor } from '../workflow/access';
import { type Actor, type Decision, defineMachine, type Rule } from '../workflow/machine';
import type { NoticeDoc } from './model';

export const noticeTransitions: Record<NoticeAction, Rule<NoticeState>> = {
  draft: { from: [], to: 'draft', roles: ['steward'] },
  /** a returned notice edited goes back to draft, to be submitted again */
  edit: { from: ['draft', 'returned'], to: 'draft', roles: ['steward'] },
  submit: { from: ['draft', 'returned'], to: 'submitted', roles: ['steward'] },
  /** only the manager lets a notice out (通知需经总经理同意后方可外发) */
  approve: { from: ['submitted'], to: 'published', roles: ['manager'] },
  return: { from: ['submitted'], to: 'returned', roles: ['manager'], needsNote: true },
  revoke: { from: ['published'], to: 'revoked', roles: ['manager'], needsNote: true },
  archive: { from: ['published', 'revoked'], to: 'archived', roles: ['steward'] },
};

const machine = defineMachine<NoticeState, NoticeAction, Pick<NoticeDoc, 'state'>>({
  rules: noticeTransitions,
  stale: '通知状态已变化，请刷新后重试',
  forbidden: (command) => (command === 'approve' || command === 'return' || command === 'revoke' ? '只有项目经理可以审批或撤回通知' : '只有本小区的管家可以编辑通知'),
});

export function decideNotice(
  n: Pick<NoticeDoc, 'state'>,
  action: NoticeAction,
  actor: Actor,
  now: Date,
  note: string | null = null,
): Decision<NoticeState, NoticeAction, Rule<NoticeState>> {
  return machine.decide(n, action, actor, now, note);
}

/** States owners may see: issued and not withdrawn (an archived notice stays readable). */
export const OWNER_STATES: readonly NoticeState[] = ['published', 'archived'];
/** States of an issued notice (the staff archive). */
export const ISSUED_STATES: readonly NoticeState[] = ['published', 'revoked', 'archived'];

/** The caller's post that works notices in the community (stewards, leads, managers). */
export const noticePost = (caller: Pick<Caller, 'staff'>, communityId: string) => postFor(caller, communityId, ['steward']);

/** Owners and residents of the community see issued notices; its stewards see every one. */
export function seesNotice(caller: Caller, n: Pick<NoticeDoc, 'communityId' | 'state'>): boolean {
  if (noticePost(caller, n.communityId)) return true;
  return OWNER_STATES.includes(n.state) && caller.bindings.some((b) => b.communityId === n.communityId);
}

const COMMANDS: readonly NoticeCommand[] = ['edit', 'submit', 'approve', 'return', 'revoke', 'archive'];

/** What the caller may do now (the page's buttons). */
export function noticeCommands(caller: Caller, n: NoticeDoc, now: Date): NoticeCommand[] {
  const post = noticePost(caller, n.communityId);
  if (!post) return [];
  return COMMANDS.filter((c) => decideNotice(n, c, { id: caller.openid, role: post.role }, now, 'x').ok);
}
