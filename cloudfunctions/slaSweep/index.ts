// Timer-triggered every 5 minutes (config.json). Works through every due ticket, stopping well
// before the function's 60-second limit; what is left is due again at the next run.
import { sweep } from '../core/tickets/sweep';
import { db } from '../core/sdk';

const BUDGET_MS = 45_000;

export async function main(): Promise<unknown> {
  try {
    return { ok: true, data: await sweep(db(), { now: new Date(), budgetMs: BUDGET_MS }) };
  } catch (error) {
    console.error('[slaSweep] failed', error);
    return { ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } };
  }
}
