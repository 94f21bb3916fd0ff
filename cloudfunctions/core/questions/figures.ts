// The information-feedback figures of SPEC §2 from stored questions, for the monthly report:
//   信息反馈及时率 (target 100 %): the owner heard something — the first answer, or that the question
//     needs checking (marked complex) — within 10 minutes of asking (`feedbackAt <= feedbackDue`);
//   信息处理及时率 (target ≥ 95 %): the first answer came by its deadline — 10 minutes, or 24 hours
//     from asking for a question marked complex (`firstAnsweredAt <= firstAnswerDue`).
// Pure: the caller reads the month's questions (index community_month: communityId + askedMonth)
// and passes the moment the report is made.

export interface FigureQuestion {
  askedAt: Date;
  complex: boolean;
  feedbackDue: Date;
  feedbackAt: Date | null;
  firstAnswerDue: Date;
  firstAnsweredAt: Date | null;
  /** the asker settled it (e.g. the FAQ answered them) */
  closedAt: Date | null;
}

export interface ClockFigure {
  /** decided clocks: met, or unmet and past due */
  counted: number;
  onTime: number;
  late: number;
  /** unmet and not yet due at `now`: left out of the rate until decided */
  pending: number;
  /** withdrawn by the asker before anything was due: owed nothing, left out */
  withdrawn: number;
  /** onTime / counted, null when nothing is counted */
  rate: number | null;
}

export interface InformationFeedbackFigures {
  asked: number;
  complex: number;
  feedback: ClockFigure;
  handled: ClockFigure;
}

type Outcome = 'onTime' | 'late' | 'pending' | 'withdrawn';

/** One clock's outcome at `now`. */
export function clockOutcome(due: Date, metAt: Date | null, closedAt: Date | null, now: Date): Outcome {
  if (metAt) return metAt <= due ? 'onTime' : 'late';
  if (closedAt && closedAt <= due) return 'withdrawn';
  return now > due ? 'late' : 'pending';
}

function figure(outcomes: Outcome[]): ClockFigure {
  const count = (o: Outcome) => outcomes.filter((x) => x === o).length;
  const onTime = count('onTime');
  const late = count('late');
  const counted = onTime + late;
  return { counted, onTime, late, pending: count('pending'), withdrawn: count('withdrawn'), rate: counted === 0 ? null : onTime / counted };
}

export function informationFeedbackFigures(questions: readonly FigureQuestion[], now: Date): InformationFeedbackFigures {
  return {
    asked: questions.length,
    complex: questions.filter((q) => q.complex).length,
    feedback: figure(questions.map((q) => clockOutcome(q.feedbackDue, q.feedbackAt, q.closedAt, now))),
    handled: figure(questions.map((q) => clockOutcome(q.firstAnswerDue, q.firstAnsweredAt, q.closedAt, now))),
  };
}
