// 装修管理 for stewards (SPEC §12): the queue by urgency — today's uninspected units first, then
// notices near their deadline, applications, acceptances and settlements waiting — and 今日巡查,
// the area steward's units in progress, each inspected with one tap (a photo, all items in order;
// anything wrong is recorded on the unit's page with its notice).
import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import { inspectByText } from '../../../../types/decoration';
import { EmptyState, ErrorState, LoadingState, MoreButton } from '../../../components/PageState';
import SessionGate from '../../../components/SessionGate';
import { usePages } from '../../../hooks/usePages';
import { call, messageOf } from '../../../services/cloud';
import { choosePhotos, uploadPhoto } from '../../../services/photos';
import { goBack } from '../../../utils/nav';
import { DecorationCard } from '../shared/parts';
import '../shared/decoration.scss';

type View_ = 'queue' | 'today';
const list = (input: { view: View_; limit: number; cursor?: string }) => call('decoration', 'list', input);
// module level: usePages reloads when its functions change, so an inline one would reload forever
const decorationsOf = (page: Awaited<ReturnType<typeof list>>) => page.decorations;
const open = (id: string) => void Taro.navigateTo({ url: `/packages/decoration/detail/index?id=${encodeURIComponent(id)}` });

function Queue() {
  const { params } = useRouter();
  const [view, setView] = useState<View_>(params.view === 'today' ? 'today' : 'queue');
  const { pages, reload, loadMore } = usePages({ view, limit: 20 }, list, decorationsOf);
  const [busy, setBusy] = useState<string | null>(null);

  const inspect = async (id: string) => {
    setBusy(id);
    try {
      const [photo] = await choosePhotos(1);
      if (!photo) return;
      const fileID = await uploadPhoto(photo, 'decoration', () => undefined);
      await call('decoration', 'inspect', { id, photos: [fileID], checklist: { waste: 'ok', alteration: 'ok', hours: 'ok', fire: 'ok' } });
      void Taro.showToast({ title: '已记录巡查', icon: 'success' });
      await reload();
    } catch (error) {
      void Taro.showToast({ title: messageOf(error), icon: 'none', duration: 3000 });
    } finally {
      setBusy(null);
    }
  };

  const left = pages.items.filter((d) => d.state === 'in_progress' && !d.inspectedToday).length;
  return (
    <View className="page decoration-queue">
      <View className="filter-chips">
        <Text className={`filter-chip decoration-view-queue ${view === 'queue' ? 'filter-chip--on' : ''}`} onClick={() => setView('queue')}>
          待办（按紧急程度）
        </Text>
        <Text className={`filter-chip decoration-view-today ${view === 'today' ? 'filter-chip--on' : ''}`} onClick={() => setView('today')}>
          今日巡查
        </Text>
      </View>
      {view === 'today' && pages.status === 'ready' ? (
        <View className="muted decoration-today-summary">
          施工中 {pages.items.length} 户，{left > 0 ? `还有 ${left} 户未巡查（${inspectByText} 前）` : '今日已全部巡查'}
        </View>
      ) : null}
      {pages.status === 'loading' && pages.items.length === 0 ? <LoadingState /> : null}
      {pages.status === 'error' && pages.items.length === 0 ? <ErrorState message={pages.error ?? ''} onRetry={() => void reload()} /> : null}
      {pages.status === 'ready' && pages.items.length === 0 ? <EmptyState title={view === 'today' ? '今天没有施工中的装修户' : '没有待办的装修事项'} /> : null}
      {pages.items.map((d) => (
        <DecorationCard key={d.id} d={d} onOpen={() => open(d.id)}>
          {view === 'today' && d.state === 'in_progress' && !d.inspectedToday ? (
            <Button className="decoration-quick-inspect" size="small" type="primary" loading={busy === d.id} disabled={busy !== null} onClick={() => void inspect(d.id)}>
              拍照巡查
            </Button>
          ) : null}
        </DecorationCard>
      ))}
      {pages.cursor ? <MoreButton loading={pages.status === 'more'} onMore={() => void loadMore()} /> : null}
      <View className="decoration-actions">
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function DecorationQueuePage() {
  return <SessionGate>{() => <Queue />}</SessionGate>;
}
