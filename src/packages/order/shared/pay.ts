// Paying an order. weapp: orders.pay gives the parameters and WeChat's cashier takes the money;
// WeChat Pay then calls payNotify, which marks the order paid — the page only waits for that.
// h5 runs only against the local cloud, where there is no cashier: after the person confirms a
// 模拟支付 dialog, the page asks the local cloud to deliver WeChat Pay's success callback
// (POST /api/pay/:outTradeNo), exactly what WeChat would send. That branch is removed from the
// weapp build (process.env.TARO_ENV is a constant there).
import Taro from '@tarojs/taro';
import type { Order } from '../../../../types/orders';
import { call, CloudError } from '../../../services/cloud';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type PayOutcome = { paid: true; order: Order } | { paid: false; order: Order | null; message: string };

async function waitForPaid(id: string): Promise<Order> {
  let order = (await call('orders', 'get', { id })).order;
  // The callback usually lands within a second or two of the cashier closing.
  for (let round = 0; round < 8 && order.state === 'awaiting_payment'; round += 1) {
    await sleep(750);
    order = (await call('orders', 'get', { id })).order;
  }
  return order;
}

async function localCallback(outTradeNo: string): Promise<void> {
  const response = await Taro.request({
    url: `${LOCAL_CLOUD_URL}/api/pay/${encodeURIComponent(outTradeNo)}`,
    method: 'POST',
    data: {},
    header: { 'content-type': 'application/json' },
  });
  if (response.statusCode !== 200) throw new CloudError('NETWORK', '本地云未能送达支付结果');
}

export async function payOrder(order: Order): Promise<PayOutcome> {
  const started = await call('orders', 'pay', { id: order.id });
  if (process.env.TARO_ENV === 'weapp') {
    try {
      await Taro.requestPayment({ ...started.payment, signType: started.payment.signType as 'MD5' | 'HMAC-SHA256' | 'RSA' });
    } catch (error) {
      const cancelled = /cancel/i.test(String((error as { errMsg?: string })?.errMsg ?? ''));
      return { paid: false, order: started.order, message: cancelled ? '已取消支付' : '支付未完成，请稍后重试' };
    }
  } else {
    const { confirm } = await Taro.showModal({
      title: '模拟支付（本地云）',
      content: `本地开发环境没有微信收银台。确认后由本地云模拟微信支付成功回调，金额 ${((order.amountFen ?? 0) / 100).toFixed(2)} 元。`,
      confirmText: '模拟支付',
      cancelText: '取消',
    });
    if (!confirm) return { paid: false, order: started.order, message: '已取消支付' };
    await localCallback(started.outTradeNo);
  }
  const after = await waitForPaid(order.id);
  if (after.state === 'awaiting_payment') return { paid: false, order: after, message: '支付结果确认中，请稍后刷新查看' };
  return { paid: true, order: after };
}

/** h5 only: deliver WeChat Pay's refund result for a refund the local cloud holds. */
export async function deliverLocalRefund(outRefundNo: string): Promise<void> {
  if (process.env.TARO_ENV !== 'h5') return;
  const response = await Taro.request({
    url: `${LOCAL_CLOUD_URL}/api/refund/${encodeURIComponent(outRefundNo)}`,
    method: 'POST',
    data: {},
    header: { 'content-type': 'application/json' },
  });
  if (response.statusCode !== 200) throw new CloudError('NETWORK', '本地云未能送达退款结果');
}
