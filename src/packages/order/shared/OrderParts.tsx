// Pieces of an order shown on several pages: the state tag, the list card and the timeline.
import { View, Text } from '@tarojs/components';
import type { Order, OrderState, OrderSummary } from '../../../../types/orders';
import { orderActorRoleLabels, orderFlagLabels, orderStateLabels, serviceCategoryLabels } from '../../../../types/labels';
import { fullTime, shortTime } from '../../../utils/time';
import { amountText } from './format';

/** The colour family of a state: waiting on someone, being worked, done, or stopped. */
const stateTone: Record<OrderState, 'waiting' | 'working' | 'done' | 'stopped'> = {
  booked: 'waiting',
  confirmed: 'working',
  in_service: 'working',
  awaiting_payment: 'waiting',
  paid: 'done',
  rated: 'done',
  cancelled: 'stopped',
  refunded: 'stopped',
};

export function StateTag({ state, free }: { state: OrderState; free?: boolean }) {
  // a free service "paid" is simply done
  const label = free && state === 'paid' ? '已完成' : orderStateLabels[state];
  return <Text className={`order-state order-state--${stateTone[state]}`}>{label}</Text>;
}

const dueWords: Record<OrderState, string> = {
  booked: '管家确认时间截止',
  confirmed: '约定上门',
  in_service: '服务开始于',
  awaiting_payment: '跟进付款',
  paid: '',
  rated: '',
  cancelled: '',
  refunded: '',
};

export function OrderCard({ order, staff, onOpen }: { order: OrderSummary; staff: boolean; onOpen: () => void }) {
  const level = order.flag ? 'breached' : order.due?.level;
  return (
    <View className={`order-card order-card--${order.state} ${level ? `order-card--${level}` : ''}`} onClick={onOpen}>
      <View className="order-card__head">
        <Text className="order-card__title">
          {order.item.name} × {order.quantity}
        </Text>
        <StateTag state={order.state} free={order.item.free} />
      </View>
      <View className="order-card__line">
        {order.no} · {order.unit} · {serviceCategoryLabels[order.item.category]}
      </View>
      <View className="order-card__line">
        金额 <Text className="price">{amountText(order)}</Text>
        {order.scheduledAt ? ` · 上门 ${shortTime(order.scheduledAt)}` : order.preferredAt ? ` · 期望 ${shortTime(order.preferredAt)}` : ''}
      </View>
      {staff && order.flag ? <View className="order-card__due due--breached">⚠ {orderFlagLabels[order.flag]}</View> : null}
      {staff && !order.flag && order.due ? (
        <View className={`order-card__due due--${order.due.level}`}>
          {dueWords[order.state] || '待处理'} {shortTime(order.due.at)}
          {order.due.level === 'breached' ? '（已超时）' : order.due.level === 'near' ? '（即将到时）' : ''}
        </View>
      ) : null}
    </View>
  );
}

export function Timeline({ order }: { order: Order }) {
  const events = [...order.events].reverse();
  return (
    <View className="timeline">
      {events.map((event, i) => (
        <View key={`${event.at}-${i}`} className={`timeline__event ${i === 0 ? 'timeline__event--latest' : ''}`}>
          <View className="timeline__dot" />
          <View className="timeline__what">{event.action === 'refund' && event.from === event.to ? '退款' : orderStateLabels[event.to]}</View>
          <View className="timeline__who">
            {fullTime(event.at)} · {event.actorName ?? orderActorRoleLabels[event.actorRole]}
          </View>
          {event.note ? <View className="timeline__note">{event.note}</View> : null}
        </View>
      ))}
    </View>
  );
}
