// Timer-triggered every minute (config.json): the 15-minute decision clock is too short for the
// tickets' 5-minute sweep. Works through every due pass, stopping well before the time limit.
// Only the trigger may run it (defineTimer).
import { sweepPasses } from '../core/passes/sweep';
import { defineTimer } from '../core/router/timer';

const BUDGET_MS = 20_000;

export const main = defineTimer('passSweep', ({ db, now }) => sweepPasses(db, { now, budgetMs: BUDGET_MS }));
