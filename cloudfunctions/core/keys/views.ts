// Keys and loans as the caller sees them: the borrower's phone masked except to keepers.
import type { Key, Loan } from '../../../types/keys';
import { maskPhone } from '../accounts/rules';
import type { Caller } from '../router/caller';
import { toShanghaiIso } from '../time';
import type { KeyDoc, LoanDoc } from './model';
import { keyAccess, lendRefusal } from './states';

const iso = (d: Date) => toShanghaiIso(d);

export function keyView(k: KeyDoc): Key {
  const e = k.entrustment;
  return {
    id: k._id,
    communityId: k.communityId,
    tag: k.tag,
    source: k.source,
    unit: k.unit || null,
    area: k.area,
    count: k.count,
    slot: k.slot,
    holder: k.holder,
    state: k.state,
    entrustment: e
      ? { state: e.state, ownerName: e.ownerName, since: iso(e.since), agreedAt: e.agreedAt ? iso(e.agreedAt) : null, revokedAt: e.revokedAt ? iso(e.revokedAt) : null }
      : null,
    loanId: k.loanId,
    lendable: lendRefusal(k) === null,
    createdAt: iso(k.createdAt),
  };
}

export function loanView(l: LoanDoc, caller: Caller, now: Date): Loan {
  const keeper = Boolean(keyAccess.post(caller, l.communityId));
  return {
    id: l._id,
    no: l.no,
    keyId: l.keyId,
    tag: l.tag,
    unit: l.unit || null,
    source: l.source,
    state: l.state,
    borrowerName: l.borrowerName,
    borrowerPhone: l.borrowerPhone && !keeper ? maskPhone(l.borrowerPhone) : l.borrowerPhone,
    purpose: l.purpose,
    ticketNo: l.ticketNo,
    decorationNo: l.decorationNo,
    dueBack: iso(l.dueBack),
    confirmation: l.confirmation ? { method: l.confirmation.method, at: iso(l.confirmation.at), byName: l.confirmation.byName, note: l.confirmation.note } : null,
    lentAt: l.lentAt ? iso(l.lentAt) : null,
    lentByName: l.lentByName,
    returnedAt: l.returnedAt ? iso(l.returnedAt) : null,
    returnCheck: l.returnCheck,
    overdue: l.state === 'out' && l.dueBack <= now,
    events: l.events.map((e) => ({ action: e.action, from: e.from, to: e.to, actorRole: e.actorRole, actorName: e.actorName, at: iso(e.at), note: e.note })),
    createdAt: iso(l.createdAt),
  };
}
