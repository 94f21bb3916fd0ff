// A lead's greetings page (SPEC §7, staff tab): each occasion's text with its placeholders, a
// preview as a given owner, this year's and last year's send counts, and the community's own dates.
import { useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Tag from '@nutui/nutui-react-taro/dist/es/packages/tag/index';
import '@nutui/nutui-react-taro/dist/es/packages/tag/style/css';
import Dialog from '@nutui/nutui-react-taro/dist/es/packages/dialog/index';
import '@nutui/nutui-react-taro/dist/es/packages/dialog/style/css';
import TextArea from '@nutui/nutui-react-taro/dist/es/packages/textarea/index';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import Input from '@nutui/nutui-react-taro/dist/es/packages/input/index';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import type { Me } from '../../../../types/account';
import type { ActionOutput } from '../../../../types/contract';
import type { GreetingOccasionView, OccasionKind } from '../../../../types/greetings';
import SessionGate from '../../../components/SessionGate';
import { EmptyState, ErrorState, LoadingState } from '../../../components/PageState';
import { useRemote } from '../../../hooks/useRemote';
import { call, CloudError, messageOf, newRequestId } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import './index.scss';

type Preview = ActionOutput<'greetings', 'preview'>;

const kindLabels: Record<OccasionKind, string> = { birthday: '生日', holiday: '节日', custom: '小区节日' };
const PLACEHOLDER_HINT = '可用占位符：{称呼} 业主称呼，{小区} 小区名，{节日} 节日名';

/** The stored placeholders ({name}) and the ones a lead reads and types ({称呼}). */
const PLACEHOLDERS: ReadonlyArray<[stored: string, shown: string]> = [
  ['{name}', '{称呼}'],
  ['{community}', '{小区}'],
  ['{occasion}', '{节日}'],
];
const shown = (text: string) => PLACEHOLDERS.reduce((t, [stored, label]) => t.split(stored).join(label), text);
const stored = (text: string) => PLACEHOLDERS.reduce((t, [key, label]) => t.split(label).join(key), text);

function chineseDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

function whenOf(o: GreetingOccasionView): string {
  if (o.kind === 'birthday') return '业主生日当天 09:00（2月29日生日在平年2月28日）';
  if (!o.nextDate) return '农历数据未覆盖，今年不会自动发送';
  return `下次：${chineseDay(o.nextDate)} 09:00${o.monthDay ? ' · 每年' : ''}`;
}

function OccasionCard({ o, busy, onEdit, onPreview, onRemove }: { o: GreetingOccasionView; busy: boolean; onEdit: () => void; onPreview: () => void; onRemove?: () => void }) {
  return (
    <View className={`card greet-card greet-card--${o.occasion}`}>
      <View className="greet-card__head">
        <Text className="greet-card__name">{o.name}</Text>
        <Tag type={o.kind === 'custom' ? 'warning' : 'primary'} plain>
          {kindLabels[o.kind]}
        </Tag>
      </View>
      <View className="greet-card__when muted">{whenOf(o)}</View>
      <View className="greet-card__counts">
        <Text>
          今年已发 <Text className="greet-card__count-value greet-card__this-year">{o.counts.thisYear}</Text>
        </Text>
        <Text>
          其中微信推送 <Text className="greet-card__count-value">{o.counts.thisYearPushed}</Text>
        </Text>
        <Text>
          去年 <Text className="greet-card__count-value greet-card__last-year">{o.counts.lastYear}</Text>
        </Text>
      </View>
      <View className="greet-card__text">{shown(o.text)}</View>
      <View className="muted">{o.isDefault ? '使用默认祝福语' : `已修改${o.updatedAt ? ` · ${o.updatedAt.slice(0, 10)}` : ''}`}</View>
      <View className="greet-card__actions">
        {onRemove ? (
          <Button size="small" fill="outline" type="danger" disabled={busy} className="greet-card__remove" onClick={onRemove}>
            删除
          </Button>
        ) : null}
        <Button size="small" fill="outline" disabled={busy} className="greet-card__preview" onClick={onPreview}>
          预览
        </Button>
        <Button size="small" type="primary" disabled={busy} className="greet-card__edit" onClick={onEdit}>
          编辑
        </Button>
      </View>
    </View>
  );
}

interface Draft {
  /** null: a new community date */
  occasion: GreetingOccasionView | null;
  custom: boolean;
  name: string;
  monthDay: string;
  text: string;
  requestId: string;
}

function Editor({ draft, onChange, errors }: { draft: Draft; onChange: (patch: Partial<Draft>) => void; errors: Record<string, string> }) {
  return (
    <View className="greet-form">
      {draft.custom ? (
        <>
          <View className="greet-form__row">
            <View className="greet-form__label">节日名称（2–10 字）</View>
            <Input className="greet-form__input greet-form__name" value={draft.name} onChange={(name) => onChange({ name })} placeholder="如：社区周年庆" maxLength={10} />
            {errors.name ? <View className="field-error">{errors.name}</View> : null}
          </View>
          <View className="greet-form__row">
            <View className="greet-form__label">日期（月-日，每年）</View>
            <Input className="greet-form__input greet-form__date" value={draft.monthDay} onChange={(monthDay) => onChange({ monthDay })} placeholder="如：05-18" maxLength={5} />
            {errors.monthDay ? <View className="field-error">{errors.monthDay}</View> : null}
          </View>
        </>
      ) : null}
      <View className="greet-form__label">祝福语</View>
      <TextArea className="greet-form__text" value={draft.text} onChange={(text) => onChange({ text })} maxLength={200} showCount autoSize />
      {errors.text ? <View className="field-error">{shown(errors.text)}</View> : null}
      <View className="muted">{PLACEHOLDER_HINT}</View>
    </View>
  );
}

function LeadGreetings({ communityId }: { communityId: string }) {
  const data = useRemote(() => call('greetings', 'templates', { communityId }), [communityId]);
  const [busy, setBusy] = useState(false);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [previewing, setPreviewing] = useState<GreetingOccasionView | null>(null);
  const [previewUnit, setPreviewUnit] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewError, setPreviewError] = useState('');
  const [removing, setRemoving] = useState<GreetingOccasionView | null>(null);

  usePullDownRefresh(() => void data.reload().finally(() => Taro.stopPullDownRefresh()));

  const fail = (error: unknown) => {
    if (error instanceof CloudError && error.code === 'INVALID_INPUT' && Object.keys(error.fields).length > 0) setErrors(error.fields);
    void Taro.showToast({ title: messageOf(error), icon: 'none', duration: 3000 });
  };

  const save = async () => {
    if (!draft) return;
    setBusy(true);
    setErrors({});
    try {
      if (draft.custom) {
        const input = {
          communityId,
          name: draft.name.trim(),
          monthDay: draft.monthDay.trim(),
          text: stored(draft.text),
          ...(draft.occasion ? { occasion: draft.occasion.occasion } : {}),
        };
        await call('greetings', 'saveCustom', input, draft.occasion ? undefined : { requestId: draft.requestId });
      } else if (draft.occasion) {
        await call('greetings', 'saveTemplate', { communityId, occasion: draft.occasion.occasion, text: stored(draft.text) });
      }
      setDraft(null);
      void Taro.showToast({ title: '已保存', icon: 'success' });
      await data.reload();
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };

  const runPreview = async (occasion: GreetingOccasionView, unit: string) => {
    setPreviewError('');
    setPreview(null);
    try {
      const input = { communityId, occasion: occasion.occasion, ...(unit.trim() ? { unit: unit.trim() } : {}) };
      setPreview(await call('greetings', 'preview', input));
    } catch (error) {
      setPreviewError(messageOf(error));
    }
  };

  const remove = async (occasion: GreetingOccasionView) => {
    setBusy(true);
    try {
      await call('greetings', 'removeCustom', { communityId, occasion: occasion.occasion });
      setRemoving(null);
      void Taro.showToast({ title: '已删除', icon: 'success' });
      await data.reload();
    } catch (error) {
      fail(error);
      setRemoving(null);
      await data.reload();
    } finally {
      setBusy(false);
    }
  };

  if (data.status === 'loading' && !data.data) return <LoadingState />;
  if (data.status === 'error' && !data.data) return <ErrorState message={data.error} onRetry={() => void data.reload()} />;
  const templates = data.data;
  if (!templates) return <LoadingState />;
  const fixed = templates.occasions.filter((o) => o.kind !== 'custom');
  const custom = templates.occasions.filter((o) => o.kind === 'custom');
  const edit = (o: GreetingOccasionView) => {
    setErrors({});
    setDraft({ occasion: o, custom: o.kind === 'custom', name: o.name, monthDay: o.monthDay ?? '', text: shown(o.text), requestId: newRequestId() });
  };
  const openPreview = (o: GreetingOccasionView) => {
    setPreviewing(o);
    void runPreview(o, previewUnit);
  };

  return (
    <View className="page greet-lead">
      {templates.warning ? <View className="greet-warning">{templates.warning}</View> : null}
      <View className="section-title">
        {templates.communityName} · {templates.year} 年 · 入住且开启祝福的业主在当天 09:00 收到
      </View>
      {fixed.map((o) => (
        <OccasionCard key={o.occasion} o={o} busy={busy} onEdit={() => edit(o)} onPreview={() => openPreview(o)} />
      ))}

      <View className="section-title">小区自定义节日（{custom.length}）</View>
      {custom.length === 0 ? <EmptyState title="还没有小区自定义节日" description="如社区周年庆、业主答谢日，每年当天发送祝福" /> : null}
      {custom.map((o) => (
        <OccasionCard key={o.occasion} o={o} busy={busy} onEdit={() => edit(o)} onPreview={() => openPreview(o)} onRemove={() => setRemoving(o)} />
      ))}
      <View className="actions">
        <Button
          block
          type="primary"
          fill="outline"
          className="greet-add-custom"
          disabled={busy}
          onClick={() => {
            setErrors({});
            setDraft({ occasion: null, custom: true, name: '', monthDay: '', text: '{称呼}，{小区}管家团队祝您{节日}快乐！', requestId: newRequestId() });
          }}
        >
          新增小区节日
        </Button>
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>

      <Dialog
        className="greet-editor"
        visible={draft !== null}
        title={draft?.occasion ? `编辑「${draft.occasion.name}」` : '新增小区节日'}
        confirmText={busy ? '保存中…' : '保存'}
        cancelText="取消"
        disableConfirmButton={busy}
        onCancel={() => setDraft(null)}
        onConfirm={() => void save()}
      >
        {draft ? <Editor draft={draft} errors={errors} onChange={(patch) => setDraft({ ...draft, ...patch })} /> : null}
      </Dialog>

      <Dialog
        className="greet-preview-dialog"
        visible={previewing !== null}
        title={`预览「${previewing?.name ?? ''}」`}
        confirmText="关闭"
        hideCancelButton
        onConfirm={() => setPreviewing(null)}
        onCancel={() => setPreviewing(null)}
      >
        <View className="greet-form__row">
          <View className="greet-form__label">以哪位业主的身份预览（房号，留空为示例业主）</View>
          <Input className="greet-form__input greet-preview__unit" value={previewUnit} onChange={setPreviewUnit} placeholder="如：1-1-101" />
          <Button
            size="small"
            className="greet-preview__go"
            onClick={() => {
              if (previewing) void runPreview(previewing, previewUnit);
            }}
          >
            生成预览
          </Button>
        </View>
        {previewError ? <View className="field-error greet-preview__error">{previewError}</View> : null}
        {!preview && !previewError ? <LoadingState text="生成预览…" /> : null}
        {preview ? (
          <View className="greet-preview">
            <View className="muted">{preview.person ? `发给 ${preview.person.name}${preview.person.unit ? `（${preview.person.unit}）` : ''}` : '示例业主'}</View>
            <View className="greet-preview__title">{preview.title}</View>
            <View className="greet-preview__body">{preview.body}</View>
            <View className="greet-preview__push muted">微信订阅消息：{Object.values(preview.subscription).join(' · ')}</View>
          </View>
        ) : null}
      </Dialog>

      <Dialog
        visible={removing !== null}
        title={`删除「${removing?.name ?? ''}」？`}
        confirmText="删除"
        cancelText="取消"
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          if (removing) void remove(removing);
        }}
      >
        已发出的祝福仍保留在业主的消息中心。
      </Dialog>
    </View>
  );
}

function LeadGate({ me }: { me: Me }) {
  const communities = [...new Set(me.staff.filter((p) => p.role === 'lead' || p.role === 'manager').map((p) => p.communityId))];
  if (communities.length === 0) {
    return (
      <View className="page">
        <EmptyState title="仅班长或项目经理可管理祝福" description="请联系班长修改祝福语">
          <Button size="small" onClick={goBack}>
            返回
          </Button>
        </EmptyState>
      </View>
    );
  }
  return <LeadGreetings communityId={communities[0]} />;
}

export default function LeadGreetingsPage() {
  return <SessionGate>{(me) => <LeadGate me={me} />}</SessionGate>;
}
