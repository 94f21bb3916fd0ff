// The owner's orders for all their homes, newest first.
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import SessionGate from '../../../components/SessionGate';
import { EmptyState, ErrorState, LoadingState, MoreButton } from '../../../components/PageState';
import { goBack } from '../../../utils/nav';
import { OrderCard } from '../shared/OrderParts';
import { useOrderPages } from '../shared/useOrderPages';
import '../shared/order.scss';

function Mine() {
  const { pages, reload, loadMore } = useOrderPages({ mine: true, limit: 20 });
  return (
    <View className="page mine-orders">
      {pages.status === 'loading' && pages.items.length === 0 ? <LoadingState /> : null}
      {pages.status === 'error' && pages.items.length === 0 ? <ErrorState message={pages.error ?? ''} onRetry={() => void reload()} /> : null}
      {pages.status === 'ready' && pages.items.length === 0 ? (
        <EmptyState title="还没有服务订单" description="特约服务明码标价，亲情服务免费">
          <Button size="small" type="primary" onClick={() => void Taro.navigateTo({ url: '/packages/order/catalogue/index' })}>
            查看服务价目
          </Button>
        </EmptyState>
      ) : null}
      {pages.items.map((order) => (
        <OrderCard key={order.id} order={order} staff={false} onOpen={() => void Taro.navigateTo({ url: `/packages/order/detail/index?id=${encodeURIComponent(order.id)}` })} />
      ))}
      {pages.error && pages.items.length > 0 ? <View className="field-error">{pages.error}</View> : null}
      <View className="actions">
        {pages.cursor ? <MoreButton loading={pages.status === 'more'} onMore={() => void loadMore()} /> : null}
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function MinePage() {
  return <SessionGate>{() => <Mine />}</SessionGate>;
}
