// The tab pages, in bar order. The 管家 tab is drawn only for staff (SPEC §8).
import homeIcon from './assets/tabbar/home.png';
import homeActiveIcon from './assets/tabbar/home-active.png';
import serviceIcon from './assets/tabbar/service.png';
import serviceActiveIcon from './assets/tabbar/service-active.png';
import inboxIcon from './assets/tabbar/inbox.png';
import inboxActiveIcon from './assets/tabbar/inbox-active.png';
import meIcon from './assets/tabbar/me.png';
import meActiveIcon from './assets/tabbar/me-active.png';
import staffIcon from './assets/tabbar/staff.png';
import staffActiveIcon from './assets/tabbar/staff-active.png';

export interface TabDef {
  pagePath: string;
  text: string;
  icon: string;
  activeIcon: string;
  staffOnly: boolean;
}

export const TABS: readonly TabDef[] = [
  { pagePath: 'pages/home/index', text: '首页', icon: homeIcon, activeIcon: homeActiveIcon, staffOnly: false },
  { pagePath: 'pages/services/index', text: '服务', icon: serviceIcon, activeIcon: serviceActiveIcon, staffOnly: false },
  { pagePath: 'pages/inbox/index', text: '消息', icon: inboxIcon, activeIcon: inboxActiveIcon, staffOnly: false },
  { pagePath: 'pages/me/index', text: '我的', icon: meIcon, activeIcon: meActiveIcon, staffOnly: false },
  { pagePath: 'pages/staff/index', text: '管家', icon: staffIcon, activeIcon: staffActiveIcon, staffOnly: true },
];

export function visibleTabs(isStaff: boolean): TabDef[] {
  return TABS.filter((tab) => isStaff || !tab.staffOnly);
}
