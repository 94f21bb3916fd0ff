// Timer-triggered every 5 minutes (config.json). Works through every due ticket, stopping well
// before the function's 60-second limit; what is left is due again at the next run. Then it removes
// the router's expired records (idempotency replies, rate-limit counters), a bounded number of
// pages per run, so personal data there does not outlive its use, and notify's push markers
// (`deliveries`) once no resumed notice can need them.
import { sweep } from '../core/tickets/sweep';
import { expireRouterRecords } from '../core/router/retention';
import { db } from '../core/sdk';
import { expireDeliveries } from '../core/notify/leases';

const BUDGET_MS = 45_000;

export async function main(): Promise<unknown> {
  try {
    const database = db();
    const now = new Date();
    const report = await sweep(database, { now, budgetMs: BUDGET_MS });
    // 20 pages of 100 per collection: a few seconds at most, well inside the time left
    const expired = await expireRouterRecords(database, now);
    const deliveries = await expireDeliveries(database, now);
    return { ok: true, data: { ...report, expired, deliveries } };
  } catch (error) {
    console.error('[slaSweep] failed', error);
    return { ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } };
  }
}
