// My tickets and the staff queue: a paged tickets.list (src/hooks/usePages). The last page's
// calendarWarning tells staff this year or the next has no holiday data.
import type { ActionInput } from '../../../../types/contract';
import { call } from '../../../services/cloud';
import { usePages } from '../../../hooks/usePages';

export type ListInput = Omit<ActionInput<'tickets', 'list'>, 'cursor'>;

const list = (input: ListInput & { cursor?: string }) => call('tickets', 'list', input);
const ticketsOf = (page: Awaited<ReturnType<typeof list>>) => page.tickets;

export function useTicketPages(input: ListInput, onLoaded?: () => void) {
  return usePages(input, list, ticketsOf, onLoaded);
}
