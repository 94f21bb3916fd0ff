// Booking one line (SPEC §4): quantity, home, preferred time and a remark. The page shows the
// price but never sends one: the server prices the order. One requestId per booking, kept across
// retries, so a double tap or a lost reply books once.
import { useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Cell from '@nutui/nutui-react-taro/dist/es/packages/cell/index';
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css';
import TextArea from '@nutui/nutui-react-taro/dist/es/packages/textarea/index';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import DatePicker from '@nutui/nutui-react-taro/dist/es/packages/datepicker/index';
import '@nutui/nutui-react-taro/dist/es/packages/datepicker/style/css';
import type { Me } from '../../../../types/account';
import SessionGate from '../../../components/SessionGate';
import { BindFirstState, EmptyState, ErrorState, LoadingState } from '../../../components/PageState';
import { useRemote } from '../../../hooks/useRemote';
import { call, CloudError, messageOf, newRequestId } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import { priceText, suggestedTime, yuan } from '../shared/format';
import { fullTime, pickedIso, pickerDate } from '../../../utils/time';
import { recordGrants, requestSubscriptions } from '../../../services/subscribe';
import { levelsOf, within } from '../../../utils/levels';
import '../shared/order.scss';

function FieldError({ text }: { text?: string }) {
  return text ? <View className="field-error">{text}</View> : null;
}

function BookForm({ me, itemId }: { me: Me; itemId: string }) {
  const communityId = itemId.split(':')[0];
  const catalogue = useRemote(() => call('orders', 'catalogue', { communityId }), [communityId]);
  const units = me.units.filter((u) => u.state === 'active' && u.communityId === communityId);
  const [unit, setUnit] = useState(units[0]?.unit ?? '');
  const [quantity, setQuantity] = useState(1);
  const [preferredAt, setPreferredAt] = useState(() => suggestedTime(2));
  const [remark, setRemark] = useState('');
  const [picking, setPicking] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const inFlight = useRef(false);
  // the same id for every retry of this booking
  const requestId = useRef(newRequestId());

  if (catalogue.status === 'loading' && !catalogue.data) return <LoadingState />;
  if (catalogue.status === 'error' && !catalogue.data) return <ErrorState message={catalogue.error} onRetry={() => void catalogue.reload()} />;
  const item = catalogue.data?.items.find((i) => i.id === itemId);
  if (!catalogue.data || !item || !item.active) {
    return (
      <EmptyState title="没有找到这项服务" description="价目可能已调整，请返回重新选择">
        <Button size="small" type="primary" onClick={goBack}>
          返回
        </Button>
      </EmptyState>
    );
  }
  if (units.length === 0) {
    return <BindFirstState description="绑定并核验本小区的房屋后即可预约" />;
  }

  const total =
    item.pricing.kind === 'fixed'
      ? item.pricing.priceFen === 0
        ? '免费'
        : yuan(item.pricing.priceFen * quantity)
      : `${yuan(item.pricing.minFen * quantity).replace(' 元', '')}–${yuan(item.pricing.maxFen * quantity)}（上门后在此范围内报价）`;

  const send = async (grants: ReturnType<typeof requestSubscriptions>) => {
    setSubmitting(true);
    setFailure(null);
    try {
      await recordGrants(grants);
      const { order } = await call(
        'orders',
        'book',
        { item: item.id, quantity, unit, preferredAt, ...(remark.trim() ? { remark: remark.trim() } : {}) },
        { requestId: requestId.current },
      );
      void Taro.showToast({ title: '预约成功', icon: 'success' });
      void Taro.redirectTo({ url: `/packages/order/detail/index?id=${encodeURIComponent(order.id)}` });
    } catch (error) {
      if (error instanceof CloudError && error.code === 'INVALID_INPUT' && Object.keys(error.fields).length > 0) {
        setErrors(error.fields);
        requestId.current = newRequestId(); // a corrected booking is a new request
      } else {
        setFailure(`${messageOf(error)}。可直接重新提交，不会重复预约。`);
      }
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  };

  const onSubmit = () => {
    if (inFlight.current) return;
    if (!unit) {
      setErrors({ unit: '请选择房屋' });
      return;
    }
    inFlight.current = true;
    // in the tap's own call stack, before any await, or WeChat refuses it
    const grants = requestSubscriptions(['orderStatus']);
    void send(grants);
  };
  const known = ['unit', 'quantity', 'preferredAt', 'remark', 'item'];
  const now = new Date();

  return (
    <View className="page book">
      <View className="order-card book-item">
        <View className="order-card__head">
          <Text className="order-card__title">{item.name}</Text>
          <Text className="price">{priceText(item.pricing, item.priceUnit)}</Text>
        </View>
        {item.note ? <View className="order-card__line">{item.note}</View> : null}
        <View className="order-card__line muted">收费监督电话 {catalogue.data.community.supervisionPhone}</View>
      </View>
      <FieldError text={errors.item} />

      <View className="form-block">
        <View className="form-block__title">数量（{item.priceUnit}）</View>
        <View className="stepper">
          <View className="stepper__button book-minus" onClick={() => setQuantity((q) => Math.max(1, q - 1))}>
            −
          </View>
          <Text className="stepper__value book-quantity">{quantity}</Text>
          <View className="stepper__button book-plus" onClick={() => setQuantity((q) => Math.min(item.maxQuantity, q + 1))}>
            +
          </View>
          <Text className="muted">每单最多 {item.maxQuantity}</Text>
        </View>
        <FieldError text={errors.quantity} />

        <View className="form-block__title">房屋</View>
        <View className="choice-row">
          {units.map((u) => (
            <View key={u.id} className={`choice book-unit ${unit === u.unit ? 'choice--on' : ''}`} onClick={() => setUnit(u.unit)}>
              {u.unit}
            </View>
          ))}
        </View>
        <FieldError text={errors.unit} />
      </View>

      <View className="form-block form-block--cell">
        <Cell className="book-time" title="期望服务时间" extra={fullTime(preferredAt)} clickable onClick={() => setPicking(true)} />
        <FieldError text={errors.preferredAt} />
      </View>

      <View className="form-block">
        <View className="form-block__title">备注（选填）</View>
        <TextArea className="book-remark" value={remark} onChange={setRemark} placeholder="例如：卫生间马桶堵塞，下午在家" maxLength={200} showCount autoSize />
        <FieldError text={errors.remark} />
      </View>

      <View className="card book-total">
        预计费用 <Text className="price">{total}</Text>
      </View>
      {Object.entries(errors)
        .filter(([key]) => !known.includes(key))
        .map(([key, text]) => (
          <FieldError key={key} text={text} />
        ))}
      {failure ? <View className="order-warning book-failure">{failure}</View> : null}

      <View className="actions">
        <Button id="order-book-submit" type="primary" block loading={submitting} disabled={submitting} onClick={onSubmit}>
          {failure ? '重新提交' : '确认预约'}
        </Button>
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
        <View className="muted order-promise">提交后管家将在{within(levelsOf(me, communityId).tickets.respond.span)}响应并确认上门时间。</View>
        <View className="muted">提交时会请求订阅「订单状态通知」，进度也会出现在消息中心。</View>
      </View>

      <DatePicker
        visible={picking}
        title="期望服务时间"
        type="datetime"
        showChinese
        minuteStep={30}
        startDate={now}
        endDate={new Date(now.getTime() + 30 * 86400_000)}
        defaultValue={pickerDate(preferredAt)}
        onClose={() => setPicking(false)}
        onConfirm={(_options, values) => {
          const [year, month, day, hour, minute] = values.map(Number);
          if ([year, month, day, hour, minute].every((n) => Number.isFinite(n))) setPreferredAt(pickedIso(new Date(year, month - 1, day, hour, minute)));
          setPicking(false);
        }}
      />
    </View>
  );
}

export default function BookPage() {
  const router = useRouter();
  const itemId = decodeURIComponent(router.params.item ?? '');
  return <SessionGate>{(me) => <BookForm me={me} itemId={itemId} />}</SessionGate>;
}
