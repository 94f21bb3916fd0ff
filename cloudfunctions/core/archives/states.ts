// The archive file's state machine (SPEC §14; 住户档案管理规定 in 004_…txt) and who works it:
// stewards (leads, managers) file, look up with a reason, ask to borrow and propose destruction;
// the manager approves; destruction needs two DIFFERENT staff confirming from their own accounts.
import type { ArchiveAction, ArchiveState } from '../../../types/archives';
import { shanghaiDate } from '../time';
import { defineAccess } from '../workflow/access';
import { type Actor, defineMachine, refuse, type Rule } from '../workflow/machine';
import type { ArchiveFileDoc } from './model';

export const archiveAccess = defineAccess<ArchiveFileDoc>({
  staff: ['steward'],
  hidden: '没有找到这份档案',
  sees: ({ post }) => Boolean(post),
});

export const archiveTransitions: Record<ArchiveAction, Rule<ArchiveState>> = {
  file: { from: [], to: 'filed', roles: ['steward'] },
  requestBorrow: { from: ['filed'], to: 'borrow_requested', roles: ['steward'] },
  approveBorrow: { from: ['borrow_requested'], to: 'lent', roles: ['manager'] },
  rejectBorrow: { from: ['borrow_requested'], to: 'filed', roles: ['manager'] },
  returnFile: { from: ['lent'], to: 'filed', roles: ['steward'] },
  propose: { from: ['filed'], to: 'proposed', roles: ['steward'] },
  approveDestruction: { from: ['proposed'], to: 'approved', roles: ['manager'] },
  rejectDestruction: { from: ['proposed'], to: 'filed', roles: ['manager'], needsNote: true },
  /** the first of the two confirmations: the file stays approved */
  confirm: { from: ['approved'], to: 'approved', roles: ['steward'] },
  /** the second, by someone else: destroyed */
  destroy: { from: ['approved'], to: 'destroyed', roles: ['steward'] },
};

const machine = defineMachine<ArchiveState, ArchiveAction, Pick<ArchiveFileDoc, 'state' | 'retainUntil' | 'confidential' | 'destruction'>>({
  rules: archiveTransitions,
  stale: '档案状态已变化，请刷新后重试',
  policy(f, action, actor, now) {
    if (action === 'requestBorrow' && f.confidential) return refuse('CONFLICT', '涉及个人信息的资料不可借出');
    if (action === 'propose' && shanghaiDate(now) <= f.retainUntil) return refuse('CONFLICT', `保存期至 ${f.retainUntil}，未过期不能销毁`);
    if ((action === 'confirm' || action === 'destroy') && f.destruction?.confirmations.some((c) => c.by === actor.id)) {
      return refuse('CONFLICT', '您已确认过，销毁需另一名工作人员确认');
    }
    return null;
  },
});

export function decideArchive(
  f: Pick<ArchiveFileDoc, 'state' | 'retainUntil' | 'confidential' | 'destruction'>,
  action: ArchiveAction,
  actor: Actor,
  now: Date,
  note: string | null = null,
) {
  return machine.decide(f, action, actor, now, note);
}
