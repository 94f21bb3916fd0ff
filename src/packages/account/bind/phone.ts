// The phone number WeChat verifies, for binding a unit as its owner. weapp: the page's native
// button (open-type="getPhoneNumber") hands over a one-time code the account function exchanges
// with WeChat. h5 runs only against the local cloud, where there is no such button: after the
// person confirms a dialog, the page asks the local cloud for the code WeChat would give the
// signed-in person (POST /api/dev/phone-code). That branch is removed from the weapp build
// (process.env.TARO_ENV is a constant there).
import Taro from '@tarojs/taro';
import { CloudError } from '../../../services/cloud';
import { currentIdentity } from '../../../services/identity';

/** h5 only: the code the getPhoneNumber button would give; null when the person cancels. */
export async function localPhoneCode(): Promise<string | null> {
  if (process.env.TARO_ENV !== 'h5') return null;
  const { confirm } = await Taro.showModal({
    title: '微信手机号（本地云）',
    content: '本地开发环境没有微信手机号授权。确认后由本地云模拟：使用当前身份在微信中绑定的手机号。',
    confirmText: '使用',
    cancelText: '取消',
  });
  if (!confirm) return null;
  let response: Taro.request.SuccessCallbackResult<TaroGeneral.IAnyObject>;
  try {
    response = await Taro.request<TaroGeneral.IAnyObject>({
      url: `${LOCAL_CLOUD_URL}/api/dev/phone-code`,
      method: 'POST',
      data: {},
      header: { 'content-type': 'application/json', 'x-openid': currentIdentity() ?? '' },
    });
  } catch {
    throw new CloudError('NETWORK', '本地云未能给出微信手机号');
  }
  const code = (response.data as { code?: unknown } | undefined)?.code;
  if (response.statusCode !== 200 || typeof code !== 'string') throw new CloudError('NOT_FOUND', '本地云没有当前身份的微信手机号，请手动填写');
  return code;
}
