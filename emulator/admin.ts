// POST /admin: the one endpoint wx-server-sdk talks to. JSON bodies `{action, …params}` for the
// database, functions and storage; multipart bodies for wx.openApi and wx.wxPayApi. Replies are
// `{requestId, data}` or, for a refusal, `{requestId, code, message}` (the SDK throws an error
// carrying that code). Nothing a client sends may crash the server.

import { randomBytes } from 'node:crypto';
import type { Clock } from './clock';
import { BadRequest, decode, decodeObject, encode } from './ejson';
import { FileStore } from './files';
import type { FunctionRunner } from './runner';
import type { QueryWatch } from './store/serving';
import { type Store, StoreError } from './store/types';
import { parseMultipart, tcbError, type WeChat, type WeChatReply } from './wechat';

export interface AdminDeps {
  store: Store;
  clock: Clock;
  runner: FunctionRunner;
  files: FileStore;
  wechat: WeChat;
  envId: string;
  /** The server's own URL (upload and temp-file URLs point back at it). */
  baseUrl(): string;
  /** Sees every query the functions make, to find those no declared index serves. */
  watch?: QueryWatch;
  /** Milliseconds every answer is held back (ADMIN_LATENCY_MS): the real cloud's network hop. */
  latencyMs?(): number;
}

/** A refusal answered as the cloud answers it. */
class CloudError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Params = Record<string, unknown>;

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const BUCKET = '6c6f-local-bucket';

function requestId(): string {
  return randomBytes(8).toString('hex');
}

function json(value: unknown): WeChatReply {
  return { status: 200, contentType: 'application/json; charset=utf-8', body: Buffer.from(JSON.stringify(value)) };
}

function collectionName(params: Params): string {
  const name = params.collectionName;
  if (typeof name !== 'string' || name === '') throw new CloudError('INVALID_PARAM', 'collectionName is required');
  return name;
}

function txIdOf(params: Params): string | undefined {
  return typeof params.transactionId === 'string' && params.transactionId !== '' ? params.transactionId : undefined;
}

function integer(value: unknown, what: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new CloudError('INVALID_PARAM', `${what} must be a non-negative integer`);
  return n;
}

function sortOf(order: Record<string, unknown>): Array<[string, 1 | -1]> {
  return Object.entries(order).map(([field, direction]) => {
    if (direction !== 1 && direction !== -1 && direction !== 'asc' && direction !== 'desc') {
      throw new CloudError('INVALID_PARAM', `order of ${field} must be 1 or -1`);
    }
    return [field, direction === -1 || direction === 'desc' ? -1 : 1];
  });
}

export class Admin {
  constructor(private readonly deps: AdminDeps) {}

  private now = (): number => this.deps.clock.now().getTime();

  /**
   * Answers one /admin request, after the configured latency. Each request counts as one round
   * trip of the function call whose WX_API_TOKEN it carries.
   */
  async handle(contentType: string, body: Buffer): Promise<WeChatReply> {
    const reply = await this.answer(contentType, body);
    const latency = this.deps.latencyMs?.() ?? 0;
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    return reply;
  }

  private async answer(contentType: string, body: Buffer): Promise<WeChatReply> {
    if (/multipart\/form-data/i.test(contentType)) return this.handleMultipart(contentType, body);
    let params: Params;
    try {
      const parsed: unknown = JSON.parse(body.toString('utf8'));
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      params = parsed as Params;
    } catch {
      return json({ requestId: requestId(), code: 'INVALID_PARAM', message: 'the request body must be a JSON object' });
    }
    const action = typeof params.action === 'string' ? params.action : '';
    this.deps.runner.countTrip(params.wxCloudApiToken, action);
    // ADMIN_TRACE=1: each request on stderr, to see what a call's round trips are
    if (process.env.ADMIN_TRACE)
      console.error(
        `[admin] ${this.deps.runner.callerOf(params.wxCloudApiToken)?.name ?? '-'} ${action} ${String(params.collectionName ?? '')} ${String(params.query ?? '').slice(0, 160)}`,
      );
    const id = requestId();
    try {
      if (action === 'database.startTransaction') {
        // The SDK reads transactionId from the top level of the reply, not from `data`.
        return json({ requestId: id, transactionId: this.deps.store.beginTransaction() });
      }
      const data = await this.dispatch(action, params);
      return json({ requestId: id, data });
    } catch (error) {
      return json({ requestId: id, ...this.refusal(error, params) });
    }
  }

  private refusal(error: unknown, params: Params): { code: string; message: string } {
    if (error instanceof StoreError) {
      const txId = txIdOf(params);
      // A transaction reported in conflict is over: the SDK retries with a new one and never
      // aborts the old one, so its write claims must be released now.
      if (txId && error.code === 'DATABASE_TRANSACTION_CONFLICT') {
        try {
          this.deps.store.abortTransaction(txId);
        } catch {
          // Already gone (commit discards it itself).
        }
      }
      return { code: error.code, message: error.message };
    }
    if (error instanceof CloudError) return { code: error.code, message: error.message };
    if (error instanceof BadRequest) return { code: 'INVALID_PARAM', message: error.message };
    console.error('[local cloud] /admin failed:', error);
    return { code: 'SYS_ERR', message: error instanceof Error ? error.message : String(error) };
  }

  private async dispatch(action: string, params: Params): Promise<unknown> {
    const { store } = this.deps;
    switch (action) {
      case 'database.getDocument': {
        const name = collectionName(params);
        const query = decodeObject(params.query, 'query', this.now);
        const order = sortOf(decodeObject(params.order, 'order', this.now));
        const projection = decodeObject(params.projection, 'projection', this.now);
        const skip = integer(params.offset, 'offset') ?? 0;
        // What the SDK sends anyway; applied here for clients that do not.
        const limit = Math.min(integer(params.limit, 'limit') || DEFAULT_LIMIT, MAX_LIMIT);
        this.deps.watch?.observe(name, query, order);
        const docs = store.find(name, query, { sort: order, skip, limit, projection: Object.keys(projection).length > 0 ? projection : undefined }, txIdOf(params));
        return { list: docs.map(encode), offset: skip, limit };
      }
      case 'database.calculateDocument': {
        const name = collectionName(params);
        const query = decodeObject(params.query, 'query', this.now);
        this.deps.watch?.observe(name, query);
        return { total: store.count(name, query, txIdOf(params)) };
      }
      case 'database.insertDocument': {
        const name = collectionName(params);
        const raw = Array.isArray(params.data) ? params.data : [params.data];
        const docs = raw.map((item, i) => decodeObject(item, `data[${i}]`, this.now));
        if (docs.length === 0) throw new CloudError('INVALID_PARAM', 'data must hold at least one document');
        return { insertedIds: store.insert(name, docs, txIdOf(params)) };
      }
      case 'database.modifyDocument': {
        const name = collectionName(params);
        const query = decodeObject(params.query, 'query', this.now);
        const data = decodeObject(params.data, 'data', this.now);
        this.deps.watch?.observe(name, query);
        const result = store.update(name, query, data, { multi: params.multi === true, merge: params.merge !== false, upsert: params.upsert === true }, txIdOf(params));
        return { updated: result.updated, upsert_id: result.upsertedId, matched: result.matched };
      }
      case 'database.removeDocument': {
        const name = collectionName(params);
        const query = decodeObject(params.query, 'query', this.now);
        this.deps.watch?.observe(name, query);
        return { deleted: store.remove(name, query, { multi: params.multi === true }, txIdOf(params)) };
      }
      case 'database.aggregateDocuments': {
        const name = collectionName(params);
        if (!Array.isArray(params.stages)) throw new CloudError('INVALID_PARAM', 'stages must be an array');
        const pipeline = params.stages.map((stage: unknown, i: number) => {
          const { stageKey, stageValue } = (stage ?? {}) as { stageKey?: unknown; stageValue?: unknown };
          if (typeof stageKey !== 'string' || !stageKey.startsWith('$')) {
            throw new CloudError('INVALID_PARAM', `stages[${i}].stageKey must name a stage`);
          }
          return { [stageKey]: decode(stageValue, `stages[${i}]`, this.now) };
        });
        const match = pipeline[0]?.$match;
        if (match !== null && typeof match === 'object' && !Array.isArray(match)) this.deps.watch?.observe(name, match as Record<string, unknown>);
        else this.deps.watch?.observe(name, {});
        if (!store.hasCollection(name)) {
          throw new StoreError('DATABASE_COLLECTION_NOT_EXIST', `collection ${name} does not exist`);
        }
        return { list: store.aggregate(name, pipeline).map(encode) };
      }
      case 'database.addCollection':
        store.createCollection(collectionName(params));
        return {};
      case 'database.commitTransaction':
        store.commitTransaction(String(params.transactionId ?? ''));
        return {};
      case 'database.abortTransaction':
        store.abortTransaction(String(params.transactionId ?? ''));
        return {};
      case 'functions.invokeFunction':
        return this.invokeFunction(params);
      case 'storage.getUploadMetadata':
        return this.uploadMetadata(params);
      case 'storage.batchGetDownloadUrl':
        return this.downloadUrls(params);
      case 'storage.batchDeleteFile':
        return this.deleteFiles(params);
      default:
        throw new CloudError('INVALID_ACTION', `the local cloud does not know action ${JSON.stringify(action)}`);
    }
  }

  private async invokeFunction(params: Params): Promise<unknown> {
    const name = typeof params.function_name === 'string' ? params.function_name : '';
    if (!name) throw new CloudError('INVALID_PARAM', 'function_name is required');
    let event: unknown = {};
    if (typeof params.request_data === 'string' && params.request_data !== '') {
      try {
        event = JSON.parse(params.request_data);
      } catch {
        throw new CloudError('INVALID_PARAM', 'request_data is not JSON');
      }
    }
    // A function calling another keeps its user's identity; anything else calls as "scf".
    const caller = this.deps.runner.callerOf(params.wxCloudApiToken);
    const outcome = await this.deps.runner.invoke(name, event, {
      openid: caller?.ctx.openid,
      unionid: caller?.ctx.unionid,
      appid: caller?.ctx.appid,
      source: 'scf',
    });
    if (!outcome.ok) throw new CloudError(outcome.code, `errCode: ${outcome.errCode} | errMsg: ${outcome.message}`);
    return { response_data: JSON.stringify(outcome.result) };
  }

  private fileIdOf(path: string): string {
    return `cloud://${this.deps.envId}.${BUCKET}/${path}`;
  }

  /** The cloud path of a fileID of this environment, or null. */
  private pathOf(fileId: unknown): string | null {
    if (typeof fileId !== 'string') return null;
    const match = /^cloud:\/\/[^/]+\/(.+)$/.exec(fileId);
    return match ? FileStore.clean(match[1]) : null;
  }

  private urlOf(prefix: 'upload' | 'files', path: string): string {
    return `${this.deps.baseUrl()}/${prefix}/${path.split('/').map(encodeURIComponent).join('/')}`;
  }

  private uploadMetadata(params: Params): unknown {
    const path = typeof params.path === 'string' ? FileStore.clean(params.path) : null;
    if (!path) throw new CloudError('INVALID_PARAM', 'path is required and must stay inside the bucket');
    const fileId = this.fileIdOf(path);
    return {
      url: this.urlOf('upload', path),
      token: 'local-token',
      authorization: 'local-authorization',
      fileId,
      cosFileId: `local-cos-${randomBytes(8).toString('hex')}`,
      download_url: this.urlOf('files', path),
    };
  }

  private downloadUrls(params: Params): unknown {
    const list = Array.isArray(params.file_list) ? params.file_list : [];
    return {
      download_list: list.map((item: unknown) => {
        const { fileid, max_age } = (item ?? {}) as { fileid?: unknown; max_age?: unknown };
        const path = this.pathOf(fileid);
        if (!path || this.deps.files.get(path) === null) {
          return { fileID: fileid, tempFileURL: '', code: 'STORAGE_FILE_NONEXIST', message: 'file does not exist' };
        }
        return {
          fileID: fileid,
          // Unescaped path: the SDK's downloadFile escapes the URL itself (escaping here too
          // would double it).
          tempFileURL: `${this.deps.baseUrl()}/files/${path}?sign=local&t=${Math.floor(this.now() / 1000)}`,
          code: 'SUCCESS',
          maxAge: typeof max_age === 'number' ? max_age : 7200,
        };
      }),
    };
  }

  private deleteFiles(params: Params): unknown {
    const list = Array.isArray(params.fileid_list) ? params.fileid_list : [];
    return {
      delete_list: list.map((fileId: unknown) => {
        const path = this.pathOf(fileId);
        const deleted = path !== null && this.deps.files.delete(path);
        return deleted ? { fileID: fileId, code: 'SUCCESS' } : { fileID: fileId, code: 'STORAGE_FILE_NONEXIST', message: 'file does not exist' };
      }),
    };
  }

  private handleMultipart(contentType: string, body: Buffer): WeChatReply | Promise<WeChatReply> {
    const parts = parseMultipart(body, contentType);
    const action = parts.get('action')?.toString('utf8') ?? '';
    const apiName = parts.get('apiName')?.toString('utf8') ?? '';
    const requestData = parts.get('requestData') ?? Buffer.alloc(0);
    const token = parts.get('wxCloudApiToken')?.toString('utf8');
    this.deps.runner.countTrip(token, action);
    const caller = this.deps.runner.callerOf(token);
    try {
      if (action === 'wx.openApi') {
        // WeChat lets a function make only the cloud calls its config.json lists.
        const allowed = caller ? (this.deps.runner.config(caller.name)?.openapi ?? null) : null;
        return this.deps.wechat.openApi(apiName, requestData, caller, allowed);
      }
      if (action === 'wx.wxPayApi') {
        const reply = this.deps.wechat.payApi(apiName, requestData, caller);
        return this.deps.wechat.afterPayApi().then(() => reply);
      }
      return tcbError('INVALID_ACTION', `the local cloud does not know action ${JSON.stringify(action)}`);
    } catch (error) {
      return tcbError('INVALID_PARAM', `malformed ${action} request: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
