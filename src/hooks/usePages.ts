// A paged list for a page (my tickets/orders/passes/questions, the staff queues, the pass register):
// the first page on open, on return to the page and on pull-down; more at the bottom; a page that
// overlaps the last one shows each item once; an answer that arrives after the list was reloaded
// (a filter changed, a pull-down) is dropped, so a slow old page never lands in the new list. The
// list's filters arrive as a fresh object each render; their JSON says when they really changed.
import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { messageOf } from '../services/cloud';

/** What one call of a list action answers: its items somewhere in it, and where the next page starts. */
export interface ListPage {
  nextCursor: string | null;
}

export interface Pages<Item, Page> {
  items: Item[];
  cursor: string | null;
  status: 'loading' | 'ready' | 'error' | 'more';
  error: string | null;
  /** the last page that arrived (for what a list answers beside its items); null before the first */
  last: Page | null;
}

/**
 * `fetch` and `itemsOf` must be the same functions on every render (define them at module level):
 * the list reloads when the input's JSON changes, not when they do.
 * `onLoaded` is told when a first page arrived (e.g. to refresh a page's clock); it is a
 * notification, not an input of the query.
 */
export function usePages<Input extends object, Page extends ListPage, Item extends { id: string }>(
  input: Input,
  fetch: (input: Input & { cursor?: string }) => Promise<Page>,
  itemsOf: (page: Page) => Item[],
  onLoaded?: () => void,
) {
  const key = JSON.stringify(input);
  const [pages, setPages] = useState<Pages<Item, Page>>({ items: [], cursor: null, status: 'loading', error: null, last: null });
  // Every reload starts a new generation; an answer of an older one is stale.
  const generation = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setPages((previous) => ({ ...previous, status: 'loading', error: null }));
    try {
      const page = await fetch(JSON.parse(key) as Input);
      if (mine !== generation.current) return;
      onLoaded?.();
      setPages({ items: itemsOf(page), cursor: page.nextCursor, status: 'ready', error: null, last: page });
    } catch (error) {
      if (mine === generation.current) setPages((previous) => ({ ...previous, status: 'error', error: messageOf(error) }));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- onLoaded is a notification, not an input of the query
  }, [key, fetch, itemsOf]);

  const loadMore = async () => {
    if (pages.status !== 'ready' || !pages.cursor) return;
    const mine = generation.current;
    setPages((previous) => ({ ...previous, status: 'more' }));
    try {
      const page = await fetch({ ...(JSON.parse(key) as Input), cursor: pages.cursor });
      if (mine !== generation.current) return;
      setPages((previous) => {
        const seen = new Set(previous.items.map((item) => item.id));
        return {
          items: [...previous.items, ...itemsOf(page).filter((item) => !seen.has(item.id))],
          cursor: page.nextCursor,
          status: 'ready',
          error: null,
          last: page,
        };
      });
    } catch (error) {
      if (mine === generation.current) setPages((previous) => ({ ...previous, status: 'ready', error: messageOf(error) }));
    }
  };

  useEffect(() => {
    void reload();
  }, [reload]);
  // Back from an item's page (rated, claimed, answered, paid): show its new state.
  useDidShow(() => {
    if (pages.status === 'ready') void reload();
  });
  usePullDownRefresh(() => void reload().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void loadMore());

  return { pages, reload, loadMore };
}
