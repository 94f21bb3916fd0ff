// Timer-triggered every 5 minutes (config.json): the front desk's clocks — invitations that lapsed,
// visits left open at the end of the day, visitor details past 90 days, and key loans overdue
// (the keeper and the duty stewards told once). Each part works through what is due within its
// share of the budget, well before the time limit; only the trigger may run it (defineTimer).
import { sweepKeyLoans } from '../core/keys/sweep';
import { defineTimer } from '../core/router/timer';
import { sweepVisits } from '../core/visitors/sweep';

const BUDGET_MS = 20_000;

export const main = defineTimer('frontdeskSweep', async ({ db, now }) => ({
  visits: await sweepVisits(db, { now, budgetMs: BUDGET_MS }),
  keys: await sweepKeyLoans(db, { now, budgetMs: BUDGET_MS }),
}));
