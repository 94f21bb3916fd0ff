// Question data access beside the rules: loading, and the one conditional write every
// change goes through.
import type { Database } from '../sdk';
import { type Store, writeStep } from '../workflow/write';
import { FAQ, type FaqDoc, type QuestionDoc, type QuestionEventDoc, type QuestionMessageDoc, QUESTIONS } from './model';

export async function findQuestion(database: Database, id: string): Promise<QuestionDoc | null> {
  return (await database.collection<QuestionDoc>(QUESTIONS).where({ _id: id }).limit(1).get()).data[0] ?? null;
}

export async function findFaq(database: Database, id: string): Promise<FaqDoc | null> {
  return (await database.collection<FaqDoc>(FAQ).where({ _id: id }).limit(1).get()).data[0] ?? null;
}

/** How questions are written (core/workflow/write.ts): nothing replaced whole, the CONFLICT message. */
const QUESTION_STORE: Store<QuestionDoc> = { collection: QUESTIONS, whole: [], stale: '咨询已有新的变化，请刷新后重试' };

/**
 * One change to a question: the conditional write on `{_id, state, rev}`, with its event (and
 * message) pushed. Nothing matched means someone changed it first (another steward's answer, the
 * owner's follow-up): CONFLICT, never a silent overwrite.
 */
export async function writeQuestion(
  database: Database,
  q: QuestionDoc,
  changes: Partial<QuestionDoc>,
  event: QuestionEventDoc,
  message: QuestionMessageDoc | null,
  now: Date,
): Promise<QuestionDoc> {
  await writeStep(database, QUESTION_STORE, q, { ...changes, updatedAt: now }, { events: [event], messages: message ? [message] : [] });
  return {
    ...q,
    ...changes,
    updatedAt: now,
    rev: q.rev + 1,
    events: [...q.events, event],
    messages: message ? [...q.messages, message] : q.messages,
  };
}

/** The community's FAQ entries (active only, unless asked), bounded by FAQ_MAX + retired ones. */
export async function faqOf(database: Database, communityId: string, includeRetired: boolean): Promise<FaqDoc[]> {
  const filter: Record<string, unknown> = { communityId };
  if (!includeRetired) filter.active = true;
  const out: FaqDoc[] = [];
  const _ = database.command;
  // pages of 100 (the SDK's cap) after the last _id seen, so no page re-reads the ones before it;
  // a community holds at most FAQ_MAX active entries, and the loop stops at 1000 whatever happens
  for (let round = 0; round < 10; round += 1) {
    const last = out[out.length - 1];
    const where = last ? { ...filter, _id: _.gt(last._id) } : filter;
    const page = await database.collection<FaqDoc>(FAQ).where(where).orderBy('_id', 'asc').limit(100).get();
    out.push(...page.data);
    if (page.data.length < 100) break;
  }
  return out;
}
