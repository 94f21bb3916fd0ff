// 我的访客: the visitors of every unit the person is bound to — invitations and the lobby's walk-ins
// for their home — newest first, and the way to invite one.
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import type { ActionInput } from '../../../../types/contract';
import { VISITOR_DATA_KEEP } from '../../../../types/visitors';
import { spanText } from '../../../../types/sla-text';
import { EmptyState, ErrorState, ListMore, LoadingState } from '../../../components/PageState';
import SessionGate from '../../../components/SessionGate';
import { usePages } from '../../../hooks/usePages';
import { call } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import { VisitCard } from '../shared/DeskParts';
import '../shared/frontdesk.scss';

type MineInput = Omit<Exclude<ActionInput<'visitors', 'mine'>, undefined>, 'cursor'>;
const list = (input: MineInput & { cursor?: string }) => call('visitors', 'mine', input);
const visitsOf = (page: Awaited<ReturnType<typeof list>>) => page.visits;
const open = (id: string) => void Taro.navigateTo({ url: `/packages/frontdesk/visit/index?id=${encodeURIComponent(id)}` });

function Mine() {
  const { pages, reload, loadMore } = usePages<MineInput, Awaited<ReturnType<typeof list>>, Awaited<ReturnType<typeof list>>['visits'][number]>({ limit: 20 }, list, visitsOf);
  return (
    <View className="page visit-mine">
      <View className="actions">
        <Button id="visit-invite" type="primary" block onClick={() => void Taro.navigateTo({ url: '/packages/frontdesk/invite/index' })}>
          邀请访客
        </Button>
      </View>
      {pages.status === 'loading' && pages.items.length === 0 ? <LoadingState /> : null}
      {pages.status === 'error' && pages.items.length === 0 ? <ErrorState message={pages.error ?? ''} onRetry={() => void reload()} /> : null}
      {pages.status === 'ready' && pages.items.length === 0 ? <EmptyState title="还没有访客记录" description="邀请访客后，把访客码转发给对方，凭码在门岗登记入园" /> : null}
      {pages.items.map((visit) => (
        <VisitCard key={visit.id} visit={visit} onOpen={() => open(visit.id)} />
      ))}
      <ListMore pages={pages} onMore={() => void loadMore()} />
      <View className="actions">
        <View className="muted">访客的姓名、电话和车牌保存 {spanText(VISITOR_DATA_KEEP)}后清除，只保留到访次数。</View>
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function VisitorsPage() {
  return <SessionGate>{() => <Mine />}</SessionGate>;
}
