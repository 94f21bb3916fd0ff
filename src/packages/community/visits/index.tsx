// 业户访问记录: an area steward records a household visit; the year's coverage by building shows
// which homes are still to be visited (every household once a year).
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Input from '@nutui/nutui-react-taro/dist/es/packages/input/index';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import TextArea from '@nutui/nutui-react-taro/dist/es/packages/textarea/index';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import type { Me } from '../../../../types/account';
import { EmptyState, ErrorState, LoadingState } from '../../../components/PageState';
import SessionGate from '../../../components/SessionGate';
import { call, messageOf } from '../../../services/cloud';
import { useRemote } from '../../../hooks/useRemote';
import { goBack } from '../../../utils/nav';
import { Row, percentText, shanghaiDay, staffCommunity } from '../shared/parts';
import '../shared/community.scss';

function Visits({ me }: { me: Me }) {
  const communityId = staffCommunity(me, 'steward');
  const today = shanghaiDay();
  const year = Number(today.slice(0, 4));
  const coverage = useRemote(() => (communityId ? call('surveys', 'visitCoverage', { communityId, year }) : Promise.resolve(null)), [communityId, year]);
  const [f, setF] = useState({ unit: '', date: today, notes: '', issues: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  if (!communityId) return <EmptyState title="仅管家可登记" />;

  const save = async () => {
    setBusy(true);
    setError('');
    try {
      await call('surveys', 'recordVisit', { communityId, unit: f.unit.trim(), date: f.date.trim(), notes: f.notes, issues: f.issues });
      setF({ unit: '', date: today, notes: '', issues: '' });
      void Taro.showToast({ title: '已登记', icon: 'success' });
      await coverage.reload();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  const c = coverage.data;
  return (
    <View className="page cm-visits">
      <View className="form-block">
        <View className="form-block__title">房号</View>
        <Input className="cm-field cm-visit-unit" value={f.unit} onChange={(v) => setF({ ...f, unit: v })} placeholder="栋-单元-房号，如 3-2-1502" maxLength={20} />
        <View className="form-block__title">访问日期</View>
        <Input className="cm-field cm-visit-date" value={f.date} onChange={(v) => setF({ ...f, date: v })} placeholder="2026-12-03" maxLength={10} />
        <View className="form-block__title">访问情况</View>
        <TextArea className="cm-visit-notes" value={f.notes} onChange={(v) => setF({ ...f, notes: v })} placeholder="交谈内容、业主意见" maxLength={500} />
        <View className="form-block__title">需跟进的问题（可选）</View>
        <TextArea className="cm-visit-issues" value={f.issues} onChange={(v) => setF({ ...f, issues: v })} placeholder="如报修、投诉线索" maxLength={500} />
      </View>
      {error ? <View className="field-error">{error}</View> : null}
      <View className="actions">
        <Button id="cm-visit-save" type="primary" block loading={busy} disabled={busy} onClick={() => void save()}>
          登记访问
        </Button>
      </View>
      <View className="section-title">{year} 年访问覆盖率（每户每年至少一次）</View>
      {!c && coverage.status === 'loading' ? <LoadingState /> : null}
      {coverage.status === 'error' && !c ? <ErrorState message={coverage.error} onRetry={() => void coverage.reload()} /> : null}
      {c ? (
        <View className="card cm-coverage">
          <Row label={`全小区（${c.visited}/${c.households} 户）`} value={percentText(c.percent)} low={c.percent !== null && c.percent < 100} />
          {c.byBuilding.map((b) => (
            <Row key={b.building} label={`${b.building} 栋（${b.visited}/${b.households} 户）`} value={percentText(b.percent)} low={b.percent !== null && b.percent < 100} />
          ))}
        </View>
      ) : null}
      <View className="actions">
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function VisitsPage() {
  return <SessionGate>{(me) => <Visits me={me} />}</SessionGate>;
}
