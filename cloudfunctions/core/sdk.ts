// The slice of wx-server-sdk the functions use, typed by hand: the package's bundled typings are
// wrong in places (init's env option, `get()` typed as Promise|void|string, no cloudPay), so the
// module is loaded untyped once here and every other file sees this interface.

export type Document = Record<string, unknown> & { _id: string };

export interface QueryResult<T> {
  data: T[];
}
export interface UpdateResult {
  stats: { updated: number };
}
export interface RemoveResult {
  stats: { removed: number };
}

/** A `db.command` expression: opaque to us, understood by the SDK. */
export type Command = object;

export interface Query<T> {
  where(filter: Record<string, unknown>): Query<T>;
  orderBy(field: string, order: 'asc' | 'desc'): Query<T>;
  skip(n: number): Query<T>;
  limit(n: number): Query<T>;
  field(projection: Record<string, boolean>): Query<T>;
  get(): Promise<QueryResult<T>>;
  count(): Promise<{ total: number }>;
  update(data: { data: Record<string, unknown> }): Promise<UpdateResult>;
  remove(): Promise<RemoveResult>;
}

export interface DocRef<T> {
  get(): Promise<{ data: T }>;
  set(data: { data: Record<string, unknown> }): Promise<{ _id: string; stats: { updated: number; created: number } }>;
  update(data: { data: Record<string, unknown> }): Promise<UpdateResult>;
  remove(): Promise<RemoveResult>;
}

export interface Collection<T> extends Query<T> {
  doc(id: string): DocRef<T>;
  add(data: { data: Record<string, unknown> }): Promise<{ _id: string }>;
  /** Several documents in one request: all or none on the local cloud (one refused `_id` refuses the batch). */
  add(data: { data: Array<Record<string, unknown>> }): Promise<{ _ids: string[] }>;
  aggregate(): Aggregate;
}

export interface Aggregate {
  match(filter: Record<string, unknown>): Aggregate;
  group(spec: Record<string, unknown>): Aggregate;
  sort(spec: Record<string, 1 | -1>): Aggregate;
  project(spec: Record<string, unknown>): Aggregate;
  limit(n: number): Aggregate;
  skip(n: number): Aggregate;
  unwind(spec: string | Record<string, unknown>): Aggregate;
  /** one `{ [field]: n }` row with the number of documents so far (none when there are none) */
  count(field: string): Aggregate;
  lookup(spec: Record<string, unknown>): Aggregate;
  end(): Promise<{ list: Array<Record<string, unknown>> }>;
  /** a sub-pipeline's stages (from `db.command.aggregate.pipeline()`), for `lookup({ pipeline })` */
  done(): Array<Record<string, unknown>>;
}

export interface Transaction {
  collection<T = Document>(name: string): { doc(id: string): DocRef<T>; add(data: { data: Record<string, unknown> }): Promise<{ _id: string }> };
  rollback(reason?: unknown): Promise<void>;
  commit(): Promise<void>;
}

export interface DbCommand {
  eq(v: unknown): Command;
  neq(v: unknown): Command;
  gt(v: unknown): Command;
  gte(v: unknown): Command;
  lt(v: unknown): Command;
  lte(v: unknown): Command;
  in(v: unknown[]): Command;
  nin(v: unknown[]): Command;
  exists(v: boolean): Command;
  and(...v: unknown[]): Command;
  or(...v: unknown[]): Command;
  inc(n: number): Command;
  set(v: unknown): Command;
  remove(): Command;
  push(v: unknown): Command;
  pull(v: unknown): Command;
  addToSet(v: unknown): Command;
  aggregate: Record<string, (...args: unknown[]) => unknown>;
}

export interface Database {
  collection<T = Document>(name: string): Collection<T>;
  command: DbCommand;
  serverDate(options?: { offset?: number }): unknown;
  RegExp(options: { regexp: string; options?: string }): unknown;
  runTransaction<R>(callback: (t: Transaction) => Promise<R>, retries?: number): Promise<R>;
}

export interface WxContext {
  OPENID?: string;
  APPID?: string;
  UNIONID?: string;
  SOURCE?: string;
  ENV?: string;
}

/** The error the SDK rejects with: `errCode` for API errors, `code` for the server's string codes. */
export interface SdkError {
  errCode?: number;
  errMsg?: string;
  code?: string;
  message?: string;
}

export interface WxServerSdk {
  DYNAMIC_CURRENT_ENV: symbol;
  init(options: { env: symbol | string }): void;
  getWXContext(): WxContext;
  database(): Database;
  openapi: {
    /** code (from the mini-program's getPhoneNumber button) → the number WeChat verified; once, within 5 min */
    phonenumber: {
      getPhoneNumber(params: { code: string }): Promise<{
        phoneInfo: { phoneNumber: string; purePhoneNumber: string; countryCode: string | number };
        errCode: number;
        errMsg: string;
      }>;
    };
    subscribeMessage: {
      send(params: {
        touser: string;
        templateId: string;
        page?: string;
        data: Record<string, { value: string }>;
        miniprogramState?: string;
        lang?: string;
      }): Promise<{ errCode: number; errMsg: string }>;
    };
  };
  callFunction(params: { name: string; data: unknown }): Promise<{ result: unknown }>;
  /** WeChat Pay through cloud payment; WeChat's snake_case reply arrives camel-cased. */
  cloudPay: CloudPay;
  /** cloud storage: the bytes go to `cloudPath`; the answer's fileID names them from then on */
  uploadFile(params: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string }>;
  /** the bytes of a stored file (a missing one rejects) */
  downloadFile(params: { fileID: string }): Promise<{ fileContent: Buffer }>;
  /** temporary download links; a missing file comes back with a non-zero status, not a rejection */
  getTempFileURL(params: { fileList: Array<string | { fileID: string; maxAge?: number }> }): Promise<{
    fileList: Array<{ fileID: string; tempFileURL: string; status: number; errMsg?: string }>;
  }>;
}

/** The fields of a cloud-pay reply the functions read (the rest is kept as WeChat sends it). */
export interface CloudPayReply {
  returnCode?: string;
  returnMsg?: string;
  resultCode?: string;
  errCodeDes?: string;
  [field: string]: unknown;
}

export interface CloudPay {
  unifiedOrder(params: {
    body: string;
    outTradeNo: string;
    spbillCreateIp: string;
    subMchId: string;
    /** integer fen */
    totalFee: number;
    envId: string;
    /** the function WeChat Pay calls back on success */
    functionName: string;
    nonceStr?: string;
    tradeType?: string;
  }): Promise<CloudPayReply & { payment?: { appId?: string; timeStamp: string; nonceStr: string; package: string; signType: string; paySign: string } }>;
  refund(params: {
    outTradeNo: string;
    outRefundNo: string;
    subMchId: string;
    /** integer fen */
    totalFee: number;
    /** integer fen */
    refundFee: number;
    envId: string;
    /** the function WeChat Pay calls back with the refund's result */
    functionName: string;
    nonceStr?: string;
    refundDesc?: string;
  }): Promise<CloudPayReply>;
  queryOrder(params: { outTradeNo: string; subMchId: string; nonceStr?: string }): Promise<CloudPayReply>;
}

let initialised: WxServerSdk | null = null;

/** wx-server-sdk, initialised once per function instance for the environment it runs in. */
export function sdk(): WxServerSdk {
  if (!initialised) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- external at bundle time, typed above
    const loaded = require('wx-server-sdk') as WxServerSdk;
    loaded.init({ env: loaded.DYNAMIC_CURRENT_ENV });
    initialised = loaded;
  }
  return initialised;
}

export function db(): Database {
  return sdk().database();
}

/** True when the store refused an insert because the `_id` or a unique index already holds it. */
export function isDuplicateError(error: unknown): boolean {
  const e = error as SdkError;
  const text = `${e?.code ?? ''} ${e?.message ?? ''} ${e?.errMsg ?? ''}`;
  return /DUPLICATE|E11000|duplicate key/i.test(text);
}
