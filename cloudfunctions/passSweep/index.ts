// Timer-triggered every minute (config.json): the 15-minute decision clock is too short for the
// tickets' 5-minute sweep. Works through every due pass, stopping well before the time limit.
import { sweepPasses } from '../core/passes/sweep';
import { db } from '../core/sdk';

const BUDGET_MS = 20_000;

export async function main(): Promise<unknown> {
  try {
    return { ok: true, data: await sweepPasses(db(), { now: new Date(), budgetMs: BUDGET_MS }) };
  } catch (error) {
    console.error('[passSweep] failed', error);
    return { ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } };
  }
}
