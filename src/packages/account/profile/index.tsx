import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import Cell from '@nutui/nutui-react-taro/dist/es/packages/cell/index';
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css';
import CellGroup from '@nutui/nutui-react-taro/dist/es/packages/cellgroup/index';
import '@nutui/nutui-react-taro/dist/es/packages/cellgroup/style/css';
import Switch from '@nutui/nutui-react-taro/dist/es/packages/switch/index';
import '@nutui/nutui-react-taro/dist/es/packages/switch/style/css';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Input from '@nutui/nutui-react-taro/dist/es/packages/input/index';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import Picker from '@nutui/nutui-react-taro/dist/es/packages/picker/index';
import '@nutui/nutui-react-taro/dist/es/packages/picker/style/css';
import type { PickerOption } from '@nutui/nutui-react-taro/dist/es/types/spec/picker/base';
import type { Me } from '../../../../types/account';
import type { TemplateKey } from '../../../../types/notify';
import { subscriptionTemplates } from '../../../../config/subscriptions';
import SessionGate from '../../../components/SessionGate';
import { PrivacyNotice, usePrivacyConsent } from '../../../components/PrivacyConsent';
import { call, messageOf } from '../../../services/cloud';
import { refreshSession } from '../../../services/session';
import { goBack } from '../../../utils/nav';
import './index.scss';

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const pad = (n: number) => String(n).padStart(2, '0');
/** Month → day cascade, so an impossible date (02-30) cannot be picked. */
const BIRTHDAY_OPTIONS: PickerOption[] = DAYS_IN_MONTH.map((days, index) => ({
  label: `${index + 1}月`,
  value: pad(index + 1),
  children: Array.from({ length: days }, (_, day) => ({ label: `${day + 1}日`, value: pad(day + 1) })),
}));

function birthdayLabel(birthday: string | null): string {
  if (!birthday) return '未填写';
  const [month, day] = birthday.split('-');
  return `${Number(month)}月${Number(day)}日`;
}

/**
 * Asks WeChat for one-time grants. Must be called synchronously inside a tap handler, before any
 * await, or WeChat refuses to show the dialog. Resolves with the keys the person accepted.
 */
function askSubscriptions(keys: TemplateKey[]): Promise<TemplateKey[]> {
  if (process.env.TARO_ENV !== 'weapp') {
    // The local cloud has no WeChat dialog; the demo treats the request as accepted so the grant
    // ledger can be exercised.
    return Promise.resolve(keys);
  }
  const ids = keys.map((key) => subscriptionTemplates[key].id);
  return Taro.requestSubscribeMessage({ tmplIds: ids, entityIds: [] }).then(
    (result) => keys.filter((key) => (result as unknown as Record<string, string>)[subscriptionTemplates[key].id] === 'accept'),
    // Refused in settings, or the dialog could not show: no grant, greetings stay in the inbox.
    () => [],
  );
}

/** What is wrong with a name as typed, in the words shown under the field (null: fine). */
function nameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return '请填写您的称呼';
  if (trimmed.length > 20) return '称呼不超过 20 个字';
  return null;
}

/** The name staff and the steward's greetings use, edited in place. */
function NameCell({ me, onSave, saving }: { me: Me; onSave: (name: string) => Promise<boolean>; saving: boolean }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(me.profile.name ?? '');
  const [error, setError] = useState<string | null>(null);
  if (!editing) {
    return (
      <Cell
        className="profile-name"
        title="称呼"
        description="管家联系您和祝福时使用"
        extra={`${me.profile.name ?? '未填写'} ›`}
        clickable
        onClick={() => {
          setName(me.profile.name ?? '');
          setError(null);
          setEditing(true);
        }}
      />
    );
  }
  const submit = async () => {
    const problem = nameProblem(name);
    setError(problem);
    if (problem) return;
    if (await onSave(name.trim())) setEditing(false);
  };
  return (
    <View className="profile-name-editor">
      <View className="profile-name-editor__label">称呼</View>
      <Input className="profile-name-input" value={name} onChange={(value) => setName(value)} placeholder="例如：王建国、王先生" maxLength={20} />
      {error ? <View className="field-error">{error}</View> : null}
      <View className="profile-name-editor__buttons">
        <Button size="small" fill="outline" onClick={() => setEditing(false)}>
          取消
        </Button>
        <Button id="profile-name-save" size="small" type="primary" loading={saving} onClick={() => void submit()}>
          保存
        </Button>
      </View>
    </View>
  );
}

function ProfileForm({ me }: { me: Me }) {
  const privacy = usePrivacyConsent();
  const [pickerOpen, setPickerOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const greetingsLeft = me.subscriptions.greeting ?? 0;

  const save = async (patch: { birthday?: string | null; greetingsOptIn?: boolean; name?: string }, done: string): Promise<boolean> => {
    setSaving(true);
    try {
      await call('account', 'setProfile', patch);
      await refreshSession();
      void Taro.showToast({ title: done, icon: 'success' });
      return true;
    } catch (error) {
      void Taro.showToast({ title: messageOf(error), icon: 'none', duration: 3000 });
      return false;
    } finally {
      setSaving(false);
    }
  };

  const grant = async (asked: Promise<TemplateKey[]>): Promise<number> => {
    const accepted = await asked;
    if (accepted.length === 0) return 0;
    await call('account', 'grantSubscriptions', { templates: accepted });
    return accepted.length;
  };

  const toggleGreetings = (on: boolean) => {
    if (!on) return save({ greetingsOptIn: false }, '已关闭祝福');
    // First statement of the tap: the subscription dialog (see askSubscriptions).
    const asked = askSubscriptions(['greeting']);
    setSaving(true);
    return grant(asked)
      .then(async (granted) => {
        await call('account', 'setProfile', { greetingsOptIn: true });
        await refreshSession();
        void Taro.showToast({ title: granted > 0 ? '已开启祝福' : '已开启，祝福将在消息中心显示', icon: 'none' });
      })
      .catch((error: unknown) => void Taro.showToast({ title: messageOf(error), icon: 'none', duration: 3000 }))
      .finally(() => setSaving(false));
  };

  const subscribeOnceMore = () => {
    const asked = askSubscriptions(['greeting']);
    setSaving(true);
    void grant(asked)
      .then(async (granted) => {
        await refreshSession();
        void Taro.showToast({ title: granted > 0 ? '已增加一次祝福推送' : '未订阅', icon: 'none' });
      })
      .catch((error: unknown) => void Taro.showToast({ title: messageOf(error), icon: 'none', duration: 3000 }))
      .finally(() => setSaving(false));
  };

  // NutUI's cascade draws only the columns its value reaches: without a value the day column is
  // missing and confirming picks nothing. Start an empty birthday at 1月1日.
  const current = me.profile.birthday?.split('-') ?? ['01', '01'];

  return (
    <View className="page">
      {privacy.granted === false ? (
        <PrivacyNotice purpose="生日仅保存月-日，只用于发送生日祝福，不向工作人员展示。" onAgreeH5={privacy.agreeH5} onAgreeWeapp={privacy.onAgreeWeapp} />
      ) : null}
      <CellGroup title="我的资料">
        <NameCell me={me} saving={saving} onSave={(name) => save({ name }, '已保存')} />
      </CellGroup>
      <CellGroup title="生日（仅月-日，用于生日祝福）">
        <Cell
          className="profile-birthday"
          title="生日"
          extra={privacy.granted ? birthdayLabel(me.profile.birthday) : '请先同意隐私保护提示'}
          clickable={Boolean(privacy.granted)}
          onClick={() => {
            if (privacy.granted) setPickerOpen(true);
          }}
        />
        {me.profile.birthday ? <Cell title="清除生日" extra="›" clickable onClick={() => void save({ birthday: null }, '已清除')} /> : null}
      </CellGroup>

      <CellGroup title="祝福" description="入住业主可收到生日及节日（元旦、春节、元宵、端午、中秋、国庆）祝福。">
        <Cell title="接收生日及节日祝福" extra={<Switch className="profile-greetings" checked={me.profile.greetingsOptIn} disabled={saving} onChange={toggleGreetings} />} />
        <Cell title="微信推送剩余次数" description="微信每次订阅只允许推送一次；次数用完后祝福仍会出现在消息中心" extra={`${greetingsLeft} 次`} />
        {me.profile.greetingsOptIn ? <Cell title="再订阅一次祝福推送" extra="›" clickable onClick={subscribeOnceMore} /> : null}
      </CellGroup>

      <View className="actions">
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>

      <Picker
        visible={pickerOpen}
        title="选择生日"
        options={[BIRTHDAY_OPTIONS]}
        defaultValue={current}
        onClose={() => setPickerOpen(false)}
        onConfirm={(_options, values) => {
          setPickerOpen(false);
          const [month, day] = values;
          if (typeof month === 'string' && typeof day === 'string') void save({ birthday: `${month}-${day}` }, '已保存');
        }}
      />
    </View>
  );
}

export default function ProfilePage() {
  return <SessionGate>{(me) => <ProfileForm me={me} />}</SessionGate>;
}
