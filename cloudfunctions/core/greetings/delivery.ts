// Delivering a claimed greeting: its inbox entry, then `claimed → pushing` under a conditional
// update, then one send through notify and `pushing → done` with the outcome (or `→ retry` for a
// transient failure, tried again by later runs after a backoff, never past the greeting's day).
import type { SendResult } from '../notify/model';
import { type Notification, isTransientError, logSend, push, templateData, writeInbox } from '../notify';
import { shanghaiDate } from '../time';
import { type Ctx, alive, overBudget } from './context';
import { GREETINGS, type GreetingDoc, inboxIdOf } from './model';

/** Transient WeChat failures: tried again after 5, 15 then 45 minutes, then given up (4 tries). */
export const RETRY_BACKOFF_MS = [5 * 60_000, 15 * 60_000, 45 * 60_000] as const;
export const MAX_ATTEMPTS = RETRY_BACKOFF_MS.length + 1;

function notification(greeting: Pick<GreetingDoc, 'openid' | 'title' | 'body' | 'occasionName' | 'occasion' | 'date'>): Notification {
  return {
    openid: greeting.openid,
    template: 'greeting',
    title: greeting.title,
    body: greeting.body,
    values: {
      occasion: greeting.occasion === 'birthday' ? '生日祝福' : `${greeting.occasionName}问候`,
      message: greeting.body,
      at: new Date(`${greeting.date}T09:00:00+08:00`),
    },
    page: '/pages/inbox/index',
  };
}

export interface LogLine {
  openid: string;
  inboxId: string;
  result: { result: SendResult; errcode: number | null };
}

/** The send log of a page in one insert (a diagnostic record: a crash may lose a page of it). */
export async function writeLogs(ctx: Ctx, logs: LogLine[]): Promise<void> {
  if (logs.length === 0) return;
  await ctx.database.collection('sendLog').add({
    data: logs.map((l) => ({ openid: l.openid, template: 'greeting', inboxId: l.inboxId, result: l.result.result, errcode: l.result.errcode, at: ctx.now })),
  });
}

/** From `claimed` (held by this run): the inbox entry (again, when resuming), then the send. */
export async function deliver(ctx: Ctx, greeting: GreetingDoc, writeEntry = true, logs?: LogLine[]): Promise<void> {
  const greetings = ctx.database.collection<GreetingDoc>(GREETINGS);
  const message = notification(greeting);
  alive(ctx);
  if (writeEntry) await writeInbox(ctx.database, message, ctx.now, inboxIdOf(greeting._id));
  alive(ctx);
  const marked = await greetings.where({ _id: greeting._id, state: 'claimed', runId: ctx.runId }).update({ data: { state: 'pushing', heldAt: ctx.now } });
  // Taken over meanwhile (this run was presumed dead): the new holder sends.
  if (marked.stats.updated !== 1) return;
  await pushAndSettle(ctx, { ...greeting, runId: ctx.runId }, logs);
}

/** From `pushing` (held by this run): one send through notify, then the outcome or the next retry. */
async function pushAndSettle(ctx: Ctx, greeting: GreetingDoc, logs?: LogLine[]): Promise<void> {
  const message = notification(greeting);
  alive(ctx);
  const outcome = await push(ctx.database, message, templateData('greeting', message.values), ctx.now);
  const attempts = greeting.attempts + 1;
  let update: Record<string, unknown> = { state: 'done', push: outcome.result, errcode: outcome.errcode, attempts, retryAt: null, doneAt: ctx.now };
  if (outcome.result === 'failed' && isTransientError(outcome.errcode) && attempts < MAX_ATTEMPTS) {
    const retryAt = new Date(ctx.now.getTime() + RETRY_BACKOFF_MS[attempts - 1]);
    // Not past the greeting's own day: a birthday message a day late is worse than none.
    if (shanghaiDate(retryAt) === greeting.date) update = { state: 'retry', push: 'failed', errcode: outcome.errcode, attempts, retryAt, doneAt: null };
  }
  await ctx.database.collection<GreetingDoc>(GREETINGS).where({ _id: greeting._id, state: 'pushing', runId: greeting.runId }).update({ data: update });
  if (logs) logs.push({ openid: greeting.openid, inboxId: inboxIdOf(greeting._id), result: outcome });
  else await logSend(ctx.database, message, inboxIdOf(greeting._id), outcome, ctx.now);
  if (outcome.result === 'sent') ctx.report.pushed += 1;
}

/** Transient failures whose backoff has passed. */
export async function retryDue(ctx: Ctx): Promise<void> {
  const _ = ctx.database.command;
  const greetings = ctx.database.collection<GreetingDoc>(GREETINGS);
  for (;;) {
    if (overBudget(ctx)) return;
    alive(ctx);
    const due = await greetings
      .where({ state: 'retry', retryAt: _.lte(ctx.now) })
      .orderBy('retryAt', 'asc')
      .limit(100)
      .get();
    if (due.data.length === 0) return;
    for (const greeting of due.data) {
      if (overBudget(ctx)) return;
      alive(ctx);
      const expired = greeting.date !== ctx.date;
      const taken = await greetings
        .where({ _id: greeting._id, state: 'retry', attempts: greeting.attempts })
        .update({ data: expired ? { state: 'done', push: 'expired', retryAt: null, doneAt: ctx.now } : { state: 'pushing', runId: ctx.runId, heldAt: ctx.now } });
      if (taken.stats.updated !== 1 || expired) continue;
      await pushAndSettle(ctx, { ...greeting, state: 'pushing', runId: ctx.runId, heldAt: ctx.now });
      ctx.report.retried += 1;
    }
  }
}
