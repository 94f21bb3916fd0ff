// The tab bar: drawn by WeChat through src/custom-tab-bar on tab pages, and by TabPage in h5
// (Taro 4 draws no custom tab bar in h5: @tarojs/router initTabbar skips `custom`). It hides the
// 管家 tab from anyone who is not staff.
import Taro from '@tarojs/taro';
import { Image } from '@tarojs/components';
import Tabbar from '@nutui/nutui-react-taro/dist/es/packages/tabbar/index';
import '@nutui/nutui-react-taro/dist/es/packages/tabbar/style/css';
import TabbarItem from '@nutui/nutui-react-taro/dist/es/packages/tabbaritem/index';
import '@nutui/nutui-react-taro/dist/es/packages/tabbaritem/style/css';
import { useSession } from '../services/session';
import { visibleTabs } from '../tabs';
import './TabBar.scss';

export default function TabBar() {
  const { me, currentTab, unreadCount } = useSession();
  const tabs = visibleTabs(me?.isStaff ?? false);
  const selected = Math.max(
    0,
    tabs.findIndex((tab) => tab.pagePath === currentTab),
  );

  return (
    <Tabbar
      className="tab-bar"
      fixed
      value={selected}
      activeColor="#0e7c66"
      inactiveColor="#8a8f99"
      onSwitch={(index) => {
        const tab = tabs[index];
        if (tab && tab.pagePath !== currentTab) void Taro.switchTab({ url: `/${tab.pagePath}` });
      }}
    >
      {tabs.map((tab) => (
        <TabbarItem
          key={tab.pagePath}
          className={`tab-bar__item tab-bar__item--${tab.pagePath.split('/')[1]}`}
          title={tab.text}
          icon={(active: boolean) => <Image className="tab-bar__icon" src={active ? tab.activeIcon : tab.icon} />}
          value={tab.pagePath === 'pages/inbox/index' && unreadCount > 0 ? unreadCount : undefined}
          max={99}
        />
      ))}
    </Tabbar>
  );
}
