// Every function's entry: parse the call, find the caller, check the role, run the rule, and answer
// with the contract's envelope. Nothing thrown inside reaches the client as anything but a code.
import { z } from 'zod';
import { contract, type ActionName, type ActionOutput, type FunctionName } from '../../../types/contract';
import { CallData, type Reply } from '../../../types/envelope';
import type { Role } from '../../../types/enums';
import { db, sdk, type Database } from '../sdk';
import { type Caller, type CallerRead, type CallerReads, loadCaller } from './caller';
import { AppError, invalid, zodFields } from './errors';
import { DEFAULT_TIME_LIMIT_MS, once, requestKey } from './idempotency';
import { MAX_INPUT_DEPTH, nestsDeeperThan } from './limits';
import { takeCreateToken } from './rateLimit';

// zod's own messages (too short, required, …) in Chinese, as the people reading them expect
z.config(z.locales.zhCN());

export interface ActionContext<I> {
  input: I;
  caller: Caller;
  /** the instant this call runs at; rules take it as an argument, never read the clock */
  now: Date;
  db: Database;
  requestId?: string;
  /** a create called with a requestId: its document's `_id` derives from it (see idempotency.ts createdId) */
  requestKey?: string;
  /** a create's first attempt at its requestId: `createdEarlier` has nothing to find */
  firstAttempt?: boolean;
  /** the answers of the action's `withCaller` reads, made in the caller's round trip */
  reads: CallerReads;
}

type ContractAction<F extends FunctionName, A extends ActionName<F>> = Contract[F][A] extends {
  input: z.ZodType;
  output: z.ZodType;
}
  ? Contract[F][A]
  : never;
type Contract = typeof contract;

export interface ActionDef<F extends FunctionName, A extends ActionName<F>> {
  /** who may call: any signed-in person, or people holding one of these roles somewhere */
  roles: 'anyone' | readonly Role[];
  /** creates are idempotent by requestId and rate limited per caller */
  create?: boolean;
  /**
   * Reads that need nothing but the caller's openid and the input, made in the same round trip
   * as the caller (core/router/caller.ts loadCaller): the handler finds them in `ctx.reads`.
   */
  withCaller?(openid: string, input: z.output<ContractAction<F, A>['input']>): Record<string, CallerRead>;
  handler(ctx: ActionContext<z.output<ContractAction<F, A>['input']>>): Promise<ActionOutput<F, A>>;
}

export type ActionTable<F extends FunctionName> = { [A in ActionName<F>]: ActionDef<F, A> };

/** Builds the `main` a cloud function exports. */
export function defineFunction<F extends FunctionName>(name: F, actions: ActionTable<F>) {
  return async function main(event: unknown, context?: { time_limit_in_ms?: unknown }): Promise<Reply<unknown>> {
    try {
      return await dispatch(name, actions, event, timeLimitOf(context));
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toReply() };
      // The details go to the function's log, never to the client.
      console.error(`[${name}] unhandled`, error);
      return { ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } };
    }
  };
}

/** The function's time limit (its config.json `timeout`), as the platform hands it to every call. */
function timeLimitOf(context: { time_limit_in_ms?: unknown } | undefined): number {
  const limit = context?.time_limit_in_ms;
  return typeof limit === 'number' && Number.isFinite(limit) && limit > 0 ? limit : DEFAULT_TIME_LIMIT_MS;
}

async function dispatch<F extends FunctionName>(name: F, actions: ActionTable<F>, event: unknown, timeLimitMs: number): Promise<Reply<unknown>> {
  if (nestsDeeperThan(event, MAX_INPUT_DEPTH + 1)) throw invalid('请求数据层级过深', { input: `数据层级不能超过 ${MAX_INPUT_DEPTH} 层` });
  const call = CallData.safeParse(event);
  if (!call.success) throw invalid('请求格式不正确', zodFields(call.error));
  const { action, requestId } = call.data;
  const own = (table: object) => Object.prototype.hasOwnProperty.call(table, action);
  if (!own(contract[name]) || !own(actions)) throw invalid(`未知的操作：${action}`, { action: '未知的操作' });
  const schemas = (contract[name] as Record<string, { input: z.ZodType; output: z.ZodType }>)[action];
  const def = (actions as Record<string, ActionDef<F, ActionName<F>>>)[action];

  const { OPENID } = sdk().getWXContext();
  if (!OPENID) throw new AppError('UNAUTHENTICATED', '请在微信中打开并登录');

  const parsed = schemas.input.safeParse(call.data.input);
  if (!parsed.success) throw invalid('填写的内容有误，请检查后重试', zodFields(parsed.error));

  const database = db();
  const now = new Date();
  // the schema parsed here is the contract's own for this action, so its output is the handler's input type
  const input = parsed.data as Parameters<typeof def.handler>[0]['input'];
  const caller = await loadCaller(database, OPENID, def.withCaller?.(OPENID, input));
  if (def.roles !== 'anyone' && !caller.hasAnyRole(def.roles)) throw new AppError('FORBIDDEN', '没有权限进行此操作');

  const key = def.create && requestId ? requestKey(OPENID, name, action, requestId) : undefined;
  const run = async (firstAttempt?: boolean): Promise<Reply<unknown>> => {
    const data = await def.handler({ input, caller, now, db: database, requestId, requestKey: key, firstAttempt, reads: caller.reads });
    const checked = schemas.output.safeParse(data);
    if (!checked.success) {
      console.error(`[${name}.${action}] reply breaks the contract`, checked.error.issues);
      throw new AppError('INTERNAL', '系统繁忙，请稍后再试');
    }
    return { ok: true, data: checked.data };
  };

  if (!def.create) return run();
  if (!key) return takeCreateToken(database, OPENID, name, now).then(() => run());
  return once(database, { key, openid: OPENID, now, timeLimitMs }, async ({ first }) => {
    await takeCreateToken(database, OPENID, name, now);
    return run(first);
  });
}
