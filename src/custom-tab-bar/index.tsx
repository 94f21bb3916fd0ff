// WeChat's custom tab bar entry (app.config tabBar.custom). Only this file may be the entry:
// Taro appends a Component() registration to it, so pages import components/TabBar instead.
import TabBar from '../components/TabBar';

export default function CustomTabBar() {
  return <TabBar />;
}
