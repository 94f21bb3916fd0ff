// The catalogue (SPEC §4): every service with its price shown before booking (明示), by section,
// with the community's supervision phone (监督电话). Tapping a line books it.
import { useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { View, Text, Input } from '@tarojs/components';
import Dialog from '@nutui/nutui-react-taro/dist/es/packages/dialog/index';
import '@nutui/nutui-react-taro/dist/es/packages/dialog/style/css';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import type { Me } from '../../../../types/account';
import type { CatalogueItem, ServiceCategory } from '../../../../types/orders';
import { serviceCategoryLabels } from '../../../../types/labels';
import SessionGate from '../../../components/SessionGate';
import { EmptyState, ErrorState, LoadingState } from '../../../components/PageState';
import { useRemote } from '../../../hooks/useRemote';
import { call, messageOf } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import { fenOf, priceText } from '../shared/format';
import '../shared/order.scss';

const SECTIONS: ServiceCategory[] = ['electric', 'plumbing', 'carpentry', 'agency', 'office', 'free'];

const yuanInput = (fen: number) => String(fen / 100);

/** A lead's edit of one line: price (fixed or range), note, on sale or paused. Orders keep their price. */
function EditLine({ item, onClose, onSaved }: { item: CatalogueItem; onClose: () => void; onSaved: () => void }) {
  const [low, setLow] = useState(item.pricing.kind === 'fixed' ? yuanInput(item.pricing.priceFen) : yuanInput(item.pricing.minFen));
  const [high, setHigh] = useState(item.pricing.kind === 'range' ? yuanInput(item.pricing.maxFen) : '');
  const [note, setNote] = useState(item.note ?? '');
  const [active, setActive] = useState(item.active);
  const [error, setError] = useState('');
  const save = async () => {
    const lowFen = fenOf(low);
    const highFen = item.pricing.kind === 'range' ? fenOf(high) : null;
    if (lowFen === null || (item.pricing.kind === 'range' && highFen === null)) return setError('请输入价格（元），最多两位小数');
    const pricing = item.pricing.kind === 'range' ? { kind: 'range' as const, minFen: lowFen, maxFen: highFen ?? 0 } : { kind: 'fixed' as const, priceFen: lowFen };
    try {
      await call('orders', 'saveItem', { id: item.id, ...(item.free ? {} : { pricing }), note: note.trim() || null, active });
      void Taro.showToast({ title: '已保存', icon: 'success' });
      onSaved();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <Dialog visible title={`修改：${item.name}`} confirmText="保存" cancelText="取消" onCancel={onClose} onConfirm={() => void save()}>
      {item.free ? (
        <View className="muted">亲情服务免费，只能修改说明和是否开放</View>
      ) : (
        <View>
          <View className="edit-label">{item.pricing.kind === 'range' ? `最低价（元/${item.priceUnit}）` : `单价（元/${item.priceUnit}）`}</View>
          <Input className="form-input edit-low" type="digit" value={low} placeholder={item.pricing.kind === 'range' ? '最低价' : '单价'} onInput={(e) => setLow(e.detail.value)} />
          {item.pricing.kind === 'range' ? (
            <>
              <View className="edit-label">最高价（元/{item.priceUnit}）</View>
              <Input className="form-input edit-high" type="digit" value={high} placeholder="最高价" onInput={(e) => setHigh(e.detail.value)} />
            </>
          ) : null}
        </View>
      )}
      <View className="edit-label">说明（选填）</View>
      <Input className="form-input edit-note" value={note} placeholder="如 不提供材料" maxlength={60} onInput={(e) => setNote(e.detail.value)} />
      <View className="choice-row">
        <View className={`choice ${active ? 'choice--on' : ''}`} onClick={() => setActive(true)}>
          开放预约
        </View>
        <View className={`choice ${!active ? 'choice--on' : ''}`} onClick={() => setActive(false)}>
          暂停预约
        </View>
      </View>
      <View className="muted">已预约的订单按原价格执行</View>
      {error ? <View className="field-error">{error}</View> : null}
    </Dialog>
  );
}

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
  const [editing, setEditing] = useState<CatalogueItem | null>(null);

  if (catalogue.status === 'loading' && !catalogue.data) return <LoadingState />;
  if (catalogue.status === 'error' && !catalogue.data) return <ErrorState message={catalogue.error} onRetry={() => void catalogue.reload()} />;
  const data = catalogue.data;
  if (!data) return <LoadingState />;
  const isLead = me.staff.some((post) => post.communityId === data.community.id && (post.role === 'lead' || post.role === 'manager'));
  const book = (item: CatalogueItem) => {
    if (isLead) {
      setEditing(item);
      return;
    }
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
      {isLead ? <View className="order-warning catalogue-manage">价目管理：点任一项目可修改价格、说明，或暂停预约。</View> : null}
      {!hasUnit && !isLead ? <View className="order-warning">绑定房屋后即可预约，点任一服务前往绑定。</View> : null}
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
      {editing ? (
        <EditLine
          item={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void catalogue.reload();
          }}
        />
      ) : null}
    </View>
  );
}

export default function CataloguePage() {
  return <SessionGate>{(me) => <Catalogue me={me} />}</SessionGate>;
}
