// 值班记录与交接班 (SPEC §13; 客服部交接班管理制度): the shift's duty log, what stays open, the outgoing
// steward's submission with the checklist √/× and notes, and the incoming steward's acceptance or
// dispute from their own account.
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Input from '@nutui/nutui-react-taro/dist/es/packages/input/index';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import type { Me } from '../../../../types/account';
import { EmptyState, ErrorState, LoadingState } from '../../../components/PageState';
import SessionGate from '../../../components/SessionGate';
import { call, messageOf } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import { fullTime, shortTime } from '../../../utils/time';
import { handoverStateLabels } from '../shared/labels';
import { useLoad } from '../shared/useLoad';
import '../shared/patrol.scss';

/** The checklist of the handover record (交接班检查记录: √ normal, × not). */
const CHECKS = ['工作台整洁', '钥匙齐全', '对讲机/电话正常', '监控与设备运行正常', '遗留事项已说明'];

function Duty({ me }: { me: Me }) {
  const shift = useLoad(() => call('patrol', 'shift', {}));
  const [entry, setEntry] = useState('');
  const [notes, setNotes] = useState('');
  const [incoming, setIncoming] = useState('');
  const [checks, setChecks] = useState<Record<string, boolean>>(Object.fromEntries(CHECKS.map((c) => [c, true])));
  const [busy, setBusy] = useState(false);

  if (!me.staff.some((post) => ['steward', 'lead', 'manager'].includes(post.role))) return <EmptyState title="仅管家可用" />;
  if (shift.loading && !shift.data) return <LoadingState />;
  if (shift.error) return <ErrorState message={shift.error} onRetry={() => void shift.reload()} />;
  const data = shift.data;
  if (!data) return null;
  const h = data.handover;

  const act = async (what: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await what();
      void Taro.showToast({ title: done, icon: 'success' });
      await shift.reload();
    } catch (failure) {
      void Taro.showToast({ title: messageOf(failure), icon: 'none' });
    } finally {
      setBusy(false);
    }
  };
  const mine = me.openid === h.incoming;

  return (
    <View className="page patrol-duty">
      <View className="patrol-card">
        <View className="patrol-card__title">
          {fullTime(h.shiftFrom)} — {shortTime(h.at)} 班次
        </View>
        <View id="patrol-handover-state">{handoverStateLabels[h.state]}</View>
        {h.disputeNote ? <View className="patrol-bad">异议：{h.disputeNote}</View> : null}
      </View>
      <View className="patrol-card">
        <View className="patrol-card__title">值班记录</View>
        {h.entries.map((e) => (
          <View key={e.id} className="patrol-row">
            <Text>
              {shortTime(e.at)} {e.authorName}
            </Text>
            <Text>{e.text}</Text>
          </View>
        ))}
        <Input className="patrol-input" value={entry} onChange={setEntry} placeholder="记录本班发生的事" maxLength={500} />
        <Button
          size="small"
          disabled={busy || !entry.trim()}
          onClick={() => void act(() => call('patrol', 'addDutyEntry', { text: entry.trim() }).then(() => setEntry('')), '已记录')}
        >
          添加记录
        </Button>
      </View>
      {h.state === 'open' || h.state === 'disputed' ? (
        <View className="patrol-card">
          <View className="patrol-card__title">交班</View>
          {CHECKS.map((c) => (
            <View key={c} className="patrol-row" onClick={() => setChecks({ ...checks, [c]: !checks[c] })}>
              <Text>{c}</Text>
              <Text className={checks[c] ? 'patrol-ok' : 'patrol-bad'}>{checks[c] ? '√' : '×'}</Text>
            </View>
          ))}
          <View className="patrol-muted">接班人</View>
          <View className="patrol-actions">
            {data.colleagues.map((c) => (
              <Button key={c.openid} size="small" type={incoming === c.openid ? 'primary' : 'default'} onClick={() => setIncoming(c.openid)}>
                {c.name}
              </Button>
            ))}
          </View>
          <Input className="patrol-input" value={notes} onChange={setNotes} placeholder="交班说明" maxLength={1000} />
          <Button
            type="primary"
            block
            disabled={busy || !incoming}
            onClick={() =>
              void act(
                () =>
                  call('patrol', 'submitHandover', {
                    id: h.id,
                    rev: h.rev,
                    incoming,
                    checklist: CHECKS.map((item) => ({ item, ok: checks[item] })),
                    notes: notes.trim() || undefined,
                  }),
                '已提交交班',
              )
            }
          >
            提交交班
          </Button>
        </View>
      ) : null}
      {h.state !== 'open' ? (
        <View className="patrol-card">
          <View className="patrol-card__title">
            交班人 {h.outgoingName} → 接班人 {h.incomingName}
          </View>
          {h.checklist.map((c) => (
            <View key={c.item} className="patrol-row">
              <Text>{c.item}</Text>
              <Text className={c.ok ? 'patrol-ok' : 'patrol-bad'}>{c.ok ? '√' : '×'}</Text>
            </View>
          ))}
          <View className="patrol-muted">遗留事项 {h.openItems.length} 项</View>
          {h.openItems.map((i) => (
            <View key={`${i.kind}-${i.id}`} className="patrol-row">
              <Text>{i.no}</Text>
              <Text>{i.text}</Text>
            </View>
          ))}
          {h.state === 'submitted' && mine ? (
            <View className="patrol-actions">
              <Button type="primary" disabled={busy} onClick={() => void act(() => call('patrol', 'acceptHandover', { id: h.id, rev: h.rev }), '已接班')}>
                确认接班
              </Button>
              <Button
                disabled={busy || !notes.trim()}
                onClick={() => void act(() => call('patrol', 'disputeHandover', { id: h.id, rev: h.rev, note: notes.trim() }), '已提出异议')}
              >
                有异议
              </Button>
              <Input className="patrol-input" value={notes} onChange={setNotes} placeholder="异议说明" maxLength={500} />
            </View>
          ) : null}
          {h.state === 'accepted' ? <View className="patrol-ok">已于 {h.acceptedAt ? fullTime(h.acceptedAt) : ''} 完成交接</View> : null}
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

export default function PatrolDutyPage() {
  return <SessionGate>{(me) => <Duty me={me} />}</SessionGate>;
}
