// Paying the deposit, the orders' way (src/packages/order/shared/pay.ts): weapp hands WeChat's
// parameters to the cashier and waits for payNotify to issue the permit; h5 runs only against the
// local cloud, where a 模拟支付 dialog asks it to deliver WeChat Pay's success callback.
import Taro from '@tarojs/taro';
import type { Decoration } from '../../../../types/decoration';
import { call, CloudError } from '../../../services/cloud';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function payDeposit(d: Decoration): Promise<{ paid: boolean; decoration: Decoration; message: string }> {
  const started = await call('decoration', 'payDeposit', { id: d.id });
  if (process.env.TARO_ENV === 'weapp') {
    try {
      await Taro.requestPayment({ ...started.payment, signType: started.payment.signType as 'MD5' | 'HMAC-SHA256' | 'RSA' });
    } catch (error) {
      const cancelled = /cancel/i.test(String((error as { errMsg?: string })?.errMsg ?? ''));
      return { paid: false, decoration: started.decoration, message: cancelled ? '已取消支付' : '支付未完成，请稍后重试' };
    }
  } else {
    const { confirm } = await Taro.showModal({
      title: '模拟支付（本地云）',
      content: `本地开发环境没有微信收银台。确认后由本地云模拟微信支付成功回调，押金 ${((d.approval?.depositFen ?? 0) / 100).toFixed(2)} 元。`,
      confirmText: '模拟支付',
      cancelText: '取消',
    });
    if (!confirm) return { paid: false, decoration: started.decoration, message: '已取消支付' };
    const response = await Taro.request({
      url: `${LOCAL_CLOUD_URL}/api/pay/${encodeURIComponent(started.outTradeNo)}`,
      method: 'POST',
      data: {},
      header: { 'content-type': 'application/json' },
    });
    if (response.statusCode !== 200) throw new CloudError('NETWORK', '本地云未能送达支付结果');
  }
  let now = (await call('decoration', 'get', { id: d.id })).decoration;
  for (let round = 0; round < 8 && now.state === 'approved'; round += 1) {
    await sleep(750);
    now = (await call('decoration', 'get', { id: d.id })).decoration;
  }
  return now.state === 'approved'
    ? { paid: false, decoration: now, message: '支付结果确认中，请稍后刷新查看' }
    : { paid: true, decoration: now, message: '押金已支付，许可证已签发' };
}
