// 我的装修: the applications of every unit the person is bound to, newest first, and the way to apply.
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import { EmptyState, ErrorState, LoadingState, MoreButton } from '../../../components/PageState';
import SessionGate from '../../../components/SessionGate';
import { usePages } from '../../../hooks/usePages';
import { call } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import { DecorationCard } from '../shared/parts';
import '../shared/decoration.scss';

const list = (input: { view: 'mine'; limit: number; cursor?: string }) => call('decoration', 'list', input);
// module level: usePages reloads when its functions change, so an inline one would reload forever
const decorationsOf = (page: Awaited<ReturnType<typeof list>>) => page.decorations;
const open = (id: string) => void Taro.navigateTo({ url: `/packages/decoration/detail/index?id=${encodeURIComponent(id)}` });

function Mine() {
  const { pages, reload, loadMore } = usePages({ view: 'mine' as const, limit: 20 }, list, decorationsOf);
  return (
    <View className="page decoration-mine">
      <View className="decoration-actions">
        <Button id="decoration-apply" type="primary" block onClick={() => void Taro.navigateTo({ url: '/packages/decoration/apply/index' })}>
          申请装修
        </Button>
      </View>
      {pages.status === 'loading' && pages.items.length === 0 ? <LoadingState /> : null}
      {pages.status === 'error' && pages.items.length === 0 ? <ErrorState message={pages.error ?? ''} onRetry={() => void reload()} /> : null}
      {pages.status === 'ready' && pages.items.length === 0 ? (
        <EmptyState title="还没有装修申请" description="装修前请先申请：资料审核通过后签订《装饰装修服务协议》、缴纳押金，领取施工许可证" />
      ) : null}
      {pages.items.map((d) => (
        <DecorationCard key={d.id} d={d} onOpen={() => open(d.id)} />
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

export default function DecorationMinePage() {
  return <SessionGate>{() => <Mine />}</SessionGate>;
}
