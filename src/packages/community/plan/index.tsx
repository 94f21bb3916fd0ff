// 计划活动: a steward puts an event in the year's plan (date, place, capacity, sign-up deadline);
// it opens for sign-up from its page.
import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Input from '@nutui/nutui-react-taro/dist/es/packages/input/index';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import TextArea from '@nutui/nutui-react-taro/dist/es/packages/textarea/index';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import type { Me } from '../../../../types/account';
import { EmptyState } from '../../../components/PageState';
import SessionGate from '../../../components/SessionGate';
import { call, messageOf, newRequestId } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import { staffCommunity, typedTime } from '../shared/parts';
import '../shared/community.scss';

function Plan({ me }: { me: Me }) {
  const communityId = staffCommunity(me, 'steward');
  const [f, setF] = useState({ title: '', description: '', place: '', starts: '', ends: '', by: '', capacity: '30' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const requestId = useRef(newRequestId());
  const set = (key: keyof typeof f) => (value: string) => setF((old) => ({ ...old, [key]: value }));

  if (!communityId) return <EmptyState title="仅管家可计划活动" />;

  const save = async () => {
    const startsAt = typedTime(f.starts);
    const endsAt = typedTime(f.ends);
    const signUpBy = typedTime(f.by);
    if (!startsAt || !endsAt || !signUpBy) {
      setError('时间格式为 2026-12-20 14:00');
      return;
    }
    setBusy(true);
    setError('');
    try {
      const { event } = await call(
        'events',
        'plan',
        { communityId, title: f.title, description: f.description, place: f.place, startsAt, endsAt, signUpBy, capacity: Number(f.capacity) || 0 },
        { requestId: requestId.current },
      );
      void Taro.redirectTo({ url: `/packages/community/event/index?id=${encodeURIComponent(event.id)}` });
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  const field = (key: keyof typeof f, title: string, placeholder: string) => (
    <>
      <View className="form-block__title">{title}</View>
      <Input className={`cm-field cm-plan-${key}`} value={f[key]} onChange={set(key)} placeholder={placeholder} maxLength={60} />
    </>
  );
  return (
    <View className="page cm-plan">
      <View className="form-block">
        {field('title', '活动名称', '例如：元旦游园会')}
        {field('place', '活动地点', '例如：小区中心花园')}
        {field('starts', '开始时间', '2026-12-20 14:00')}
        {field('ends', '结束时间', '2026-12-20 17:00')}
        {field('by', '报名截止', '2026-12-18 18:00')}
        {field('capacity', '名额（人）', '30')}
        <View className="form-block__title">活动介绍</View>
        <TextArea className="cm-plan-description" value={f.description} onChange={set('description')} placeholder="活动内容、注意事项（可选）" maxLength={1000} />
      </View>
      {error ? <View className="field-error">{error}</View> : null}
      <View className="actions">
        <Button id="cm-plan-save" type="primary" block loading={busy} disabled={busy} onClick={() => void save()}>
          加入年度计划
        </Button>
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function PlanPage() {
  return <SessionGate>{(me) => <Plan me={me} />}</SessionGate>;
}
