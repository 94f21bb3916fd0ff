// Timer-triggered every 10 minutes (config.json): the day's inspection lists, the 18:00 misses,
// rectification and permit clocks (core/decoration/sweep.ts). Only the trigger may run it.
import { sweepDecorations } from '../core/decoration/sweep';
import { defineTimer } from '../core/router/timer';

const BUDGET_MS = 40_000;

export const main = defineTimer('decorationSweep', ({ db, now }) => sweepDecorations(db, { now, budgetMs: BUDGET_MS }));
