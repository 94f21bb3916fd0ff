// Who hears about a question, and what they read. Every message goes through notify (inbox first,
// a subscription message while a grant lasts). A failed notice never undoes the change it reports
// (core/workflow/notices.ts).
import type { StaffDoc } from '../accounts/model';
import type { Database } from '../sdk';
import { type NoticeOutcome, tellAfterWrite, tellStaffAlert } from '../workflow/notices';
import { staffOf } from '../tickets/data';
import type { QuestionDoc } from './model';

export const questionPage = (id: string) => `/packages/question/thread/index?id=${id}`;

/** The asker hears of each answer (咨询回复通知), and that a complex question needs time. */
export function tellAsker(database: Database, q: QuestionDoc, title: string, body: string, answer: string, now: Date): Promise<NoticeOutcome> {
  return tellAfterWrite(
    database,
    'questions',
    `asker ${q._id}`,
    () => [{ openid: q.asker, template: 'questionAnswered', title, body, values: { question: q.text, answer, at: now }, page: questionPage(q._id) }],
    now,
  );
}

/** Staff are told a question waits for them (待办提醒), with its reply deadline. */
export function tellStaff(database: Database, openids: Iterable<string>, q: QuestionDoc, title: string, body: string, due: Date, now: Date): Promise<NoticeOutcome> {
  return tellStaffAlert(database, 'questions', openids, { id: q._id, title, body, subject: `咨询：${title}`, no: q.no, due, page: questionPage(q._id) }, now);
}

/** Who picks up a new question: the duty stewards and the area steward of the asker's building. */
export async function stewardsFor(database: Database, communityId: string, building: string): Promise<string[]> {
  const staff: StaffDoc[] = await staffOf(database, communityId, ['steward']);
  const chosen = staff.filter((s) => s.kind === 'duty' || s.buildings.includes(building));
  return (chosen.length > 0 ? chosen : staff).map((s) => s.openid);
}
