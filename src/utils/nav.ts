import Taro from '@tarojs/taro';

/** Back to the previous page, or to 我的 when this page was opened directly (h5 link, share). */
export function goBack(): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.switchTab({ url: '/pages/me/index' });
}
