// Timer-triggered daily at 09:00 (config.json; WeChat cloud triggers run on Beijing time): warns leads whose year has fewer than two
// community events planned, once each per year (core/events/plan.ts). Only the trigger may run it.
import { checkPlans } from '../core/events/plan';
import { defineTimer } from '../core/router/timer';

export const main = defineTimer('eventSweep', ({ db, now }) => checkPlans(db, now));
