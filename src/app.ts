import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
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
  return children;
}

export default App;
