import { useState } from 'react';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import TextArea from '@nutui/nutui-react-taro/dist/es/packages/textarea/index';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import type { Me } from '../../../../types/account';
import type { AssignableStaff, ComplaintClass, RevisitMethod, Ticket, TicketCommand } from '../../../../types/tickets';
import {
  complaintClassLabels,
  ratingLabels,
  revisitMethodLabels,
  roleLabels,
  severityLabels,
  ticketChannelLabels,
  ticketKindLabels,
  ticketScopeLabels,
} from '../../../../types/labels';
import SessionGate from '../../../components/SessionGate';
import { ErrorState, LoadingState } from '../../../components/PageState';
import { useRemote } from '../../../hooks/useRemote';
import { call } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import { levelsOf } from '../../../utils/levels';
import { spanText } from '../../../../types/sla';
import PhotoPicker from '../shared/PhotoPicker';
import { PhotoGrid } from '../../../components/PhotoGrid';
import { act, CONFLICT_MESSAGE } from '../shared/act';

import { Deadlines, StateTag, Timeline } from '../shared/TicketParts';
import { fullTime } from '../../../utils/time';
import '../shared/ticket.scss';
import './index.scss';

type Panel = 'rate' | 'reopen' | 'assign' | 'resolve' | 'reject' | 'revisit' | 'reclassify' | null;

function FieldError({ text }: { text?: string }) {
  return text ? <View className="field-error">{text}</View> : null;
}

function Stars({ value, onChange }: { value: number; onChange: (score: number) => void }) {
  return (
    <View className="stars">
      {[1, 2, 3, 4, 5].map((score) => (
        <Text key={score} className={`star star-${score} ${score <= value ? 'star--on' : ''}`} onClick={() => onChange(score)}>
          ★
        </Text>
      ))}
      {value > 0 ? <Text className="stars__label">{ratingLabels[value]}</Text> : null}
    </View>
  );
}

function StaffPicker({ communityId, value, onChange }: { communityId: string; value: string; onChange: (openid: string) => void }) {
  const staff = useRemote(() => call('tickets', 'staffList', { communityId }), [communityId]);
  if (staff.status === 'loading' && !staff.data) return <LoadingState text="加载人员…" />;
  if (staff.status === 'error' && !staff.data) return <ErrorState message={staff.error} onRetry={() => void staff.reload()} />;
  const people: AssignableStaff[] = staff.data?.staff ?? [];
  // Engineers first: most tickets go to the maintenance team.
  const ordered = [...people].sort((a, b) => Number(b.role === 'engineer') - Number(a.role === 'engineer'));
  return (
    <View className="choice-row">
      {ordered.map((person) => (
        <View key={person.openid} className={`choice assign-person ${value === person.openid ? 'choice--on' : ''}`} onClick={() => onChange(person.openid)}>
          {person.name} · {roleLabels[person.role]}
        </View>
      ))}
    </View>
  );
}

function TicketView({ me, id }: { me: Me; id: string }) {
  const remote = useRemote(() => call('tickets', 'get', { id }), [id]);
  const [fresh, setFresh] = useState<Ticket | null>(null);
  const [panel, setPanel] = useState<Panel>(null);
  const [busy, setBusy] = useState<TicketCommand | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState(false);
  // One form's worth of fields, reset whenever a panel opens.
  const [text, setText] = useState('');
  const [score, setScore] = useState(0);
  const [photos, setPhotos] = useState<string[]>([]);
  const [photosBusy, setPhotosBusy] = useState(false);
  const [assignee, setAssignee] = useState('');
  const [method, setMethod] = useState<RevisitMethod>('phone');
  const [klass, setKlass] = useState<ComplaintClass | null>(null);

  const reload = async () => {
    setFresh(null);
    await remote.reload();
  };
  usePullDownRefresh(() => void reload().finally(() => Taro.stopPullDownRefresh()));

  const ticket = fresh ?? remote.data?.ticket ?? null;
  if (!ticket && remote.status === 'error') return <ErrorState message={remote.error} onRetry={() => void reload()} />;
  if (!ticket) return <LoadingState />;

  const allowed = new Set(ticket.allowed);
  // Staff see the reporter, phone and calendar warnings; the server already decides what they may do.
  const staff = me.isStaff;
  const now = Date.now();

  const open = (next: Panel) => {
    setPanel(next);
    setErrors({});
    setText('');
    setScore(0);
    setPhotos([]);
    setAssignee(ticket.assignee ?? '');
    setMethod('phone');
    setKlass(null);
  };

  const run = async (command: TicketCommand, done: string, request: () => Promise<{ ticket: Ticket }>) => {
    if (busy) return;
    setBusy(command);
    setConflict(false);
    const outcome = await act(request, done, async () => {
      setFresh(null);
      await remote.reload();
    });
    setBusy(null);
    if (outcome.ok) {
      setFresh(outcome.ticket);
      setPanel(null);
    } else {
      setConflict(outcome.conflict);
      if (outcome.conflict) setPanel(null);
      setErrors(outcome.fields);
    }
  };

  const need = (value: string, field: string, message: string): boolean => {
    if (value.trim()) return true;
    setErrors({ [field]: message });
    return false;
  };

  return (
    <View className="page ticket-detail">
      {conflict ? <View className="ticket-warning ticket-conflict">{CONFLICT_MESSAGE}</View> : null}
      <View className="card">
        <View className="ticket-card__head">
          <Text className="ticket-card__title">
            {ticketKindLabels[ticket.kind]} · {ticket.unit}
          </Text>
          <StateTag state={ticket.state} />
        </View>
        <View className="ticket-card__line">单号 {ticket.no}</View>
        <View className="ticket-card__line">
          {ticketScopeLabels[ticket.scope]} · {severityLabels[ticket.severity]}
          {ticket.complaintClass ? ` · ${complaintClassLabels[ticket.complaintClass]}` : ''}
        </View>
        <View className="ticket-detail__description">{ticket.description}</View>
        <PhotoGrid fileIDs={ticket.photos} />
        <View className="ticket-card__line">期望上门：{ticket.preferredAt ? fullTime(ticket.preferredAt) : '尽快'}</View>
        {staff ? (
          <View className="ticket-card__line">
            报事人：{ticket.reporterName ?? '业主'}
            {ticket.reporterPhone ? ` · ${ticket.reporterPhone}` : ''}
            {ticket.reporterPhone && !ticket.reporterPhone.includes('*') ? (
              <Text className="ticket-detail__call" onClick={() => void Taro.makePhoneCall({ phoneNumber: ticket.reporterPhone ?? '' })}>
                拨打
              </Text>
            ) : null}
          </View>
        ) : null}
        {staff && ticket.channel !== 'app' ? <View className="ticket-card__line ticket-channel">来源：{ticketChannelLabels[ticket.channel]}（管家代登记）</View> : null}
        <View className="ticket-card__line">处理人：{ticket.assigneeName ?? '待派单'}</View>
        {ticket.developerFollowUp ? <View className="ticket-card__line">由开发商维修，管家跟进</View> : null}
      </View>

      {staff && ticket.calendarWarning ? <View className="ticket-warning ticket-calendar-warning">⚠ {ticket.calendarWarning}</View> : null}

      <View className="section-title">服务时限</View>
      <View className="card">
        <Deadlines ticket={ticket} now={now} />
      </View>

      {ticket.resolution ? (
        <>
          <View className="section-title">处理结果</View>
          <View className="card ticket-resolution">
            <View className="ticket-detail__description">{ticket.resolution.note}</View>
            <PhotoGrid fileIDs={ticket.resolution.photos} />
            <View className="ticket-card__line">
              {ticket.assigneeName ? `${ticket.assigneeName} · ` : ''}
              {fullTime(ticket.resolution.at)}
            </View>
          </View>
        </>
      ) : null}

      {ticket.rating ? (
        <>
          <View className="section-title">业主评价</View>
          <View className="card ticket-rating">
            <Text className="star star--on">{'★'.repeat(ticket.rating.score)}</Text>
            <Text className="ticket-rating__label"> {ratingLabels[ticket.rating.score]}</Text>
            {ticket.rating.comment ? <View className="ticket-card__line">{ticket.rating.comment}</View> : null}
          </View>
        </>
      ) : null}
      {ticket.revisit && ticket.revisit.method !== 'online' ? (
        <View className="card ticket-card__line">
          {revisitMethodLabels[ticket.revisit.method]} · {fullTime(ticket.revisit.at)}
          {ticket.revisit.score ? ` · ${ticket.revisit.score} 分` : ''}
          {ticket.revisit.note ? `：${ticket.revisit.note}` : ''}
        </View>
      ) : null}

      {panel === 'rate' ? (
        <View className="form-block ticket-panel ticket-panel--rate">
          <View className="form-block__title">为本次服务评分</View>
          <Stars
            value={score}
            onChange={(value) => {
              setScore(value);
              setErrors({});
            }}
          />
          <FieldError text={errors.score} />
          <TextArea className="ticket-panel__text" value={text} onChange={setText} placeholder="说说您的感受（选填）" maxLength={200} showCount />
          <FieldError text={errors.comment ?? errors._} />
          {score > 0 && score <= 2 ? <View className="form-block__hint">2 分及以下会重新安排处理。</View> : null}
          <View className="ticket-actions">
            <Button
              id="ticket-rate-submit"
              type="primary"
              loading={busy === 'rate'}
              onClick={() => {
                if (score === 0) {
                  setErrors({ score: '请选择 1–5 星' });
                  return;
                }
                void run('rate', '感谢评价', () => call('tickets', 'rate', { id: ticket.id, score, ...(text.trim() ? { comment: text.trim() } : {}) }));
              }}
            >
              提交评价
            </Button>
            <Button fill="outline" onClick={() => setPanel(null)}>
              取消
            </Button>
          </View>
        </View>
      ) : null}

      {panel === 'reopen' || panel === 'reject' ? (
        <View className={`form-block ticket-panel ticket-panel--${panel}`}>
          <View className="form-block__title">{panel === 'reopen' ? '重新处理的原因' : '驳回原因（业主会看到）'}</View>
          <TextArea
            className="ticket-panel__text"
            value={text}
            onChange={(value) => {
              setText(value);
              setErrors({});
            }}
            placeholder="请填写原因"
            maxLength={200}
            showCount
          />
          <FieldError text={errors.reason ?? errors._} />
          <View className="ticket-actions">
            <Button
              id={`ticket-${panel}-submit`}
              type={panel === 'reject' ? 'danger' : 'primary'}
              loading={busy === panel}
              onClick={() => {
                if (!need(text, 'reason', '请填写原因')) return;
                const reason = text.trim();
                void (panel === 'reopen'
                  ? run('reopen', '已提交', () => call('tickets', 'reopen', { id: ticket.id, reason }))
                  : run('reject', '已驳回', () => call('tickets', 'reject', { id: ticket.id, reason })));
              }}
            >
              确定
            </Button>
            <Button fill="outline" onClick={() => setPanel(null)}>
              取消
            </Button>
          </View>
        </View>
      ) : null}

      {panel === 'reclassify' ? (
        <View className="form-block ticket-panel ticket-panel--reclassify">
          <View className="form-block__title">投诉分类</View>
          <View className="choice-row">
            {(['class1', 'class2', 'class3', 'major'] as const).map((value) => (
              <View
                key={value}
                className={`choice complaint-class--${value} ${klass === value ? 'choice--on' : ''} ${ticket.complaintClass === value ? 'choice--current' : ''}`}
                onClick={() => {
                  setKlass(value);
                  setErrors({});
                }}
              >
                {complaintClassLabels[value]}
              </View>
            ))}
          </View>
          {klass === 'major' ? (
            <View className="form-block__hint">
              重大投诉将立即通知项目经理，处理时限按 {spanText(levelsOf(me, ticket.communityId).tickets.resolve.complaint.major.span)} 重新计算。
            </View>
          ) : null}
          {klass === 'class2' ? <View className="form-block__hint">二类投诉由开发商负责维修，管家跟进，逾期书面督促。</View> : null}
          <FieldError text={errors.complaintClass} />
          <TextArea className="ticket-panel__text" value={text} onChange={setText} placeholder="分类依据（选填）" maxLength={200} showCount />
          <FieldError text={errors.note ?? errors._} />
          <View className="ticket-actions">
            <Button
              id="ticket-reclassify-submit"
              type="primary"
              loading={busy === 'reclassify'}
              onClick={() => {
                if (!klass || klass === ticket.complaintClass) {
                  setErrors({ complaintClass: '请选择新的分类' });
                  return;
                }
                const note = text.trim();
                // `seen`: another steward's change meanwhile is a conflict, not silently overwritten
                void run('reclassify', '已更新分类', () =>
                  call('tickets', 'reclassify', { id: ticket.id, complaintClass: klass, seen: ticket.complaintClass, ...(note ? { note } : {}) }),
                );
              }}
            >
              保存分类
            </Button>
            <Button fill="outline" onClick={() => setPanel(null)}>
              取消
            </Button>
          </View>
        </View>
      ) : null}

      {panel === 'assign' ? (
        <View className="form-block ticket-panel ticket-panel--assign">
          <View className="form-block__title">派单给</View>
          <StaffPicker
            communityId={ticket.communityId}
            value={assignee}
            onChange={(openid) => {
              setAssignee(openid);
              setErrors({});
            }}
          />
          <FieldError text={errors.assignee ?? errors._} />
          <View className="ticket-actions">
            <Button
              id="ticket-assign-submit"
              type="primary"
              loading={busy === 'assign'}
              onClick={() => {
                if (!need(assignee, 'assignee', '请选择处理人')) return;
                void run('assign', '已派单', () => call('tickets', 'assign', { id: ticket.id, assignee }));
              }}
            >
              确定派单
            </Button>
            <Button fill="outline" onClick={() => setPanel(null)}>
              取消
            </Button>
          </View>
        </View>
      ) : null}

      {panel === 'resolve' ? (
        <View className="form-block ticket-panel ticket-panel--resolve">
          <View className="form-block__title">处理结果</View>
          <TextArea
            className="ticket-panel__text"
            value={text}
            onChange={(value) => {
              setText(value);
              setErrors({});
            }}
            placeholder="处理了什么、用了什么材料、是否需要再次上门"
            maxLength={500}
            showCount
          />
          <FieldError text={errors.note} />
          <View className="form-block__title">现场照片（选填）</View>
          <PhotoPicker value={photos} onChange={setPhotos} folder="tickets" onBusyChange={setPhotosBusy} />
          <FieldError text={errors.photos ?? errors._} />
          <View className="ticket-actions">
            <Button
              id="ticket-resolve-submit"
              type="primary"
              loading={busy === 'resolve'}
              onClick={() => {
                if (!need(text, 'note', '请填写处理结果')) return;
                if (photosBusy) {
                  setErrors({ photos: '图片还在上传，或有上传失败的图片' });
                  return;
                }
                const note = text.trim();
                void run('resolve', '已处理完成', () => call('tickets', 'resolve', { id: ticket.id, note, ...(photos.length > 0 ? { photos } : {}) }));
              }}
            >
              确认处理完成
            </Button>
            <Button fill="outline" onClick={() => setPanel(null)}>
              取消
            </Button>
          </View>
        </View>
      ) : null}

      {panel === 'revisit' ? (
        <View className="form-block ticket-panel ticket-panel--revisit">
          <View className="form-block__title">回访方式</View>
          <View className="choice-row">
            {(['phone', 'on_site'] as const).map((value) => (
              <View key={value} className={`choice revisit-method--${value} ${method === value ? 'choice--on' : ''}`} onClick={() => setMethod(value)}>
                {revisitMethodLabels[value]}
              </View>
            ))}
          </View>
          <View className="form-block__title">业主满意度（选填）</View>
          <Stars value={score} onChange={setScore} />
          <TextArea
            className="ticket-panel__text"
            value={text}
            onChange={(value) => {
              setText(value);
              setErrors({});
            }}
            placeholder="回访记录：业主的意见、是否满意"
            maxLength={500}
            showCount
          />
          <FieldError text={errors.note ?? errors._} />
          <View className="ticket-actions">
            <Button
              id="ticket-revisit-submit"
              type="primary"
              loading={busy === 'revisit'}
              onClick={() => {
                if (!need(text, 'note', '请填写回访记录')) return;
                const note = text.trim();
                void run('revisit', '已记录回访', () => call('tickets', 'revisit', { id: ticket.id, method, note, ...(score > 0 ? { score } : {}) }));
              }}
            >
              保存回访记录
            </Button>
            <Button fill="outline" onClick={() => setPanel(null)}>
              取消
            </Button>
          </View>
        </View>
      ) : null}

      {panel === null ? (
        <View className="ticket-actions">
          {allowed.has('accept') ? (
            <Button id="ticket-accept" type="primary" loading={busy === 'accept'} onClick={() => void run('accept', '已受理', () => call('tickets', 'accept', { id: ticket.id }))}>
              受理
            </Button>
          ) : null}
          {allowed.has('assign') ? (
            <Button id="ticket-assign" type={ticket.state === 'accepted' ? 'primary' : 'default'} onClick={() => open('assign')}>
              {ticket.assignee ? '改派' : '派单'}
            </Button>
          ) : null}
          {allowed.has('arrive') ? (
            <Button id="ticket-arrive" type="primary" loading={busy === 'arrive'} onClick={() => void run('arrive', '已到场', () => call('tickets', 'arrive', { id: ticket.id }))}>
              已到场
            </Button>
          ) : null}
          {allowed.has('resolve') ? (
            <Button id="ticket-resolve" type="primary" onClick={() => open('resolve')}>
              处理完成
            </Button>
          ) : null}
          {allowed.has('revisit') ? (
            <Button id="ticket-revisit" type="default" onClick={() => open('revisit')}>
              记录回访
            </Button>
          ) : null}
          {allowed.has('reclassify') ? (
            <Button id="ticket-reclassify" type="default" onClick={() => open('reclassify')}>
              {ticket.complaintClass ? '改分类' : '投诉分类'}
            </Button>
          ) : null}
          {allowed.has('reject') ? (
            <Button id="ticket-reject" type="danger" fill="outline" onClick={() => open('reject')}>
              驳回
            </Button>
          ) : null}
          {allowed.has('rate') ? (
            <Button id="ticket-rate" type="primary" onClick={() => open('rate')}>
              评价
            </Button>
          ) : null}
          {allowed.has('reopen') ? (
            <Button id="ticket-reopen" type="warning" fill="outline" onClick={() => open('reopen')}>
              {staff ? '重新处理' : '不满意，重新处理'}
            </Button>
          ) : null}
          {allowed.has('cancel') ? (
            <Button
              id="ticket-cancel"
              type="default"
              loading={busy === 'cancel'}
              onClick={() => {
                void Taro.showModal({ title: '取消这个工单？', content: '取消后管家将不再处理。', confirmText: '取消工单', cancelText: '再想想' }).then((answer) => {
                  if (answer.confirm) void run('cancel', '已取消', () => call('tickets', 'cancel', { id: ticket.id }));
                });
              }}
            >
              取消工单
            </Button>
          ) : null}
        </View>
      ) : null}

      <View className="section-title">处理进度</View>
      <View className="card">
        <Timeline ticket={ticket} />
      </View>

      <View className="actions">
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function TicketDetailPage() {
  const router = useRouter();
  const id = router.params.id ?? '';
  return <SessionGate>{(me) => (id ? <TicketView me={me} id={id} /> : <ErrorState message="缺少工单编号" onRetry={goBack} />)}</SessionGate>;
}
