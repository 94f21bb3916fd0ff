// 满意度结果: the quarter's survey by area and by building against the 90 % target, the answer rate
// and the follow-ups; the lead opens or closes the quarter's survey here.
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import type { Me } from '../../../../types/account';
import { SATISFACTION_TARGET_PERCENT } from '../../../../types/surveys';
import { EmptyState, ErrorState, LoadingState } from '../../../components/PageState';
import SessionGate from '../../../components/SessionGate';
import { call, CloudError, messageOf } from '../../../services/cloud';
import { useRemote } from '../../../hooks/useRemote';
import { goBack } from '../../../utils/nav';
import { Row, percentText, quarterOf, staffCommunity } from '../shared/parts';
import '../shared/community.scss';

/** The quarter before `q` (2026-Q1 → 2025-Q4). */
function previous(q: string): string {
  const year = Number(q.slice(0, 4));
  const n = Number(q.slice(6));
  return n === 1 ? `${year - 1}-Q4` : `${year}-Q${n - 1}`;
}

function Results({ me }: { me: Me }) {
  const communityId = staffCommunity(me, 'steward');
  const lead = staffCommunity(me, 'lead') === communityId;
  const [quarter, setQuarter] = useState(quarterOf());
  const id = `${communityId ?? ''}:${quarter}`;
  const remote = useRemote(
    () =>
      call('surveys', 'results', { id }).catch((error: unknown) => {
        if (error instanceof CloudError && error.code === 'NOT_FOUND') return null;
        throw error;
      }),
    [id],
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  if (!communityId) return <EmptyState title="仅管家可查看" />;

  const act = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError('');
    try {
      await work();
      await remote.reload();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  const r = remote.data;
  const target = SATISFACTION_TARGET_PERCENT;
  return (
    <View className="page cm-results">
      <View className="cm-tabs">
        {[quarterOf(), previous(quarterOf()), previous(previous(quarterOf()))].map((q) => (
          <Text key={q} className={`filter ${q === quarter ? 'filter--on' : ''}`} onClick={() => setQuarter(q)}>
            {q.replace('-Q', ' 第')}季度
          </Text>
        ))}
      </View>
      {remote.status === 'loading' && r === null && !remote.error ? <LoadingState /> : null}
      {remote.status === 'error' ? <ErrorState message={remote.error} onRetry={() => void remote.reload()} /> : null}
      {remote.status === 'ready' && r === null ? (
        <EmptyState title="本季度尚未发起问卷" description="发起后，已入住的业主可在首页填写意见征询表">
          {lead && quarter === quarterOf() ? (
            <Button id="cm-survey-open" type="primary" disabled={busy} onClick={() => void act(() => call('surveys', 'open', { communityId, quarter }))}>
              发起本季度问卷
            </Button>
          ) : null}
        </EmptyState>
      ) : null}
      {r ? (
        <>
          <View className="card cm-results-total">
            <View className="cm-card__head">
              <Text className="cm-card__title">综合满意度</Text>
              <Text className={`cm-state cm-state--${r.met === null ? 'stopped' : r.met ? 'done' : 'waiting'}`}>{r.met === null ? '暂无答卷' : r.met ? '达标' : '未达标'}</Text>
            </View>
            <View className="cm-big">{percentText(r.percent)}</View>
            <View className="muted">
              目标 ≥ {target} %（平均 4.5 分）· 回收 {r.answered}/{r.households} 户 · {r.survey.state === 'open' ? '进行中' : '已结束'}
            </View>
            <Row label="不满意跟进" value={`${r.followups.closed}/${r.followups.opened} 已关闭`} low={r.followups.closed < r.followups.opened} />
          </View>
          <View className="section-title">按服务项目</View>
          <View className="card">
            {r.byArea.map((a) => (
              <Row
                key={a.key}
                label={`${a.label}（${a.answers} 份）`}
                value={a.average === null ? '—' : `${a.average.toFixed(2)} 分 · ${percentText(a.percent)}`}
                low={a.percent !== null && a.percent < target}
              />
            ))}
          </View>
          <View className="section-title">按楼栋</View>
          <View className="card">
            {r.byBuilding.length === 0 ? <View className="muted">暂无</View> : null}
            {r.byBuilding.map((b) => (
              <Row key={b.building} label={`${b.building} 栋（${b.answered}/${b.households} 户）`} value={percentText(b.percent)} low={b.percent !== null && b.percent < target} />
            ))}
          </View>
          {lead && r.survey.state === 'open' ? (
            <View className="actions">
              <Button disabled={busy} onClick={() => void act(() => call('surveys', 'close', { id: r.survey.id }))}>
                结束本季度问卷
              </Button>
            </View>
          ) : null}
        </>
      ) : null}
      {error ? <View className="field-error">{error}</View> : null}
      <View className="actions">
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function ResultsPage() {
  return <SessionGate>{(me) => <Results me={me} />}</SessionGate>;
}
