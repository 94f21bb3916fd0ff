import Taro from '@tarojs/taro';
import { TABS } from '../tabs';

/** Back to the previous page, or to 我的 when this page was opened directly (h5 link, share). */
export function goBack(): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.switchTab({ url: '/pages/me/index' });
}

/** Opens a page by its URL: tab pages can only be switched to. */
export function openEntry(url: string): void {
  const path = url.replace(/^\//, '').split('?')[0];
  if (TABS.some((tab) => tab.pagePath === path)) void Taro.switchTab({ url });
  else void Taro.navigateTo({ url });
}
