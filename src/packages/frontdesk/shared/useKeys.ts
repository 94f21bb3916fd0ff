// The key register and the open loans as paged lists (keys.list, keys.loans).
import type { ActionInput } from '../../../../types/contract';
import { call } from '../../../services/cloud';
import { usePages } from '../../../hooks/usePages';

type KeysInput = Omit<Exclude<ActionInput<'keys', 'list'>, undefined>, 'cursor'>;
type KeysPage = Awaited<ReturnType<typeof call<'keys', 'list'>>>;
type LoansInput = Omit<Exclude<ActionInput<'keys', 'loans'>, undefined>, 'cursor'>;
type LoansPage = Awaited<ReturnType<typeof call<'keys', 'loans'>>>;

const keys = (input: KeysInput & { cursor?: string }): Promise<KeysPage> => call('keys', 'list', input);
const keysOf = (page: KeysPage) => page.keys;
const loans = (input: LoansInput & { cursor?: string }): Promise<LoansPage> => call('keys', 'loans', input);
const loansOf = (page: LoansPage) => page.loans;

export function useKeyPages(input: KeysInput) {
  return usePages(input, keys, keysOf);
}

export function useLoanPages(input: LoansInput) {
  return usePages(input, loans, loansOf);
}
