// A paged question list (my questions, the staff queue): first page on open, on return to the page
// and on pull-down; more at the bottom; a page overlapping the last one shows each question once.
import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import type { ActionInput } from '../../../../types/contract';
import type { Question } from '../../../../types/questions';
import { call, messageOf } from '../../../services/cloud';

export interface QuestionPages {
  questions: Question[];
  cursor: string | null;
  status: 'loading' | 'ready' | 'error' | 'more';
  error: string | null;
}

export type ListInput = Omit<NonNullable<ActionInput<'questions', 'list'>>, 'cursor'>;

export function useQuestionPages(input: ListInput, onLoaded?: () => void) {
  const key = JSON.stringify(input);
  const [pages, setPages] = useState<QuestionPages>({ questions: [], cursor: null, status: 'loading', error: null });

  const reload = useCallback(async () => {
    setPages((previous) => ({ ...previous, status: 'loading', error: null }));
    try {
      const page = await call('questions', 'list', JSON.parse(key) as ListInput);
      onLoaded?.();
      setPages({ questions: page.questions, cursor: page.nextCursor, status: 'ready', error: null });
    } catch (error) {
      setPages((previous) => ({ ...previous, status: 'error', error: messageOf(error) }));
    }
    // onLoaded is a notification, not an input of the query
  }, [key]);

  const loadMore = async () => {
    if (pages.status !== 'ready' || !pages.cursor) return;
    setPages((previous) => ({ ...previous, status: 'more' }));
    try {
      const page = await call('questions', 'list', { ...(JSON.parse(key) as ListInput), cursor: pages.cursor });
      setPages((previous) => {
        const seen = new Set(previous.questions.map((q) => q.id));
        return { questions: [...previous.questions, ...page.questions.filter((q) => !seen.has(q.id))], cursor: page.nextCursor, status: 'ready', error: null };
      });
    } catch (error) {
      setPages((previous) => ({ ...previous, status: 'ready', error: messageOf(error) }));
    }
  };

  useEffect(() => {
    void reload();
  }, [reload]);
  // Back from a thread (answered, claimed, closed): show its new state.
  useDidShow(() => {
    if (pages.status === 'ready') void reload();
  });
  usePullDownRefresh(() => void reload().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void loadMore());

  return { pages, reload, loadMore };
}
