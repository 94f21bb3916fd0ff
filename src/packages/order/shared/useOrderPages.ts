// My orders and the staff queue: a paged orders.list (src/hooks/usePages).
import type { ActionInput } from '../../../../types/contract';
import { call } from '../../../services/cloud';
import { usePages } from '../../../hooks/usePages';

export type OrderListInput = Omit<ActionInput<'orders', 'list'>, 'cursor'>;

const list = (input: OrderListInput & { cursor?: string }) => call('orders', 'list', input);
const ordersOf = (page: Awaited<ReturnType<typeof list>>) => page.orders;

export function useOrderPages(input: OrderListInput) {
  return usePages(input, list, ordersOf);
}
