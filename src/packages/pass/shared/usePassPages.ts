// My passes, the stewards' queue and the register: a paged passes.list (src/hooks/usePages).
import type { ActionInput } from '../../../../types/contract';
import { call } from '../../../services/cloud';
import { usePages } from '../../../hooks/usePages';

export type PassListInput = Omit<Exclude<ActionInput<'passes', 'list'>, undefined>, 'cursor'>;

const list = (input: PassListInput & { cursor?: string }) => call('passes', 'list', input);
const passesOf = (page: Awaited<ReturnType<typeof list>>) => page.passes;

export function usePassPages(input: PassListInput, onLoaded?: () => void) {
  return usePages(input, list, passesOf, onLoaded);
}
