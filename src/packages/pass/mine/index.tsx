// 我的放行条: the passes of every unit the person is bound to (an owner sees and confirms their
// tenants'), newest first, and the way to apply.
import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import { EmptyState, ErrorState, ListMore, LoadingState } from '../../../components/PageState';
import SessionGate from '../../../components/SessionGate';
import { goBack } from '../../../utils/nav';
import { useServiceLevels, within } from '../../../utils/levels';
import { PassCard } from '../shared/PassParts';
import { usePassPages } from '../shared/usePassPages';
import '../shared/pass.scss';

const open = (id: string) => void Taro.navigateTo({ url: `/packages/pass/detail/index?id=${encodeURIComponent(id)}` });

function Mine() {
  const { pages, reload, loadMore } = usePassPages({ view: 'mine', limit: 20 });
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const levels = useServiceLevels();
  const waitingForMe = pages.items.filter((p) => p.allowed.includes('ownerConfirm')).length;

  return (
    <View className="page pass-mine">
      <View className="actions">
        <Button id="pass-apply" type="primary" block onClick={() => void Taro.navigateTo({ url: '/packages/pass/apply/index' })}>
          申请物品放行
        </Button>
      </View>
      {waitingForMe > 0 ? <View className="pass-warning pass-mine__confirm">有 {waitingForMe} 张住户的放行申请等待您确认</View> : null}
      {pages.status === 'loading' && pages.items.length === 0 ? <LoadingState /> : null}
      {pages.status === 'error' && pages.items.length === 0 ? <ErrorState message={pages.error ?? ''} onRetry={() => void reload()} /> : null}
      {pages.status === 'ready' && pages.items.length === 0 ? (
        <EmptyState title="还没有放行条" description={`搬家、清运装修垃圾或搬出大件家具前，请先申请放行${levels ? `，管家${within(levels.passes.decide)}审批` : ''}`} />
      ) : null}
      {pages.items.map((pass) => (
        <PassCard key={pass.id} pass={pass} now={now} onOpen={() => open(pass.id)} />
      ))}
      <ListMore pages={pages} onMore={() => void loadMore()} />
      <View className="actions">
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function PassMinePage() {
  return <SessionGate>{() => <Mine />}</SessionGate>;
}
