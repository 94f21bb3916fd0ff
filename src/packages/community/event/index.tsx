// An event: owners sign up or cancel (a place while any is left, else the waiting list with their
// position) and show their check-in code at the event. Stewards open sign-up, see who signed up,
// check people in by their code, and record the event afterwards; the lead may cancel it.
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
import type { CommunityEvent } from '../../../../types/events';
import { ErrorState, LoadingState } from '../../../components/PageState';
import SessionGate from '../../../components/SessionGate';
import { call, messageOf } from '../../../services/cloud';
import { useRemote } from '../../../hooks/useRemote';
import { goBack } from '../../../utils/nav';
import { fullTime, windowText } from '../../../utils/time';
import QrCode from '../../pass/shared/QrCode';
import { Row, StateTag, signupStateLabels, staffCommunity } from '../shared/parts';
import '../shared/community.scss';

function StaffPart({ event, onChanged }: { event: CommunityEvent; onChanged: (e: CommunityEvent) => void }) {
  const signups = useRemote(() => call('events', 'signups', { id: event.id }), [event]);
  const [code, setCode] = useState('');
  const [rec, setRec] = useState({ attended: '', notes: '', summary: '' });
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const act = async (work: () => Promise<{ event: CommunityEvent }>, done: string) => {
    setBusy(true);
    setError('');
    try {
      onChanged((await work()).event);
      void Taro.showToast({ title: done, icon: 'success' });
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  const checkIn = (text: string) => act(() => call('events', 'checkIn', { code: text.trim() }), '签到成功');
  const scan = async () => {
    try {
      const result = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      await checkIn(result.result);
    } catch {
      // the camera was closed
    }
  };

  return (
    <>
      {event.state === 'open' || event.state === 'planned' ? (
        <View className="form-block">
          <View className="form-block__title">活动签到</View>
          <Input className="cm-field cm-checkin-code" value={code} onChange={setCode} placeholder="扫描业主的签到码，或输入签到码" maxLength={64} />
          <View className="cm-actions">
            {process.env.TARO_ENV === 'weapp' ? (
              <Button disabled={busy} onClick={() => void scan()}>
                扫码签到
              </Button>
            ) : null}
            <Button id="cm-checkin" type="primary" disabled={busy || !code.trim()} onClick={() => void checkIn(code).then(() => setCode(''))}>
              确认签到
            </Button>
          </View>
        </View>
      ) : null}
      <View className="card cm-signups">
        <View className="cm-card__title">报名名单</View>
        {signups.status === 'error' && !signups.data ? <View className="muted">{signups.error}</View> : null}
        {!signups.data && signups.status === 'loading' ? <View className="muted">加载中…</View> : null}
        {signups.data && signups.data.signups.length === 0 ? <View className="muted">还没有人报名</View> : null}
        {signups.data?.signups.map((s, i) => (
          <Row
            key={i}
            label={`${s.unit} ${s.name ?? ''}`}
            value={`${signupStateLabels[s.state]}${s.state === 'waiting' && s.position ? ` 第 ${s.position} 位` : ''}${s.checkedIn ? ' · 已签到' : ''}`}
          />
        ))}
      </View>
      {event.allowed.includes('record') ? (
        <View className="form-block">
          <View className="form-block__title">活动记录（社区文化活动记录表）</View>
          <Input
            className="cm-field cm-record-attended"
            value={rec.attended}
            onChange={(v) => setRec({ ...rec, attended: v })}
            placeholder="实际参加人数"
            type="number"
            maxLength={4}
          />
          <TextArea className="cm-record-notes" value={rec.notes} onChange={(v) => setRec({ ...rec, notes: v })} placeholder="活动过程记录" maxLength={2000} />
          <TextArea className="cm-record-summary" value={rec.summary} onChange={(v) => setRec({ ...rec, summary: v })} placeholder="活动总结" maxLength={2000} />
          <View className="cm-actions">
            <Button
              id="cm-record"
              type="primary"
              disabled={busy}
              onClick={() => void act(() => call('events', 'record', { id: event.id, attended: Number(rec.attended) || 0, notes: rec.notes, summary: rec.summary }), '已记录')}
            >
              保存活动记录
            </Button>
          </View>
        </View>
      ) : null}
      {event.allowed.includes('cancel') ? (
        <View className="form-block">
          <View className="form-block__title">取消活动</View>
          <TextArea className="cm-cancel-reason" value={reason} onChange={setReason} placeholder="取消原因（已报名的业主会收到通知）" maxLength={200} />
          <View className="cm-actions">
            <Button disabled={busy || !reason.trim()} onClick={() => void act(() => call('events', 'cancel', { id: event.id, reason }), '已取消')}>
              取消活动
            </Button>
          </View>
        </View>
      ) : null}
      {event.allowed.includes('open') ? (
        <View className="cm-actions">
          <Button id="cm-event-open" type="primary" disabled={busy} onClick={() => void act(() => call('events', 'open', { id: event.id }), '已开放报名')}>
            开放报名
          </Button>
        </View>
      ) : null}
      {error ? <View className="field-error">{error}</View> : null}
    </>
  );
}

function OwnerPart({ event, onChanged }: { event: CommunityEvent; onChanged: (e: CommunityEvent) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const mine = event.mine && event.mine.state !== 'cancelled' ? event.mine : null;
  const open = event.state === 'open' && Date.parse(event.signUpBy) > Date.now();

  const act = async (action: 'signUp' | 'cancelSignUp') => {
    setBusy(true);
    setError('');
    try {
      const { event: next } = await call('events', action, { id: event.id });
      onChanged(next);
      const m = next.mine;
      void Taro.showToast({ title: action === 'cancelSignUp' ? '已取消报名' : m?.state === 'waiting' ? `已候补第 ${m.position ?? ''} 位` : '报名成功', icon: 'none' });
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {mine ? (
        <View className="card cm-mine">
          <View className="cm-card__head">
            <Text className="cm-card__title">我的报名</Text>
            <Text className={`cm-state cm-state--${mine.state === 'signed' ? 'done' : 'waiting'}`}>{signupStateLabels[mine.state]}</Text>
          </View>
          {mine.state === 'waiting' ? <View className="cm-card__line cm-mine-position">候补第 {mine.position} 位，有人取消时按顺序递补并通知您</View> : null}
          {mine.checkedIn ? <View className="cm-card__line">已签到，欢迎参加</View> : null}
          {mine.code && !mine.checkedIn ? (
            <View className="cm-code">
              <QrCode text={mine.code} size={360} />
              <View className="muted">活动当天请向工作人员出示签到码：{mine.code}</View>
            </View>
          ) : null}
        </View>
      ) : null}
      {error ? <View className="field-error">{error}</View> : null}
      <View className="actions">
        {mine ? (
          <Button id="cm-event-cancel-signup" block disabled={busy || event.state !== 'open'} onClick={() => void act('cancelSignUp')}>
            取消报名
          </Button>
        ) : open ? (
          <Button id="cm-event-signup" type="primary" block disabled={busy} onClick={() => void act('signUp')}>
            {event.signed >= event.capacity ? '名额已满，加入候补' : '我要报名'}
          </Button>
        ) : (
          <View className="muted" style={{ textAlign: 'center' }}>
            {event.state === 'open' ? '报名已截止' : '当前不可报名'}
          </View>
        )}
      </View>
    </>
  );
}

function Detail({ me }: { me: Me }) {
  const id = Taro.getCurrentInstance().router?.params.id ?? '';
  const remote = useRemote(() => call('events', 'get', { id }), [id]);
  const [event, setEvent] = useState<CommunityEvent | null>(null);
  const shown = event ?? remote.data?.event ?? null;
  if (!shown) return remote.status === 'error' ? <ErrorState message={remote.error} onRetry={() => void remote.reload()} /> : <LoadingState />;
  const staff = staffCommunity(me, 'steward') !== null && me.staff.some((p) => p.communityId === shown.communityId);

  return (
    <View className="page cm-event">
      <View className="card">
        <View className="cm-card__head">
          <Text className="cm-card__title cm-event-title">{shown.title}</Text>
          <StateTag kind="event" state={shown.state} />
        </View>
        <Row label="时间" value={windowText(shown.startsAt, shown.endsAt)} />
        <Row label="地点" value={shown.place} />
        <Row label="报名截止" value={fullTime(shown.signUpBy)} />
        <Row label="名额" value={`${shown.capacity} 人，已报名 ${shown.signed}${shown.waiting ? `，候补 ${shown.waiting}` : ''}`} />
        {shown.description ? <View className="cm-card__line">{shown.description}</View> : null}
        {shown.cancelReason ? <Row label="取消原因" value={shown.cancelReason} low /> : null}
      </View>
      {shown.record ? (
        <View className="card cm-record">
          <View className="cm-card__title">活动记录</View>
          <Row label="参加人数" value={`${shown.record.attended} 人（签到 ${shown.record.checkedIn}）`} />
          <View className="cm-card__line">{shown.record.notes}</View>
          <View className="cm-card__line">总结：{shown.record.summary}</View>
          <View className="muted">
            {shown.record.byName ?? ''} 记录于 {fullTime(shown.record.at)}
          </View>
        </View>
      ) : null}
      {staff ? <StaffPart event={shown} onChanged={setEvent} /> : <OwnerPart event={shown} onChanged={setEvent} />}
      <View className="actions">
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function EventPage() {
  return <SessionGate>{(me) => <Detail me={me} />}</SessionGate>;
}
