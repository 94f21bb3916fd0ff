// Typed calls to one cloud function of a test cloud, and the two unwrappers every function test
// needs: ok() fails the test unless the action succeeds and gives its typed output, failed() fails
// it unless the action is refused and gives the error. The message names the function, action and
// caller with the whole reply, so a failing test says what came back.
import assert from 'node:assert/strict';
import type { ActionName, ActionOutput, FunctionName } from '../../types/contract';
import type { Reply, ReplyError } from '../../types/envelope';
import type { TestCloud } from './cloud';

export interface FunctionCalls<F extends FunctionName> {
  call(action: ActionName<F>, input: unknown, openid: string, requestId?: string): Promise<Reply<unknown>>;
  ok<A extends ActionName<F>>(action: A, input: unknown, openid: string, requestId?: string): Promise<ActionOutput<F, A>>;
  failed(action: ActionName<F>, input: unknown, openid: string, requestId?: string): Promise<ReplyError>;
}

/**
 * Calls for function `fn`. `cloud` is read on every call because test files start their cloud in
 * before(), after these helpers are made.
 */
export function functionCalls<F extends FunctionName>(fn: F, cloud: () => TestCloud): FunctionCalls<F> {
  const call = async (action: ActionName<F>, input: unknown, openid: string, requestId?: string) =>
    (await cloud().call(fn, action, input, { openid, requestId })) as Reply<unknown>;
  return {
    call,
    async ok<A extends ActionName<F>>(action: A, input: unknown, openid: string, requestId?: string) {
      const reply = await call(action, input, openid, requestId);
      assert.ok(reply.ok, `${fn}.${action} as ${openid}: ${JSON.stringify(reply)}`);
      return reply.data as ActionOutput<F, A>;
    },
    async failed(action: ActionName<F>, input: unknown, openid: string, requestId?: string) {
      const reply = await call(action, input, openid, requestId);
      assert.ok(!reply.ok, `${fn}.${action} as ${openid} should fail: ${JSON.stringify(reply)}`);
      return reply.error;
    },
  };
}
