// 放行审批 (SPEC §5, §8): the community's undecided passes, the server's order — the 15-minute
// clock that runs out first on top, tenants' passes awaiting the owner after — coloured by time left.
import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import { EmptyState, ErrorState, LoadingState, MoreButton } from '../../../components/PageState';
import SessionGate from '../../../components/SessionGate';
import { goBack } from '../../../utils/nav';
import { PassCard } from '../shared/PassParts';
import { usePassPages } from '../shared/usePassPages';
import '../shared/pass.scss';
import QueueSummary from '../../../components/QueueSummary';

function Queue() {
  const [now, setNow] = useState(() => Date.now());
  const { pages, reload, loadMore } = usePassPages({ view: 'queue', limit: 20 });
  useEffect(() => {
    // the 15 minutes are short: the colours move on while the page is open
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);
  const counts = { ok: 0, near: 0, breached: 0 };
  for (const pass of pages.items) if (pass.due) counts[pass.due.level] += 1;
  const waiting = pages.items.filter((p) => !p.due).length;

  return (
    <View className="page pass-queue">
      {pages.status === 'ready' && pages.items.length > 0 ? (
        <QueueSummary className="pass-queue__summary" counts={counts} extra={`待业主确认 ${waiting}`} note="按审批时限排序" />
      ) : null}
      {pages.status === 'loading' && pages.items.length === 0 ? <LoadingState /> : null}
      {pages.status === 'error' && pages.items.length === 0 ? <ErrorState message={pages.error ?? ''} onRetry={() => void reload()} /> : null}
      {pages.status === 'ready' && pages.items.length === 0 ? <EmptyState title="没有待审批的放行申请" /> : null}
      {pages.items.map((pass) => (
        <PassCard key={pass.id} pass={pass} now={now} onOpen={() => void Taro.navigateTo({ url: `/packages/pass/detail/index?id=${encodeURIComponent(pass.id)}` })} />
      ))}
      {pages.error && pages.items.length > 0 ? <View className="field-error">{pages.error}</View> : null}
      <View className="actions">
        {pages.cursor ? <MoreButton loading={pages.status === 'more'} onMore={() => void loadMore()} /> : null}
        <Button block fill="outline" onClick={() => void Taro.navigateTo({ url: '/packages/pass/log/index' })}>
          物品放行登记
        </Button>
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function PassQueuePage() {
  return <SessionGate>{() => <Queue />}</SessionGate>;
}
