import { z } from 'zod';
import { ActorRole } from './enums';
import { CommunityId, Id, IsoTime } from './common';
import { DueLevel } from './sla';

// Questions (咨询) answered by stewards in the staff tab (SPEC §6, §10) and the community's FAQ.
// The Chinese labels live in labels.ts.

/**
 * What an owner asks about: the seed's free consultation service (咨询服务(无偿), ten subjects),
 * or anything else.
 */
export const QuestionCategory = z.enum([
  'transport_timetable',
  'decoration_advice',
  'renting',
  'government_services',
  'education',
  'contractors',
  'bus_routes',
  'hukou_school',
  'tourism',
  'community_notices',
  'other',
]);
export type QuestionCategory = z.infer<typeof QuestionCategory>;

/**
 * waiting: nobody holds it (new, released, or a follow-up with no steward on it);
 * claimed: one steward holds it and owes a reply; answered: the last word is a steward's;
 * closed: the asker said it is settled (final).
 */
export const QuestionState = z.enum(['waiting', 'claimed', 'answered', 'closed']);
export type QuestionState = z.infer<typeof QuestionState>;

/** What happened to a question; each is one entry of its event log. */
/** `escalate`: the sweep told the lead and the holder that a reply is overdue. */
export const QuestionAction = z.enum(['ask', 'claim', 'release', 'answer', 'mark_complex', 'follow_up', 'close', 'save_faq', 'escalate']);
export type QuestionAction = z.infer<typeof QuestionAction>;

/** What the caller may do to a question now (drives the page's buttons). */
export const QuestionCommand = z.enum(['claim', 'release', 'answer', 'markComplex', 'followUp', 'close', 'saveFaq']);
export type QuestionCommand = z.infer<typeof QuestionCommand>;

/** Who did something to a question: a person's role, or `system` for the overdue sweep. */

/** Longest question or follow-up an owner can send (the page counts down to it). */
export const QUESTION_MAX = 500;
/** Longest answer a steward can send. */
export const ANSWER_MAX = 1000;
/** A thread holds at most this many messages; beyond it the steward calls the owner. */
export const THREAD_MAX = 50;
/** Active FAQ entries per community: the search scores every one of them in memory. */
export const FAQ_MAX = 200;

const QuestionText = z.string().trim().min(1, '请填写您要咨询的问题').max(QUESTION_MAX, `问题不能超过 ${QUESTION_MAX} 字`);
const AnswerText = z.string().trim().min(1, '请填写答复内容').max(ANSWER_MAX, `答复不能超过 ${ANSWER_MAX} 字`);
const FaqQuestion = z.string().trim().min(2, '请填写问题').max(100, '问题不能超过 100 字');
const FaqAnswer = z.string().trim().min(2, '请填写答案').max(ANSWER_MAX, `答案不能超过 ${ANSWER_MAX} 字`);
/** Extra words a search should match (synonyms, other names: 天然气, 煤气 for 燃气). */
const FaqKeywords = z.array(z.string().trim().min(1).max(20)).max(20, '关键词最多 20 个');

export const QuestionMessage = z.object({
  id: z.string(),
  from: z.enum(['asker', 'staff']),
  /** the steward's name; null for the asker */
  authorName: z.string().nullable(),
  text: z.string(),
  at: IsoTime,
});
export type QuestionMessage = z.infer<typeof QuestionMessage>;

export const QuestionEventView = z.object({
  action: QuestionAction,
  actorRole: ActorRole,
  actorName: z.string().nullable(),
  at: IsoTime,
  note: z.string().nullable(),
});
export type QuestionEventView = z.infer<typeof QuestionEventView>;

/**
 * The information-feedback clocks (SPEC §2): the first answer within 10 minutes, or within 24
 * hours once a steward marks the question complex; telling the owner (an answer, or "this needs
 * checking") within 10 minutes in any case.
 */
export const QuestionClock = z.object({
  /** ISO +08:00: when the first answer is due (10 minutes, or 24 hours from asking once complex) */
  firstAnswerDue: IsoTime,
  firstAnsweredAt: IsoTime.nullable(),
  /** ISO +08:00: asked + 10 minutes, whatever happens later */
  feedbackDue: IsoTime,
  /** the first answer or the complex marking, whichever came first */
  feedbackAt: IsoTime.nullable(),
  /** when the reply the owner waits for now is due (a follow-up gets the same span); null when nobody waits */
  replyDue: IsoTime.nullable(),
  /** colour of replyDue: ok, near (past 75 % of its span), breached */
  level: DueLevel.nullable(),
});
export type QuestionClock = z.infer<typeof QuestionClock>;

export const Question = z.object({
  id: z.string(),
  /** ZX20261124-0003: per community and Shanghai day */
  no: z.string(),
  communityId: z.string(),
  /** the asker's unit, 栋-单元-房号 */
  unit: z.string(),
  category: QuestionCategory,
  /** the first message */
  text: z.string(),
  state: QuestionState,
  complex: z.boolean(),
  /** staff only; null for the asker */
  askerName: z.string().nullable(),
  /** the steward holding the thread */
  handlerName: z.string().nullable(),
  handlerIsMe: z.boolean(),
  clock: QuestionClock,
  /** since when the owner has been waiting for a reply; null when nobody waits */
  waitingSince: IsoTime.nullable(),
  messageCount: z.number().int(),
  lastMessage: QuestionMessage,
  /** the FAQ entry made from this question, if any */
  faqId: z.string().nullable(),
  allowed: z.array(QuestionCommand),
  askedAt: IsoTime,
  updatedAt: IsoTime,
});
export type Question = z.infer<typeof Question>;

export const QuestionThread = Question.extend({
  messages: z.array(QuestionMessage),
  events: z.array(QuestionEventView),
});
export type QuestionThread = z.infer<typeof QuestionThread>;

export const FaqEntry = z.object({
  id: z.string(),
  communityId: z.string(),
  category: QuestionCategory,
  question: z.string(),
  answer: z.string(),
  keywords: z.array(z.string()),
  active: z.boolean(),
  updatedAt: IsoTime,
});
export type FaqEntry = z.infer<typeof FaqEntry>;

export const FaqMatch = FaqEntry.extend({
  /** 0–1: the share of the question's weighted character pairs found in the entry */
  score: z.number(),
});
export type FaqMatch = z.infer<typeof FaqMatch>;

const byId = z.object({ id: Id }).strict();
const threadReply = z.object({ question: QuestionThread });
const faqReply = z.object({ entry: FaqEntry });

export const questionActions = {
  /** an owner or resident asks; idempotent by requestId (a double tap asks once) */
  ask: {
    input: z
      .object({
        /** optional while the caller is bound in one community */
        communityId: CommunityId.optional(),
        category: QuestionCategory,
        text: QuestionText,
      })
      .strict(),
    output: threadReply,
  },
  get: { input: byId, output: threadReply },
  list: {
    input: z
      .object({
        /** the asker's own questions, newest first (the default for people who are not staff) */
        mine: z.boolean().optional(),
        /** staff: open (waiting + claimed, the queue), answered, closed, or all */
        view: z.enum(['open', 'answered', 'closed', 'all']).default('open'),
        /** staff: only the questions the caller holds */
        handler: z.literal('me').optional(),
        category: QuestionCategory.optional(),
        communityId: CommunityId.optional(),
        cursor: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(50).default(20),
      })
      .strict()
      .optional()
      .default({ view: 'open', limit: 20 }),
    output: z.object({
      /** staff queue: the reply due soonest first; owners and history: newest first */
      questions: z.array(Question),
      nextCursor: z.string().nullable(),
    }),
  },
  /** a steward takes the question; one holder at a time (another's claim is CONFLICT) */
  claim: { input: byId, output: threadReply },
  /** the holder (or a lead) gives it back to the queue */
  release: { input: byId, output: threadReply },
  /** the holder's reply; on an unclaimed question it claims it in the same step */
  answer: { input: z.object({ id: Id, text: AnswerText }).strict(), output: threadReply },
  /** needs checking: the first answer is due 24 hours after asking; the owner is told */
  markComplex: { input: z.object({ id: Id, note: z.string().trim().max(200).optional() }).strict(), output: threadReply },
  /** the asker adds to the thread */
  followUp: { input: z.object({ id: Id, text: QuestionText }).strict(), output: threadReply },
  /** the asker settles it */
  close: { input: byId, output: threadReply },
  /** FAQ search: the community's entries ranked against the words; no query lists them all */
  faq: {
    input: z
      .object({
        query: z.string().trim().max(QUESTION_MAX).optional(),
        communityId: CommunityId.optional(),
        /** leads: retired entries too */
        includeRetired: z.boolean().optional(),
        limit: z.number().int().min(1).max(FAQ_MAX).optional(),
      })
      .strict()
      .optional()
      .default({}),
    output: z.object({ entries: z.array(FaqMatch) }),
  },
  /** a steward saves an answer (from a question or written afresh) to the community's FAQ */
  saveFaq: {
    input: z
      .object({
        /** the question it came from, if any */
        questionId: Id.optional(),
        communityId: CommunityId.optional(),
        category: QuestionCategory.optional(),
        question: FaqQuestion,
        answer: FaqAnswer,
        keywords: FaqKeywords.optional(),
      })
      .strict(),
    output: faqReply,
  },
  /** leads: correct an entry */
  editFaq: {
    input: z.object({ id: Id, category: QuestionCategory.optional(), question: FaqQuestion, answer: FaqAnswer, keywords: FaqKeywords.optional() }).strict(),
    output: faqReply,
  },
  /** leads: retire an entry (kept, no longer shown) or bring it back */
  retireFaq: { input: z.object({ id: Id, active: z.boolean().default(false) }).strict(), output: faqReply },
} as const;
