// 邀请访客 (SPEC §14): the owner names the visitor, the window (at most 24 hours) and, if they
// drive, the plate; the reply is a one-time code to forward, shown as a QR and as text.
import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Cell from '@nutui/nutui-react-taro/dist/es/packages/cell/index';
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css';
import Input from '@nutui/nutui-react-taro/dist/es/packages/input/index';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import DatePicker from '@nutui/nutui-react-taro/dist/es/packages/datepicker/index';
import '@nutui/nutui-react-taro/dist/es/packages/datepicker/style/css';
import type { Me } from '../../../../types/account';
import { VISITOR_MAX_WINDOW } from '../../../../types/visitors';
import { spanText } from '../../../../types/sla-text';
import SessionGate from '../../../components/SessionGate';
import { BindFirstState } from '../../../components/PageState';
import { PrivacyNotice, usePrivacyConsent } from '../../../components/PrivacyConsent';
import { call, CloudError, messageOf, newRequestId } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import { fullTime, shanghaiIso, shanghaiParts } from '../../../utils/time';
import '../shared/frontdesk.scss';

const QUARTER = 15 * 60_000;
const FIVE_MINUTES = 5 * 60_000;
const MAX_WINDOW_MS = 24 * 3600_000;

const isoAt = (ms: number) => {
  const p = shanghaiParts(ms);
  return shanghaiIso(p.year, p.month, p.day, p.hour, p.minute);
};

/** From now (to the five minutes before: the function allows a few minutes' slack) to four hours later. */
function defaultWindow(now: number): { from: string; to: string } {
  const start = Math.floor(now / FIVE_MINUTES) * FIVE_MINUTES;
  return { from: isoAt(start), to: isoAt(start + 4 * 3600_000) };
}

function FieldError({ text }: { text?: string }) {
  return text ? <View className="field-error">{text}</View> : null;
}

function InviteForm({ me }: { me: Me }) {
  const units = me.units.filter((u) => u.state === 'active');
  const [target, setTarget] = useState(() => (units[0] ? { unit: units[0].unit, communityId: units[0].communityId } : null));
  const [visitor, setVisitor] = useState({ name: '', phone: '', plate: '', count: '1' });
  const [slot, setSlot] = useState(() => defaultWindow(Date.now()));
  const [picking, setPicking] = useState<'from' | 'to' | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // one id per invitation: a retry after a lost reply makes one invitation, not two codes
  const requestId = useRef(newRequestId());
  const privacy = usePrivacyConsent();

  if (units.length === 0) return <BindFirstState description="绑定并核验房屋后即可邀请访客" />;

  const edit = (patch: Partial<typeof visitor>) => {
    setVisitor((v) => ({ ...v, ...patch }));
    setErrors({});
  };

  const submit = async () => {
    const missing: Record<string, string> = {};
    if (!visitor.name.trim()) missing.name = '请填写访客姓名';
    if (!/^\d+$/.test(visitor.count) || Number(visitor.count) < 1) missing.count = '人数至少为 1';
    if (Object.keys(missing).length > 0) {
      setErrors(missing);
      return;
    }
    setSubmitting(true);
    setFailure(null);
    try {
      const { visit } = await call(
        'visitors',
        'invite',
        {
          communityId: target?.communityId,
          unit: target?.unit ?? '',
          name: visitor.name.trim(),
          ...(visitor.phone.trim() ? { phone: visitor.phone.trim() } : {}),
          ...(visitor.plate.trim() ? { plate: visitor.plate.trim() } : {}),
          count: Number(visitor.count),
          from: slot.from,
          to: slot.to,
        },
        { requestId: requestId.current },
      );
      void Taro.showToast({ title: '已生成访客码', icon: 'success' });
      void Taro.redirectTo({ url: `/packages/frontdesk/visit/index?id=${encodeURIComponent(visit.id)}` });
    } catch (error) {
      if (error instanceof CloudError && error.code === 'INVALID_INPUT' && Object.keys(error.fields).length > 0) setErrors(error.fields);
      else setFailure(`${messageOf(error)}。内容还在，可直接重新提交。`);
    } finally {
      setSubmitting(false);
    }
  };

  const now = Date.now();
  return (
    <View className="page visit-invite">
      <View className="form-block">
        <View className="form-block__title">到访房屋</View>
        <View className="choice-row">
          {units.map((u) => (
            <View
              key={u.id}
              className={`choice visit-unit ${target?.unit === u.unit && target.communityId === u.communityId ? 'choice--on' : ''}`}
              onClick={() => setTarget({ unit: u.unit, communityId: u.communityId })}
            >
              {u.unit}
            </View>
          ))}
        </View>
        <FieldError text={errors.unit} />
      </View>

      <View className="form-block">
        <View className="form-block__title">访客</View>
        <View className="desk-field">
          <Text className="desk-field__label">姓名</Text>
          <Input className="visit-name" value={visitor.name} onChange={(name) => edit({ name })} placeholder="访客姓名，如 李明" maxLength={20} />
        </View>
        <FieldError text={errors.name} />
        <View className="desk-field">
          <Text className="desk-field__label">人数</Text>
          <Input className="visit-count" type="digit" value={visitor.count} onChange={(count) => edit({ count })} maxLength={2} />
        </View>
        <FieldError text={errors.count} />
        <View className="desk-field">
          <Text className="desk-field__label">车牌</Text>
          <Input className="visit-plate" value={visitor.plate} onChange={(plate) => edit({ plate })} placeholder="开车来访时填写（选填），如 鲁B12345" maxLength={8} />
        </View>
        <FieldError text={errors.plate} />
        {privacy.granted === false ? (
          <PrivacyNotice purpose="填写访客电话需要您同意隐私保护提示；不填电话也可以邀请。" onAgreeH5={privacy.agreeH5} onAgreeWeapp={privacy.onAgreeWeapp} />
        ) : null}
        <View className="desk-field">
          <Text className="desk-field__label">电话</Text>
          <Input
            className="visit-phone"
            type="tel"
            value={visitor.phone}
            disabled={!privacy.granted}
            onChange={(phone) => edit({ phone })}
            placeholder={privacy.granted ? '访客手机号（选填）' : '请先同意隐私保护提示'}
            maxLength={11}
          />
        </View>
        <FieldError text={errors.phone} />
      </View>

      <View className="form-block form-block--cell">
        <Cell className="visit-from" title="开始时间" extra={fullTime(slot.from)} clickable onClick={() => setPicking('from')} />
        <FieldError text={errors.from} />
        <Cell className="visit-to" title="结束时间" extra={fullTime(slot.to)} clickable onClick={() => setPicking('to')} />
        <FieldError text={errors.to} />
        <View className="form-block__hint">邀请时段最长 {spanText(VISITOR_MAX_WINDOW)}；访客码只能入园一次，离开时请门岗登记。</View>
      </View>

      {failure ? <View className="desk-warning visit-failure">{failure}</View> : null}
      <View className="actions">
        <Button id="visit-submit" type="primary" block loading={submitting} disabled={submitting} onClick={() => void submit()}>
          {failure ? '重新提交' : '生成访客码'}
        </Button>
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>

      <DatePicker
        visible={picking !== null}
        title={picking === 'to' ? '结束时间' : '开始时间'}
        type="datetime"
        showChinese
        minuteStep={15}
        startDate={new Date(now - QUARTER)}
        endDate={new Date(now + 31 * 86400_000)}
        defaultValue={new Date(Date.parse(picking === 'to' ? slot.to : slot.from))}
        onClose={() => setPicking(null)}
        onConfirm={(_options, values) => {
          const [year, month, day, hour, minute] = values.map(Number);
          if ([year, month, day, hour, minute].every((n) => Number.isFinite(n))) {
            const picked = shanghaiIso(year, month, day, hour, minute);
            if (picking === 'from') {
              const length = Math.min(MAX_WINDOW_MS, Date.parse(slot.to) - Date.parse(slot.from));
              setSlot({ from: picked, to: isoAt(Date.parse(picked) + length) });
            } else {
              setSlot((w) => ({ ...w, to: picked }));
            }
            setErrors({});
          }
          setPicking(null);
        }}
      />
    </View>
  );
}

export default function VisitorInvitePage() {
  return <SessionGate>{(me) => <InviteForm me={me} />}</SessionGate>;
}
