// 来人来访登记 (SPEC §14; the seeds' 来人来访记录表): a visitor without an invitation — whom they
// visit, how the host (or the office) agreed, a badge or permit number — let in and listed in the
// day's register, where their exit is recorded.
import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Input from '@nutui/nutui-react-taro/dist/es/packages/input/index';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import type { Me } from '../../../../types/account';
import type { VisitConsent, VisitorCategory } from '../../../../types/visitors';
import { visitConsentLabels, visitorCategoryLabels } from '../../../../types/frontdesk-labels';
import { EmptyState } from '../../../components/PageState';
import SessionGate from '../../../components/SessionGate';
import { call, CloudError, messageOf, newRequestId } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import { shanghaiDay } from '../../../utils/time';
import { RegisterList } from '../shared/RegisterList';
import '../shared/frontdesk.scss';

const CATEGORIES: VisitorCategory[] = ['guest', 'staff', 'leader', 'government', 'tour', 'permit_holder'];
const CONSENTS: Array<Exclude<VisitConsent, 'invitation'>> = ['intercom', 'phone', 'duty_office', 'badge', 'permit'];
const BLANK = { unit: '', name: '', phone: '', plate: '', count: '1', badge: '' };

function FieldError({ text }: { text?: string }) {
  return text ? <View className="field-error">{text}</View> : null;
}

function WalkIn({ me }: { me: Me }) {
  const [form, setForm] = useState(BLANK);
  const [category, setCategory] = useState<VisitorCategory>('guest');
  const [consent, setConsent] = useState<Exclude<VisitConsent, 'invitation'>>('intercom');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [generation, setGeneration] = useState(0);
  const requestId = useRef(newRequestId());

  if (!me.staff.some((post) => post.role === 'guard' || post.role === 'manager')) {
    return <EmptyState title="仅门岗可用" description="来访登记由门岗（大堂）人员操作" />;
  }

  const edit = (patch: Partial<typeof BLANK>) => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors({});
  };
  const needsBadge = consent === 'badge' || consent === 'permit';

  const submit = async () => {
    const missing: Record<string, string> = {};
    if (!form.unit.trim()) missing.unit = '请填写到访房号，如 1-1-101';
    if (!form.name.trim()) missing.name = '请填写来访人姓名';
    if (needsBadge && !form.badge.trim()) missing.badge = '请填写工作证或出入证号';
    if (Object.keys(missing).length > 0) {
      setErrors(missing);
      return;
    }
    setBusy(true);
    try {
      await call(
        'visitors',
        'walkIn',
        {
          unit: form.unit.trim(),
          name: form.name.trim(),
          ...(form.phone.trim() ? { phone: form.phone.trim() } : {}),
          ...(form.plate.trim() ? { plate: form.plate.trim() } : {}),
          count: Number(form.count) || 1,
          category,
          consent,
          ...(needsBadge ? { badge: form.badge.trim() } : {}),
        },
        { requestId: requestId.current },
      );
      void Taro.showToast({ title: '已登记进入', icon: 'success' });
      requestId.current = newRequestId();
      setForm(BLANK);
      setGeneration((g) => g + 1);
    } catch (error) {
      if (error instanceof CloudError && error.code === 'INVALID_INPUT' && Object.keys(error.fields).length > 0) setErrors(error.fields);
      else setErrors({ form: messageOf(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="page visit-walkin">
      <View className="form-block">
        <View className="form-block__title">来访人</View>
        <View className="desk-field">
          <Text className="desk-field__label">到访房号</Text>
          <Input className="walkin-unit" value={form.unit} onChange={(unit) => edit({ unit })} placeholder="如 1-1-101" maxLength={20} />
        </View>
        <FieldError text={errors.unit} />
        <View className="desk-field">
          <Text className="desk-field__label">姓名</Text>
          <Input className="walkin-name" value={form.name} onChange={(name) => edit({ name })} placeholder="来访人姓名" maxLength={20} />
        </View>
        <FieldError text={errors.name} />
        <View className="desk-field">
          <Text className="desk-field__label">人数</Text>
          <Input className="walkin-count" type="digit" value={form.count} onChange={(count) => edit({ count })} maxLength={2} />
        </View>
        <View className="desk-field">
          <Text className="desk-field__label">电话</Text>
          <Input className="walkin-phone" type="tel" value={form.phone} onChange={(phone) => edit({ phone })} placeholder="选填" maxLength={11} />
        </View>
        <FieldError text={errors.phone} />
        <View className="desk-field">
          <Text className="desk-field__label">车牌</Text>
          <Input className="walkin-plate" value={form.plate} onChange={(plate) => edit({ plate })} placeholder="选填，如 鲁B12345" maxLength={8} />
        </View>
        <FieldError text={errors.plate} />
        <View className="form-block__title">身份</View>
        <View className="choice-row">
          {CATEGORIES.map((c) => (
            <View key={c} className={`choice walkin-category walkin-category--${c} ${category === c ? 'choice--on' : ''}`} onClick={() => setCategory(c)}>
              {visitorCategoryLabels[c]}
            </View>
          ))}
        </View>
        <View className="form-block__title">如何确认</View>
        <View className="choice-row">
          {CONSENTS.map((c) => (
            <View key={c} className={`choice walkin-consent walkin-consent--${c} ${consent === c ? 'choice--on' : ''}`} onClick={() => setConsent(c)}>
              {visitConsentLabels[c]}
            </View>
          ))}
        </View>
        <View className="form-block__hint">访客须经业主对讲或电话同意；公司员工、政府部门查验证件；参观须经管理处同意。</View>
        {needsBadge ? (
          <View className="desk-field">
            <Text className="desk-field__label">证件号</Text>
            <Input className="walkin-badge" value={form.badge} onChange={(badge) => edit({ badge })} placeholder="工作证或出入证号" maxLength={30} />
          </View>
        ) : null}
        <FieldError text={errors.badge} />
      </View>
      {errors.form ? <View className="desk-warning">{errors.form}</View> : null}
      <View className="actions">
        <Button id="walkin-submit" type="primary" block loading={busy} disabled={busy} onClick={() => void submit()}>
          登记进入
        </Button>
      </View>
      <RegisterList key={generation} input={{ date: shanghaiDay(Date.now()), limit: 20 }} title="今日来访登记" empty="今天还没有来访记录" />
      <View className="actions">
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function WalkInPage() {
  return <SessionGate>{(me) => <WalkIn me={me} />}</SessionGate>;
}
