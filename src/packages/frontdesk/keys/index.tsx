// 我的钥匙 (SPEC §14): the keys the owner entrusted to the front desk — agree to the entrustment's
// terms, revoke it at any time — and the loans of them that wait for the owner's confirmation, first.
import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import { ENTRUSTMENT_TERMS, type Key, type Loan } from '../../../../types/keys';
import { entrustmentStateLabels } from '../../../../types/frontdesk-labels';
import SessionGate from '../../../components/SessionGate';
import { EmptyState, ErrorState, LoadingState } from '../../../components/PageState';
import { useRemote } from '../../../hooks/useRemote';
import { call, messageOf } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import { fullTime } from '../../../utils/time';
import { KeyLine, LoanCard } from '../shared/DeskParts';
import '../shared/frontdesk.scss';

function MyKeys() {
  const remote = useRemote(() => call('keys', 'mine', {}), []);
  const [busy, setBusy] = useState<string | null>(null);
  useDidShow(() => {
    if (remote.status === 'ready') void remote.reload();
  });
  usePullDownRefresh(() => {
    void remote.reload().finally(() => Taro.stopPullDownRefresh());
  });

  if (!remote.data && remote.status === 'loading') return <LoadingState />;
  if (!remote.data) return <ErrorState message={remote.error ?? '加载失败'} onRetry={() => void remote.reload()} />;

  const run = async (what: string, work: () => Promise<unknown>, done: string, ask?: string) => {
    if (ask) {
      const { confirm } = await Taro.showModal({ title: '请确认', content: ask });
      if (!confirm) return;
    }
    setBusy(what);
    try {
      await work();
      void Taro.showToast({ title: done, icon: 'success' });
    } catch (error) {
      void Taro.showToast({ title: messageOf(error), icon: 'none', duration: 3000 });
    } finally {
      setBusy(null);
      await remote.reload();
    }
  };

  const { keys, loans } = remote.data;
  const waiting = loans.filter((l) => l.state === 'awaiting_owner');
  const others = loans.filter((l) => l.state !== 'awaiting_owner');
  const now = Date.now();

  const loanButtons = (loan: Loan) => (
    <View className="desk-card__buttons">
      <Button
        className="loan-confirm"
        type="primary"
        size="small"
        loading={busy === `confirm-${loan.id}`}
        disabled={busy !== null}
        onClick={() => void run(`confirm-${loan.id}`, () => call('keys', 'confirmLoan', { id: loan.id }), '已同意借用', `同意${loan.borrowerName}借用钥匙（${loan.purpose}）？`)}
      >
        同意借用
      </Button>
      <Button
        className="loan-decline"
        type="danger"
        fill="outline"
        size="small"
        disabled={busy !== null}
        onClick={() => void run(`decline-${loan.id}`, () => call('keys', 'declineLoan', { id: loan.id }), '已拒绝', '拒绝后这次借用作废，确定拒绝吗？')}
      >
        不同意
      </Button>
    </View>
  );

  const keyButtons = (k: Key) => {
    const e = k.entrustment;
    if (!e) return null;
    if (e.state === 'awaiting_owner') {
      return (
        <View>
          <View className="desk-terms">{ENTRUSTMENT_TERMS}</View>
          <View className="desk-card__buttons">
            <Button
              className="key-agree"
              type="primary"
              size="small"
              loading={busy === `agree-${k.id}`}
              disabled={busy !== null}
              onClick={() => void run(`agree-${k.id}`, () => call('keys', 'agree', { id: k.id, terms: true }), '委托已生效')}
            >
              同意以上条款，委托保管
            </Button>
          </View>
        </View>
      );
    }
    if (e.state === 'active') {
      return (
        <View className="desk-card__buttons">
          <Button
            className="key-revoke"
            type="danger"
            fill="outline"
            size="small"
            disabled={busy !== null}
            onClick={() => void run(`revoke-${k.id}`, () => call('keys', 'revoke', { id: k.id }), '已撤销委托', '撤销后管理处不再借出这把钥匙，请到客服中心取回。确定撤销吗？')}
          >
            撤销委托
          </Button>
        </View>
      );
    }
    return null;
  };

  return (
    <View className="page key-mine">
      {waiting.length > 0 ? <View className="desk-warning key-mine__waiting">有 {waiting.length} 次借用等待您确认，确认前钥匙不会借出</View> : null}
      {waiting.map((loan) => (
        <LoanCard key={loan.id} loan={loan} now={now}>
          {loanButtons(loan)}
        </LoanCard>
      ))}
      <View className="section-title">委托保管的钥匙</View>
      {keys.length === 0 ? <EmptyState title="没有委托保管的钥匙" description="需要委托钥匙时，请带钥匙到客服中心登记，再在这里同意委托条款" /> : null}
      {keys.map((k) => (
        <View key={k.id} className="desk-card key-card">
          <View className="desk-card__head">
            <View className="desk-card__title">{k.tag}</View>
            <View className={`desk-state desk-state--${k.entrustment?.state === 'active' ? 'done' : k.entrustment?.state === 'revoked' ? 'stopped' : 'waiting'}`}>
              {k.entrustment ? entrustmentStateLabels[k.entrustment.state] : ''}
            </View>
          </View>
          <KeyLine k={k} />
          <View className="desk-card__line muted">
            {k.state === 'out' ? '当前已借出' : '在柜'}
            {k.entrustment?.agreedAt ? ` · ${fullTime(k.entrustment.agreedAt)} 同意委托` : ''}
            {k.entrustment?.revokedAt ? ` · ${fullTime(k.entrustment.revokedAt)} 撤销` : ''}
          </View>
          {keyButtons(k)}
        </View>
      ))}
      {others.length > 0 ? <View className="section-title">借用中的</View> : null}
      {others.map((loan) => (
        <LoanCard key={loan.id} loan={loan} now={now} />
      ))}
      <View className="actions">
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function MyKeysPage() {
  return <SessionGate>{() => <MyKeys />}</SessionGate>;
}
