import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Cell from '@nutui/nutui-react-taro/dist/es/packages/cell/index';
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css';
import TextArea from '@nutui/nutui-react-taro/dist/es/packages/textarea/index';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import DatePicker from '@nutui/nutui-react-taro/dist/es/packages/datepicker/index';
import '@nutui/nutui-react-taro/dist/es/packages/datepicker/style/css';
import type { Me } from '../../../../types/account';
import type { TicketKind, TicketScope } from '../../../../types/tickets';
import type { ServiceLevels } from '../../../../types/sla';
import { withinText } from '../../../../types/sla-text';
import { ticketKindLabels, ticketScopeLabels } from '../../../../types/labels';
import SessionGate from '../../../components/SessionGate';
import { BindFirstState } from '../../../components/PageState';
import { PrivacyNotice, usePrivacyConsent } from '../../../components/PrivacyConsent';
import { call, CloudError, messageOf } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import { levelsOf, within } from '../../../utils/levels';
import PhotoPicker from '../shared/PhotoPicker';
import { recordGrants, requestSubscriptions } from '../../../services/subscribe';
import { fullTime, pickedIso } from '../../../utils/time';
import { clearDraft, freshDraft, hasContent, loadDraft, saveDraft, type ReportDraft } from './draft';
import '../shared/ticket.scss';
import './index.scss';

const KINDS: TicketKind[] = ['repair', 'warranty', 'complaint', 'suggestion', 'emergency'];
const SCOPES: TicketScope[] = ['in_home', 'public_area'];
/** What each kind means to an owner, and the promise that comes with it in the community's levels. */
function kindHint(kind: TicketKind, { tickets: t }: ServiceLevels): string {
  switch (kind) {
    case 'repair':
      return `户内或公共设施损坏。受理后${within(t.arrive.repair.span)}到场（或按您约定的时间），小修${within(t.resolve.repair.minor.span)}修复。`;
    case 'warranty':
      return `房屋质量遗留问题，由开发商保修，管家跟进。小问题${within(t.resolve.warranty.minor.span)}处理。`;
    case 'complaint':
      return `对服务不满意。一般投诉${within(t.resolve.complaint.general.span)}处理，处理后${within(t.revisit.complaint.span)}回访。`;
    case 'suggestion':
      return `对小区和服务的意见建议，${withinText(t.resolve.suggestion.span)}答复。`;
    case 'emergency':
      return `火情、漏水、停电停水、燃气泄漏、电梯困人、治安事件。${withinText(t.arrive.emergency.span)}到场，请同时拨打物业电话。`;
  }
}
const FIELDS = ['kind', 'scope', 'unit', 'description', 'photos', 'preferredAt'];

/** Kinds someone comes to the home for at a time the owner picks (a complaint or suggestion is answered, an emergency is now). */
const VISITED: readonly TicketKind[] = ['repair', 'warranty'];

function FieldError({ text }: { text?: string }) {
  return text ? <View className="field-error">{text}</View> : null;
}

function ReportForm({ me }: { me: Me }) {
  const router = useRouter();
  const units = me.units.filter((unit) => unit.state === 'active');
  const startKind = KINDS.find((kind) => kind === router.params.kind);
  const [restored] = useState(() => loadDraft());
  const [draft, setDraft] = useState<ReportDraft>(() => restored ?? freshDraft(units[0] ?? null, startKind));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [photosBusy, setPhotosBusy] = useState(false);
  const [pickingTime, setPickingTime] = useState(false);
  const privacy = usePrivacyConsent();
  const levels = levelsOf(me, draft.communityId);
  // A tap while a submit is on its way must not send a second one (state updates too late for that).
  const inFlight = useRef(false);

  // Every change is on the phone at once: leaving the page or losing the network keeps it.
  useEffect(() => {
    if (hasContent(draft)) saveDraft(draft);
  }, [draft]);

  const edit = (patch: Partial<ReportDraft>) => {
    setDraft((previous) => ({ ...previous, ...patch }));
    setErrors((previous) => {
      const next = { ...previous };
      for (const key of Object.keys(patch)) delete next[key];
      return next;
    });
  };
  const onPhotos = useCallback((photos: string[]) => edit({ photos }), []);

  const send = async (grants: ReturnType<typeof requestSubscriptions>) => {
    setSubmitting(true);
    setFailure(null);
    try {
      // The person has answered WeChat's dialog by now; counting the grant first lets the server
      // send the "受理" message for this very ticket.
      await recordGrants(grants);
      const { ticket } = await call(
        'tickets',
        'create',
        {
          communityId: draft.communityId || undefined,
          kind: draft.kind,
          scope: draft.scope,
          unit: draft.unit,
          description: draft.description.trim(),
          photos: draft.photos,
          ...(draft.preferredAt && VISITED.includes(draft.kind) ? { preferredAt: draft.preferredAt } : {}),
          severity: draft.kind === 'emergency' ? 'major' : 'minor',
        },
        { requestId: draft.requestId },
      );
      clearDraft();
      void Taro.showToast({ title: '提交成功', icon: 'success' });
      void Taro.redirectTo({ url: `/packages/ticket/detail/index?id=${encodeURIComponent(ticket.id)}` });
    } catch (error) {
      if (error instanceof CloudError && error.code === 'INVALID_INPUT' && Object.keys(error.fields).length > 0) {
        setErrors(error.fields);
      } else {
        // The draft and its requestId stay: the retry below resends the very same request.
        setFailure(`${messageOf(error)}。内容已保存在本机，可直接重新提交。`);
      }
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  };

  const onSubmit = () => {
    if (inFlight.current) return;
    const missing: Record<string, string> = {};
    if (!draft.unit) missing.unit = '请选择房屋';
    if (draft.description.trim().length < 5) missing.description = '请至少描述 5 个字';
    if (Object.keys(missing).length > 0) {
      setErrors(missing);
      return;
    }
    if (photosBusy) {
      setErrors({ photos: '图片还在上传，或有上传失败的图片（点图片重试或删除）' });
      return;
    }
    inFlight.current = true;
    // Must run in the tap's own call stack, before anything is awaited, or WeChat refuses it.
    const grants = requestSubscriptions(['ticketProgress', 'revisitInvite']);
    void send(grants);
  };

  if (units.length === 0) {
    return <BindFirstState description="绑定并核验房屋后即可报事报修" />;
  }

  const otherErrors = Object.entries(errors).filter(([key]) => !FIELDS.includes(key));
  const now = new Date();

  return (
    <View className="page report">
      {restored && hasContent(restored) ? (
        <View className="ticket-warning report-restored">
          已恢复您上次填写的内容。
          <Text
            className="report-restored__discard"
            onClick={() => {
              clearDraft();
              setDraft(freshDraft(units[0] ?? null));
            }}
          >
            清空重填
          </Text>
        </View>
      ) : null}

      <View className="form-block">
        <View className="form-block__title">类型</View>
        <View className="choice-row">
          {KINDS.map((kind) => (
            <View
              key={kind}
              className={`choice report-kind report-kind--${kind} ${kind === 'emergency' ? 'choice--emergency' : ''} ${draft.kind === kind ? 'choice--on' : ''}`}
              onClick={() => edit({ kind })}
            >
              {ticketKindLabels[kind]}
            </View>
          ))}
        </View>
        <View className="form-block__hint report-hint">{kindHint(draft.kind, levels)}</View>
        <View className="form-block__hint report-promise">提交后管家将在{within(levels.tickets.respond.span)}响应。</View>
        <FieldError text={errors.kind} />

        <View className="form-block__title">位置</View>
        <View className="choice-row">
          {SCOPES.map((scope) => (
            <View key={scope} className={`choice report-scope report-scope--${scope} ${draft.scope === scope ? 'choice--on' : ''}`} onClick={() => edit({ scope })}>
              {ticketScopeLabels[scope]}
            </View>
          ))}
        </View>
        <FieldError text={errors.scope} />

        <View className="form-block__title">房屋</View>
        <View className="choice-row">
          {units.map((unit) => (
            <View
              key={unit.id}
              className={`choice report-unit ${draft.unit === unit.unit && draft.communityId === unit.communityId ? 'choice--on' : ''}`}
              onClick={() => edit({ unit: unit.unit, communityId: unit.communityId })}
            >
              {unit.unit}
            </View>
          ))}
        </View>
        <FieldError text={errors.unit ?? errors.communityId} />
      </View>

      <View className="form-block">
        <View className="form-block__title">问题描述</View>
        <TextArea
          className="report-description"
          value={draft.description}
          onChange={(description) => edit({ description })}
          placeholder="请描述问题和位置，例如：卫生间洗手盆下水管漏水"
          maxLength={500}
          showCount
          autoSize
        />
        <FieldError text={errors.description} />

        <View className="form-block__title">照片（选填，最多 9 张）</View>
        {privacy.granted === false ? (
          <PrivacyNotice purpose="上传照片需要访问您的相册或相机。" onAgreeH5={privacy.agreeH5} onAgreeWeapp={privacy.onAgreeWeapp} />
        ) : (
          <PhotoPicker value={draft.photos} onChange={onPhotos} folder="tickets" onBusyChange={setPhotosBusy} disabled={submitting} />
        )}
        <FieldError text={errors.photos} />
      </View>

      {VISITED.includes(draft.kind) ? (
        <View className="form-block form-block--cell">
          <Cell className="report-time" title="期望上门时间" extra={draft.preferredAt ? fullTime(draft.preferredAt) : '尽快'} clickable onClick={() => setPickingTime(true)} />
          {draft.preferredAt ? (
            <View className="form-block__hint report-time__clear" onClick={() => edit({ preferredAt: null })}>
              改为尽快上门
            </View>
          ) : null}
          <FieldError text={errors.preferredAt} />
        </View>
      ) : null}

      {otherErrors.map(([key, text]) => (
        <FieldError key={key} text={text} />
      ))}
      {failure ? <View className="ticket-warning report-failure">{failure}</View> : null}

      <View className="actions">
        <Button id="ticket-submit" className="ticket-submit" type="primary" block loading={submitting} disabled={submitting} onClick={onSubmit}>
          {failure ? '重新提交' : '提交'}
        </Button>
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
        <View className="muted">提交时会请求订阅「工单进度提醒」和「服务评价邀请」，进度也会出现在消息中心。</View>
      </View>

      <DatePicker
        visible={pickingTime}
        title="期望上门时间"
        type="datetime"
        showChinese
        minuteStep={30}
        startDate={now}
        endDate={new Date(now.getTime() + 14 * 86400_000)}
        defaultValue={new Date(now.getTime() + 3600_000)}
        onClose={() => setPickingTime(false)}
        onConfirm={(_options, values) => {
          const [year, month, day, hour, minute] = values.map(Number);
          if ([year, month, day, hour, minute].every((n) => Number.isFinite(n))) {
            edit({ preferredAt: pickedIso(new Date(year, month - 1, day, hour, minute)) });
          }
          setPickingTime(false);
        }}
      />
    </View>
  );
}

export default function ReportPage() {
  return <SessionGate>{(me) => <ReportForm me={me} />}</SessionGate>;
}
