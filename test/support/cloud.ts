// The local cloud for tests: in-memory store, seeded from database/seed, timers off, spoken to
// over HTTP exactly as the h5 app and tools do. Every test file that needs a cloud uses this.
// `adminLatencyMs` (default ADMIN_LATENCY_MS, else 0) holds back every database answer.

import { type CallRecord, type LocalCloud, type LocalCloudOptions, type OutboxMessage, type PaymentRecord, type QueuedFailure, startLocalCloud } from '../../emulator/index';

export interface TestCloud {
  url: string;
  cloud: LocalCloud;
  /** POST /api/fn/:name; resolves with the function's reply (or WeChat's error body). */
  call(fn: string, action: string, input?: unknown, opts?: { openid?: string; requestId?: string }): Promise<unknown>;
  /** Like call, and how many /admin round trips the call made (the x-round-trips header). */
  measure(fn: string, action: string, input?: unknown, opts?: { openid?: string; requestId?: string }): Promise<{ reply: unknown; roundTrips: number }>;
  /** The recordings of finished calls (GET /api/calls), after seq `since`. */
  calls(since?: number): Promise<CallRecord[]>;
  /** POST /api/fn/:name with `body` exactly as given (for malformed calls). */
  raw(fn: string, body: unknown, openid?: string): Promise<unknown>;
  /** Makes WeChat refuse the next matching openApi call(s) (POST /api/openapi/fail). */
  failOpenApi(failure: QueuedFailure): Promise<void>;
  /** Delivers WeChat Pay's success callback for an order (POST /api/pay/:outTradeNo). */
  pay(outTradeNo: string, overrides?: { totalFee?: number }): Promise<unknown>;
  /** Delivers WeChat Pay's refund result for a refund (POST /api/refund/:outRefundNo). */
  refundResult(outRefundNo: string, status?: 'SUCCESS' | 'CHANGE' | 'REFUNDCLOSE'): Promise<unknown>;
  /**
   * The code the mini-program's getPhoneNumber button would give `openid` (POST /api/dev/phone-code);
   * `phone` first sets the number their WeChat account holds (seeded dev people have one).
   */
  phoneCode(openid: string, phone?: string): Promise<string>;
  /** Fixes the functions' clock at an ISO instant, or releases it with null. */
  setClock(iso: string | null): Promise<void>;
  outbox(): Promise<OutboxMessage[]>;
  payments(): Promise<PaymentRecord[]>;
  runTimer(name: string): Promise<unknown>;
  close(): Promise<void>;
}

async function postWithHeaders(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ body: unknown; headers: Headers }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  return { body: text === '' ? null : (JSON.parse(text) as unknown), headers: res.headers };
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  return (await postWithHeaders(url, body, headers)).body;
}

async function get(url: string): Promise<unknown> {
  const res = await fetch(url);
  return (await res.json()) as unknown;
}

export async function startTestCloud(opts: LocalCloudOptions = {}): Promise<TestCloud> {
  const cloud = await startLocalCloud({ port: 0, dbPath: ':memory:', timers: false, ...opts });
  const { url } = cloud;
  return {
    url,
    cloud,
    call(fn, action, input = {}, { openid, requestId } = {}) {
      const body: Record<string, unknown> = { action, input };
      if (requestId !== undefined) body.requestId = requestId;
      return post(`${url}/api/fn/${encodeURIComponent(fn)}`, body, openid === undefined ? {} : { 'x-openid': openid });
    },
    async measure(fn, action, input = {}, { openid, requestId } = {}) {
      const body: Record<string, unknown> = { action, input };
      if (requestId !== undefined) body.requestId = requestId;
      const res = await postWithHeaders(`${url}/api/fn/${encodeURIComponent(fn)}`, body, openid === undefined ? {} : { 'x-openid': openid });
      const header = res.headers.get('x-round-trips');
      if (header === null) throw new Error(`${fn}.${action}: no x-round-trips header`);
      return { reply: res.body, roundTrips: Number(header) };
    },
    async calls(since = 0) {
      return (await get(`${url}/api/calls?since=${since}`)) as CallRecord[];
    },
    raw(fn, body, openid) {
      return post(`${url}/api/fn/${encodeURIComponent(fn)}`, body, openid === undefined ? {} : { 'x-openid': openid });
    },
    async failOpenApi(failure) {
      await post(`${url}/api/openapi/fail`, failure);
    },
    pay(outTradeNo, overrides = {}) {
      return post(`${url}/api/pay/${encodeURIComponent(outTradeNo)}`, overrides);
    },
    refundResult(outRefundNo, status) {
      return post(`${url}/api/refund/${encodeURIComponent(outRefundNo)}`, status === undefined ? {} : { status });
    },
    async phoneCode(openid, phone) {
      const reply = (await post(`${url}/api/dev/phone-code`, phone === undefined ? {} : { phone }, { 'x-openid': openid })) as { code?: unknown };
      if (typeof reply?.code !== 'string') throw new Error(`no phone code for ${openid}: ${JSON.stringify(reply)}`);
      return reply.code;
    },
    async setClock(iso) {
      await post(`${url}/api/clock`, { now: iso });
    },
    async outbox() {
      return (await get(`${url}/api/outbox`)) as OutboxMessage[];
    },
    async payments() {
      return (await get(`${url}/api/payments`)) as PaymentRecord[];
    },
    runTimer(name) {
      return post(`${url}/api/timer/${encodeURIComponent(name)}`, {});
    },
    async close() {
      await cloud.close();
      // The deploy check (issue 21): a function query on a large collection that no declared index
      // serves would scan the whole collection in the cloud. Fail the file that made it.
      if (cloud.queryWatch.unserved.length > 0) {
        throw new Error(`queries on large collections with no serving index:\n${cloud.queryWatch.report()}`);
      }
    },
  };
}
