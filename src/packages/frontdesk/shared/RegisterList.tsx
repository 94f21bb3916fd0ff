// The lobby's register on a page: those inside (longest there first, the ones most likely to have
// left unrecorded) or a day's visits, each still inside with the exit to record.
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import type { VisitSummary } from '../../../../types/visitors';
import { EmptyState, ErrorState, ListMore, LoadingState } from '../../../components/PageState';
import { call, messageOf } from '../../../services/cloud';
import { VisitCard } from './DeskParts';
import { type RegisterInput, useRegister } from './useRegister';

export function RegisterList({ input, title, empty }: { input: RegisterInput; title: string; empty: string }) {
  const { pages, reload, loadMore } = useRegister(input);
  const [busy, setBusy] = useState<string | null>(null);
  const visits = input.inside ? [...pages.items].sort((a, b) => Date.parse(a.inAt ?? a.from) - Date.parse(b.inAt ?? b.from)) : pages.items;
  const exit = async (visit: VisitSummary) => {
    setBusy(visit.id);
    try {
      await call('visitors', 'exit', { id: visit.id });
      void Taro.showToast({ title: '已登记离开', icon: 'success' });
    } catch (error) {
      void Taro.showToast({ title: messageOf(error), icon: 'none', duration: 3000 });
    } finally {
      setBusy(null);
      await reload();
    }
  };
  return (
    <View className="visit-register">
      <View className="section-title">
        {title}（{pages.status === 'ready' ? `${visits.length}${pages.cursor ? '+' : ''}` : '…'}）
      </View>
      {pages.status === 'loading' && visits.length === 0 ? <LoadingState /> : null}
      {pages.status === 'error' && visits.length === 0 ? <ErrorState message={pages.error ?? ''} onRetry={() => void reload()} /> : null}
      {pages.status === 'ready' && visits.length === 0 ? <EmptyState title={empty} /> : null}
      {visits.map((visit) => (
        <VisitCard key={visit.id} visit={visit}>
          {visit.state === 'inside' ? (
            <View className="desk-card__buttons">
              <Button className="visit-exit" type="primary" fill="outline" size="small" loading={busy === visit.id} disabled={busy !== null} onClick={() => void exit(visit)}>
                登记离开
              </Button>
            </View>
          ) : null}
        </VisitCard>
      ))}
      <ListMore pages={pages} onMore={() => void loadMore()} />
    </View>
  );
}
