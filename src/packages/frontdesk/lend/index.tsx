// One key (钥匙借用登记表): what it is and where, its entrustment, its loans with what the keeper may
// do next, and a new loan — borrower, purpose, linked ticket or decoration, due back. An entrusted
// key's loan waits for the owner's confirmation in the app (or a recorded phone consent).
import { useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Input from '@nutui/nutui-react-taro/dist/es/packages/input/index';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import { entrustmentStateLabels } from '../../../../types/frontdesk-labels';
import { SHORT_LOAN } from '../../../../types/keys';
import { spanMs, spanText } from '../../../../types/sla-text';
import SessionGate from '../../../components/SessionGate';
import { ErrorState, LoadingState } from '../../../components/PageState';
import { useRemote } from '../../../hooks/useRemote';
import { call, CloudError, messageOf, newRequestId } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import { fullTime, shanghaiIso, shanghaiParts } from '../../../utils/time';
import { KeyLine, LoanCard } from '../shared/DeskParts';
import { LoanActions } from '../shared/LoanActions';
import '../shared/frontdesk.scss';

const HOUR = 3600_000;
const isoAt = (ms: number) => {
  const p = shanghaiParts(ms);
  return shanghaiIso(p.year, p.month, p.day, p.hour, p.minute);
};
/** Due-back choices: a repair visit, the end of today's office hours, tomorrow's. */
function dueChoices(now: number): Array<{ label: string; iso: string }> {
  const today = shanghaiParts(now);
  const tomorrow = shanghaiParts(now + 24 * HOUR);
  const choices = [{ label: `${spanText(SHORT_LOAN)}后`, iso: isoAt(Math.ceil((now + spanMs(SHORT_LOAN)) / (15 * 60_000)) * 15 * 60_000) }];
  const evening = shanghaiIso(today.year, today.month, today.day, 18, 0);
  if (Date.parse(evening) > now + HOUR) choices.push({ label: '今天 18:00', iso: evening });
  choices.push({ label: '明天 18:00', iso: shanghaiIso(tomorrow.year, tomorrow.month, tomorrow.day, 18, 0) });
  return choices;
}

function FieldError({ text }: { text?: string }) {
  return text ? <View className="field-error">{text}</View> : null;
}

const BLANK = { borrowerName: '', borrowerPhone: '', purpose: '', ticketNo: '', decorationNo: '' };

function Lend({ id }: { id: string }) {
  const remote = useRemote(() => call('keys', 'get', { id }), [id]);
  const [form, setForm] = useState(BLANK);
  const [due, setDue] = useState(() => dueChoices(Date.now())[0].iso);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const requestId = useRef(newRequestId());

  if (!remote.data && remote.status === 'loading') return <LoadingState />;
  if (!remote.data) return <ErrorState message={remote.error ?? '加载失败'} onRetry={() => void remote.reload()} />;
  const { key: k, loans } = remote.data;
  const now = Date.now();
  const open = loans.filter((l) => ['awaiting_owner', 'confirmed', 'out'].includes(l.state));
  const past = loans.filter((l) => !open.includes(l));

  const edit = (patch: Partial<typeof BLANK>) => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors({});
  };
  const submit = async () => {
    const missing: Record<string, string> = {};
    if (!form.borrowerName.trim()) missing.borrowerName = '请填写借用人';
    if (!form.purpose.trim()) missing.purpose = '请填写借用事由';
    if (Object.keys(missing).length > 0) {
      setErrors(missing);
      return;
    }
    setBusy(true);
    try {
      const { loan } = await call(
        'keys',
        'lend',
        {
          id,
          borrowerName: form.borrowerName.trim(),
          purpose: form.purpose.trim(),
          ...(form.borrowerPhone.trim() ? { borrowerPhone: form.borrowerPhone.trim() } : {}),
          ...(form.ticketNo.trim() ? { ticketNo: form.ticketNo.trim().toUpperCase() } : {}),
          ...(form.decorationNo.trim() ? { decorationNo: form.decorationNo.trim() } : {}),
          dueBack: due,
        },
        { requestId: requestId.current },
      );
      void Taro.showToast({ title: loan.state === 'awaiting_owner' ? '已通知业主确认' : '已借出', icon: 'success' });
      requestId.current = newRequestId();
      setForm(BLANK);
    } catch (error) {
      if (error instanceof CloudError && error.code === 'INVALID_INPUT' && Object.keys(error.fields).length > 0) setErrors(error.fields);
      else setErrors({ form: messageOf(error) });
    } finally {
      setBusy(false);
      await remote.reload();
    }
  };

  return (
    <View className="page key-lend">
      <View className={`desk-card key-card ${k.state === 'out' ? 'desk-card--near' : 'desk-card--ok'}`}>
        <View className="desk-card__head">
          <Text className="desk-card__title">{k.tag}</Text>
          <Text className={`desk-state desk-state--${k.state === 'out' ? 'working' : 'done'}`}>{k.state === 'out' ? '已借出' : '在柜'}</Text>
        </View>
        <KeyLine k={k} />
        {k.entrustment ? (
          <View className="desk-card__line">
            委托人 {k.entrustment.ownerName ?? '业主'} · {entrustmentStateLabels[k.entrustment.state]}
            {k.entrustment.agreedAt ? ` · ${fullTime(k.entrustment.agreedAt)} 同意` : ''}
          </View>
        ) : null}
      </View>
      {open.map((loan) => (
        <LoanCard key={loan.id} loan={loan} now={now}>
          <LoanActions loan={loan} keyCount={k.count} onChanged={() => void remote.reload()} />
        </LoanCard>
      ))}
      {k.lendable && open.length === 0 ? (
        <View className="form-block key-lend-form">
          <View className="form-block__title">借用登记</View>
          <View className="desk-field">
            <Text className="desk-field__label">借用人</Text>
            <Input className="lend-borrower" value={form.borrowerName} onChange={(borrowerName) => edit({ borrowerName })} placeholder="如 维修师傅 张伟" maxLength={20} />
          </View>
          <FieldError text={errors.borrowerName} />
          <View className="desk-field">
            <Text className="desk-field__label">电话</Text>
            <Input className="lend-phone" type="tel" value={form.borrowerPhone} onChange={(borrowerPhone) => edit({ borrowerPhone })} placeholder="选填" maxLength={11} />
          </View>
          <FieldError text={errors.borrowerPhone} />
          <View className="desk-field">
            <Text className="desk-field__label">事由</Text>
            <Input className="lend-purpose" value={form.purpose} onChange={(purpose) => edit({ purpose })} placeholder="如 入户维修漏水" maxLength={100} />
          </View>
          <FieldError text={errors.purpose} />
          <View className="desk-field">
            <Text className="desk-field__label">关联工单</Text>
            <Input className="lend-ticket" value={form.ticketNo} onChange={(ticketNo) => edit({ ticketNo })} placeholder="选填，如 BX20261124-0007" maxLength={20} />
          </View>
          <FieldError text={errors.ticketNo} />
          <View className="desk-field">
            <Text className="desk-field__label">关联装修</Text>
            <Input className="lend-decoration" value={form.decorationNo} onChange={(decorationNo) => edit({ decorationNo })} placeholder="选填，装修申请编号" maxLength={30} />
          </View>
          <View className="form-block__title">归还时间</View>
          <View className="choice-row">
            {dueChoices(now).map((choice) => (
              <View key={choice.label} className={`choice lend-due ${due === choice.iso ? 'choice--on' : ''}`} onClick={() => setDue(choice.iso)}>
                {choice.label}
              </View>
            ))}
          </View>
          <View className="form-block__hint">应还 {fullTime(due)}；逾期会提醒钥匙管理员和值班管家。</View>
          <FieldError text={errors.dueBack ?? errors.form} />
          {k.source === 'entrusted' ? <View className="form-block__hint">业主委托的钥匙：登记后会通知业主在小程序确认，确认后才能交付。</View> : null}
          <View className="actions">
            <Button id="lend-submit" type="primary" block loading={busy} disabled={busy} onClick={() => void submit()}>
              {k.source === 'entrusted' ? '登记并请业主确认' : '登记借出'}
            </Button>
          </View>
        </View>
      ) : null}
      {!k.lendable && open.length === 0 ? (
        <View className="desk-warning key-not-lendable">
          {k.entrustment?.state === 'revoked'
            ? '业主已撤销委托，这把钥匙不能再借出。'
            : k.entrustment?.state === 'awaiting_owner'
              ? '业主尚未在小程序同意委托条款，暂不能借出。'
              : '这把钥匙现在不能借出。'}
        </View>
      ) : null}
      {past.length > 0 ? <View className="section-title">借用记录</View> : null}
      {past.map((loan) => (
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

export default function LendPage() {
  const { params } = useRouter();
  return <SessionGate>{() => <Lend id={params.id ?? ''} />}</SessionGate>;
}
