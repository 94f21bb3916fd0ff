// Key register data access beside the rules: lookups, the conditional writes (core/workflow/write.ts)
// of keys and loans, and the handover's reader.
import type { Database } from '../sdk';
import { type Store, writeStep } from '../workflow/write';
import type { KeyDoc, KeyEventDoc, LoanDoc, LoanEventDoc } from './model';
import { loanNextDueAt } from './states';

export const KEYS = 'keys';
export const KEY_LOANS = 'keyLoans';
export const KEY_STOCK_TAKES = 'keyStockTakes';

export async function findKey(database: Database, id: string): Promise<KeyDoc | null> {
  return (await database.collection<KeyDoc>(KEYS).where({ _id: id }).limit(1).get()).data[0] ?? null;
}

export async function findLoan(database: Database, id: string): Promise<LoanDoc | null> {
  return (await database.collection<LoanDoc>(KEY_LOANS).where({ _id: id }).limit(1).get()).data[0] ?? null;
}

const KEY_STORE: Store<KeyDoc> = { collection: KEYS, whole: ['entrustment'], stale: '钥匙登记已变化，请刷新后重试' };
const LOAN_STORE: Store<LoanDoc> = { collection: KEY_LOANS, whole: ['confirmation', 'returnCheck', 'alerts'], stale: '借用登记已变化，请刷新后重试' };

export async function writeKey(database: Database, k: KeyDoc, changes: Partial<Omit<KeyDoc, '_id' | 'events' | 'rev'>>, event: KeyEventDoc, stale?: string): Promise<KeyDoc> {
  await writeStep(database, KEY_STORE, k, changes, { events: [event] }, stale);
  return { ...k, ...changes, rev: k.rev + 1, events: [...k.events, event] };
}

export async function writeLoan(database: Database, l: LoanDoc, changes: Partial<Omit<LoanDoc, '_id' | 'events' | 'rev'>>, event: LoanEventDoc): Promise<LoanDoc> {
  const merged = { ...l, ...changes };
  const nextDueAt = loanNextDueAt(merged);
  await writeStep(database, LOAN_STORE, l, { ...changes, nextDueAt }, { events: [event] });
  return { ...merged, nextDueAt, rev: l.rev + 1, events: [...l.events, event] };
}

/** A key out now (for the shift handover): which, with whom, due back when, overdue or not. */
export interface KeyOut {
  loanId: string;
  no: string;
  tag: string;
  unit: string | null;
  borrowerName: string;
  purpose: string;
  dueBack: Date;
  overdue: boolean;
}

export async function keysOut(database: Database, communityId: string, now = new Date()): Promise<KeyOut[]> {
  const found = await database.collection<LoanDoc>(KEY_LOANS).where({ communityId, state: 'out' }).orderBy('dueBack', 'asc').limit(100).get();
  return found.data.map((l) => ({
    loanId: l._id,
    no: l.no,
    tag: l.tag,
    unit: l.unit || null,
    borrowerName: l.borrowerName,
    purpose: l.purpose,
    dueBack: l.dueBack,
    overdue: l.dueBack <= now,
  }));
}
