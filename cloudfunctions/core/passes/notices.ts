// Who hears about a pass, through notify (inbox first, a subscription message while a grant lasts).
// A failed notice never undoes the change it reports (core/workflow/notices.ts): it is logged and
// the inbox carries the news.
import type { StaffDoc } from '../accounts/model';
import type { Database } from '../sdk';
import { spanText } from '../../../types/sla';
import { defaultPassPolicy } from '../sla/passes';
import { type NoticeOutcome, tellAfterWrite } from '../workflow/notices';
import { shanghaiParts } from '../time';
import type { PassDoc } from './model';

export const passPage = (id: string) => `/packages/pass/detail/index?id=${id}`;

const pad = (n: number) => String(n).padStart(2, '0');

/** 11月24日 14:00-18:00, or 11月24日 22:00-次日02:00: fits WeChat's 20-character `thing`. */
export function windowText(from: Date, to: Date): string {
  const a = shanghaiParts(from);
  const b = shanghaiParts(to);
  const sameDay = a.year === b.year && a.month === b.month && a.day === b.day;
  return `${a.month}月${a.day}日 ${pad(a.hour)}:${pad(a.minute)}-${sameDay ? '' : '次日'}${pad(b.hour)}:${pad(b.minute)}`;
}

/** 放行审批结果 to one person about a pass. `result` is at most 5 Chinese characters. */
export function tellPerson(database: Database, openid: string, pass: PassDoc, result: string, body: string, note: string, now: Date): Promise<NoticeOutcome> {
  return tellAfterWrite(
    database,
    'passes',
    `${result} ${pass._id}`,
    () => [
      {
        openid,
        template: 'passDecision',
        title: `物品放行：${result}`,
        body,
        values: { unit: `${pass.unit} ${pass.no}`, result, window: windowText(pass.from, pass.to), note },
        page: passPage(pass._id),
      },
    ],
    now,
  );
}

/** A pass whose window ended before anyone decided it: the applicant (and a resident's owner) are told once each. */
export function tellLapsed(database: Database, pass: PassDoc, openids: readonly string[], now: Date): Promise<NoticeOutcome> {
  const waiting = pass.state === 'pending' && pass.needsOwner ? '业主确认' : '管家审批';
  return tellAfterWrite(
    database,
    'passes',
    `lapsed ${pass._id}`,
    () =>
      [...new Set(openids)].map((openid) => ({
        openid,
        template: 'passDecision' as const,
        title: '物品放行：已过期',
        body: `物品放行申请 ${pass.no}（${windowText(pass.from, pass.to)}）在放行时段结束前未完成${waiting}，已失效。如仍需搬出，请重新申请。`,
        values: { unit: `${pass.unit} ${pass.no}`, result: '已过期', window: windowText(pass.from, pass.to), note: `未完成${waiting}，请重新申请` },
        page: passPage(pass._id),
      })),
    now,
  );
}

/** The stewards who should decide a pass: the duty stewards and the building's area steward. */
export function stewardsFor(staff: readonly StaffDoc[], building: string): string[] {
  const stewards = staff.filter((s) => s.role === 'steward');
  const chosen = stewards.filter((s) => s.kind === 'duty' || s.buildings.includes(building));
  return (chosen.length > 0 ? chosen : stewards).map((s) => s.openid);
}

/** A pass waits for a steward's decision (待办提醒 with the policy's decision deadline). */
export function tellStewards(database: Database, pass: PassDoc, title: string, due: Date, now: Date): Promise<NoticeOutcome> {
  const _ = database.command;
  return tellAfterWrite(
    database,
    'passes',
    `stewards ${pass._id}`,
    async () => {
      const staff = (
        await database
          .collection<StaffDoc>('staff')
          .where({ communityId: pass.communityId, role: _.in(['steward']), active: true })
          .limit(100)
          .get()
      ).data;
      const items = pass.items.map((i) => `${i.name}×${i.count}`).join('、');
      return [...new Set(stewardsFor(staff, pass.building))].map((openid) => ({
        openid,
        template: 'staffAlert' as const,
        title,
        body: `${pass.unit} ${pass.no}：${items}（${windowText(pass.from, pass.to)}），请在 ${spanText(defaultPassPolicy.decide)}内审批`,
        values: { subject: `${pass.unit} 物品放行：${title}`, no: pass.no, due, note: items },
        page: passPage(pass._id),
      }));
    },
    now,
  );
}
