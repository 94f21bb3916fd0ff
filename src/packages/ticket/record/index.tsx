// A steward records a report made by phone or at the front desk (代业主登记): the ticket belongs to
// the unit, its owner is told as if they had reported it, and the timeline names the steward.
import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Cell from '@nutui/nutui-react-taro/dist/es/packages/cell/index';
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css';
import CellGroup from '@nutui/nutui-react-taro/dist/es/packages/cellgroup/index';
import '@nutui/nutui-react-taro/dist/es/packages/cellgroup/style/css';
import Input from '@nutui/nutui-react-taro/dist/es/packages/input/index';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import TextArea from '@nutui/nutui-react-taro/dist/es/packages/textarea/index';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import type { Me } from '../../../../types/account';
import type { TicketKind, TicketScope } from '../../../../types/tickets';
import { ticketChannelLabels, ticketKindLabels, ticketScopeLabels } from '../../../../types/labels';
import SessionGate from '../../../components/SessionGate';
import { EmptyState } from '../../../components/PageState';
import { call, CloudError, messageOf, newRequestId } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import '../shared/ticket.scss';

const KINDS: TicketKind[] = ['repair', 'warranty', 'complaint', 'suggestion', 'emergency'];
const SCOPES: TicketScope[] = ['in_home', 'public_area'];
const CHANNELS = ['phone', 'walk_in'] as const;
const FIELDS = ['kind', 'scope', 'unit', 'description', 'channel', 'contactName', 'contactPhone'];

interface Form {
  channel: (typeof CHANNELS)[number];
  kind: TicketKind;
  scope: TicketScope;
  unit: string;
  contactName: string;
  contactPhone: string;
  description: string;
}

function FieldError({ text }: { text?: string }) {
  return text ? <View className="field-error">{text}</View> : null;
}

function RecordForm({ me }: { me: Me }) {
  const communityId = me.staff.find((post) => post.role !== 'engineer' && post.role !== 'guard')?.communityId;
  const [form, setForm] = useState<Form>({ channel: 'phone', kind: 'repair', scope: 'in_home', unit: '', contactName: '', contactPhone: '', description: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // One id per form: a retry after a lost reply (or a double tap) saves one ticket, not two.
  const requestId = useRef(newRequestId());
  const inFlight = useRef(false);

  const edit = (patch: Partial<Form>) => {
    setForm((previous) => ({ ...previous, ...patch }));
    setErrors((previous) => {
      const next = { ...previous };
      for (const key of Object.keys(patch)) delete next[key];
      return next;
    });
  };

  const submit = async () => {
    if (inFlight.current) return;
    const missing: Record<string, string> = {};
    if (!/^\d{1,3}-\d{1,2}-\d{3,5}$/.test(form.unit.trim())) missing.unit = '房号格式应为 栋-单元-房号，例如 3-2-1201';
    if (form.description.trim().length < 5) missing.description = '请至少描述 5 个字';
    if (form.contactPhone.trim() && !/^1[3-9]\d{9}$/.test(form.contactPhone.trim())) missing.contactPhone = '请输入 11 位手机号';
    if (Object.keys(missing).length > 0) {
      setErrors(missing);
      return;
    }
    inFlight.current = true;
    setSubmitting(true);
    setFailure(null);
    try {
      const { ticket } = await call(
        'tickets',
        'create',
        {
          ...(communityId ? { communityId } : {}),
          channel: form.channel,
          kind: form.kind,
          scope: form.scope,
          unit: form.unit.trim(),
          description: form.description.trim(),
          severity: form.kind === 'emergency' ? 'major' : 'minor',
          ...(form.contactName.trim() ? { contactName: form.contactName.trim() } : {}),
          ...(form.contactPhone.trim() ? { contactPhone: form.contactPhone.trim() } : {}),
        },
        { requestId: requestId.current },
      );
      void Taro.showToast({ title: '已登记', icon: 'success' });
      void Taro.redirectTo({ url: `/packages/ticket/detail/index?id=${encodeURIComponent(ticket.id)}` });
    } catch (error) {
      if (error instanceof CloudError && error.code === 'INVALID_INPUT' && Object.keys(error.fields).length > 0) {
        setErrors(error.fields);
      } else {
        setFailure(`${messageOf(error)}。内容仍在页面上，可直接重新提交。`);
      }
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  };

  const otherErrors = Object.entries(errors).filter(([key]) => !FIELDS.includes(key));

  return (
    <View className="page record">
      <View className="form-block">
        <View className="form-block__title">来源</View>
        <View className="choice-row">
          {CHANNELS.map((channel) => (
            <View key={channel} className={`choice record-channel--${channel} ${form.channel === channel ? 'choice--on' : ''}`} onClick={() => edit({ channel })}>
              {ticketChannelLabels[channel]}
            </View>
          ))}
        </View>
        <View className="form-block__title">类型</View>
        <View className="choice-row">
          {KINDS.map((kind) => (
            <View
              key={kind}
              className={`choice record-kind--${kind} ${kind === 'emergency' ? 'choice--emergency' : ''} ${form.kind === kind ? 'choice--on' : ''}`}
              onClick={() => edit({ kind })}
            >
              {ticketKindLabels[kind]}
            </View>
          ))}
        </View>
        <View className="form-block__title">位置</View>
        <View className="choice-row">
          {SCOPES.map((scope) => (
            <View key={scope} className={`choice record-scope--${scope} ${form.scope === scope ? 'choice--on' : ''}`} onClick={() => edit({ scope })}>
              {ticketScopeLabels[scope]}
            </View>
          ))}
        </View>
      </View>

      <CellGroup title="房屋与联系人">
        <Cell title="房号" extra={<Input className="record-unit" value={form.unit} onChange={(unit) => edit({ unit })} placeholder="栋-单元-房号" align="right" />} />
        <FieldError text={errors.unit} />
        <Cell
          title="联系人"
          extra={
            <Input
              className="record-contact"
              value={form.contactName}
              onChange={(contactName) => edit({ contactName })}
              placeholder="选填，如 王先生"
              maxLength={20}
              align="right"
            />
          }
        />
        <FieldError text={errors.contactName} />
        <Cell
          title="联系电话"
          extra={
            <Input
              className="record-phone"
              type="tel"
              value={form.contactPhone}
              onChange={(contactPhone) => edit({ contactPhone })}
              placeholder="选填，11 位手机号"
              maxLength={11}
              align="right"
            />
          }
        />
        <FieldError text={errors.contactPhone} />
      </CellGroup>

      <View className="form-block">
        <View className="form-block__title">问题描述</View>
        <TextArea
          className="record-description"
          value={form.description}
          onChange={(description) => edit({ description })}
          placeholder="业主反映的问题和位置"
          maxLength={500}
          showCount
          autoSize
        />
        <FieldError text={errors.description} />
      </View>

      {otherErrors.map(([key, text]) => (
        <FieldError key={key} text={text} />
      ))}
      {failure ? <View className="ticket-warning record-failure">{failure}</View> : null}

      <View className="actions">
        <Button id="record-submit" type="primary" block loading={submitting} disabled={submitting} onClick={() => void submit()}>
          {failure ? '重新提交' : '登记'}
        </Button>
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
        <View className="muted">登记后业主会收到通知，并可在「我的工单」中查看进度。</View>
      </View>
    </View>
  );
}

export default function RecordPage() {
  return (
    <SessionGate>
      {(me) =>
        me.staff.some((post) => post.role !== 'engineer' && post.role !== 'guard') ? (
          <RecordForm me={me} />
        ) : (
          <EmptyState title="仅管家可用" description="代业主登记报事由管家在前台或接听电话时使用" />
        )
      }
    </SessionGate>
  );
}
