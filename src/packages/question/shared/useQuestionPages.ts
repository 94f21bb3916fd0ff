// My questions and the staff queue: a paged questions.list (src/hooks/usePages).
import type { ActionInput } from '../../../../types/contract';
import { call } from '../../../services/cloud';
import { usePages } from '../../../hooks/usePages';

export type ListInput = Omit<NonNullable<ActionInput<'questions', 'list'>>, 'cursor'>;

const list = (input: ListInput & { cursor?: string }) => call('questions', 'list', input);
const questionsOf = (page: Awaited<ReturnType<typeof list>>) => page.questions;

export function useQuestionPages(input: ListInput, onLoaded?: () => void) {
  return usePages(input, list, questionsOf, onLoaded);
}
