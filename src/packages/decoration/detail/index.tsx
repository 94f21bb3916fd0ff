// One decoration application for everyone who has a part in it (SPEC §12): the facts, the permit's
// QR for the owner to hand to the contractor, the rectification notices, acceptances and the
// settlement, the timeline, and what the caller may do now (the server's `allowed`): the owner
// signs the agreement, pays, requests acceptance; a steward approves with the deposit, inspects
// with photos, issues and verifies notices, stops and resumes work, records 初验 and 终验, settles.
import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Input from '@nutui/nutui-react-taro/dist/es/packages/input/index';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import TextArea from '@nutui/nutui-react-taro/dist/es/packages/textarea/index';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import { CheckItem, checkItemLabels, type Decoration, inspectByText } from '../../../../types/decoration';
import SessionGate from '../../../components/SessionGate';
import { ErrorState, LoadingState } from '../../../components/PageState';
import { useRemote } from '../../../hooks/useRemote';
import { call, CloudError, messageOf } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import { fullTime, shanghaiIso, shanghaiParts } from '../../../utils/time';
import PhotoPicker from '../../ticket/shared/PhotoPicker';
import QrCode from '../../pass/shared/QrCode';
import { Facts, Notices, Outcome, Timeline, yuan } from '../shared/parts';
import { payDeposit } from '../shared/pay';
import '../shared/decoration.scss';

type Panel = 'approve' | 'reject' | 'inspect' | 'notice' | 'suspend' | 'accept' | 'settle' | null;

/** 18:00 Shanghai `days` days from now, as the notice's deadline. */
function deadlineIn(days: number): string {
  const p = shanghaiParts(Date.now() + days * 86_400_000);
  return shanghaiIso(p.year, p.month, p.day, 18, 0);
}

function Detail({ id }: { id: string }) {
  const remote = useRemote(() => call('decoration', 'get', { id }), [id]);
  const [shown, setShown] = useState<Decoration | null>(null);
  const [busy, setBusy] = useState(false);
  const [panel, setPanel] = useState<Panel>(null);
  const [text, setText] = useState('');
  const [amount, setAmount] = useState('');
  const [photos, setPhotos] = useState<string[]>([]);
  const [photosBusy, setPhotosBusy] = useState(false);
  const [checklist, setChecklist] = useState<Partial<Record<CheckItem, 'ok' | 'issue'>>>({});
  const [days, setDays] = useState(3);
  const [stopWork, setStopWork] = useState(false);
  const d = shown && remote.data && shown.updatedAt >= remote.data.decoration.updatedAt ? shown : (remote.data?.decoration ?? null);

  if (!d && remote.status === 'loading') return <LoadingState />;
  if (!d) return <ErrorState message={remote.error ?? '加载失败'} onRetry={() => void remote.reload()} />;
  const allowed = new Set(d.allowed);

  const run = async (work: () => Promise<{ decoration: Decoration }>, done: string): Promise<void> => {
    setBusy(true);
    try {
      const reply = await work();
      setShown(reply.decoration);
      setPanel(null);
      void Taro.showToast({ title: done, icon: 'success' });
    } catch (error) {
      void Taro.showToast({ title: messageOf(error), icon: 'none', duration: 3000 });
      if (error instanceof CloudError && (error.code === 'CONFLICT' || error.code === 'NOT_FOUND')) {
        setShown(null);
        await remote.reload();
      }
    } finally {
      setBusy(false);
    }
  };

  const open = (next: Panel) => {
    setText('');
    setAmount('');
    setPhotos([]);
    setChecklist({});
    setStopWork(false);
    setPanel(next);
  };
  const lines = () =>
    text
      .split(/\n+/)
      .map((l) => l.trim())
      .filter(Boolean);
  const stage = d.state === 'initial_accepted' ? 'final' : 'initial';

  const pay = async () => {
    setBusy(true);
    try {
      const outcome = await payDeposit(d);
      setShown(outcome.decoration);
      void Taro.showToast({ title: outcome.message, icon: outcome.paid ? 'success' : 'none' });
    } catch (error) {
      void Taro.showToast({ title: messageOf(error), icon: 'none', duration: 3000 });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="page decoration-detail">
      {d.permitCode ? (
        <View className="card decoration-code">
          <View className="decoration-card__title">施工许可证 {d.permit?.no}</View>
          <QrCode text={d.permitCode} />
          <Text className="decoration-code__text" id="decoration-permit-code" userSelect>
            {d.permitCode}
          </Text>
          <View className="muted">
            有效期 {d.permit ? `${fullTime(d.permit.validFrom)} 至 ${fullTime(d.permit.validTo)}` : ''}，每日 {d.permit?.workingHours.from}-{d.permit?.workingHours.to}
            施工。请交给施工负责人，进出小区时向门岗出示。
          </View>
        </View>
      ) : null}
      {d.state === 'approved' && !d.agreementSignedAt ? (
        <View className="decoration-warning">装修申请已批准。请阅读下方装修规定，确认《装饰装修服务协议》{(d.approval?.depositFen ?? 0) > 0 ? '后缴纳装修押金' : ''}。</View>
      ) : null}
      <Facts d={d} />
      <Notices
        d={d}
        onVerify={allowed.has('verifyRectification') ? (no) => void run(() => call('decoration', 'verifyRectification', { id, notice: no }), '已复查通过') : undefined}
      />
      <Outcome d={d} />

      {panel === 'approve' ? (
        <View className="card decoration-form">
          <View className="decoration-form__label">装修押金（元）</View>
          <Input className="decoration-deposit" type="digit" value={amount} onChange={setAmount} placeholder="如 2000" />
          <View className="decoration-form__label">装修规定（业主和施工单位须遵守）</View>
          <TextArea
            className="decoration-rules"
            value={text}
            onChange={setText}
            placeholder="如：施工时间 8:00-18:00；建筑垃圾袋装并按指定地点堆放；不得拆改承重结构"
            maxLength={1000}
          />
          <Button
            id="decoration-approve-confirm"
            type="primary"
            block
            loading={busy}
            disabled={busy || !/^\d+(\.\d{1,2})?$/.test(amount.trim())}
            onClick={() => void run(() => call('decoration', 'approve', { id, depositFen: Math.round(Number(amount) * 100), rules: text.trim() }), '已批准')}
          >
            批准并收取押金
          </Button>
        </View>
      ) : null}
      {panel === 'reject' || panel === 'suspend' ? (
        <View className="card decoration-form">
          <TextArea
            className="decoration-reason"
            value={text}
            onChange={setText}
            placeholder={panel === 'reject' ? '不予批准的原因，申请人会看到' : '停工原因，业主会看到'}
            maxLength={200}
          />
          <Button
            id="decoration-reason-confirm"
            type="danger"
            block
            disabled={busy || !text.trim()}
            onClick={() => void run(() => call('decoration', panel === 'reject' ? 'reject' : 'suspend', { id, reason: text.trim() }), panel === 'reject' ? '已不批准' : '已停工')}
          >
            {panel === 'reject' ? '不予批准' : '责令停工'}
          </Button>
        </View>
      ) : null}
      {panel === 'inspect' ? (
        <View className="card decoration-form">
          <View className="decoration-form__label">现场照片（必拍）</View>
          <PhotoPicker value={photos} onChange={setPhotos} folder="decoration" onBusyChange={setPhotosBusy} />
          <View className="decoration-form__label">检查项目（点选有问题的项）</View>
          <View>
            {CheckItem.options.map((item) => (
              <Text
                key={item}
                className={`decoration-check decoration-check-${item} ${checklist[item] === 'issue' ? 'decoration-check--issue' : ''}`}
                onClick={() => setChecklist({ ...checklist, [item]: checklist[item] === 'issue' ? 'ok' : 'issue' })}
              >
                {checkItemLabels[item]}
                {checklist[item] === 'issue' ? ' ✗' : ' ✓'}
              </Text>
            ))}
          </View>
          <TextArea className="decoration-findings" value={text} onChange={setText} placeholder="发现的问题（选填）" maxLength={500} />
          <Button
            id="decoration-inspect-confirm"
            type="primary"
            block
            disabled={busy || photosBusy || photos.length === 0}
            onClick={() => {
              const full = Object.fromEntries(CheckItem.options.map((k) => [k, checklist[k] ?? 'ok']));
              void run(() => call('decoration', 'inspect', { id, photos, checklist: full, ...(text.trim() ? { findings: text.trim() } : {}) }), '已记录巡查');
            }}
          >
            提交巡查记录
          </Button>
        </View>
      ) : null}
      {panel === 'notice' ? (
        <View className="card decoration-form">
          <View className="decoration-form__label">整改项目（每行一项）</View>
          <TextArea className="decoration-notice-items" value={text} onChange={setText} placeholder="如：楼道建筑垃圾当日清运" maxLength={1000} />
          <View className="decoration-form__label">整改期限</View>
          <View>
            {[1, 3, 7].map((n) => (
              <Text key={n} className={`decoration-check decoration-days-${n} ${days === n ? 'decoration-check--issue' : ''}`} onClick={() => setDays(n)}>
                {n} 天内
              </Text>
            ))}
            <Text className={`decoration-check decoration-stop ${stopWork ? 'decoration-check--issue' : ''}`} onClick={() => setStopWork(!stopWork)}>
              停工整改{stopWork ? ' ✓' : ''}
            </Text>
          </View>
          <Button
            id="decoration-notice-confirm"
            type="primary"
            block
            disabled={busy || lines().length === 0}
            onClick={() => void run(() => call('decoration', 'notice', { id, items: lines(), deadline: deadlineIn(days), stopWork }), '已发出整改通知')}
          >
            发出《装修违约整改通知单》
          </Button>
        </View>
      ) : null}
      {panel === 'accept' ? (
        <View className="card decoration-form">
          <View className="decoration-form__label">{stage === 'initial' ? '初验' : '终验'}未通过时，填写需整改的项目（每行一项）</View>
          <TextArea className="decoration-accept-items" value={text} onChange={setText} placeholder="如：卫生间闭水试验不合格" maxLength={1000} />
          <Button
            id="decoration-accept-pass"
            type="primary"
            block
            disabled={busy}
            onClick={() => void run(() => call('decoration', 'accept', { id, stage, passed: true }), '验收通过')}
          >
            {stage === 'initial' ? '初验' : '终验'}通过
          </Button>
          <Button
            id="decoration-accept-fail"
            type="danger"
            fill="outline"
            block
            disabled={busy || lines().length === 0}
            onClick={() => void run(() => call('decoration', 'accept', { id, stage, passed: false, items: lines() }), '已记录未通过')}
          >
            {stage === 'initial' ? '初验' : '终验'}未通过
          </Button>
        </View>
      ) : null}
      {panel === 'settle' ? (
        <View className="card decoration-form">
          <View className="decoration-form__label">扣款（每行一项：金额 原因，如「200 损坏电梯壁板」；无扣款留空）</View>
          <TextArea className="decoration-deductions" value={text} onChange={setText} placeholder="200 损坏电梯壁板" maxLength={1000} />
          <Button
            id="decoration-settle-confirm"
            type="primary"
            block
            disabled={busy}
            onClick={() => {
              const deductions = lines().map((l) => {
                const m = /^(\d+(?:\.\d{1,2})?)\s*元?\s+(.+)$/.exec(l);
                return m ? { amountFen: Math.round(Number(m[1]) * 100), reason: m[2] } : { amountFen: 0, reason: l };
              });
              void run(() => call('decoration', 'settle', { id, deductions }), '已结算');
            }}
          >
            结算并退还押金{d.deposit ? `（押金 ${yuan(d.deposit.amountFen)} 元）` : ''}
          </Button>
        </View>
      ) : null}

      <View className="decoration-actions">
        {allowed.has('approve') ? (
          <Button id="decoration-approve" type="primary" block disabled={busy} onClick={() => open('approve')}>
            审核通过
          </Button>
        ) : null}
        {allowed.has('reject') ? (
          <Button id="decoration-reject" block fill="outline" type="danger" disabled={busy} onClick={() => open('reject')}>
            不予批准
          </Button>
        ) : null}
        {allowed.has('signAgreement') ? (
          <Button
            id="decoration-sign"
            type="primary"
            block
            loading={busy}
            disabled={busy}
            onClick={() => void run(() => call('decoration', 'signAgreement', { id }), '已确认协议')}
          >
            我已阅读并确认《装饰装修服务协议》
          </Button>
        ) : null}
        {allowed.has('payDeposit') ? (
          <Button id="decoration-pay" type="primary" block loading={busy} disabled={busy} onClick={() => void pay()}>
            微信支付押金 {yuan(d.approval?.depositFen ?? 0)} 元
          </Button>
        ) : null}
        {allowed.has('inspect') ? (
          <Button id="decoration-inspect" type="primary" block disabled={busy} onClick={() => open('inspect')}>
            {d.inspectedToday ? '再次巡查' : `今日巡查（${inspectByText} 前）`}
          </Button>
        ) : null}
        {allowed.has('notice') ? (
          <Button id="decoration-notice" block fill="outline" disabled={busy} onClick={() => open('notice')}>
            发整改通知
          </Button>
        ) : null}
        {allowed.has('suspend') ? (
          <Button id="decoration-suspend" block fill="outline" type="danger" disabled={busy} onClick={() => open('suspend')}>
            责令停工
          </Button>
        ) : null}
        {allowed.has('resume') ? (
          <Button id="decoration-resume" block fill="outline" disabled={busy} onClick={() => void run(() => call('decoration', 'resume', { id }), '已复工')}>
            准予复工
          </Button>
        ) : null}
        {allowed.has('requestAcceptance') ? (
          <Button
            id="decoration-request-acceptance"
            type="primary"
            block
            disabled={busy}
            onClick={() => void run(() => call('decoration', 'requestAcceptance', { id }), '已申请验收')}
          >
            装修完工，申请验收
          </Button>
        ) : null}
        {allowed.has('accept') ? (
          <Button id="decoration-accept" type="primary" block disabled={busy} onClick={() => open('accept')}>
            记录{stage === 'initial' ? '初验' : '终验'}
          </Button>
        ) : null}
        {allowed.has('settle') ? (
          <Button id="decoration-settle" type="primary" block disabled={busy} onClick={() => open('settle')}>
            {d.state === 'settled' ? '重新发起退款' : '押金结算'}
          </Button>
        ) : null}
        {allowed.has('cancel') ? (
          <Button id="decoration-cancel" block fill="outline" type="danger" disabled={busy} onClick={() => void run(() => call('decoration', 'cancel', { id }), '已取消')}>
            取消装修申请
          </Button>
        ) : null}
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
      <Timeline d={d} />
    </View>
  );
}

export default function DecorationDetailPage() {
  const { params } = useRouter();
  return <SessionGate>{() => <Detail id={params.id ?? ''} />}</SessionGate>;
}
