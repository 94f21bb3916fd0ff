// The questions' clocks (SPEC §2, 咨询): pure, from the policy's spans. A question's clocks all run
// from the moment it was asked, so marking it complex later moves its first-answer deadline to
// 24 hours after the asking, not after the marking.
import type { Calendar } from './calendar';
import { applySpan, type SlaPolicy } from './policy';

export interface QuestionDeadlines {
  /** the first answer is due (10 minutes, or the complex span once marked complex) */
  firstAnswerDue: Date;
  /** the owner hears something (an answer, or that it needs checking) by then: always the short span */
  feedbackDue: Date;
  policyVersion: string;
}

export function questionDeadlines(askedAt: Date, complex: boolean, policy: SlaPolicy, calendar: Calendar): QuestionDeadlines {
  const feedbackDue = applySpan(askedAt, policy.questions.firstAnswer, calendar).at;
  const firstAnswerDue = complex ? applySpan(askedAt, policy.questions.complexAnswer, calendar).at : feedbackDue;
  return { firstAnswerDue, feedbackDue, policyVersion: policy.version };
}

/**
 * When the reply someone waits for is due: a question's first answer by its deadline; a follow-up
 * after an answer gets the first-answer span (10 minutes) from the moment it was written, even on a
 * complex question — the steward can always say it is being checked (shown and escalated, not
 * counted in the monthly figures, which measure the first answer).
 */
export function replyDue(waitingSince: Date, firstAnswered: boolean, firstAnswerDue: Date, policy: SlaPolicy, calendar: Calendar): Date {
  if (!firstAnswered) return firstAnswerDue;
  return applySpan(waitingSince, policy.questions.firstAnswer, calendar).at;
}
