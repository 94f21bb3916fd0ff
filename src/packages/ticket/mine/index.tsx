import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import type { TicketSummary } from '../../../../types/tickets';
import SessionGate from '../../../components/SessionGate';
import { EmptyState, ErrorState, LoadingState } from '../../../components/PageState';
import { call, messageOf } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import { TicketCard } from '../shared/TicketParts';
import '../shared/ticket.scss';

interface ListState {
  tickets: TicketSummary[];
  cursor: string | null;
  status: 'loading' | 'ready' | 'error' | 'more';
  error: string | null;
}

/** Every state: an owner wants to see finished and cancelled requests too. */
const ALL_STATES = ['submitted', 'accepted', 'assigned', 'on_site', 'resolved', 'revisited', 'closed', 'cancelled', 'rejected', 'reopened'] as const;

function MyTickets() {
  const [state, setState] = useState<ListState>({ tickets: [], cursor: null, status: 'loading', error: null });

  const loadFirst = useCallback(async () => {
    setState((previous) => ({ ...previous, status: 'loading', error: null }));
    try {
      const page = await call('tickets', 'list', { mine: true, state: [...ALL_STATES], limit: 20 });
      setState({ tickets: page.tickets, cursor: page.nextCursor, status: 'ready', error: null });
    } catch (error) {
      setState((previous) => ({ ...previous, status: 'error', error: messageOf(error) }));
    }
  }, []);

  const loadMore = async () => {
    if (state.status !== 'ready' || !state.cursor) return;
    setState((previous) => ({ ...previous, status: 'more' }));
    try {
      const page = await call('tickets', 'list', { mine: true, state: [...ALL_STATES], limit: 20, cursor: state.cursor });
      setState((previous) => {
        const seen = new Set(previous.tickets.map((t) => t.id));
        return { tickets: [...previous.tickets, ...page.tickets.filter((t) => !seen.has(t.id))], cursor: page.nextCursor, status: 'ready', error: null };
      });
    } catch (error) {
      setState((previous) => ({ ...previous, status: 'ready', error: messageOf(error) }));
    }
  };

  useEffect(() => {
    void loadFirst();
  }, [loadFirst]);
  // Back from a ticket (rated, cancelled): show its new state.
  useDidShow(() => {
    if (state.status === 'ready') void loadFirst();
  });
  usePullDownRefresh(() => void loadFirst().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void loadMore());

  const report = () => void Taro.navigateTo({ url: '/packages/ticket/report/index' });

  if (state.status === 'loading' && state.tickets.length === 0) return <LoadingState />;
  if (state.status === 'error' && state.tickets.length === 0) return <ErrorState message={state.error ?? ''} onRetry={() => void loadFirst()} />;

  const now = Date.now();
  return (
    <View className="page my-tickets">
      {state.tickets.length === 0 ? (
        <EmptyState title="还没有工单" description="报修、投诉、建议都可以在这里提交">
          <Button type="primary" size="small" onClick={report}>
            报事报修
          </Button>
        </EmptyState>
      ) : null}
      {state.tickets.map((ticket) => (
        <TicketCard
          key={ticket.id}
          ticket={ticket}
          now={now}
          staff={false}
          onOpen={() => void Taro.navigateTo({ url: `/packages/ticket/detail/index?id=${encodeURIComponent(ticket.id)}` })}
        />
      ))}
      {state.error ? <View className="field-error">{state.error}</View> : null}
      <View className="actions">
        {state.cursor ? (
          <Button block fill="outline" loading={state.status === 'more'} onClick={() => void loadMore()}>
            加载更多
          </Button>
        ) : state.tickets.length > 0 ? (
          <Text className="muted">没有更多了</Text>
        ) : null}
        {state.tickets.length > 0 ? (
          <Button id="my-tickets-report" type="primary" block onClick={report}>
            报事报修
          </Button>
        ) : null}
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function MyTicketsPage() {
  return <SessionGate>{() => <MyTickets />}</SessionGate>;
}
