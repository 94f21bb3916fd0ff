// 装修申请 (SPEC §12, manual 一.1): the unit, the contractor and its workers, what will be done and
// when; a tenant applying as the owner's agent adds a photo of the owner's written authorisation.
// A steward checks the documents and approves with the deposit.
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
import SessionGate from '../../../components/SessionGate';
import { BindFirstState } from '../../../components/PageState';
import { PrivacyNotice, usePrivacyConsent } from '../../../components/PrivacyConsent';
import { call, CloudError, messageOf, newRequestId } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import { shanghaiDay } from '../../../utils/time';
import PhotoPicker from '../../ticket/shared/PhotoPicker';
import '../shared/decoration.scss';

function Apply({ me }: { me: Me }) {
  const units = me.units.filter((u) => u.state === 'active');
  const [unitIndex, setUnitIndex] = useState(0);
  const [company, setCompany] = useState('');
  const [leader, setLeader] = useState('');
  const [phone, setPhone] = useState('');
  const [workers, setWorkers] = useState('');
  const [scope, setScope] = useState('');
  const [start, setStart] = useState(() => shanghaiDay(Date.now()));
  const [end, setEnd] = useState(() => shanghaiDay(Date.now() + 30 * 86_400_000));
  const [authorisation, setAuthorisation] = useState<string[]>([]);
  const [photosBusy, setPhotosBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [submitting, setSubmitting] = useState(false);
  const [requestId] = useState(newRequestId);
  const privacy = usePrivacyConsent();

  if (units.length === 0) return <BindFirstState description="绑定房屋后即可申请装修" />;
  const unit = units[Math.min(unitIndex, units.length - 1)];
  const agent = unit.role !== 'owner';

  const submit = async () => {
    setSubmitting(true);
    setErrors({});
    try {
      const reply = await call(
        'decoration',
        'apply',
        {
          communityId: unit.communityId,
          unit: unit.unit,
          contractor: { company, leader, phone },
          workers: workers
            .split(/[，,、\s]+/)
            .map((w) => w.trim())
            .filter(Boolean),
          scope,
          plannedStart: start,
          plannedEnd: end,
          ...(agent && authorisation[0] ? { authorisationPhoto: authorisation[0] } : {}),
        },
        { requestId },
      );
      void Taro.redirectTo({ url: `/packages/decoration/detail/index?id=${encodeURIComponent(reply.decoration.id)}` });
    } catch (error) {
      if (error instanceof CloudError && error.fields) setErrors(error.fields);
      void Taro.showToast({ title: messageOf(error), icon: 'none', duration: 3000 });
    } finally {
      setSubmitting(false);
    }
  };

  const field = (name: string) => (errors[name] ? <View className="field-error">{errors[name]}</View> : null);

  return (
    <View className="page decoration-apply">
      <View className="card decoration-form">
        <View className="decoration-form__label">装修房屋</View>
        <View>
          {units.map((u, i) => (
            <Text key={`${u.communityId}:${u.unit}`} className={`decoration-check ${i === unitIndex ? 'decoration-check--issue' : ''}`} onClick={() => setUnitIndex(i)}>
              {u.unit}
            </Text>
          ))}
        </View>
        {field('unit')}
        {privacy.granted === false ? (
          <PrivacyNotice purpose="填写施工负责人电话和上传委托书照片需要您同意隐私保护提示。" onAgreeH5={privacy.agreeH5} onAgreeWeapp={privacy.onAgreeWeapp} />
        ) : null}
        <View className="decoration-form__label">施工单位</View>
        <Input className="decoration-company" value={company} onChange={setCompany} placeholder="装饰公司名称" maxLength={40} />
        {field('contractor.company')}
        <View className="decoration-form__label">施工负责人及电话</View>
        <Input className="decoration-leader" value={leader} onChange={setLeader} placeholder="负责人姓名" maxLength={20} />
        <Input
          className="decoration-phone"
          type="tel"
          value={phone}
          onChange={setPhone}
          disabled={!privacy.granted}
          placeholder={privacy.granted ? '手机号' : '请先同意隐私保护提示'}
          maxLength={11}
        />
        {field('contractor.leader')}
        {field('contractor.phone')}
        <View className="decoration-form__label">施工人员（用逗号分隔）</View>
        <Input className="decoration-workers" value={workers} onChange={setWorkers} placeholder="如：王工，李师傅" maxLength={200} />
        {field('workers')}
        <View className="decoration-form__label">装修内容</View>
        <TextArea className="decoration-scope" value={scope} onChange={setScope} placeholder="如：厨卫改造、墙面刷漆；不动承重墙" maxLength={500} />
        {field('scope')}
        <View className="decoration-form__label">计划开工与完工日期（年-月-日）</View>
        <Input className="decoration-start" value={start} onChange={setStart} placeholder="2026-12-01" maxLength={10} />
        <Input className="decoration-end" value={end} onChange={setEnd} placeholder="2027-01-15" maxLength={10} />
        {field('plannedStart')}
        {field('plannedEnd')}
        {agent ? (
          <View>
            <View className="decoration-form__label">业主书面委托书（拍照上传）</View>
            {privacy.granted ? <PhotoPicker value={authorisation} onChange={(ids) => setAuthorisation(ids.slice(0, 1))} folder="decoration" onBusyChange={setPhotosBusy} /> : null}
            {field('authorisationPhoto')}
          </View>
        ) : null}
      </View>
      <View className="decoration-actions">
        <Button id="decoration-submit" type="primary" block loading={submitting} disabled={submitting || photosBusy || !privacy.granted} onClick={() => void submit()}>
          提交申请
        </Button>
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function DecorationApplyPage() {
  return <SessionGate>{(me) => <Apply me={me} />}</SessionGate>;
}
