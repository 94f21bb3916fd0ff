// Timer-triggered (config.json): at 09:00 Shanghai and every minute until noon. Each run works
// for at most BUDGET_MS of its TIMEOUT_S limit and keeps its place in the database; the next run
// goes on from there, so any number of owners is greeted over as many runs as it takes. Only the
// trigger may run it (defineTimer).
import { runGreetings } from '../core/greetings/run';
import { defineTimer } from '../core/router/timer';

/** config.json's timeout, in seconds (a test checks they agree). */
export const TIMEOUT_S = 10;
/**
 * Stop starting new greetings here: whatever is in flight then has 7 s before the limit, ample
 * even on a busy instance. At ~300 greetings a second this is ~900 a run, ~160k a morning.
 */
export const BUDGET_MS = 3_000;
/**
 * And after 1,000 greetings, whatever the speed: each run's work stays bounded (the run count is
 * predictable, WeChat's send quota is not hit in a burst), and 180 triggers a morning still greet
 * 180,000 people.
 */
export const MAX_GREETINGS_PER_RUN = 1_000;

export const main = defineTimer('greetDaily', ({ db, now }) => runGreetings(db, { now, budgetMs: BUDGET_MS, maxGreetings: MAX_GREETINGS_PER_RUN }));
