import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import SessionGate from '../../../components/SessionGate';
import { EmptyState, ErrorState, LoadingState, MoreButton } from '../../../components/PageState';
import { goBack } from '../../../utils/nav';
import { TicketCard } from '../shared/TicketParts';
import { useTicketPages } from '../shared/useTicketPages';
import '../shared/ticket.scss';

/** Every state: an owner wants to see finished and cancelled requests too. */
const ALL_STATES = ['submitted', 'accepted', 'assigned', 'on_site', 'resolved', 'revisited', 'closed', 'cancelled', 'rejected', 'reopened'] as const;

function MyTickets() {
  const { pages: state, reload: loadFirst, loadMore } = useTicketPages({ mine: true, state: [...ALL_STATES], limit: 20 });

  const report = () => void Taro.navigateTo({ url: '/packages/ticket/report/index' });

  if (state.status === 'loading' && state.items.length === 0) return <LoadingState />;
  if (state.status === 'error' && state.items.length === 0) return <ErrorState message={state.error ?? ''} onRetry={() => void loadFirst()} />;

  const now = Date.now();
  return (
    <View className="page my-tickets">
      {state.items.length === 0 ? (
        <EmptyState title="还没有工单" description="报修、投诉、建议都可以在这里提交">
          <Button type="primary" size="small" onClick={report}>
            报事报修
          </Button>
        </EmptyState>
      ) : null}
      {state.items.map((ticket) => (
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
        {state.cursor ? <MoreButton loading={state.status === 'more'} onMore={() => void loadMore()} /> : state.items.length > 0 ? <Text className="muted">没有更多了</Text> : null}
        {state.items.length > 0 ? (
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
