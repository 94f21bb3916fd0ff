// A paged ticket list (my tickets, the staff queue): first page on open, on return to the page and
// on pull-down; more at the bottom; a page that overlaps the last one shows each ticket once.
import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import type { ActionInput } from '../../../../types/contract';
import type { TicketSummary } from '../../../../types/tickets';
import { call, messageOf } from '../../../services/cloud';

export interface TicketPages {
  tickets: TicketSummary[];
  cursor: string | null;
  status: 'loading' | 'ready' | 'error' | 'more';
  error: string | null;
  /** staff: this year or the next has no holiday data */
  calendarWarning: string | null;
}

export type ListInput = Omit<ActionInput<'tickets', 'list'>, 'cursor'>;

export function useTicketPages(input: ListInput, onLoaded?: () => void) {
  // the filters arrive as a fresh object each render; their JSON says when they really changed
  const key = JSON.stringify(input);
  const [pages, setPages] = useState<TicketPages>({ tickets: [], cursor: null, status: 'loading', error: null, calendarWarning: null });

  const reload = useCallback(async () => {
    setPages((previous) => ({ ...previous, status: 'loading', error: null }));
    try {
      const page = await call('tickets', 'list', JSON.parse(key) as ListInput);
      onLoaded?.();
      setPages({ tickets: page.tickets, cursor: page.nextCursor, status: 'ready', error: null, calendarWarning: page.calendarWarning });
    } catch (error) {
      setPages((previous) => ({ ...previous, status: 'error', error: messageOf(error) }));
    }
    // onLoaded is a notification, not an input of the query
  }, [key]);

  const loadMore = async () => {
    if (pages.status !== 'ready' || !pages.cursor) return;
    setPages((previous) => ({ ...previous, status: 'more' }));
    try {
      const page = await call('tickets', 'list', { ...(JSON.parse(key) as ListInput), cursor: pages.cursor });
      setPages((previous) => {
        const seen = new Set(previous.tickets.map((t) => t.id));
        return {
          tickets: [...previous.tickets, ...page.tickets.filter((t) => !seen.has(t.id))],
          cursor: page.nextCursor,
          status: 'ready',
          error: null,
          calendarWarning: page.calendarWarning,
        };
      });
    } catch (error) {
      setPages((previous) => ({ ...previous, status: 'ready', error: messageOf(error) }));
    }
  };

  useEffect(() => {
    void reload();
  }, [reload]);
  // Back from a ticket (rated, claimed, resolved): show its new state.
  useDidShow(() => {
    if (pages.status === 'ready') void reload();
  });
  usePullDownRefresh(() => void reload().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void loadMore());

  return { pages, reload, loadMore };
}
