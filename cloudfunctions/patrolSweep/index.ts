// Timer-triggered every 5 minutes (config.json): patrol problems unhandled for 3 days and shifts
// not handed over 30 minutes after their time are reported to the lead once. Only the trigger may
// run it (defineTimer).
import { sweepPatrol } from '../core/patrol/sweep';
import { defineTimer } from '../core/router/timer';

const BUDGET_MS = 20_000;

export const main = defineTimer('patrolSweep', ({ db, now }) => sweepPatrol(db, { now, budgetMs: BUDGET_MS }));
