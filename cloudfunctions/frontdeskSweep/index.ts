// Timer-triggered every 5 minutes (config.json): the front desk's clocks — invitations that lapsed,
// visits left open at the end of the day, visitor details past 90 days. Each part works through
// what is due and stops well before the time limit; only the trigger may run it (defineTimer).
import { defineTimer } from '../core/router/timer';
import { sweepVisits } from '../core/visitors/sweep';

const BUDGET_MS = 20_000;

export const main = defineTimer('frontdeskSweep', async ({ db, now }) => ({ visits: await sweepVisits(db, { now, budgetMs: BUDGET_MS }) }));
