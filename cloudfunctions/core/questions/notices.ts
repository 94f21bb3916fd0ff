// Who hears about a question, and what they read. Every message goes through notify (inbox first,
// a subscription message while a grant lasts). A failed notice never undoes the change it reports.
import type { StaffDoc } from '../accounts/model';
import { send } from '../notify';
import type { Database } from '../sdk';
import { staffOf } from '../tickets/data';
import type { QuestionDoc } from './model';

export const questionPage = (id: string) => `/packages/question/thread/index?id=${id}`;

async function safely(what: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    console.error(`[questions] notice failed: ${what}`, error);
  }
}

/** The asker hears of each answer (咨询回复通知), and that a complex question needs time. */
export function tellAsker(database: Database, q: QuestionDoc, title: string, body: string, answer: string, now: Date): Promise<void> {
  return safely(`asker ${q._id}`, () =>
    send(
      database,
      { openid: q.asker, template: 'questionAnswered', title, body, values: { question: q.text, answer, at: now }, page: questionPage(q._id) },
      now,
    ),
  );
}

/** Staff are told a question waits for them (待办提醒), with its reply deadline. */
export function tellStaff(database: Database, openids: Iterable<string>, q: QuestionDoc, title: string, body: string, due: Date, now: Date): Promise<void> {
  const people = [...new Set(openids)];
  return safely(`staff ${q._id} ${title}`, async () => {
    for (const openid of people) {
      await send(
        database,
        { openid, template: 'staffAlert', title, body, values: { subject: `咨询：${title}`, no: q.no, due, note: body }, page: questionPage(q._id) },
        now,
      );
    }
  });
}

/** Who picks up a new question: the duty stewards and the area steward of the asker's building. */
export async function stewardsFor(database: Database, communityId: string, building: string): Promise<string[]> {
  const staff: StaffDoc[] = await staffOf(database, communityId, ['steward']);
  const chosen = staff.filter((s) => s.kind === 'duty' || s.buildings.includes(building));
  return (chosen.length > 0 ? chosen : staff).map((s) => s.openid);
}
