// 区域巡查 (SPEC §13): the area steward's day — today's rounds against the rule and what is left,
// the scan (the camera in WeChat; a typed code wherever there is none), problems found and what
// becomes of them, vacant units due this month, and the day's log to submit.
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Input from '@nutui/nutui-react-taro/dist/es/packages/input/index';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import TextArea from '@nutui/nutui-react-taro/dist/es/packages/textarea/index';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import type { Me } from '../../../../types/account';
import type { PatrolProblem } from '../../../../types/patrol';
import { EmptyState, ErrorState, LoadingState } from '../../../components/PageState';
import SessionGate from '../../../components/SessionGate';
import { call, messageOf, newRequestId } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import { shortTime } from '../../../utils/time';
import { logStateLabels, problemStateLabels } from '../shared/labels';
import { useLoad } from '../shared/useLoad';
import '../shared/patrol.scss';

function Problem({ p, onChanged }: { p: PatrolProblem; onChanged: () => Promise<void> }) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const act = async (what: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await what();
      void Taro.showToast({ title: done, icon: 'success' });
      await onChanged();
    } catch (failure) {
      void Taro.showToast({ title: messageOf(failure), icon: 'none' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="patrol-card patrol-problem" id={`patrol-problem-${p.no}`}>
      <View className="patrol-card__title">
        {p.no} · {problemStateLabels[p.state]}
      </View>
      <View>
        {p.unit}：{p.text}
      </View>
      <View className="patrol-muted">
        {p.foundByName} {shortTime(p.foundAt)} 发现{p.ticketNo ? ` · 工单 ${p.ticketNo}` : ''}
      </View>
      <Input className="patrol-input" value={note} onChange={setNote} placeholder="处理说明（已处理时必填）" maxLength={300} />
      <View className="patrol-actions">
        <Button size="small" type="primary" disabled={busy} onClick={() => void act(() => call('patrol', 'handleProblem', { id: p.id, rev: p.rev, note: note.trim() }), '已处理')}>
          已处理
        </Button>
        {p.state === 'open' ? (
          <Button size="small" disabled={busy} onClick={() => void act(() => call('patrol', 'reportProblem', { id: p.id, rev: p.rev, note: note.trim() || undefined }), '已上报')}>
            上报值班管家
          </Button>
        ) : null}
        {p.state !== 'ticketed' ? (
          <Button size="small" className="patrol-ticket" disabled={busy} onClick={() => void act(() => call('patrol', 'ticketProblem', { id: p.id, rev: p.rev }), '已转为工单')}>
            转为工单
          </Button>
        ) : null}
      </View>
    </View>
  );
}

function Area({ me }: { me: Me }) {
  const today = useLoad(() => call('patrol', 'today', {}));
  const vacant = useLoad(() => call('patrol', 'vacantUnits', {}));
  const dayOf = () => today.data?.today.day ?? '';
  const log = useLoad(async () => {
    const t = await call('patrol', 'today', {});
    return call('patrol', 'log', { day: t.today.day });
  });
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState('');
  const [notes, setNotes] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');

  if (!me.staff.some((post) => ['steward', 'lead', 'manager'].includes(post.role))) {
    return <EmptyState title="仅管家可用" description="巡查由区域管家进行" />;
  }
  if (today.loading && !today.data) return <LoadingState />;
  if (today.error) return <ErrorState message={today.error} onRetry={() => void today.reload()} />;
  const t = today.data?.today;
  if (!t) return null;

  const checkIn = async (text: string) => {
    if (!text.trim()) {
      setMessage('请扫码或输入巡查点编码');
      return;
    }
    setBusy(true);
    setMessage('');
    try {
      const done = await call(
        'patrol',
        'checkIn',
        { code: text.trim(), checklist: [], photos: [], ...(problem.trim() ? { problem: { text: problem.trim(), photos: [] } } : {}) },
        { requestId: newRequestId() },
      );
      setMessage(`已签到：${done.checkIn.pointName} ${shortTime(done.checkIn.at)}${done.checkIn.problemId ? '，已记录问题' : ''}`);
      setCode('');
      setProblem('');
      await Promise.all([today.reload(), log.reload()]);
    } catch (failure) {
      setMessage(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  const scan = async () => {
    try {
      const result = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      await checkIn(result.result);
    } catch {
      // the steward closed the camera
    }
  };

  const submitLog = async () => {
    setBusy(true);
    try {
      await call('patrol', 'submitLog', { day: dayOf(), notes: notes.trim() });
      void Taro.showToast({ title: '日志已提交', icon: 'success' });
      await log.reload();
    } catch (failure) {
      void Taro.showToast({ title: messageOf(failure), icon: 'none' });
    } finally {
      setBusy(false);
    }
  };

  const l = log.data?.log;
  return (
    <View className="page patrol-area">
      <View className="patrol-card">
        <View className="patrol-card__title">今日巡查 {t.day}</View>
        <View className="patrol-muted">
          规则：每栋每天 {t.rule.roundsPerDay} 次，责任区域 {t.rule.wholeAreaDays} 天一遍，空置房每月 {t.rule.vacantPerMonth} 次
        </View>
        <View id="patrol-rounds-left">还差 {t.roundsLeft} 轮</View>
        {t.buildings.map((b) => (
          <View key={b.building} className={`patrol-row ${b.rounds < b.required ? 'patrol-row--late' : ''}`}>
            <Text>{b.building} 栋</Text>
            <Text>
              {b.rounds}/{b.required} 轮 · {b.points.length} 个点
            </Text>
          </View>
        ))}
        {t.buildings.length === 0 ? <View className="patrol-muted">未分配责任楼栋</View> : null}
      </View>

      <View className="patrol-card">
        <View className="patrol-card__title">巡查签到</View>
        <Input className="patrol-input patrol-code" value={code} onChange={setCode} placeholder="扫码，或输入巡查点下方的编码" maxLength={40} />
        <TextArea className="patrol-problem-text" value={problem} onChange={setProblem} placeholder="发现问题？在这里描述（可不填）" maxLength={300} />
        <View className="patrol-actions">
          {process.env.TARO_ENV === 'weapp' ? (
            <Button type="primary" disabled={busy} onClick={() => void scan()}>
              扫码签到
            </Button>
          ) : null}
          <Button id="patrol-checkin" type={process.env.TARO_ENV === 'weapp' ? 'default' : 'primary'} disabled={busy} onClick={() => void checkIn(code)}>
            签到
          </Button>
        </View>
        {message ? <View className="patrol-muted patrol-message">{message}</View> : null}
      </View>

      <View className="patrol-card">
        <View className="patrol-card__title">待处理问题（{t.openProblems.length}）</View>
        {t.openProblems.length === 0 ? <View className="patrol-muted">没有待处理的问题</View> : null}
      </View>
      {t.openProblems.map((p) => (
        <Problem key={`${p.id}-${p.rev}`} p={p} onChanged={async () => void (await Promise.all([today.reload(), log.reload()]))} />
      ))}

      <View className="patrol-card">
        <View className="patrol-card__title">空置房（本月待查 {t.vacantDue}）</View>
        {vacant.data?.units.map((u) => (
          <View key={u.unit} className="patrol-row">
            <Text>{u.unit}</Text>
            {u.checkedAt ? (
              <Text className={u.exception ? 'patrol-bad' : 'patrol-ok'}>
                {u.exception ? '有异常' : '正常'} · {shortTime(u.checkedAt)}
              </Text>
            ) : (
              <Button
                size="small"
                onClick={() =>
                  void call('patrol', 'checkVacant', { unit: u.unit, clean: true, damaged: false, damp: false, aired: true }, { requestId: newRequestId() }).then(
                    () => vacant.reload(),
                    (failure: unknown) => Taro.showToast({ title: messageOf(failure), icon: 'none' }),
                  )
                }
              >
                记录：正常已通风
              </Button>
            )}
          </View>
        ))}
      </View>

      <View className="patrol-card patrol-log">
        <View className="patrol-card__title">我的管家日志 · {l ? logStateLabels[l.state] : ''}</View>
        {l ? (
          <View>
            <View className="patrol-muted">维修跟进 {l.sections.tickets.length} 项</View>
            {l.sections.tickets.map((r) => (
              <View key={r.ticketId} className="patrol-row">
                <Text>
                  {shortTime(r.at)} {r.unit} {r.name ?? ''}
                </Text>
                <Text>
                  {r.progress} · {r.result}
                </Text>
              </View>
            ))}
            <View className="patrol-muted">
              装修巡检：{l.sections.decoration === null || l.sections.decoration.length === 0 ? '无' : l.sections.decoration.map((d) => `${d.unit}（${d.exceptions}）`).join('、')}
            </View>
            <View className="patrol-muted">巡楼 {l.sections.rounds.length} 次</View>
            {l.sections.rounds.map((r) => (
              <View key={r.at} className="patrol-row">
                <Text>
                  {shortTime(r.at)} {r.building}栋
                </Text>
                <Text>{r.exceptions}</Text>
              </View>
            ))}
            <View className="patrol-muted">空置房 {l.sections.vacant.length} 户</View>
            {l.state === 'draft' ? (
              <View>
                <TextArea className="patrol-log-notes" value={notes} onChange={setNotes} placeholder="其他需要说明的情况" maxLength={2000} />
                <Button id="patrol-log-submit" type="primary" block disabled={busy} onClick={() => void submitLog()}>
                  提交今日日志
                </Button>
              </View>
            ) : (
              <View className="patrol-muted">
                {l.notes}
                {l.review ? ` · 班长批注：${l.review.comment}` : ''}
              </View>
            )}
          </View>
        ) : (
          <LoadingState />
        )}
      </View>
      <View className="actions">
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function PatrolAreaPage() {
  return <SessionGate>{(me) => <Area me={me} />}</SessionGate>;
}
