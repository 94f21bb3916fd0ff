// A paged pass list for a page: the first page, more on reaching the bottom, reload on show and on
// pull-down, and a filter change starting again from the top.
import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import type { ActionInput } from '../../../../types/contract';
import type { PassSummary } from '../../../../types/passes';
import { call, messageOf } from '../../../services/cloud';

export type PassListInput = Exclude<ActionInput<'passes', 'list'>, undefined>;

export interface PassPages {
  status: 'loading' | 'ready' | 'error';
  passes: PassSummary[];
  next: string | null;
  error: string | null;
}

export function usePassPages(input: PassListInput, onLoaded?: () => void) {
  const [pages, setPages] = useState<PassPages>({ status: 'loading', passes: [], next: null, error: null });
  const key = JSON.stringify(input);
  const generation = useRef(0);
  const inputRef = useRef(input);
  inputRef.current = input;
  const shown = useRef(false);

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setPages((p) => ({ ...p, status: 'loading', error: null }));
    try {
      const { passes, nextCursor } = await call('passes', 'list', inputRef.current);
      if (mine !== generation.current) return;
      setPages({ status: 'ready', passes, next: nextCursor, error: null });
      onLoaded?.();
    } catch (error) {
      if (mine === generation.current) setPages((p) => ({ ...p, status: 'error', error: messageOf(error) }));
    }
  }, [onLoaded]);

  const loadMore = useCallback(async () => {
    if (!pages.next || pages.status === 'loading') return;
    const mine = generation.current;
    setPages((p) => ({ ...p, status: 'loading' }));
    try {
      const { passes, nextCursor } = await call('passes', 'list', { ...inputRef.current, cursor: pages.next });
      if (mine !== generation.current) return;
      setPages((p) => ({ status: 'ready', passes: [...p.passes, ...passes], next: nextCursor, error: null }));
    } catch (error) {
      if (mine === generation.current) setPages((p) => ({ ...p, status: 'error', error: messageOf(error) }));
    }
  }, [pages.next, pages.status]);

  useEffect(() => {
    void reload();
  }, [key, reload]);
  // back from a detail page: what was decided there shows here
  useDidShow(() => {
    if (shown.current) void reload();
    shown.current = true;
  });
  usePullDownRefresh(() => void reload().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void loadMore());

  return { pages, reload, loadMore };
}
