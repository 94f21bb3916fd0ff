// Timer-triggered every 5 minutes (config.json). Works through every due ticket, stopping well
// before the function's 60-second limit; what is left is due again at the next run. Then it removes
// the router's expired records (idempotency replies, rate-limit counters), a bounded number of
// pages per run, so personal data there does not outlive its use, and notify's push markers
// (`deliveries`) once no resumed notice can need them. Only the trigger may run it (defineTimer).
import { sweep } from '../core/tickets/sweep';
import { expireRouterRecords } from '../core/router/retention';
import { defineTimer } from '../core/router/timer';
import { expireDeliveries } from '../core/notify/retention';

const BUDGET_MS = 45_000;

export const main = defineTimer('slaSweep', async ({ db, now }) => {
  const report = await sweep(db, { now, budgetMs: BUDGET_MS });
  // 20 pages of 100 per collection: a few seconds at most, well inside the time left
  const expired = await expireRouterRecords(db, now);
  const deliveries = await expireDeliveries(db, now);
  return { ...report, expired, deliveries };
});
