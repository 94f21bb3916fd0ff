// 巡查与日志管理 (SPEC §13): the lead's view — completion by building and steward this month, the
// steward logs to review, the handovers, and the patrol points with a printable sheet of their
// QR codes.
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Input from '@nutui/nutui-react-taro/dist/es/packages/input/index';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import type { Me } from '../../../../types/account';
import type { StewardLog } from '../../../../types/patrol';
import { EmptyState, ErrorState, LoadingState } from '../../../components/PageState';
import SessionGate from '../../../components/SessionGate';
import { call, messageOf } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import { shanghaiParts, shortTime } from '../../../utils/time';
import QrCode from '../../pass/shared/QrCode';
import { handoverStateLabels, logStateLabels, percent } from '../shared/labels';
import { useLoad } from '../shared/useLoad';
import '../shared/patrol.scss';

const pad = (n: number) => String(n).padStart(2, '0');

function LogCard({ log, onDone }: { log: StewardLog; onDone: () => Promise<void> }) {
  const [comment, setComment] = useState('');
  const review = async () => {
    try {
      await call('patrol', 'reviewLog', { id: log.id, rev: log.rev, comment: comment.trim() });
      void Taro.showToast({ title: '已审阅', icon: 'success' });
      await onDone();
    } catch (failure) {
      void Taro.showToast({ title: messageOf(failure), icon: 'none' });
    }
  };
  return (
    <View className="patrol-card patrol-review" id={`patrol-log-${log.steward}-${log.day}`}>
      <View className="patrol-card__title">
        {log.stewardName} · {log.day} · {logStateLabels[log.state]}
      </View>
      <View className="patrol-muted">
        维修跟进 {log.sections.tickets.length} · 装修巡检 {log.sections.decoration === null ? '无' : log.sections.decoration.length} · 巡楼 {log.sections.rounds.length} · 空置房{' '}
        {log.sections.vacant.length}
      </View>
      {log.sections.rounds.map((r) => (
        <View key={r.at} className="patrol-row">
          <Text>
            {shortTime(r.at)} {r.building}栋 {r.points}
          </Text>
          <Text>{r.exceptions}</Text>
        </View>
      ))}
      {log.notes ? <View>备注：{log.notes}</View> : null}
      {log.state === 'submitted' ? (
        <View className="patrol-actions">
          <Input className="patrol-input" value={comment} onChange={setComment} placeholder="批注" maxLength={500} />
          <Button size="small" type="primary" disabled={!comment.trim()} onClick={() => void review()}>
            审阅
          </Button>
        </View>
      ) : (
        <View className="patrol-muted">批注：{log.review?.comment}</View>
      )}
    </View>
  );
}

function Lead({ me }: { me: Me }) {
  const now = shanghaiParts(Date.now());
  const from = `${now.year}-${pad(now.month)}-01`;
  const to = `${now.year}-${pad(now.month)}-${pad(now.day)}`;
  const cover = useLoad(() => call('patrol', 'coverage', { from, to }));
  const logs = useLoad(() => call('patrol', 'logs', { state: 'all' }));
  const handovers = useLoad(() => call('patrol', 'handovers', {}));
  const points = useLoad(() => call('patrol', 'points', {}));
  const [building, setBuilding] = useState('');
  const [name, setName] = useState('');
  const [sheet, setSheet] = useState(false);

  if (!me.staff.some((post) => ['lead', 'manager'].includes(post.role))) return <EmptyState title="仅班长可用" />;
  if (cover.loading && !cover.data) return <LoadingState />;
  if (cover.error) return <ErrorState message={cover.error} onRetry={() => void cover.reload()} />;

  const addPoint = async () => {
    try {
      await call('patrol', 'createPoint', { building: building.trim(), name: name.trim(), kind: 'other' });
      setName('');
      await points.reload();
    } catch (failure) {
      void Taro.showToast({ title: messageOf(failure), icon: 'none' });
    }
  };

  if (sheet) {
    return (
      <View className="page patrol-sheet-page">
        <View className="patrol-actions">
          <Button onClick={() => setSheet(false)}>返回</Button>
          {process.env.TARO_ENV === 'h5' ? <Button onClick={() => window.print()}>打印</Button> : null}
        </View>
        <View className="patrol-sheet">
          {points.data?.points.map((p) => (
            <View key={p.id} className="patrol-sheet__cell">
              {p.code ? <QrCode text={p.code} size={260} /> : null}
              <View>
                {p.building}栋 · {p.name}
              </View>
              <View className="patrol-muted">{p.code}</View>
            </View>
          ))}
        </View>
      </View>
    );
  }

  return (
    <View className="page patrol-lead">
      <View className="patrol-card" id="patrol-coverage">
        <View className="patrol-card__title">
          巡查完成率 {from} 至 {to}
        </View>
        {cover.data?.rows.map((r) => (
          <View key={`${r.steward}-${r.building}`} className={`patrol-row ${r.completion !== null && r.completion < 1 ? 'patrol-row--late' : ''}`}>
            <Text>
              {r.building}栋 · {r.stewardName}
            </Text>
            <Text>
              {r.done}/{r.required} · {percent(r.completion)}
              {r.skewed ? ` · 离线补传 ${r.skewed}` : ''}
            </Text>
          </View>
        ))}
        {cover.data?.areas.map((a) => (
          <View key={a.steward} className="patrol-muted">
            {a.stewardName}：责任区域全覆盖 {a.covered}/{a.windows} 个周期
          </View>
        ))}
      </View>
      <View className="patrol-card">
        <View className="patrol-card__title">管家日志</View>
        {logs.data?.logs.length === 0 ? <View className="patrol-muted">暂无提交的日志</View> : null}
      </View>
      {logs.data?.logs.map((l) => (
        <LogCard key={`${l.id}-${l.rev}`} log={l} onDone={logs.reload} />
      ))}
      <View className="patrol-card">
        <View className="patrol-card__title">交接班</View>
        {handovers.data?.handovers.map((h) => (
          <View key={h.id} className={`patrol-row ${h.onTime === false ? 'patrol-row--late' : ''}`}>
            <Text>{shortTime(h.at)}</Text>
            <Text>
              {handoverStateLabels[h.state]} {h.outgoingName ? `${h.outgoingName}→${h.incomingName}` : ''}
            </Text>
          </View>
        ))}
      </View>
      <View className="patrol-card">
        <View className="patrol-card__title">巡查点（{points.data?.points.length ?? 0}）</View>
        {points.data?.points.map((p) => (
          <View key={p.id} className="patrol-row">
            <Text>
              {p.building}栋 · {p.name}
            </Text>
            <Text className="patrol-muted">{p.code}</Text>
          </View>
        ))}
        <Input className="patrol-input" value={building} onChange={setBuilding} placeholder="楼栋，如 1" maxLength={8} />
        <Input className="patrol-input" value={name} onChange={setName} placeholder="巡查点名称，如 1栋大堂" maxLength={30} />
        <View className="patrol-actions">
          <Button size="small" disabled={!building.trim() || !name.trim()} onClick={() => void addPoint()}>
            新增巡查点
          </Button>
          <Button size="small" type="primary" onClick={() => setSheet(true)}>
            打印二维码
          </Button>
        </View>
      </View>
      <View className="actions">
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function PatrolLeadPage() {
  return <SessionGate>{(me) => <Lead me={me} />}</SessionGate>;
}
