// The one way pages talk to the cloud functions (SPEC §10). weapp: wx.cloud.callFunction;
// h5: the local cloud's HTTP endpoint, calling the same built functions. The branch is on
// process.env.TARO_ENV, which the build replaces by a constant, so each bundle keeps one path.
import Taro from '@tarojs/taro';
import type { ActionInput, ActionName, ActionOutput, FunctionName } from '../../types/contract';
import type { Reply, ReplyError } from '../../types/envelope';
import { errorLabels } from '../../types/labels';
import { currentIdentity } from './identity';

/** Codes of the contract, plus the client's own for a call that never got an answer. */
export type CloudErrorCode = ReplyError['code'] | 'NETWORK';

export class CloudError extends Error {
  readonly code: CloudErrorCode;
  /** field path → what is wrong with it (INVALID_INPUT only) */
  readonly fields: Record<string, string>;

  constructor(code: CloudErrorCode, message: string, fields: Record<string, string> = {}) {
    super(message);
    this.name = 'CloudError';
    this.code = code;
    this.fields = fields;
  }
}

export const NETWORK_MESSAGE = '网络不稳定，请检查网络后重试';
const TIMEOUT_MS = 15000;

/** A unique id for a create; keep it with the draft so a retry sends the same one (SPEC §10). */
export function newRequestId(): string {
  const random = Math.random().toString(36).slice(2, 10);
  return `r${Date.now().toString(36)}${random}`;
}

/** Called once at launch (weapp) before any call. */
export function initCloud(): void {
  if (process.env.TARO_ENV === 'weapp') {
    Taro.cloud.init({ env: CLOUD_ENV, traceUser: true });
  }
}

/** The Chinese message shown to a person for a failed reply. */
export function describeError(error: ReplyError): string {
  const label = errorLabels[error.code] ?? errorLabels.INTERNAL;
  const fieldMessages = Object.values(error.fields ?? {});
  if (error.code === 'INVALID_INPUT' && fieldMessages.length > 0) return fieldMessages.join('；');
  // The server's message is shown when it is written for people (Chinese), else the code's label.
  if (error.code !== 'INTERNAL' && /[\u4e00-\u9fff]/.test(error.message)) return error.message;
  return label;
}

function isReply(value: unknown): value is Reply<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const ok = (value as { ok: unknown }).ok;
  if (ok === true) return 'data' in value;
  if (ok === false) {
    const error = (value as { error?: unknown }).error;
    return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
  }
  return false;
}

function unwrap<T>(reply: unknown): T {
  if (!isReply(reply)) throw new CloudError('INTERNAL', errorLabels.INTERNAL);
  if (reply.ok) return reply.data as T;
  throw new CloudError(reply.error.code, describeError(reply.error), reply.error.fields ?? {});
}

async function send(fn: string, data: { action: string; input: unknown; requestId?: string }): Promise<unknown> {
  if (process.env.TARO_ENV === 'weapp') {
    try {
      const result = await Taro.cloud.callFunction({ name: fn, data });
      return result.result;
    } catch {
      // callFunction rejects only when the call did not complete (network, timeout, env missing).
      throw new CloudError('NETWORK', NETWORK_MESSAGE);
    }
  }
  if (process.env.TARO_ENV === 'h5') {
    let response: Taro.request.SuccessCallbackResult<TaroGeneral.IAnyObject>;
    try {
      response = await Taro.request<TaroGeneral.IAnyObject>({
        url: `${LOCAL_CLOUD_URL}/api/fn/${fn}`,
        method: 'POST',
        data,
        header: { 'content-type': 'application/json', 'x-openid': currentIdentity() ?? '' },
        timeout: TIMEOUT_MS,
      });
    } catch {
      throw new CloudError('NETWORK', NETWORK_MESSAGE);
    }
    // The local cloud answers envelopes with any status; a body without one is a server fault.
    if (!isReply(response.data)) {
      // No answer at all is the network; an answer without an envelope is the server failing,
      // which the person should not be told is their network.
      throw new CloudError(response.statusCode === 0 ? 'NETWORK' : 'INTERNAL', response.statusCode === 0 ? NETWORK_MESSAGE : errorLabels.INTERNAL);
    }
    return response.data;
  }
  throw new CloudError('INTERNAL', `不支持的平台：${process.env.TARO_ENV}`);
}

/** Calls `fn`'s `action`; resolves with the reply's data or rejects with a CloudError. */
export async function call<F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  input: ActionInput<F, A>,
  options: { requestId?: string } = {},
): Promise<ActionOutput<F, A>> {
  const data: { action: string; input: unknown; requestId?: string } = { action, input };
  if (options.requestId) data.requestId = options.requestId;
  return unwrap<ActionOutput<F, A>>(await send(fn, data));
}

/** A readable message for anything a page caught. */
export function messageOf(error: unknown): string {
  if (error instanceof CloudError) return error.message;
  return errorLabels.INTERNAL;
}
