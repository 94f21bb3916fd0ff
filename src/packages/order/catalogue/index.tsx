// The catalogue (SPEC §4): every service with its price shown before booking (明示), by section,
// with the community's supervision phone (监督电话). Tapping a line books it.
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import type { Me } from '../../../../types/account';
import type { CatalogueItem, ServiceCategory } from '../../../../types/orders';
import { serviceCategoryLabels } from '../../../../types/labels';
import SessionGate from '../../../components/SessionGate';
import { EmptyState, ErrorState, LoadingState } from '../../../components/PageState';
import { useRemote } from '../../../hooks/useRemote';
import { call } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import { priceText } from '../shared/format';
import '../shared/order.scss';

const SECTIONS: ServiceCategory[] = ['electric', 'plumbing', 'carpentry', 'agency', 'office', 'free'];

function Line({ item, onBook }: { item: CatalogueItem; onBook: () => void }) {
  return (
    <View className={`order-card catalogue-item catalogue-item--${item.code} ${item.active ? '' : 'catalogue-item--off'}`} onClick={onBook}>
      <View className="order-card__head">
        <Text className="order-card__title">{item.name}</Text>
        <Text className="price catalogue-item__price">{priceText(item.pricing, item.priceUnit)}</Text>
      </View>
      {item.note ? <View className="order-card__line">{item.note}</View> : null}
      {item.pricing.kind === 'range' ? <View className="order-card__line muted">上门查看后在此范围内报价，付款前您会看到最终金额</View> : null}
      {!item.active ? <View className="order-card__line due--near">暂停预约（仅工作人员可见）</View> : null}
    </View>
  );
}

function Catalogue({ me }: { me: Me }) {
  const catalogue = useRemote(() => call('orders', 'catalogue', {}), []);
  usePullDownRefresh(() => void catalogue.reload().finally(() => Taro.stopPullDownRefresh()));
  const hasUnit = me.units.some((u) => u.state === 'active');

  if (catalogue.status === 'loading' && !catalogue.data) return <LoadingState />;
  if (catalogue.status === 'error' && !catalogue.data) return <ErrorState message={catalogue.error} onRetry={() => void catalogue.reload()} />;
  const data = catalogue.data;
  if (!data) return <LoadingState />;
  const book = (item: CatalogueItem) => {
    if (!item.active) return;
    if (!hasUnit) {
      void Taro.navigateTo({ url: '/packages/account/bind/index' });
      return;
    }
    void Taro.navigateTo({ url: `/packages/order/book/index?item=${encodeURIComponent(item.id)}` });
  };

  return (
    <View className="page catalogue">
      <View className="catalogue-head">
        <View>{data.community.name} · 特约服务明码标价，亲情服务免费</View>
        <View className="catalogue-head__phone" onClick={() => void Taro.makePhoneCall({ phoneNumber: data.community.supervisionPhone }).catch(() => undefined)}>
          收费监督电话 {data.community.supervisionPhone}
        </View>
        <View className="muted">对收费有疑问，请拨打监督电话</View>
      </View>
      {!hasUnit ? <View className="order-warning">绑定房屋后即可预约，点任一服务前往绑定。</View> : null}
      <View className="actions">
        <Button className="catalogue-mine" block fill="outline" onClick={() => void Taro.navigateTo({ url: '/packages/order/mine/index' })}>
          我的服务订单
        </Button>
      </View>
      {data.items.length === 0 ? <EmptyState title="本小区暂未开放特约服务" /> : null}
      {SECTIONS.map((section) => {
        const items = data.items.filter((item) => item.category === section);
        if (items.length === 0) return null;
        return (
          <View key={section} className={`catalogue-section catalogue-section--${section}`}>
            <View className="section-title">{serviceCategoryLabels[section]}</View>
            {items.map((item) => (
              <Line key={item.id} item={item} onBook={() => book(item)} />
            ))}
          </View>
        );
      })}
      <View className="actions">
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function CataloguePage() {
  return <SessionGate>{(me) => <Catalogue me={me} />}</SessionGate>;
}
