// 首页's community card: the latest issued notices (pinned ones first until their day, then newest
// first) and the events open for sign-up. Small on purpose: it sits in the main package, and the
// pages it leads to live in packages/community.
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { call } from '../../services/cloud';
import { useRemote } from '../../hooks/useRemote';
import { windowText } from '../../utils/time';

const open = (url: string) => void Taro.navigateTo({ url });

async function load() {
  // Both reads at once: the card costs one wait, not two.
  const [notices, events] = await Promise.all([call('notices', 'home', { limit: 3 }), call('events', 'list', { view: 'upcoming' })]);
  return { notices: notices.notices, events: events.events.slice(0, 2) };
}

export default function HomeNotices() {
  const remote = useRemote(load, []);
  const data = remote.data;
  return (
    <View className="home-card home-notices">
      <View className="home-card__title" onClick={() => open('/packages/community/notices/index')}>
        社区公告
        <Text className="home-card__more">全部 ›</Text>
      </View>
      {remote.status === 'error' && !data ? (
        <View className="home-waiting__empty" onClick={() => void remote.reload()}>
          暂时无法加载，点此重试
        </View>
      ) : !data ? (
        <View className="home-waiting__empty">加载中…</View>
      ) : data.notices.length === 0 && data.events.length === 0 ? (
        <View className="home-waiting__empty">暂无公告与活动</View>
      ) : null}
      {data?.notices.map((n) => (
        <View key={n.id} className="home-notice" onClick={() => open(`/packages/community/notice/index?id=${encodeURIComponent(n.id)}`)}>
          {n.pinned ? <Text className="home-notice__tag">置顶</Text> : null}
          <Text className={`home-notice__title ${n.read ? '' : 'home-notice__title--new'}`}>{n.title}</Text>
          <Text className="home-notice__date">{n.date?.slice(5) ?? ''}</Text>
        </View>
      ))}
      {data?.events.map((e) => (
        <View key={e.id} className="home-notice home-event" onClick={() => open(`/packages/community/event/index?id=${encodeURIComponent(e.id)}`)}>
          <Text className="home-notice__tag home-notice__tag--event">活动</Text>
          <Text className="home-notice__title">{e.title}</Text>
          <Text className="home-notice__date">{windowText(e.startsAt, e.endsAt).slice(0, 11)}</Text>
        </View>
      ))}
    </View>
  );
}
