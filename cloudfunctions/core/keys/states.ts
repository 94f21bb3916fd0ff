// The key's and the loan's state machines (SPEC §14) and who works the register. A loan of an
// entrusted key waits for its owner (in the app, or a steward's record of a phone confirmation);
// handing it out is conditional on the key being in and the entrustment in force; the key's own
// write (in → out on `{_id, state, rev}`) lets one of two keepers lend it.
import type { KeyState, LoanAction, LoanState } from '../../../types/keys';
import { defineAccess } from '../workflow/access';
import { type Actor, type Decision, defineMachine, refuse, type Rule } from '../workflow/machine';
import type { KeyDoc, LoanDoc } from './model';

/** Keepers: the front desk's stewards for every key, engineering for its public-area and equipment-room keys. */
export const keyAccess = defineAccess<KeyDoc>({
  staff: ['steward', 'engineer'],
  hidden: '没有找到这把钥匙',
  sees: ({ post }, k, caller) => Boolean((post && keeperMay(post.role, k)) || (k.entrustment && k.entrustment.owner === caller.openid)),
});

/** Engineering keeps the public-area and equipment-room keys (004_…txt 钥匙发放 (2)); the front desk all. */
export function keeperMay(role: string, k: Pick<KeyDoc, 'source'>): boolean {
  if (role === 'engineer') return k.source === 'public_area' || k.source === 'equipment_room';
  return role === 'steward' || role === 'lead' || role === 'manager';
}

export const keyTransitions: Record<'lend' | 'return', Rule<KeyState>> = {
  lend: { from: ['in'], to: 'out', roles: ['steward', 'engineer'] },
  return: { from: ['out'], to: 'in', roles: ['steward', 'engineer'] },
};

const keyMachine = defineMachine<KeyState, 'lend' | 'return', Pick<KeyDoc, 'state' | 'entrustment' | 'source'>>({
  rules: keyTransitions,
  stale: '钥匙已被借出，请刷新后重试',
  policy(k, command, actor) {
    if (!keeperMay(actor.role, k)) return refuse('FORBIDDEN', '房屋钥匙由客服中心管理');
    if (command === 'lend') return lendRefusal(k);
    return null;
  },
});

/** Why a key cannot be lent now (null: it can). */
export function lendRefusal(k: Pick<KeyDoc, 'state' | 'entrustment' | 'source'>) {
  if (k.source === 'entrusted') {
    if (!k.entrustment || k.entrustment.state === 'revoked') return refuse('CONFLICT', '业主已撤销委托，钥匙不能再借出');
    if (k.entrustment.state !== 'active') return refuse('CONFLICT', '业主尚未同意委托条款，钥匙不能借出');
  }
  if (k.state !== 'in') return refuse('CONFLICT', '钥匙已借出，尚未归还');
  return null;
}

export function decideKey(
  k: Pick<KeyDoc, 'state' | 'entrustment' | 'source'>,
  command: 'lend' | 'return',
  actor: Actor,
  now: Date,
): Decision<KeyState, 'lend' | 'return', Rule<KeyState>> {
  return keyMachine.decide(k, command, actor, now);
}

export const loanTransitions: Record<LoanAction, Rule<LoanState>> = {
  lend: { from: [], to: 'awaiting_owner', roles: ['steward', 'engineer'] },
  /** the owner in the app, or a steward recording the owner's phone confirmation */
  confirm: { from: ['awaiting_owner'], to: 'confirmed', roles: ['owner', 'steward'] },
  decline: { from: ['awaiting_owner', 'confirmed'], to: 'declined', roles: ['owner'] },
  handOut: { from: ['confirmed'], to: 'out', roles: ['steward', 'engineer'] },
  return: { from: ['out'], to: 'returned', roles: ['steward', 'engineer'] },
  cancel: { from: ['awaiting_owner', 'confirmed'], to: 'cancelled', roles: ['steward', 'engineer'], needsNote: true },
};

const loanMachine = defineMachine<LoanState, LoanAction, Pick<LoanDoc, 'state' | 'owner'>>({
  rules: loanTransitions,
  stale: '借用登记已变化，请刷新后重试',
});

export function decideLoan(
  l: Pick<LoanDoc, 'state' | 'owner'>,
  action: LoanAction,
  actor: Actor,
  now: Date,
  note: string | null = null,
): Decision<LoanState, LoanAction, Rule<LoanState>> {
  return loanMachine.decide(l, action, actor, now, note);
}

/** The timer's next job for a loan: its overdue alert, once, while the key is out. */
export function loanNextDueAt(l: Pick<LoanDoc, 'state' | 'dueBack' | 'alerts'>): Date | null {
  return l.state === 'out' && !l.alerts?.overdue ? l.dueBack : null;
}
