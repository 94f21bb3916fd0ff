// 不满意跟进: every dissatisfied answer (≤ 2 in any area) is followed up like a complaint —
// communicate, handle, then the revisit that closes it. Earliest due first; overdue in red.
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import TextArea from '@nutui/nutui-react-taro/dist/es/packages/textarea/index';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import type { Me } from '../../../../types/account';
import type { Followup } from '../../../../types/surveys';
import { EmptyState, ErrorState, LoadingState } from '../../../components/PageState';
import SessionGate from '../../../components/SessionGate';
import { call, CloudError, messageOf } from '../../../services/cloud';
import { useRemote } from '../../../hooks/useRemote';
import { goBack } from '../../../utils/nav';
import { fullTime, timeLeft } from '../../../utils/time';
import { followupStateLabels, followupStepLabels, nextStep, staffCommunity } from '../shared/parts';
import '../shared/community.scss';

function Card({ followup, onChanged }: { followup: Followup; onChanged: () => void }) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const step = nextStep[followup.state];
  const overdue = Date.parse(followup.dueAt) < Date.now();

  const advance = async () => {
    if (!step) return;
    if (!note.trim()) {
      setError(`请填写${followupStepLabels[step]}情况`);
      return;
    }
    setBusy(true);
    setError('');
    try {
      await call('surveys', 'advanceFollowup', { id: followup.id, rev: followup.rev, step, note: note.trim() });
      setNote('');
      onChanged();
    } catch (failure) {
      setError(failure instanceof CloudError && failure.code === 'CONFLICT' ? '已被其他管家更新，已为您刷新' : messageOf(failure));
      if (failure instanceof CloudError && failure.code === 'CONFLICT') onChanged();
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className={`cm-card cm-followup cm-card--${followup.state === 'closed' ? 'ok' : overdue ? 'breached' : 'near'}`}>
      <View className="cm-card__head">
        <Text className="cm-card__title">{followup.unit}</Text>
        <Text className={`cm-state cm-state--${followup.state === 'closed' ? 'done' : 'waiting'}`}>{followupStateLabels[followup.state]}</Text>
      </View>
      <View className="cm-card__line">
        {followup.quarter} · 不满意：{followup.low.map((l) => `${l.label} ${l.score} 分`).join('、')}
      </View>
      {followup.comment ? <View className="cm-card__line">业主意见：{followup.comment}</View> : null}
      {followup.state !== 'closed' ? <View className={`cm-card__due due--${overdue ? 'breached' : 'ok'}`}>{timeLeft(followup.dueAt)}</View> : null}
      {followup.steps.map((s, i) => (
        <View key={i} className="muted">
          {fullTime(s.at)} {s.byName ?? ''} {followupStepLabels[s.step]}：{s.note}
        </View>
      ))}
      {step ? (
        <>
          <TextArea className="cm-followup-note" value={note} onChange={setNote} placeholder={`${followupStepLabels[step]}情况`} maxLength={500} />
          {error ? <View className="field-error">{error}</View> : null}
          <View className="cm-actions">
            <Button className="cm-followup-advance" type="primary" disabled={busy} onClick={() => void advance()}>
              记录{followupStepLabels[step]}
            </Button>
          </View>
        </>
      ) : null}
    </View>
  );
}

function Followups({ me }: { me: Me }) {
  const communityId = staffCommunity(me, 'steward');
  const [state, setState] = useState<'open' | 'all'>('open');
  const remote = useRemote(() => (communityId ? call('surveys', 'followups', { communityId, state }) : Promise.resolve({ followups: [] })), [state, communityId]);
  if (!communityId) return <EmptyState title="仅管家可查看" />;
  const items = remote.data?.followups ?? [];
  return (
    <View className="page cm-followups">
      <View className="cm-tabs">
        <Text className={`filter ${state === 'open' ? 'filter--on' : ''}`} onClick={() => setState('open')}>
          待跟进
        </Text>
        <Text className={`filter ${state === 'all' ? 'filter--on' : ''}`} onClick={() => setState('all')}>
          全部
        </Text>
      </View>
      {remote.status === 'loading' && !remote.data ? <LoadingState /> : null}
      {remote.status === 'error' && !remote.data ? <ErrorState message={remote.error} onRetry={() => void remote.reload()} /> : null}
      {remote.status === 'ready' && items.length === 0 ? <EmptyState glyph="✓" title="没有待跟进的不满意答卷" description="业主任一项评分 2 分及以下时，会在这里生成跟进" /> : null}
      {items.map((f) => (
        <Card key={`${f.id}:${f.rev}`} followup={f} onChanged={() => void remote.reload()} />
      ))}
      <View className="actions">
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function FollowupsPage() {
  return <SessionGate>{(me) => <Followups me={me} />}</SessionGate>;
}
