// Every timer-triggered function's entry (slaSweep, passSweep, questionSweep, greetDaily): only its
// trigger may run it, and whatever happens inside reaches the caller as the contract's envelope.
//
// A timer trigger calls with the event `{ Type: 'Timer', TriggerName, Time, Message }` and with no
// user: getWXContext() has no OPENID (WeChat gives one only when a mini-program calls) and SOURCE is
// `wx_trigger`. The event is the caller's to write (a mini-program can send the same object as
// `data`), so the guard rests on what WeChat vouches for: a call that carries an OPENID, or whose
// SOURCE names any other origin than the trigger or another function, is refused with FORBIDDEN.
import type { Reply } from '../../../types/envelope';
import { db, sdk, type Database } from '../sdk';
import { AppError, forbidden } from './errors';

export interface TimerContext {
  db: Database;
  /** the instant this run works at; the rules take it as an argument, never read the clock */
  now: Date;
}

/**
 * Sources a timer function answers: its trigger, and another cloud function (the console's test
 * run, a function calling it). An absent SOURCE is a context without WeChat's variables at all (a
 * local script), which no client can produce: every call through WeChat carries one.
 */
const TRUSTED_SOURCES = new Set(['wx_trigger', 'scf']);

/** Whether getWXContext() describes the trigger (or a function), not a person. */
export function isTriggerCall(context: { OPENID?: string; SOURCE?: string }): boolean {
  if (context.OPENID) return false;
  return context.SOURCE === undefined || TRUSTED_SOURCES.has(context.SOURCE);
}

/** Builds the `main` a timer-triggered function exports. */
export function defineTimer<T>(name: string, run: (ctx: TimerContext) => Promise<T>) {
  // The event is not read: nothing in it can be trusted, and the sweeps need nothing from it.
  return async function main(): Promise<Reply<T>> {
    try {
      if (!isTriggerCall(sdk().getWXContext())) throw forbidden();
      return { ok: true, data: await run({ db: db(), now: new Date() }) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toReply() };
      // The details go to the function's log, never to the caller.
      console.error(`[${name}] failed`, error);
      return { ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } };
    }
  };
}
