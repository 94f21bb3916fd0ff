// 借出与归还: the loans not yet closed, worked in order — overdue first, then keys confirmed and
// waiting to be handed over, then those waiting for the owner, then the rest by due time.
import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import { EmptyState, ErrorState, ListMore, LoadingState } from '../../../components/PageState';
import SessionGate from '../../../components/SessionGate';
import { goBack } from '../../../utils/nav';
import { byUrgency, LoanCard } from '../shared/DeskParts';
import { LoanActions } from '../shared/LoanActions';
import { useLoanPages } from '../shared/useKeys';
import '../shared/frontdesk.scss';

function Loans() {
  const { pages, reload, loadMore } = useLoanPages({ limit: 50 });
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const loans = byUrgency(pages.items);
  const overdue = loans.filter((l) => l.overdue).length;
  return (
    <View className="page key-loans">
      {overdue > 0 ? <View className="desk-warning key-loans__overdue">{overdue} 把钥匙逾期未还，请联系借用人</View> : null}
      {pages.status === 'loading' && loans.length === 0 ? <LoadingState /> : null}
      {pages.status === 'error' && loans.length === 0 ? <ErrorState message={pages.error ?? ''} onRetry={() => void reload()} /> : null}
      {pages.status === 'ready' && loans.length === 0 ? <EmptyState title="没有借出中的钥匙" description="在「钥匙登记」里点一把钥匙即可登记借用" /> : null}
      {loans.map((loan) => (
        <View key={loan.id} onClick={() => void Taro.navigateTo({ url: `/packages/frontdesk/lend/index?id=${encodeURIComponent(loan.keyId)}` })}>
          <LoanCard loan={loan} now={now}>
            <LoanActions loan={loan} onChanged={() => void reload()} />
          </LoanCard>
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

export default function LoansPage() {
  return <SessionGate>{() => <Loans />}</SessionGate>;
}
