// 节假日与服务时限 (leads and managers edit, stewards read): the working-day calendar for years the
// package does not know yet, and the community's service levels under a new version. Existing
// tickets keep their deadlines and version; only clocks started after a save use it.
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Input from '@nutui/nutui-react-taro/dist/es/packages/input/index';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import TextArea from '@nutui/nutui-react-taro/dist/es/packages/textarea/index';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import type { Me } from '../../../../types/account';
import type { ActionOutput } from '../../../../types/contract';
import type { CalendarYear } from '../../../../types/tickets';
import { calendarSourceLabels, policyRowLabels } from '../../../../types/labels';
import type { SlaSpan, SlaSpans } from '../../../../types/sla';
import { spanText, spanUnitLabels } from '../../../../types/sla-text';
import SessionGate from '../../../components/SessionGate';
import { EmptyState, ErrorState, LoadingState } from '../../../components/PageState';
import { useRemote } from '../../../hooks/useRemote';
import { call, CloudError, messageOf } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import '../shared/ticket.scss';
import './index.scss';

function FieldError({ text }: { text?: string }) {
  return text ? <View className="field-error">{text}</View> : null;
}

/** Dates typed one per line, or separated by spaces, commas or 、 */
function datesOf(text: string): string[] {
  return text
    .split(/[\s,，、;；]+/)
    .map((d) => d.trim())
    .filter(Boolean);
}

function CalendarSection({ onSaved }: { onSaved: () => void }) {
  const remote = useRemote(() => call('tickets', 'calendar', {}), []);
  const [editing, setEditing] = useState<CalendarYear | null>(null);
  const [holidays, setHolidays] = useState('');
  const [workdays, setWorkdays] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  if (remote.status === 'loading' && !remote.data) return <LoadingState text="加载节假日…" />;
  if (remote.status === 'error' && !remote.data) return <ErrorState message={remote.error} onRetry={() => void remote.reload()} />;
  const data = remote.data;
  if (!data) return null;

  const edit = (year: CalendarYear) => {
    setEditing(year);
    setHolidays(year.holidays.join('\n'));
    setWorkdays(year.workdays.join('\n'));
    setErrors({});
  };

  const save = async () => {
    if (!editing || saving) return;
    setSaving(true);
    setErrors({});
    try {
      await call('tickets', 'saveCalendar', { year: editing.year, holidays: datesOf(holidays), workdays: datesOf(workdays) });
      void Taro.showToast({ title: '已保存', icon: 'success' });
      setEditing(null);
      await remote.reload();
      onSaved();
    } catch (error) {
      if (error instanceof CloudError && error.code === 'INVALID_INPUT') {
        // holidays.3 → holidays: the message names the date
        const fields: Record<string, string> = {};
        for (const [key, text] of Object.entries(error.fields)) fields[key.split('.')[0]] ??= text;
        setErrors(Object.keys(fields).length > 0 ? fields : { _: error.message });
      } else setErrors({ _: messageOf(error) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <View className="card settings-calendar">
      {data.warning ? <View className="ticket-warning settings-calendar__warning">⚠ {data.warning}</View> : null}
      {data.years.map((year) => (
        <View key={year.year} className={`settings-row settings-year settings-year--${year.year}`}>
          <Text className="settings-row__label">{year.year} 年</Text>
          <Text className={`settings-row__value source--${year.source}`}>
            {calendarSourceLabels[year.source]}
            {year.source === 'override' ? `（假日 ${year.holidays.length} 天，调休上班 ${year.workdays.length} 天${year.updatedByName ? `，${year.updatedByName}录入` : ''}）` : ''}
          </Text>
          {data.canEdit && year.source !== 'package' ? (
            <Text className="settings-row__action settings-year__edit" onClick={() => edit(year)}>
              {year.source === 'none' ? '录入' : '修改'}
            </Text>
          ) : null}
        </View>
      ))}
      {editing ? (
        <View className="form-block settings-calendar__form">
          <View className="form-block__title">{editing.year} 年放假日期（除普通周末外的休息日，含假期中的周末）</View>
          <TextArea className="settings-holidays" value={holidays} onChange={setHolidays} placeholder={`每行一个日期，如 ${editing.year}-01-01`} maxLength={8000} autoSize />
          <FieldError text={errors.holidays} />
          <View className="form-block__title">{editing.year} 年调休上班日（周末上班）</View>
          <TextArea className="settings-workdays" value={workdays} onChange={setWorkdays} placeholder={`每行一个日期，如 ${editing.year}-02-14`} maxLength={4000} autoSize />
          <FieldError text={errors.workdays ?? errors.year ?? errors._} />
          <View className="form-block__hint">保存后新产生的时限按此计算，已有工单的时限不变。</View>
          <View className="ticket-actions">
            <Button id="settings-calendar-save" type="primary" loading={saving} onClick={() => void save()}>
              保存 {editing.year} 年
            </Button>
            <Button fill="outline" onClick={() => setEditing(null)}>
              取消
            </Button>
          </View>
        </View>
      ) : null}
    </View>
  );
}

type Policy = ActionOutput<'tickets', 'policy'>;

/** The editable rows: every span but an emergency's resolution, which the seeds leave to escalation. */
const ROWS = Object.keys(policyRowLabels);

/**
 * A version as people read it: the company's standard (guanjia-2026.1) or a community's own
 * (yuehai-2027.1, or 2027.1 as typed now) — the id prefix means nothing on screen.
 */
function versionLabel(version: string): string {
  const match = /^([a-z0-9_]+)-(.+)$/.exec(version);
  if (!match) return version;
  return match[1] === 'guanjia' ? `公司标准 ${match[2]}` : `本小区 ${match[2]}`;
}
const UNITS: SlaSpan['unit'][] = ['minutes', 'hours', 'calendarDays', 'workingDays', 'sameDay', 'sameMonth'];

// The spans object is walked by its dotted row keys; its shape is the contract's (SlaSpans), so the
// casts below only step through objects that are known to be there.
function spanAt(spans: SlaSpans, row: string): SlaSpan {
  let node: unknown = spans;
  for (const part of row.split('.')) node = (node as Record<string, unknown>)[part];
  return (node as { span: SlaSpan }).span;
}
function withSpan(spans: SlaSpans, row: string, span: SlaSpan): SlaSpans {
  const copy = JSON.parse(JSON.stringify(spans)) as SlaSpans;
  let node = copy as unknown as Record<string, unknown>;
  const parts = row.split('.');
  for (const part of parts.slice(0, -1)) node = node[part] as Record<string, unknown>;
  node[parts[parts.length - 1]] = { span };
  return copy;
}

function PolicySection({ policy, reload }: { policy: Policy; reload: () => Promise<void> }) {
  const [draft, setDraft] = useState<SlaSpans | null>(null);
  const [version, setVersion] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const spans = draft ?? policy.spans;

  const setAmount = (row: string, text: string) => {
    const current = spanAt(spans, row);
    // an emptied field is 0 until typed again, and then said to be too small under its row
    const amount = text.trim() === '' ? 0 : Number(text);
    if (!('amount' in current) || !Number.isFinite(amount)) return;
    setDraft(withSpan(spans, row, { ...current, amount }));
    setErrors(({ [row]: _gone, ...rest }) => rest);
  };
  const setUnit = (row: string, unit: SlaSpan['unit']) => {
    const current = spanAt(spans, row);
    const amount = 'amount' in current ? current.amount : 1;
    const span: SlaSpan = unit === 'sameDay' || unit === 'sameMonth' ? { unit } : { unit, amount };
    setDraft(withSpan(spans, row, span));
  };

  const save = async () => {
    if (!draft || saving) return;
    if (!version.trim()) {
      setErrors({ version: '请填写新的版本号，如 2027.1' });
      return;
    }
    // Each row's problem under that row, in words, before anything is sent.
    const rowErrors: Record<string, string> = {};
    for (const row of ROWS) {
      const span = spanAt(draft, row);
      if ('amount' in span && (!Number.isInteger(span.amount) || span.amount < 1)) rowErrors[row] = '请填写大于 0 的整数';
    }
    if (Object.keys(rowErrors).length > 0) {
      setErrors(rowErrors);
      return;
    }
    setSaving(true);
    setErrors({});
    try {
      // Every span is sent: the saved version states the community's whole table.
      await call('tickets', 'savePolicy', { communityId: policy.communityId, baseVersion: policy.version, override: { version: version.trim(), ...draft } });
      void Taro.showToast({ title: '已保存新版本', icon: 'success' });
      setDraft(null);
      setVersion('');
      await reload();
    } catch (error) {
      if (error instanceof CloudError && error.code === 'CONFLICT') {
        setErrors({ _: `${error.message}` });
        setDraft(null);
        await reload();
      } else if (error instanceof CloudError && error.code === 'INVALID_INPUT') {
        const fields: Record<string, string> = {};
        // override.resolve.repair.minor.span.amount → the row resolve.repair.minor
        for (const [key, text] of Object.entries(error.fields))
          fields[key === 'override.version' ? 'version' : (ROWS.find((row) => key.startsWith(`override.${row}.`)) ?? '_')] ??= text;
        setErrors(Object.keys(fields).length > 0 ? fields : { _: error.message });
      } else setErrors({ _: messageOf(error) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <View className="card settings-policy">
      <View className="settings-row">
        <Text className="settings-row__label">当前版本</Text>
        <Text className="settings-row__value settings-policy__version">{versionLabel(policy.version)}</Text>
      </View>
      {ROWS.map((row) => {
        const span = spanAt(spans, row);
        const changed = draft !== null && JSON.stringify(span) !== JSON.stringify(spanAt(policy.spans, row));
        return (
          <View key={row} className={`settings-span settings-span--${row.replace(/\./g, '-')} ${changed ? 'settings-span--changed' : ''}`}>
            <View className="settings-row">
              <Text className="settings-row__label">{policyRowLabels[row]}</Text>
              <Text className="settings-row__value">{spanText(span)}</Text>
            </View>
            {policy.canEdit ? (
              <View className="choice-row settings-span__edit">
                {'amount' in span ? (
                  <Input className="settings-span__amount" type="number" value={String(span.amount)} onChange={(text) => setAmount(row, text)} maxLength={5} />
                ) : null}
                {UNITS.map((unit) => (
                  <Text key={unit} className={`choice choice--small settings-unit--${unit} ${span.unit === unit ? 'choice--on' : ''}`} onClick={() => setUnit(row, unit)}>
                    {spanUnitLabels[unit]}
                  </Text>
                ))}
              </View>
            ) : null}
            <FieldError text={errors[row]} />
          </View>
        );
      })}
      {policy.canEdit ? (
        <View className="form-block">
          <View className="form-block__title">新版本号（工单会记录它，不能重复使用）</View>
          <Input
            className="settings-policy__new-version"
            value={version}
            onChange={(text) => {
              setVersion(text);
              setErrors({});
            }}
            placeholder="如 2027.1"
            maxLength={40}
          />
          <FieldError text={errors.version} />
          <FieldError text={errors._} />
          <View className="form-block__hint">保存后新报事按新时限计算，已有工单保持原时限和版本。</View>
          <View className="ticket-actions">
            <Button id="settings-policy-save" type="primary" loading={saving} disabled={!draft} onClick={() => void save()}>
              保存为新版本
            </Button>
            {draft ? (
              <Button fill="outline" onClick={() => setDraft(null)}>
                放弃修改
              </Button>
            ) : null}
          </View>
        </View>
      ) : (
        <View className="form-block__hint">仅班长和项目经理可以修改。</View>
      )}
      {policy.history.length > 0 ? (
        <View className="settings-history">
          {policy.history.map((h) => (
            <View key={h.version} className="ticket-card__line">
              {versionLabel(h.version)} · {h.savedByName ?? ''} · {h.savedAt.slice(0, 16).replace('T', ' ')}
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}

function Settings({ me }: { me: Me }) {
  const communityId = me.staff.find((post) => post.role !== 'engineer' && post.role !== 'guard')?.communityId;
  const policy = useRemote(() => call('tickets', 'policy', communityId ? { communityId } : {}), [communityId]);
  return (
    <View className="page settings">
      <View className="section-title">法定节假日</View>
      <CalendarSection onSaved={() => undefined} />
      <View className="section-title">服务时限（物业服务标准）</View>
      {policy.status === 'loading' && !policy.data ? <LoadingState text="加载服务时限…" /> : null}
      {policy.status === 'error' && !policy.data ? <ErrorState message={policy.error} onRetry={() => void policy.reload()} /> : null}
      {policy.data ? <PolicySection policy={policy.data} reload={policy.reload} /> : null}
      <View className="actions">
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function SettingsPage() {
  return (
    <SessionGate>
      {(me) => (me.staff.some((post) => post.role !== 'engineer' && post.role !== 'guard') ? <Settings me={me} /> : <EmptyState title="仅管家、班长和项目经理可见" />)}
    </SessionGate>
  );
}
