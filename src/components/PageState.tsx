// Progress, failure (with retry) and emptiness for a page or a section, one look everywhere.
import type { ReactNode } from 'react';
import type { Pages } from '../hooks/usePages';
import Taro from '@tarojs/taro';
import { Image, View } from '@tarojs/components';
import emptyIcon from '../assets/tabbar/inbox.png';
import Loading from '@nutui/nutui-react-taro/dist/es/packages/loading/index';
import '@nutui/nutui-react-taro/dist/es/packages/loading/style/css';
import Empty from '@nutui/nutui-react-taro/dist/es/packages/empty/index';
import '@nutui/nutui-react-taro/dist/es/packages/empty/style/css';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import { TABS } from '../tabs';
import { goBack } from '../utils/nav';
import './PageState.scss';

export function LoadingState({ text = '加载中…' }: { text?: string }) {
  return (
    <View className="page-state">
      <Loading type="spinner">{text}</Loading>
    </View>
  );
}

/** Whether the page on screen is a tab page (a tab has nowhere to go back to). */
function onTabPage(): boolean {
  const pages = Taro.getCurrentPages();
  const route = (pages[pages.length - 1]?.route ?? '').replace(/^\//, '').split('?')[0];
  return TABS.some((tab) => tab.pagePath === route);
}

export function ErrorState({ message, onRetry }: { message: string; onRetry: () => void }) {
  // Something that is not there (another owner's link, a bad id) will not come by retrying.
  const missing = /没有找到|不存在|无权/.test(message);
  return (
    <View className="page-state">
      <Empty status="network" image={<View className="page-state__glyph">!</View>} title={missing ? '无法查看' : '加载失败'} description={message}>
        <View className="page-state__buttons">
          {onTabPage() ? null : (
            <Button size="small" fill="outline" className="page-state__back" onClick={goBack}>
              返回
            </Button>
          )}
          {missing ? null : (
            <Button type="primary" size="small" className="page-state__retry" onClick={onRetry}>
              重试
            </Button>
          )}
        </View>
      </Empty>
    </View>
  );
}

export function EmptyState({ title, description, glyph, children }: { title: string; description?: string; glyph?: string; children?: ReactNode }) {
  return (
    <View className="page-state">
      {/* NutUI's default pictures come from a third-party CDN; a local icon works offline. */}
      <Empty
        status="empty"
        image={glyph ? <View className="page-state__glyph page-state__glyph--calm">{glyph}</View> : <Image className="page-state__icon" src={emptyIcon} />}
        title={title}
        description={description}
      >
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

/**
 * What sits under a paged list: the error of a later page (the items already shown stay) and
 * 加载更多 while the list has more.
 */
export function ListMore({ pages, onMore }: { pages: Pick<Pages<unknown, unknown>, 'items' | 'cursor' | 'status' | 'error'>; onMore: () => void }) {
  return (
    <>
      {pages.error && pages.items.length > 0 ? <View className="field-error">{pages.error}</View> : null}
      {pages.cursor ? (
        <View className="actions">
          <MoreButton loading={pages.status === 'more'} onMore={onMore} />
        </View>
      ) : null}
    </>
  );
}

/** A form that needs a bound home, opened by someone with none: say so and offer the binding page. */
export function BindFirstState({ description }: { description: string }) {
  return (
    <EmptyState title="请先绑定房屋" description={description} glyph="房">
      <Button type="primary" size="small" className="page-state__action" onClick={() => void Taro.navigateTo({ url: '/packages/account/bind/index' })}>
        去绑定
      </Button>
    </EmptyState>
  );
}
