// Timer-triggered every minute (config.json): a 10-minute clock checked every 5 minutes could be
// reported up to half its length late. Works through every overdue question, stopping well before
// the function's 60-second limit; what is left is overdue again at the next run.
import { sweepQuestions } from '../core/questions/sweep';
import { db } from '../core/sdk';

const BUDGET_MS = 45_000;

export async function main(): Promise<unknown> {
  try {
    return { ok: true, data: await sweepQuestions(db(), { now: new Date(), budgetMs: BUDGET_MS }) };
  } catch (error) {
    console.error('[questionSweep] failed', error);
    return { ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } };
  }
}
