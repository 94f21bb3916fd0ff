// Timer-triggered every minute (config.json): carries published notices to every inbox of their
// community (core/bulletins/fanout.ts), stopping well before the time limit; the next run goes on
// where this one stopped. Only the trigger may run it (defineTimer).
import { sweepNotices } from '../core/bulletins/fanout';
import { defineTimer } from '../core/router/timer';

/** config.json's timeout, in seconds */
export const TIMEOUT_S = 60;
/** stop starting pages this long into the run: a page takes well under the rest of the limit */
const BUDGET_MS = 45_000;

export const main = defineTimer('noticeSweep', ({ db, now }) => sweepNotices(db, { now, budgetMs: BUDGET_MS }));
