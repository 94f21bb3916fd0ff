// 社区活动: owners see the open events to sign up for; stewards see the year's plan (warned while
// fewer than two are planned, as the service commitments ask) and plan a new one.
import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import type { Me } from '../../../../types/account';
import { EVENTS_PER_YEAR } from '../../../../types/events';
import { EmptyState, ErrorState, LoadingState } from '../../../components/PageState';
import SessionGate from '../../../components/SessionGate';
import { call } from '../../../services/cloud';
import { useRemote } from '../../../hooks/useRemote';
import { goBack } from '../../../utils/nav';
import { windowText } from '../../../utils/time';
import { StateTag, shanghaiDay, signupStateLabels, staffCommunity } from '../shared/parts';
import '../shared/community.scss';

function Events({ me }: { me: Me }) {
  const staff = staffCommunity(me, 'steward');
  const year = Number(shanghaiDay().slice(0, 4));
  const [view, setView] = useState<'plan' | 'upcoming'>(staff ? 'plan' : 'upcoming');
  const remote = useRemote(() => call('events', 'list', view === 'plan' && staff ? { view: 'plan', communityId: staff, year } : { view: 'upcoming' }), [view, staff, year]);
  useDidShow(() => {
    if (remote.status === 'ready') void remote.reload();
  });
  const events = remote.data?.events ?? [];
  const planned = events.filter((e) => e.state !== 'cancelled').length;

  return (
    <View className="page cm-events">
      {staff ? (
        <>
          <View className="cm-tabs">
            <Text className={`filter cm-view-plan ${view === 'plan' ? 'filter--on' : ''}`} onClick={() => setView('plan')}>
              {year} 年度计划
            </Text>
            <Text className={`filter cm-view-upcoming ${view === 'upcoming' ? 'filter--on' : ''}`} onClick={() => setView('upcoming')}>
              报名中
            </Text>
          </View>
          {view === 'plan' && remote.status === 'ready' && planned < EVENTS_PER_YEAR ? (
            <View className="cm-warning cm-plan-warning">
              本年度已计划 {planned} 场活动，服务承诺要求每年至少 {EVENTS_PER_YEAR} 场，请尽快补充计划
            </View>
          ) : null}
          <View className="actions">
            <Button id="cm-event-plan" type="primary" block onClick={() => void Taro.navigateTo({ url: '/packages/community/plan/index' })}>
              计划新活动
            </Button>
          </View>
        </>
      ) : null}
      {remote.status === 'loading' && !remote.data ? <LoadingState /> : null}
      {remote.status === 'error' && !remote.data ? <ErrorState message={remote.error} onRetry={() => void remote.reload()} /> : null}
      {remote.status === 'ready' && events.length === 0 ? (
        <EmptyState title={view === 'plan' ? '本年度还没有计划活动' : '暂无报名中的活动'} description="社区文化活动开放报名后会显示在这里" />
      ) : null}
      {events.map((e) => (
        <View key={e.id} className="cm-card cm-event-card" onClick={() => void Taro.navigateTo({ url: `/packages/community/event/index?id=${encodeURIComponent(e.id)}` })}>
          <View className="cm-card__head">
            <Text className="cm-card__title">{e.title}</Text>
            {e.mine && e.mine.state !== 'cancelled' ? (
              <Text className="cm-state cm-state--done">{signupStateLabels[e.mine.state]}</Text>
            ) : (
              <StateTag kind="event" state={e.state} />
            )}
          </View>
          <View className="cm-card__line">
            {windowText(e.startsAt, e.endsAt)} · {e.place}
          </View>
          <View className="cm-card__line">
            名额 {e.capacity} 人 · 已报名 {e.signed}
            {e.waiting > 0 ? ` · 候补 ${e.waiting}` : ''}
          </View>
        </View>
      ))}
      <View className="actions">
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function EventsPage() {
  return <SessionGate>{(me) => <Events me={me} />}</SessionGate>;
}
