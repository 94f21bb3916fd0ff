// The staff queue of orders (SPEC §8): money needing a person first, then by when to act (confirm
// a booking within the hour, the agreed visit, payment to chase); finished orders on their own tab.
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import type { OrderState } from '../../../../types/orders';
import SessionGate from '../../../components/SessionGate';
import { EmptyState, ErrorState, LoadingState, MoreButton } from '../../../components/PageState';
import { goBack } from '../../../utils/nav';
import { OrderCard } from '../shared/OrderParts';
import { useOrderPages, type OrderListInput } from '../shared/useOrderPages';
import '../shared/order.scss';

type Filter = 'todo' | 'booked' | 'working' | 'payment' | 'done';
const FILTERS: { key: Filter; label: string; states: OrderState[] | null }[] = [
  { key: 'todo', label: '全部待办', states: null },
  { key: 'booked', label: '待确认', states: ['booked'] },
  { key: 'working', label: '服务中', states: ['confirmed', 'in_service'] },
  { key: 'payment', label: '待支付', states: ['awaiting_payment'] },
  { key: 'done', label: '已完结', states: ['paid', 'rated', 'cancelled', 'refunded'] },
];

function Queue() {
  const [filter, setFilter] = useState<Filter>('todo');
  const states = FILTERS.find((f) => f.key === filter)?.states ?? null;
  const input: OrderListInput = { limit: 20, ...(states ? { state: states } : {}) };
  const { pages, reload, loadMore } = useOrderPages(input);
  const flagged = pages.items.filter((o) => o.flag).length;
  const late = pages.items.filter((o) => o.due?.level === 'breached').length;

  return (
    <View className="page order-queue">
      <View className="filters">
        {FILTERS.map((f) => (
          <View key={f.key} className={`filter order-queue-filter--${f.key} ${filter === f.key ? 'filter--on' : ''}`} onClick={() => setFilter(f.key)}>
            {f.label}
          </View>
        ))}
      </View>
      {pages.status === 'ready' && pages.items.length > 0 && filter !== 'done' ? (
        <View className="card">
          <Text className="due--breached">款项异常 {flagged}</Text>　<Text className="due--near">已超时 {late}</Text>　<Text className="muted">按紧急程度排序</Text>
        </View>
      ) : null}
      {pages.status === 'loading' && pages.items.length === 0 ? <LoadingState /> : null}
      {pages.status === 'error' && pages.items.length === 0 ? <ErrorState message={pages.error ?? ''} onRetry={() => void reload()} /> : null}
      {pages.status === 'ready' && pages.items.length === 0 ? <EmptyState title="没有需要处理的订单" /> : null}
      {pages.items.map((order) => (
        <OrderCard key={order.id} order={order} staff onOpen={() => void Taro.navigateTo({ url: `/packages/order/detail/index?id=${encodeURIComponent(order.id)}` })} />
      ))}
      {pages.error && pages.items.length > 0 ? <View className="field-error">{pages.error}</View> : null}
      <View className="actions">
        {pages.cursor ? <MoreButton loading={pages.status === 'more'} onMore={() => void loadMore()} /> : null}
        <Button block fill="outline" onClick={() => void Taro.navigateTo({ url: '/packages/order/catalogue/index' })}>
          查看价目表
        </Button>
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function QueuePage() {
  return <SessionGate>{(me) => (me.isStaff ? <Queue /> : <EmptyState title="仅工作人员可见" description="此页面供物业工作人员使用" />)}</SessionGate>;
}
