import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button as NativeButton, View } from '@tarojs/components';
import Cell from '@nutui/nutui-react-taro/dist/es/packages/cell/index';
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css';
import CellGroup from '@nutui/nutui-react-taro/dist/es/packages/cellgroup/index';
import '@nutui/nutui-react-taro/dist/es/packages/cellgroup/style/css';
import Input from '@nutui/nutui-react-taro/dist/es/packages/input/index';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Picker from '@nutui/nutui-react-taro/dist/es/packages/picker/index';
import '@nutui/nutui-react-taro/dist/es/packages/picker/style/css';
import Radio from '@nutui/nutui-react-taro/dist/es/packages/radio/index';
import '@nutui/nutui-react-taro/dist/es/packages/radio/style/css';
import RadioGroup from '@nutui/nutui-react-taro/dist/es/packages/radiogroup/index';
import '@nutui/nutui-react-taro/dist/es/packages/radiogroup/style/css';
import type { BindingRole } from '../../../../types/enums';
import { roleLabels } from '../../../../types/labels';
import { ErrorState, LoadingState } from '../../../components/PageState';
import { PrivacyNotice, usePrivacyConsent } from '../../../components/PrivacyConsent';
import { useRemote } from '../../../hooks/useRemote';
import { call, CloudError, messageOf, newRequestId } from '../../../services/cloud';
import { refreshSession } from '../../../services/session';
import { goBack } from '../../../utils/nav';
import { localPhoneCode } from './phone';
import './index.scss';

interface Draft {
  communityId: string;
  unit: string;
  phone: string;
  role: BindingRole;
  name: string;
}

function FieldError({ text }: { text?: string }) {
  return text ? <View className="field-error">{text}</View> : null;
}

export default function BindPage() {
  const communities = useRemote(() => call('account', 'communities', {}), []);
  const privacy = usePrivacyConsent();
  const [draft, setDraft] = useState<Draft>({ communityId: '', unit: '', phone: '', role: 'owner', name: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pickerOpen, setPickerOpen] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  // One id per draft: a retry after a lost answer must not create a second binding.
  const requestId = useRef(newRequestId());

  const list = communities.data?.communities ?? [];
  const communityId = draft.communityId || (list.length === 1 ? list[0].id : '');
  const community = list.find((c) => c.id === communityId);

  const edit = (patch: Partial<Draft>) => {
    setDraft((previous) => ({ ...previous, ...patch }));
    // The edited field's old error no longer applies.
    setErrors((previous) => {
      const next = { ...previous };
      for (const key of Object.keys(patch)) delete next[key];
      return next;
    });
  };

  /** The house fields both ways of binding need; false (errors shown) when one is missing. */
  const houseReady = (extra: Record<string, string> = {}): boolean => {
    const missing: Record<string, string> = { ...extra };
    if (!communityId) missing.communityId = '请选择小区';
    if (!draft.unit.trim()) missing.unit = '请填写栋-单元-房号';
    setErrors(missing);
    return Object.keys(missing).length === 0;
  };

  // A typed phone only asks a steward; the phone WeChat verified (a one-time code) can bind at once.
  const submit = async (phone: { phone: string } | { phoneCode: string }) => {
    setSubmitting(true);
    try {
      const { binding } = await call(
        'account',
        'bindUnit',
        {
          communityId,
          unit: draft.unit.trim(),
          ...phone,
          role: draft.role,
          ...(draft.name.trim() ? { name: draft.name.trim() } : {}),
        },
        // A code is spent by the call: a new tap is a new request.
        { requestId: 'phoneCode' in phone ? newRequestId() : requestId.current },
      );
      requestId.current = newRequestId();
      await refreshSession();
      await Taro.showModal({
        title: binding.state === 'active' ? '绑定成功' : '已提交审核',
        content: binding.state === 'active' ? `${binding.unit} 已用微信验证的手机号与业主名册核对一致。` : `${binding.unit} 需要管家审核，结果会通过消息通知您。`,
        showCancel: false,
      });
      goBack();
    } catch (error) {
      if (error instanceof CloudError && error.code === 'INVALID_INPUT' && Object.keys(error.fields).length > 0) {
        setErrors(error.fields);
      } else {
        void Taro.showToast({ title: messageOf(error), icon: 'none', duration: 3000 });
      }
    } finally {
      setSubmitting(false);
    }
  };

  const submitTyped = () => {
    if (!houseReady(draft.phone.trim() ? {} : { phone: '请填写手机号' })) return;
    void submit({ phone: draft.phone.trim() });
  };

  const submitCode = (code: string | undefined) => {
    if (!code) {
      void Taro.showToast({ title: '未获取到微信手机号，可手动填写', icon: 'none', duration: 3000 });
      return;
    }
    if (!houseReady()) return;
    void submit({ phoneCode: code });
  };

  const askLocalPhone = async () => {
    if (!houseReady()) return;
    try {
      const code = await localPhoneCode();
      if (code) submitCode(code);
    } catch (error) {
      void Taro.showToast({ title: messageOf(error), icon: 'none', duration: 3000 });
    }
  };

  if (communities.status === 'loading' && !communities.data) return <LoadingState />;
  if (communities.status === 'error' && !communities.data) {
    return <ErrorState message={communities.error} onRetry={() => void communities.reload()} />;
  }

  const knownFields = ['communityId', 'unit', 'phone', 'phoneCode', 'role', 'name'];
  const otherErrors = Object.entries(errors).filter(([key]) => !knownFields.includes(key));

  return (
    <View className="page bind">
      <CellGroup title="房屋信息">
        <Cell className="bind-community" title="小区" extra={community?.name ?? '请选择'} clickable onClick={() => setPickerOpen(true)} />
        <FieldError text={errors.communityId} />
        <Cell title="房号" extra={<Input className="bind-unit" value={draft.unit} onChange={(unit) => edit({ unit })} placeholder="栋-单元-房号，如 1-1-101" align="right" />} />
        <FieldError text={errors.unit} />
        <Cell
          title="身份"
          extra={
            <RadioGroup value={draft.role} direction="horizontal" onChange={(role) => edit({ role: role === 'resident' ? 'resident' : 'owner' })}>
              <Radio value="owner">{roleLabels.owner}</Radio>
              <Radio value="resident">{roleLabels.resident}</Radio>
            </RadioGroup>
          }
        />
        <FieldError text={errors.role} />
        <Cell
          title="姓名"
          extra={<Input className="bind-name" value={draft.name} onChange={(name) => edit({ name })} placeholder="选填，便于管家称呼" maxLength={20} align="right" />}
        />
        <FieldError text={errors.name} />
      </CellGroup>

      {privacy.granted === false ? <PrivacyNotice purpose="绑定房屋需要填写手机号。" onAgreeH5={privacy.agreeH5} onAgreeWeapp={privacy.onAgreeWeapp} /> : null}

      <CellGroup title="微信手机号">
        <View className="bind-wechat">
          {process.env.TARO_ENV === 'weapp' ? (
            <NativeButton
              id="bind-wechat-phone"
              className="bind-wechat__button"
              openType="getPhoneNumber"
              disabled={!privacy.granted || submitting}
              onGetPhoneNumber={(event) => submitCode(event.detail.code)}
            >
              使用微信手机号绑定
            </NativeButton>
          ) : (
            <Button id="bind-wechat-phone" type="primary" block loading={submitting} disabled={!privacy.granted || submitting} onClick={() => void askLocalPhone()}>
              使用微信手机号绑定（本地云模拟）
            </Button>
          )}
          <FieldError text={errors.phoneCode} />
          <View className="muted">微信验证的手机号与业主名册一致时立即绑定；否则由管家审核。</View>
        </View>
      </CellGroup>

      <CellGroup title="或手动填写手机号（需管家审核）">
        <Cell
          title="手机号"
          extra={
            <Input
              className="bind-phone"
              type="tel"
              value={draft.phone}
              onChange={(phone) => edit({ phone })}
              placeholder={privacy.granted ? '11 位手机号' : '请先同意隐私保护提示'}
              disabled={!privacy.granted}
              maxLength={11}
              align="right"
            />
          }
        />
        <FieldError text={errors.phone} />
      </CellGroup>

      {otherErrors.map(([key, text]) => (
        <FieldError key={key} text={text} />
      ))}

      <View className="actions">
        <Button id="bind-submit" type="default" block disabled={!privacy.granted || submitting} onClick={submitTyped}>
          手动填写，提交审核
        </Button>
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
        <View className="muted">手动填写的手机号无法确认是您本人的，需管家审核后生效。</View>
      </View>

      <Picker
        visible={pickerOpen}
        title="选择小区"
        options={[list.map((c) => ({ label: c.name, value: c.id }))]}
        value={communityId ? [communityId] : undefined}
        onClose={() => setPickerOpen(false)}
        onConfirm={(_options, values) => {
          const chosen = values[0];
          if (typeof chosen === 'string') edit({ communityId: chosen });
          setPickerOpen(false);
        }}
      />
    </View>
  );
}
