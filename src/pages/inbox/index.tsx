import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import Cell from '@nutui/nutui-react-taro/dist/es/packages/cell/index';
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import type { InboxItem } from '../../../types/notify';
import { inboxKindLabels } from '../../../types/labels';
import TabPage from '../../components/TabPage';
import SessionGate from '../../components/SessionGate';
import { EmptyState, ErrorState, LoadingState } from '../../components/PageState';
import { call, messageOf } from '../../services/cloud';
import { setUnreadCount } from '../../services/session';
import { TABS } from '../../tabs';
import { shortTime } from '../../utils/format';
import './index.scss';

const PAGE_SIZE = 20;

interface InboxState {
  items: InboxItem[];
  hasMore: boolean;
  status: 'loading' | 'ready' | 'error' | 'more';
  error: string | null;
}

function openPage(page: string): void {
  const path = page.replace(/^\//, '').split('?')[0];
  if (TABS.some((tab) => tab.pagePath === path)) void Taro.switchTab({ url: `/${path}` });
  else void Taro.navigateTo({ url: page.startsWith('/') ? page : `/${page}` });
}

function InboxList() {
  const [state, setState] = useState<InboxState>({ items: [], hasMore: false, status: 'loading', error: null });

  const loadFirst = useCallback(async () => {
    setState((previous) => ({ ...previous, status: 'loading', error: null }));
    try {
      const page = await call('account', 'inbox', { limit: PAGE_SIZE });
      setState({ items: page.items, hasMore: page.hasMore, status: 'ready', error: null });
      setUnreadCount(page.unreadCount);
    } catch (error) {
      setState((previous) => ({ ...previous, status: 'error', error: messageOf(error) }));
    }
  }, []);

  const loadMore = useCallback(async () => {
    if (state.status !== 'ready' || !state.hasMore) return;
    const last = state.items[state.items.length - 1];
    setState((previous) => ({ ...previous, status: 'more' }));
    try {
      const page = await call('account', 'inbox', { limit: PAGE_SIZE, before: last?.createdAt });
      setState((previous) => {
        // Items arriving twice (same createdAt at a page edge) are shown once.
        const seen = new Set(previous.items.map((item) => item.id));
        return { items: [...previous.items, ...page.items.filter((item) => !seen.has(item.id))], hasMore: page.hasMore, status: 'ready', error: null };
      });
    } catch (error) {
      setState((previous) => ({ ...previous, status: 'ready', error: messageOf(error) }));
    }
  }, [state]);

  useEffect(() => {
    void loadFirst();
  }, [loadFirst]);
  usePullDownRefresh(() => {
    void loadFirst().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => void loadMore());
  useDidShow(() => {
    if (state.status === 'ready') void loadFirst();
  });

  const open = async (item: InboxItem) => {
    if (!item.readAt) {
      // Marked read locally at once; the count comes back from the server.
      setState((previous) => ({
        ...previous,
        items: previous.items.map((other) => (other.id === item.id ? { ...other, readAt: new Date().toISOString() } : other)),
      }));
      try {
        const { unreadCount } = await call('account', 'readInbox', { ids: [item.id] });
        setUnreadCount(unreadCount);
      } catch (error) {
        void Taro.showToast({ title: messageOf(error), icon: 'none' });
      }
    }
    if (item.page) openPage(item.page);
  };

  if (state.status === 'loading' && state.items.length === 0) return <LoadingState />;
  if (state.status === 'error' && state.items.length === 0) return <ErrorState message={state.error ?? ''} onRetry={() => void loadFirst()} />;
  if (state.items.length === 0) return <EmptyState title="暂无消息" description="工单进度、审核结果和祝福会出现在这里" />;

  return (
    <View className="inbox">
      {state.items.map((item) => (
        <Cell
          key={item.id}
          className={`inbox-item ${item.readAt ? 'inbox-item--read' : 'inbox-item--unread'}`}
          title={
            <View className="inbox-item__title">
              {item.readAt ? null : <View className="inbox-item__dot" />}
              <Text>{item.title}</Text>
            </View>
          }
          description={
            <View>
              <View className="inbox-item__body">{item.body}</View>
              <View className="inbox-item__meta">
                {/* The kind only when the title does not already say it (a binding result's title is its kind). */}
                {inboxKindLabels[item.template] === item.title ? '' : `${inboxKindLabels[item.template]} · `}
                {shortTime(item.createdAt)}
              </View>
            </View>
          }
          extra={item.page ? '›' : undefined}
          clickable
          onClick={() => void open(item)}
        />
      ))}
      {state.error ? <View className="field-error">{state.error}</View> : null}
      <View className="inbox__more">
        {state.hasMore ? (
          <Button size="small" fill="outline" loading={state.status === 'more'} onClick={() => void loadMore()}>
            加载更多
          </Button>
        ) : (
          <Text className="muted">没有更多了</Text>
        )}
      </View>
    </View>
  );
}

export default function InboxPage() {
  return (
    <TabPage path="pages/inbox/index">
      <SessionGate>{() => <InboxList />}</SessionGate>
    </TabPage>
  );
}
