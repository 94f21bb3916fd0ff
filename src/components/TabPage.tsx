// The frame of a tab page: tells the tab bar which tab is on screen, and in h5 draws the bar
// (WeChat draws src/custom-tab-bar itself on tab pages).
import type { ReactNode } from 'react';
import { useDidShow } from '@tarojs/taro';
import { View } from '@tarojs/components';
import TabBar from './TabBar';
import { setCurrentTab } from '../services/session';

export default function TabPage({ path, className, children }: { path: string; className?: string; children: ReactNode }) {
  useDidShow(() => setCurrentTab(path));
  return (
    <View className={`page page--tab ${className ?? ''}`}>
      {children}
      {process.env.TARO_ENV === 'h5' ? <TabBar /> : null}
    </View>
  );
}
