// Who hears about an application, through notify (inbox first, a subscription message while a
// grant lasts). A failed notice never undoes the change it reports (core/workflow/notices.ts).
import type { Database } from '../sdk';
import { chineseDateTime } from '../time';
import { type NoticeOutcome, tellAfterWrite, tellStaffAlert } from '../workflow/notices';
import { areaStewards, ownersOf, stewardsOf } from './data';
import type { DecorationDoc } from './model';

export const decorationPage = (id: string) => `/packages/decoration/detail/index?id=${id}`;
export const yuan = (fen: number) => (fen / 100).toFixed(2);

/**
 * 订单状态通知 to the applicant and the unit's owners (once each): `state` is at most 5 Chinese
 * characters (WeChat's phrase), `body` the whole news for the inbox.
 */
export function tellApplicant(database: Database, d: DecorationDoc, state: string, body: string, now: Date, amountFen: number | null = null): Promise<NoticeOutcome> {
  return tellAfterWrite(
    database,
    'decoration',
    `${state} ${d._id}`,
    async () => {
      const owners = await ownersOf(database, d.communityId, d.unit);
      const people = [...new Set([d.applicant, ...owners.map((o) => o.openid)])].filter((p) => p !== 'erased');
      return people.map((openid) => ({
        openid,
        template: 'orderStatus' as const,
        title: `装修：${state}`,
        body,
        values: { no: d.no, item: `装修 ${d.unit}`, state, amount: amountFen ?? d.approval?.depositFen ?? 0, at: now },
        page: decorationPage(d._id),
      }));
    },
    now,
  );
}

/** The building's area steward (and the duty stewards when none) is told something waits. */
export async function tellStewards(database: Database, d: DecorationDoc, title: string, body: string, due: Date, now: Date, withLeads = false): Promise<NoticeOutcome> {
  let people: string[] = [];
  try {
    const staff = await stewardsOf(database, d.communityId);
    people = [...areaStewards(staff, d.building), ...(withLeads ? staff.filter((s) => s.role === 'lead').map((s) => s.openid) : [])];
  } catch (error) {
    console.error('[decoration] notice failed: finding stewards', d._id, error);
    return { sent: 0, failed: 1 };
  }
  return tellStaffAlert(database, 'decoration', people, { id: d._id, title, body, subject: `${d.unit} 装修：${title}`, no: d.no, due, page: decorationPage(d._id) }, now);
}

export const when = (date: Date) => chineseDateTime(date);
