import type { PropsWithChildren } from 'react';
import Taro, { useLaunch, usePageNotFound } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { configure as configureIcons } from '@nutui/icons-react-taro';
import { initCloud } from './services/cloud';
import { refreshSession } from './services/session';
import './app.scss';

if (process.env.TARO_ENV === 'weapp') {
  // NutUI's icons (spinner, radio marks) render as an HTML <i>, which Taro's mini-program
  // templates do not have (it needs @tarojs/plugin-html): they would silently not show. A View
  // works everywhere. The typings say string; the library passes `tag` to React.createElement.
  configureIcons({ tag: View as unknown as string });
}

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    initCloud();
    void refreshSession();
  });
  // A link to a page that does not exist (an old share, a typo) lands on 首页 with a word, not
  // on a blank screen.
  usePageNotFound(() => {
    void Taro.reLaunch({ url: '/pages/home/index' }).then(() => Taro.showToast({ title: '页面不存在，已回到首页', icon: 'none', duration: 2500 }));
  });
  return children;
}

export default App;
