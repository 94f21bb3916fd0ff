// Questions are the property's record of the information service (SPEC §2 figures), so when an
// asker deletes their data the questions stay, with their times and the stewards' answers, but
// stripped of who asked, their name, and every word they wrote (their messages may hold anything).
import { countAll, registerPersonalData } from '../privacy';
import type { Database } from '../sdk';
import { type QuestionDoc, QUESTIONS } from './model';

/** What an asker (and their timeline entries and messages) become once they deleted their data. */
export const ERASED_ASKER = 'erased';
export const ERASED_TEXT = '（提问人已删除个人信息）';

const PAGE = 100;
const ATTEMPTS = 3;

async function eraseAsker(database: Database, openid: string): Promise<number> {
  const questions = database.collection<QuestionDoc>(QUESTIONS);
  let erased = 0;
  for (;;) {
    const page = await questions.where({ asker: openid }).limit(PAGE).get();
    if (page.data.length === 0) return erased;
    for (const found of page.data) {
      if (!(await eraseOne(database, found, openid))) throw new Error(`question ${found._id} kept changing while its asker was erased`);
      erased += 1;
    }
  }
}

/** Conditional on `rev`, like every change, so a concurrent answer is never overwritten. */
async function eraseOne(database: Database, found: QuestionDoc, openid: string): Promise<boolean> {
  const questions = database.collection<QuestionDoc>(QUESTIONS);
  const _ = database.command;
  let q: QuestionDoc | undefined = found;
  for (let attempt = 0; q && attempt < ATTEMPTS; attempt += 1) {
    const messages = q.messages.map((m) => (m.author === openid ? { ...m, author: ERASED_ASKER, text: ERASED_TEXT } : m));
    const events = q.events.map((e) => (e.actorId === openid ? { ...e, actorId: ERASED_ASKER } : e));
    const done = await questions
      .where({ _id: q._id, rev: q.rev })
      .update({ data: { asker: ERASED_ASKER, askerName: null, text: ERASED_TEXT, messages: _.set(messages), events: _.set(events), rev: _.inc(1) } });
    if (done.stats.updated === 1) return true;
    q = (await questions.where({ _id: q._id, asker: openid }).limit(1).get()).data[0];
  }
  // gone from this asker meanwhile (erased by a concurrent call) counts as done
  return q === undefined;
}

registerPersonalData({
  name: 'questions',
  count: (database, openid) => countAll(database, QUESTIONS, { asker: openid }),
  erase: eraseAsker,
});
