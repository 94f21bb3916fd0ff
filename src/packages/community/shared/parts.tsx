// What the community pages share: labels, the caller's community as staff, and small parts.
import { Text, View } from '@tarojs/components';
import type { Me } from '../../../../types/account';
import type { StaffRole } from '../../../../types/enums';
import type { NoticeState } from '../../../../types/notices';
import type { EventState, SignupState } from '../../../../types/events';
import type { FollowupState, FollowupStep } from '../../../../types/surveys';

export const noticeStateLabels: Record<NoticeState, string> = {
  draft: '草稿',
  submitted: '待审批',
  returned: '已退回',
  published: '已发布',
  revoked: '已撤回',
  archived: '已归档',
};

const noticeTone: Record<NoticeState, string> = { draft: 'working', submitted: 'waiting', returned: 'waiting', published: 'done', revoked: 'stopped', archived: 'stopped' };

export const eventStateLabels: Record<EventState, string> = { planned: '计划中', open: '报名中', held: '已举办', cancelled: '已取消' };
const eventTone: Record<EventState, string> = { planned: 'working', open: 'waiting', held: 'done', cancelled: 'stopped' };

export const signupStateLabels: Record<SignupState, string> = { signed: '已报名', waiting: '候补中', cancelled: '已取消' };

export const followupStateLabels: Record<FollowupState, string> = { open: '待沟通', communicated: '待处理', handled: '待回访', closed: '已关闭' };
export const followupStepLabels: Record<FollowupStep, string> = { communicate: '沟通', handle: '处理', revisit: '回访' };
/** The step a follow-up needs next (null once closed). */
export const nextStep: Record<FollowupState, FollowupStep | null> = { open: 'communicate', communicated: 'handle', handled: 'revisit', closed: null };

export function StateTag({ kind, state }: { kind: 'notice'; state: NoticeState } | { kind: 'event'; state: EventState }) {
  const label = kind === 'notice' ? noticeStateLabels[state] : eventStateLabels[state];
  const tone = kind === 'notice' ? noticeTone[state] : eventTone[state];
  return <Text className={`cm-state cm-state--${tone}`}>{label}</Text>;
}

/** Posts rank steward < lead < manager: a higher post may do what a lower one may (as the functions decide). */
const RANK: Partial<Record<StaffRole, number>> = { steward: 1, lead: 2, manager: 3 };

/** The first community where the person holds at least `role`, or null. */
export function staffCommunity(me: Me, role: 'steward' | 'lead' | 'manager'): string | null {
  const need = RANK[role] ?? 9;
  return me.staff.find((post) => (RANK[post.role] ?? 0) >= need)?.communityId ?? null;
}

export function Row({ label, value, low }: { label: string; value: string; low?: boolean }) {
  return (
    <View className={`cm-row ${low ? 'cm-row--low' : ''}`}>
      <Text className="cm-row__label">{label}</Text>
      <Text>{value}</Text>
    </View>
  );
}

/** 93.3 % / — */
export const percentText = (p: number | null) => (p === null ? '—' : `${Math.round(p * 10) / 10} %`);

/** Shanghai's calendar day of an instant, YYYY-MM-DD. */
export function shanghaiDay(ms: number = Date.now()): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
}

/** 2026-Q4 for an instant, in Shanghai. */
export function quarterOf(ms: number = Date.now()): string {
  const day = shanghaiDay(ms);
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

/** "2026-12-20 14:00" typed on a form → an ISO time at +08:00, or null when it is not one. */
export function typedTime(text: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})\s+(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4].padStart(2, '0')}:${m[5]}:00+08:00`;
  return Number.isNaN(Date.parse(iso)) ? null : iso;
}
