// Timer-triggered every minute (config.json): a 10-minute clock checked every 5 minutes could be
// reported up to half its length late. Works through every overdue question, stopping well before
// the function's 60-second limit; what is left is overdue again at the next run. Only the trigger
// may run it (defineTimer).
import { sweepQuestions } from '../core/questions/sweep';
import { defineTimer } from '../core/router/timer';

const BUDGET_MS = 45_000;

export const main = defineTimer('questionSweep', ({ db, now }) => sweepQuestions(db, { now, budgetMs: BUDGET_MS }));
