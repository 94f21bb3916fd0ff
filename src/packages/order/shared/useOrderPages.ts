// A paged order list (my orders, the staff queue): first page on open, on return and on pull-down;
// more at the bottom; each order shown once.
import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import type { ActionInput } from '../../../../types/contract';
import type { OrderSummary } from '../../../../types/orders';
import { call, messageOf } from '../../../services/cloud';

export type OrderListInput = Omit<ActionInput<'orders', 'list'>, 'cursor'>;

interface Pages {
  orders: OrderSummary[];
  cursor: string | null;
  status: 'loading' | 'ready' | 'error' | 'more';
  error: string | null;
}

export function useOrderPages(input: OrderListInput) {
  const key = JSON.stringify(input);
  const [pages, setPages] = useState<Pages>({ orders: [], cursor: null, status: 'loading', error: null });

  const reload = useCallback(async () => {
    setPages((previous) => ({ ...previous, status: 'loading', error: null }));
    try {
      const page = await call('orders', 'list', JSON.parse(key) as OrderListInput);
      setPages({ orders: page.orders, cursor: page.nextCursor, status: 'ready', error: null });
    } catch (error) {
      setPages((previous) => ({ ...previous, status: 'error', error: messageOf(error) }));
    }
  }, [key]);

  const loadMore = async () => {
    if (pages.status !== 'ready' || !pages.cursor) return;
    setPages((previous) => ({ ...previous, status: 'more' }));
    try {
      const page = await call('orders', 'list', { ...(JSON.parse(key) as OrderListInput), cursor: pages.cursor });
      setPages((previous) => {
        const seen = new Set(previous.orders.map((o) => o.id));
        return { orders: [...previous.orders, ...page.orders.filter((o) => !seen.has(o.id))], cursor: page.nextCursor, status: 'ready', error: null };
      });
    } catch (error) {
      setPages((previous) => ({ ...previous, status: 'ready', error: messageOf(error) }));
    }
  };

  useEffect(() => {
    void reload();
  }, [reload]);
  useDidShow(() => {
    if (pages.status === 'ready') void reload();
  });
  usePullDownRefresh(() => void reload().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void loadMore());
  return { pages, reload, loadMore };
}
