// One order: what was booked at what price, the amount before paying, the timeline, and what the
// caller may do now (the server's `allowed`): owners pay, cancel early and rate; staff confirm a
// time, start, quote inside the range, take payment at the desk, cancel and refund.
import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { View, Text, Input } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Dialog from '@nutui/nutui-react-taro/dist/es/packages/dialog/index';
import '@nutui/nutui-react-taro/dist/es/packages/dialog/style/css';
import TextArea from '@nutui/nutui-react-taro/dist/es/packages/textarea/index';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import DatePicker from '@nutui/nutui-react-taro/dist/es/packages/datepicker/index';
import '@nutui/nutui-react-taro/dist/es/packages/datepicker/style/css';
import type { Order } from '../../../../types/orders';
import { orderFlagLabels, paymentMethodLabels, refundStateLabels, roleLabels, serviceCategoryLabels } from '../../../../types/labels';
import SessionGate from '../../../components/SessionGate';
import { ContactLine } from '../../../components/CallButton';
import RatingForm from '../../../components/RatingForm';
import { ErrorState, LoadingState } from '../../../components/PageState';
import { useRemote } from '../../../hooks/useRemote';
import { call, CloudError, messageOf, newRequestId } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import { amountText, fenOf, priceText, yuan } from '../shared/format';
import { fullTime, pickedIso, pickerDate } from '../../../utils/time';
import { StateTag, Timeline } from '../shared/OrderParts';
import { deliverLocalRefund, payOrder } from '../shared/pay';
import '../shared/order.scss';

type Dialogs = 'quote' | 'cancel' | 'refund' | null;

function Detail({ id }: { id: string }) {
  const remote = useRemote(() => call('orders', 'get', { id }).then((r) => r.order), [id]);
  const [shown, setShown] = useState<Order | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialogs>(null);
  const [picking, setPicking] = useState(false);
  const [price, setPrice] = useState('');
  const [reason, setReason] = useState('');
  const [refundAmount, setRefundAmount] = useState('');
  const [fieldError, setFieldError] = useState('');
  const [rating, setRating] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  useDidShow(() => {
    if (remote.status === 'ready') void remote.reload().then(() => setShown(null));
  });

  const order = shown ?? remote.data;
  if (remote.status === 'loading' && !order) return <LoadingState />;
  if (remote.status === 'error' && !order) return <ErrorState message={remote.error} onRetry={() => void remote.reload()} />;
  if (!order) return <LoadingState />;
  const allowed = new Set(order.allowed);
  const staffView =
    allowed.has('confirm') || allowed.has('start') || allowed.has('quote') || allowed.has('recordOfflinePayment') || allowed.has('refund') || order.bookerPhone?.includes('*');

  const reload = async () => {
    setShown(null);
    await remote.reload();
  };

  /** Runs one step; a lost race is explained and the order reloaded, never retried blindly. */
  const act = async (key: string, run: () => Promise<Order>, done: string): Promise<boolean> => {
    setBusy(key);
    setFieldError('');
    try {
      setShown(await run());
      void Taro.showToast({ title: done, icon: 'success' });
      return true;
    } catch (error) {
      if (error instanceof CloudError && error.code === 'CONFLICT') {
        await reload();
        setMessage(`${error.message}（已刷新）`);
      } else if (error instanceof CloudError && error.code === 'INVALID_INPUT') {
        setFieldError(messageOf(error));
      } else {
        void Taro.showToast({ title: messageOf(error), icon: 'none', duration: 3000 });
      }
      return false;
    } finally {
      setBusy(null);
    }
  };

  const pay = async () => {
    setBusy('pay');
    setMessage(null);
    try {
      const outcome = await payOrder(order);
      if (outcome.order) setShown(outcome.order);
      if (outcome.paid) void Taro.showToast({ title: '支付成功', icon: 'success' });
      else setMessage(outcome.message);
    } catch (error) {
      if (error instanceof CloudError && error.code === 'CONFLICT') await reload();
      setMessage(messageOf(error));
    } finally {
      setBusy(null);
    }
  };

  const submitQuote = async () => {
    const unitPriceFen = order.item.pricing.kind === 'range' ? fenOf(price) : undefined;
    if (order.item.pricing.kind === 'range' && unitPriceFen === null) {
      setFieldError('请输入单价（元），最多两位小数');
      return;
    }
    const ok = await act(
      'quote',
      async () => (await call('orders', 'quote', { id: order.id, ...(unitPriceFen !== undefined && unitPriceFen !== null ? { unitPriceFen } : {}) })).order,
      '已报价',
    );
    if (ok) setDialog(null);
  };

  const submitRefund = async (amountFen: number, why: string) => {
    const ok = await act('refund', async () => (await call('orders', 'refund', { id: order.id, amountFen, reason: why }, { requestId: newRequestId() })).order, '已申请退款');
    if (ok) setDialog(null);
  };

  const unsent = order.refunds.find((r) => r.state === 'requested');
  const pendingRefunds = order.refunds.filter((r) => r.state === 'pending');
  const left = order.paid ? order.paid.amountFen - order.refundedFen : 0;
  const pricing = order.item.pricing;

  return (
    <View className="page order-detail">
      {staffView && order.flag ? <View className="order-warning order-flag">⚠ {orderFlagLabels[order.flag]}，请核实处理</View> : null}
      {message ? <View className="order-warning order-message">{message}</View> : null}
      <View className="order-card">
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
          价目 {priceText(pricing, order.item.priceUnit)}
          {order.item.note ? ` · ${order.item.note}` : ''}
        </View>
        <View className="order-card__line">
          {order.amountFen !== null ? '金额 ' : '预计 '}
          <Text className="order-money order-amount">{amountText(order)}</Text>
        </View>
        {order.unitPriceFen !== null && pricing.kind === 'range' ? (
          <View className="order-card__line">
            报价单价 {yuan(order.unitPriceFen)} × {order.quantity}
          </View>
        ) : null}
        {order.preferredAt ? <View className="order-card__line">期望时间 {fullTime(order.preferredAt)}</View> : null}
        {order.scheduledAt ? <View className="order-card__line">约定上门 {fullTime(order.scheduledAt)}</View> : null}
        {!staffView && order.contact && !['cancelled', 'rated'].includes(order.state) ? (
          <ContactLine
            className="order-contact"
            label={order.workerName ? '服务人员' : '管家'}
            name={order.contact.name}
            post={roleLabels[order.contact.role]}
            phone={order.contact.phone}
          />
        ) : order.workerName ? (
          <View className="order-card__line">服务人员 {order.workerName}</View>
        ) : null}
        {staffView && order.bookerPhone ? (
          <ContactLine className="order-booker" label="预约人" name={order.bookerName ?? '业主'} post={order.bookerPhone} phone={order.bookerPhone} />
        ) : null}
        {order.remark ? <View className="order-card__line">备注：{order.remark}</View> : null}
        {order.paid ? (
          <View className="order-card__line order-paid">
            {paymentMethodLabels[order.paid.method]} {yuan(order.paid.amountFen)} · {fullTime(order.paid.at)}
          </View>
        ) : null}
        {order.rating ? (
          <View className="order-card__line">
            评价 {'★'.repeat(order.rating.score)}
            {order.rating.comment ? ` ${order.rating.comment}` : ''}
          </View>
        ) : null}
      </View>

      {order.refunds.length > 0 ? (
        <View className="card order-refunds">
          <View className="form-block__title" style={{ padding: 0 }}>
            退款
          </View>
          {order.refunds.map((r) => (
            <View key={r.no} className={`order-card__line order-refund order-refund--${r.state}`}>
              {yuan(r.amountFen)} · {refundStateLabels[r.state]} · {r.reason}
              {process.env.TARO_ENV === 'h5' && r.state === 'pending' && staffView ? (
                <Text
                  className="dev-refund-result"
                  style={{ color: '#1d6fd8', marginLeft: '12px' }}
                  onClick={() =>
                    void deliverLocalRefund(r.no)
                      .then(reload)
                      .catch((error: unknown) => setMessage(messageOf(error)))
                  }
                >
                  模拟退款到账（本地云）
                </Text>
              ) : null}
            </View>
          ))}
          {pendingRefunds.length > 0 ? <View className="muted">退款以微信支付的退款结果为准，到账后状态会更新</View> : null}
        </View>
      ) : null}

      <View className="section-title">进度</View>
      <Timeline order={order} />

      {allowed.has('rate') && rating ? (
        <RatingForm
          prefix="order"
          lowHint="2 分及以下会通知服务人员跟进改进。"
          busy={busy === 'rate'}
          error={fieldError || undefined}
          onCancel={() => setRating(false)}
          onSubmit={(score, comment) =>
            void act('rate', async () => (await call('orders', 'rate', { id: order.id, score, ...(comment ? { comment } : {}) })).order, '感谢评价').then((ok) => {
              if (ok) setRating(false);
            })
          }
        />
      ) : null}

      <View className="order-actions">
        {allowed.has('pay') ? (
          <Button id="order-pay" type="primary" loading={busy === 'pay'} disabled={busy !== null} onClick={() => void pay()}>
            微信支付 {order.amountFen !== null ? yuan(order.amountFen) : ''}
          </Button>
        ) : null}
        {allowed.has('confirm') ? (
          <Button id="order-confirm" type="primary" disabled={busy !== null} onClick={() => setPicking(true)}>
            {order.state === 'confirmed' ? '改约时间' : '确认上门时间'}
          </Button>
        ) : null}
        {allowed.has('start') ? (
          <Button
            id="order-start"
            type="primary"
            loading={busy === 'start'}
            disabled={busy !== null}
            onClick={() => void act('start', async () => (await call('orders', 'start', { id: order.id })).order, '已开始服务')}
          >
            开始服务
          </Button>
        ) : null}
        {allowed.has('quote') ? (
          <Button
            id="order-quote"
            type="primary"
            disabled={busy !== null}
            onClick={() => {
              setPrice('');
              setFieldError('');
              setDialog('quote');
            }}
          >
            {order.item.free ? '完成服务' : '完工报价'}
          </Button>
        ) : null}
        {allowed.has('recordOfflinePayment') ? (
          <Button
            id="order-offline"
            fill="outline"
            disabled={busy !== null}
            onClick={async () => {
              const { confirm } = await Taro.showModal({ title: '前台收款', content: `确认已在前台收取 ${yuan(order.amountFen ?? 0)}？`, confirmText: '已收款' });
              if (confirm) await act('offline', async () => (await call('orders', 'recordOfflinePayment', { id: order.id })).order, '已记录收款');
            }}
          >
            前台收款
          </Button>
        ) : null}
        {allowed.has('refund') && unsent ? (
          <Button id="order-refund-retry" type="warning" loading={busy === 'refund'} disabled={busy !== null} onClick={() => void submitRefund(unsent.amountFen, unsent.reason)}>
            重新发起退款 {yuan(unsent.amountFen)}
          </Button>
        ) : null}
        {allowed.has('refund') && !unsent ? (
          <Button
            id="order-refund"
            fill="outline"
            disabled={busy !== null}
            onClick={() => {
              setRefundAmount(((left > 0 ? left : 0) / 100).toString());
              setReason('');
              setFieldError('');
              setDialog('refund');
            }}
          >
            退款
          </Button>
        ) : null}
        {allowed.has('rate') && !rating ? (
          <Button id="order-rate" type="primary" disabled={busy !== null} onClick={() => setRating(true)}>
            评价服务
          </Button>
        ) : null}
        {allowed.has('cancel') ? (
          <Button
            id="order-cancel"
            fill="outline"
            type="danger"
            disabled={busy !== null}
            onClick={() => {
              setReason('');
              setFieldError('');
              setDialog('cancel');
            }}
          >
            取消订单
          </Button>
        ) : null}
        <Button fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>

      <Dialog
        visible={dialog === 'quote'}
        title={order.item.free ? '完成服务' : '完工报价'}
        confirmText="确定"
        cancelText="取消"
        onCancel={() => setDialog(null)}
        onConfirm={() => void submitQuote()}
      >
        {pricing.kind === 'range' ? (
          <View>
            <View className="muted">
              单价范围 {priceText(pricing, order.item.priceUnit)}，数量 {order.quantity}
            </View>
            <Input className="form-input quote-price" type="digit" value={price} placeholder="单价（元）" onInput={(e) => setPrice(e.detail.value)} />
            {fenOf(price) !== null ? <View className="muted">合计 {yuan((fenOf(price) ?? 0) * order.quantity)}</View> : null}
          </View>
        ) : (
          <View className="muted">{order.item.free ? '亲情服务免费，确认服务已完成。' : `固定价格，合计 ${yuan(order.amountFen ?? 0)}。`}</View>
        )}
        {fieldError ? <View className="field-error">{fieldError}</View> : null}
      </Dialog>

      <Dialog
        visible={dialog === 'refund'}
        title="退款"
        confirmText="申请退款"
        cancelText="取消"
        onCancel={() => setDialog(null)}
        onConfirm={() => {
          const fen = fenOf(refundAmount);
          if (fen === null || fen <= 0) return setFieldError('请输入退款金额（元）');
          if (!reason.trim()) return setFieldError('请填写退款原因');
          void submitRefund(fen, reason.trim());
        }}
      >
        <View className="muted">最多可退 {yuan(left)}，退款原路退回</View>
        <Input className="form-input refund-amount" type="digit" value={refundAmount} placeholder="退款金额（元）" onInput={(e) => setRefundAmount(e.detail.value)} />
        <TextArea className="refund-reason" value={reason} onChange={setReason} placeholder="退款原因，业主会看到" maxLength={200} />
        {fieldError ? <View className="field-error">{fieldError}</View> : null}
      </Dialog>

      <Dialog
        visible={dialog === 'cancel'}
        title="取消订单"
        confirmText="确认取消"
        cancelText="不取消"
        onCancel={() => setDialog(null)}
        onConfirm={async () => {
          const ok = await act('cancel', async () => (await call('orders', 'cancel', { id: order.id, ...(reason.trim() ? { reason: reason.trim() } : {}) })).order, '已取消');
          if (ok) setDialog(null);
        }}
      >
        {left > 0 ? <View className="muted">订单已付款，取消后将原路退回 {yuan(left)}。</View> : null}
        <TextArea className="cancel-reason" value={reason} onChange={setReason} placeholder="取消原因（选填）" maxLength={200} />
        {fieldError ? <View className="field-error">{fieldError}</View> : null}
      </Dialog>

      <DatePicker
        visible={picking}
        title="约定上门时间"
        type="datetime"
        showChinese
        minuteStep={30}
        startDate={new Date()}
        endDate={new Date(Date.now() + 30 * 86400_000)}
        defaultValue={pickerDate(order.scheduledAt ?? order.preferredAt ?? new Date().toISOString())}
        onClose={() => setPicking(false)}
        onConfirm={(_options, values) => {
          setPicking(false);
          const [year, month, day, hour, minute] = values.map(Number);
          if (![year, month, day, hour, minute].every((n) => Number.isFinite(n))) return;
          const at = pickedIso(new Date(year, month - 1, day, hour, minute));
          void act('confirm', async () => (await call('orders', 'confirm', { id: order.id, at })).order, '已确认时间');
        }}
      />
    </View>
  );
}

export default function DetailPage() {
  const router = useRouter();
  const id = decodeURIComponent(router.params.id ?? '');
  return <SessionGate>{() => <Detail id={id} />}</SessionGate>;
}
