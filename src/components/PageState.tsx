// Progress, failure (with retry) and emptiness for a page or a section, one look everywhere.
import type { ReactNode } from 'react';
import { Image, View } from '@tarojs/components';
import emptyIcon from '../assets/tabbar/inbox.png';
import Loading from '@nutui/nutui-react-taro/dist/es/packages/loading/index';
import '@nutui/nutui-react-taro/dist/es/packages/loading/style/css';
import Empty from '@nutui/nutui-react-taro/dist/es/packages/empty/index';
import '@nutui/nutui-react-taro/dist/es/packages/empty/style/css';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import './PageState.scss';

export function LoadingState({ text = '加载中…' }: { text?: string }) {
  return (
    <View className="page-state">
      <Loading type="spinner">{text}</Loading>
    </View>
  );
}

export function ErrorState({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <View className="page-state">
      <Empty status="network" image={<View className="page-state__glyph">!</View>} title="加载失败" description={message}>
        <Button type="primary" size="small" className="page-state__retry" onClick={onRetry}>
          重试
        </Button>
      </Empty>
    </View>
  );
}

export function EmptyState({ title, description, children }: { title: string; description?: string; children?: ReactNode }) {
  return (
    <View className="page-state">
      {/* NutUI's default pictures come from a third-party CDN; a local icon works offline. */}
      <Empty status="empty" image={<Image className="page-state__icon" src={emptyIcon} />} title={title} description={description}>
        {children}
      </Empty>
    </View>
  );
}

/** The button under a paged list that fetches the next page, busy while it loads. */
export function MoreButton({ loading, onMore }: { loading: boolean; onMore: () => void }) {
  return (
    <Button block fill="outline" loading={loading} onClick={onMore}>
      加载更多
    </Button>
  );
}
