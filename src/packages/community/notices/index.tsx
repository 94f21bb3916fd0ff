// 社区公告: owners read the issued notices, newest first; stewards also see their drafts and the
// approvals waiting (工作) and every issued notice (归档), and start a new draft here.
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import type { Me } from '../../../../types/account';
import type { ActionInput } from '../../../../types/contract';
import { EmptyState, ErrorState, ListMore, LoadingState } from '../../../components/PageState';
import SessionGate from '../../../components/SessionGate';
import { call } from '../../../services/cloud';
import { usePages } from '../../../hooks/usePages';
import { goBack } from '../../../utils/nav';
import { shortTime } from '../../../utils/time';
import { StateTag, staffCommunity } from '../shared/parts';
import '../shared/community.scss';

type View_ = 'published' | 'work' | 'archive';
type ListInput = Omit<Exclude<ActionInput<'notices', 'list'>, undefined>, 'cursor'>;
const list = (input: ListInput & { cursor?: string }) => call('notices', 'list', input);
const noticesOf = (page: Awaited<ReturnType<typeof list>>) => page.notices;
const VIEWS: Array<{ key: View_; label: string }> = [
  { key: 'work', label: '起草与审批' },
  { key: 'published', label: '已发布' },
  { key: 'archive', label: '全部发文' },
];

function Notices({ me }: { me: Me }) {
  const staff = staffCommunity(me, 'steward');
  const initial = (Taro.getCurrentInstance().router?.params.view as View_ | undefined) ?? (staff ? 'work' : 'published');
  const [view, setView] = useState<View_>(staff ? initial : 'published');
  const input: ListInput = staff ? { view, communityId: staff, limit: 20 } : { view: 'published', limit: 20 };
  const { pages, reload, loadMore } = usePages(input, list, noticesOf);

  return (
    <View className="page cm-notices">
      {staff ? (
        <>
          <View className="cm-tabs">
            {VIEWS.map((v) => (
              <Text key={v.key} className={`filter cm-view-${v.key} ${view === v.key ? 'filter--on' : ''}`} onClick={() => setView(v.key)}>
                {v.label}
              </Text>
            ))}
          </View>
          <View className="actions">
            <Button id="cm-notice-new" type="primary" block onClick={() => void Taro.navigateTo({ url: '/packages/community/draft/index' })}>
              起草发文
            </Button>
          </View>
        </>
      ) : null}
      {pages.status === 'loading' && pages.items.length === 0 ? <LoadingState /> : null}
      {pages.status === 'error' && pages.items.length === 0 ? <ErrorState message={pages.error ?? ''} onRetry={() => void reload()} /> : null}
      {pages.status === 'ready' && pages.items.length === 0 ? (
        <EmptyState title={view === 'work' ? '没有待办的发文' : '暂无公告'} description={view === 'work' ? '起草的发文经项目经理审批后发布给业主' : '物业发布的通知会显示在这里'} />
      ) : null}
      {pages.items.map((n) => (
        <View key={n.id} className="cm-card cm-notice-card" onClick={() => void Taro.navigateTo({ url: `/packages/community/notice/index?id=${encodeURIComponent(n.id)}` })}>
          <View className="cm-card__head">
            <Text className="cm-card__title">
              {n.pinned ? '【置顶】' : ''}
              {n.title}
            </Text>
            {staff ? <StateTag kind="notice" state={n.state} /> : !n.read ? <Text className="cm-state cm-state--waiting">未读</Text> : null}
          </View>
          <View className="cm-card__desc">{n.excerpt}</View>
          <View className="cm-card__line">
            {n.no ? `${n.no} · ` : ''}
            {n.department} · {n.publishedAt ? shortTime(n.publishedAt) : `更新于 ${shortTime(n.updatedAt)}`}
            {staff && n.state !== 'draft' && n.publishedAt ? ` · 已读 ${n.readCount}` : ''}
          </View>
        </View>
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

export default function NoticesPage() {
  return <SessionGate>{(me) => <Notices me={me} />}</SessionGate>;
}
