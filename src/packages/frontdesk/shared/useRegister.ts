// The lobby's register as a paged list (visitors.register): those inside now, or a day's visits.
import type { ActionInput } from '../../../../types/contract';
import { call } from '../../../services/cloud';
import { usePages } from '../../../hooks/usePages';

export type RegisterInput = Omit<Exclude<ActionInput<'visitors', 'register'>, undefined>, 'cursor'>;
type RegisterPage = Awaited<ReturnType<typeof call<'visitors', 'register'>>>;

const list = (input: RegisterInput & { cursor?: string }): Promise<RegisterPage> => call('visitors', 'register', input);
const visitsOf = (page: RegisterPage) => page.visits;

export function useRegister(input: RegisterInput) {
  return usePages(input, list, visitsOf);
}
