// The function runner: loads `<functionsDir>/<name>/index.js` and runs each call in a pool of
// worker threads. A worker runs one call at a time (its process.env carries that call's WeChat
// identity), workers are reused, the pool grows to a bound and queues beyond it, and a call that
// outlives its function's timeout has its worker terminated, as WeChat kills the instance.

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Clock } from './clock';
// the same walk the functions' router refuses deep input with
import { nestsDeeperThan } from '../cloudfunctions/core/router/limits';

export interface TimerTrigger {
  name: string;
  /** 7-field cron: sec min hour day month week year, evaluated in Asia/Shanghai. */
  config: string;
}

export interface FunctionConfig {
  /** Seconds; WeChat's default is 3. */
  timeout: number;
  timer: TimerTrigger | null;
  /** permissions.openapi: the cloud-call APIs the function may use; null when it declares none */
  openapi: string[] | null;
}

/** Who calls and how, as WeChat reports it to getWXContext(). */
export interface CallContext {
  openid?: string;
  appid?: string;
  unionid?: string;
  /** wx_client, wx_trigger, wx_paycallback, scf (another function, the default). */
  source?: string;
}

export type InvokeOutcome = { ok: true; result: unknown } | { ok: false; code: string; errCode: number; message: string };

export interface Caller {
  name: string;
  ctx: CallContext;
  /** requests this call made to /admin so far (database, storage, other functions, WeChat) */
  trips: TripCount;
}

/** A call's round trips to /admin: each is one network hop on the real cloud. */
export interface TripCount {
  total: number;
  /** by /admin action (`database.getDocument`, `wx.openApi`, …) */
  byAction: Record<string, number>;
}

/** What the local cloud keeps of each finished call (GET /api/calls): the recordings. */
export interface CallRecord {
  /** increasing per runner */
  seq: number;
  name: string;
  /** the event's `action` when it has one (the contract's calls) */
  action: string | null;
  source: string;
  ok: boolean;
  roundTrips: number;
  byAction: Record<string, number>;
  /** wall time from the call's arrival to its answer, queueing included */
  ms: number;
}

/** How many recordings are kept (the oldest go first). */
export const RECORDINGS_KEPT = 2_000;

interface WorkerReply {
  type: 'result';
  id: number;
  ok: boolean;
  json?: string;
  error?: { message: string; stack: string };
}

interface Job {
  id: number;
  file: string;
  event: unknown;
  context: Record<string, unknown>;
  env: Record<string, string>;
  timeoutMs: number;
  timeoutSeconds: number;
  resolve: (outcome: InvokeOutcome) => void;
}

interface PoolWorker {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

const WORKER_FILE = resolve(__dirname, 'function-worker.cjs');
export const LOCAL_APPID = 'wx0000000000local';

/**
 * Bounds of a call's data. WeChat's docs advise marking anything over 100 KB with wx.cloud.CDN
 * (Cloud.callFunction, "data 参数说明") and CloudBase refuses a text body over 100 KB
 * (EXCEED_MAX_PAYLOAD_SIZE); no contract input comes near either bound. The depth bound keeps a
 * hostile body from overflowing the stack of whatever walks it (postMessage's structured clone did).
 */
export const CALL_DATA_MAX_BYTES = 100 * 1024;
export const CALL_DATA_MAX_DEPTH = 64;

/** Why a call's data cannot be handed to a function, or null when it can. */
export function callDataProblem(event: unknown): string | null {
  if (nestsDeeperThan(event, CALL_DATA_MAX_DEPTH)) return `the call's data nests deeper than ${CALL_DATA_MAX_DEPTH} levels`;
  let json: string | undefined;
  try {
    json = JSON.stringify(event);
  } catch (error) {
    return `the call's data is not JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (json !== undefined && Buffer.byteLength(json) > CALL_DATA_MAX_BYTES) {
    return `the call's data is larger than ${CALL_DATA_MAX_BYTES / 1024} KB`;
  }
  return null;
}

export interface RunnerOptions {
  functionsDir: string;
  /** SDK environment every worker starts with (see sdkEnv). */
  env: Record<string, string>;
  clock: Clock;
  maxWorkers?: number;
  /** The functions' own environment variables (the console's 环境变量), set on every call. */
  functionEnv?: Record<string, string>;
}

export class FunctionRunner {
  readonly functionsDir: string;
  private readonly env: Record<string, string>;
  private readonly functionEnv: Record<string, string>;
  private readonly clock: Clock;
  private readonly maxWorkers: number;
  private readonly idle: PoolWorker[] = [];
  private readonly busy = new Set<PoolWorker>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private nextSeq = 1;
  private readonly records: CallRecord[] = [];
  private readonly callers = new Map<string, Caller>();
  private closed = false;

  constructor(options: RunnerOptions) {
    this.functionsDir = resolve(options.functionsDir);
    this.env = options.env;
    this.functionEnv = { ...options.functionEnv };
    this.clock = options.clock;
    this.maxWorkers = options.maxWorkers ?? Math.min(16, Math.max(4, availableParallelism()));
  }

  /** Names of the functions present (folders with an index.js). */
  list(): string[] {
    if (!existsSync(this.functionsDir)) return [];
    return readdirSync(this.functionsDir)
      .filter((name) => this.fileOf(name) !== null)
      .sort();
  }

  /** The function's config.json, or null if there is no such function. */
  config(name: string): FunctionConfig | null {
    if (this.fileOf(name) === null) return null;
    const path = join(this.functionsDir, name, 'config.json');
    let raw: unknown = {};
    if (existsSync(path)) {
      try {
        raw = JSON.parse(readFileSync(path, 'utf8'));
      } catch {
        console.error(`[local cloud] ${path} is not valid JSON; using WeChat's defaults`);
      }
    }
    const record = (raw ?? {}) as { timeout?: unknown; triggers?: unknown; permissions?: { openapi?: unknown } };
    const timeout = typeof record.timeout === 'number' && record.timeout > 0 ? record.timeout : 3;
    let timer: TimerTrigger | null = null;
    if (Array.isArray(record.triggers)) {
      const timers = record.triggers.filter(
        (t): t is { name: string; type: string; config: string } => typeof t === 'object' && t !== null && (t as { type?: unknown }).type === 'timer',
      );
      // WeChat allows one timer trigger per function; a second would be refused at deploy.
      if (timers.length > 1) console.error(`[local cloud] ${name}: more than one timer trigger; using the first`);
      if (timers[0]) timer = { name: String(timers[0].name), config: String(timers[0].config) };
    }
    const declared = record.permissions?.openapi;
    const openapi = Array.isArray(declared) ? declared.filter((api): api is string => typeof api === 'string') : null;
    return { timeout, timer, openapi };
  }

  invoke(name: string, event: unknown, ctx: CallContext = {}): Promise<InvokeOutcome> {
    return this.run(name, event, ctx).then(({ outcome }) => outcome);
  }

  /** Runs a call like invoke and gives its recording too. */
  async run(name: string, event: unknown, ctx: CallContext = {}): Promise<{ outcome: InvokeOutcome; record: CallRecord }> {
    const started = performance.now();
    const trips: TripCount = { total: 0, byAction: {} };
    const outcome = await this.dispatch(name, event, ctx, trips);
    const action = typeof (event as { action?: unknown } | null)?.action === 'string' ? String((event as { action: string }).action) : null;
    const record: CallRecord = {
      seq: this.nextSeq++,
      name,
      action,
      source: ctx.source ?? 'scf',
      ok: outcome.ok && !((outcome.result as { ok?: unknown } | null)?.ok === false),
      roundTrips: trips.total,
      byAction: trips.byAction,
      ms: performance.now() - started,
    };
    this.records.push(record);
    if (this.records.length > RECORDINGS_KEPT) this.records.splice(0, this.records.length - RECORDINGS_KEPT);
    return { outcome, record };
  }

  /** The recordings of finished calls, oldest first; `since` keeps those after that seq. */
  recordings(since = 0): CallRecord[] {
    return this.records.filter((r) => r.seq > since);
  }

  /** Counts one /admin request for the call holding `token` (no call: not counted). */
  countTrip(token: unknown, action: string): void {
    const caller = this.callerOf(token);
    if (!caller) return;
    caller.trips.total += 1;
    caller.trips.byAction[action] = (caller.trips.byAction[action] ?? 0) + 1;
  }

  private dispatch(name: string, event: unknown, ctx: CallContext, trips: TripCount): Promise<InvokeOutcome> {
    const file = this.fileOf(name);
    if (file === null) {
      return Promise.resolve({
        ok: false,
        code: 'ResourceNotFound.Function',
        errCode: -501000,
        message: `FunctionName parameter could not be found: ${name}`,
      });
    }
    if (this.closed) {
      return Promise.resolve({ ok: false, code: 'FUNCTIONS_REQUEST_FAIL', errCode: -504001, message: 'the local cloud is closing' });
    }
    const problem = callDataProblem(event);
    if (problem !== null) return Promise.resolve({ ok: false, code: 'INVALID_PARAM', errCode: -501007, message: problem });
    const config = this.config(name) ?? { timeout: 3, timer: null, openapi: null };
    const source = ctx.source ?? 'scf';
    const env: Record<string, string> = {
      // Set on every call (not once per worker) so that a change reaches workers already running.
      ...this.functionEnv,
      // WX_API_TOKEN is listed as WeChat lists it: the SDK reads it only through this list (and
      // getWXContext hides it).
      WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID,WX_API_TOKEN',
      WX_APPID: ctx.appid ?? LOCAL_APPID,
      TCB_SOURCE: source,
    };
    if (ctx.openid !== undefined) env.WX_OPENID = ctx.openid;
    if (ctx.unionid !== undefined) env.WX_UNIONID = ctx.unionid;
    const id = this.nextId++;
    // The SDK sends WX_API_TOKEN with every request: it tells the admin endpoint which call an
    // openApi or cloudPay request comes from (WeChat knows the caller the same way).
    const token = `local-call-${id}-${Math.random().toString(36).slice(2)}`;
    env.WX_API_TOKEN = token;
    if (source === 'wx_trigger') {
      env.TRIGGER_SRC = 'timer';
      env.WX_TRIGGER_API_TOKEN_V0 = token;
    }
    const caller: Caller = { name, ctx: { ...ctx, appid: env.WX_APPID, source }, trips };
    this.callers.set(token, caller);
    const context = {
      function_name: name,
      function_version: '$LATEST',
      memory_limit_in_mb: 256,
      time_limit_in_ms: config.timeout * 1000,
      request_id: `local-${id}-${Date.now().toString(36)}`,
      namespace: this.env.SCF_NAMESPACE ?? 'local-env',
      environ: '',
    };
    return new Promise((resolvePromise) => {
      const job: Job = {
        id,
        file,
        event,
        context,
        env,
        timeoutMs: config.timeout * 1000,
        timeoutSeconds: config.timeout,
        resolve: (outcome) => {
          this.callers.delete(token);
          resolvePromise(outcome);
        },
      };
      this.queue.push(job);
      this.pump();
    });
  }

  /** Replaces some function environment variables from the next call on ('' reads as unset). */
  setFunctionEnv(vars: Record<string, string>): void {
    Object.assign(this.functionEnv, vars);
  }

  /** Pool state: workers alive, of which busy, and calls waiting for one. */
  poolStats(): { workers: number; busy: number; queued: number } {
    return { workers: this.idle.length + this.busy.size, busy: this.busy.size, queued: this.queue.length };
  }

  /** The running call a request's WX_API_TOKEN belongs to (null: not from a function). */
  callerOf(token: unknown): Caller | null {
    return typeof token === 'string' ? (this.callers.get(token) ?? null) : null;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) {
      job.resolve({ ok: false, code: 'FUNCTIONS_REQUEST_FAIL', errCode: -504001, message: 'the local cloud is closing' });
    }
    const all = [...this.idle.splice(0), ...this.busy];
    this.busy.clear();
    await Promise.all(
      all.map(async (w) => {
        if (w.timer) clearTimeout(w.timer);
        if (w.job) w.job.resolve({ ok: false, code: 'FUNCTIONS_REQUEST_FAIL', errCode: -504001, message: 'the local cloud is closing' });
        await w.worker.terminate();
      }),
    );
  }

  private fileOf(name: string): string | null {
    // Names come from URLs and SDK requests: refuse anything that could leave functionsDir.
    if (!/^[A-Za-z0-9_-]+$/.test(name)) return null;
    const file = join(this.functionsDir, name, 'index.js');
    try {
      return statSync(file).isFile() ? file : null;
    } catch {
      return null;
    }
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let w = this.idle.pop();
      if (!w) {
        if (this.busy.size >= this.maxWorkers) return;
        w = this.spawn();
      }
      const job = this.queue.shift() as Job;
      this.start(w, job);
    }
  }

  private spawn(): PoolWorker {
    const worker = new Worker(WORKER_FILE, {
      env: { ...process.env, ...this.env },
      // The parent may run under tsx; the worker is plain CommonJS and needs no loader.
      execArgv: [],
    });
    // An idle worker must not keep the process alive.
    worker.unref();
    const w: PoolWorker = { worker, job: null, timer: null };
    worker.on('message', (reply: WorkerReply) => this.onReply(w, reply));
    worker.on('error', (error) => this.onDeath(w, `the function's worker crashed: ${error.message}`));
    worker.on('exit', (code) => this.onDeath(w, `the function exited (code ${code})`));
    return w;
  }

  /** Never throws: it runs from timers and worker events, where a throw would end the process. */
  private start(w: PoolWorker, job: Job): void {
    w.job = job;
    this.busy.add(w);
    w.worker.ref();
    w.timer = setTimeout(() => {
      try {
        // WeChat kills the instance; so do we, and answer as WeChat does.
        const current = w.job;
        this.retire(w);
        void w.worker.terminate().catch(() => undefined);
        current?.resolve({
          ok: false,
          code: 'FUNCTIONS_TIME_LIMIT_EXCEEDED',
          errCode: -504003,
          message: `Invoking task timed out after ${job.timeoutSeconds} seconds`,
        });
        this.pump();
      } catch (error) {
        console.error('[local cloud] handling a timed-out call failed:', error);
      }
    }, job.timeoutMs);
    try {
      w.worker.postMessage({
        type: 'call',
        id: job.id,
        file: job.file,
        event: job.event,
        context: job.context,
        env: job.env,
        now: this.clock.fixedAt(),
      });
    } catch (error) {
      // Nothing reached the worker (the data could not be cloned): it is free for the next call.
      this.retire(w);
      w.worker.unref();
      if (this.closed) void w.worker.terminate().catch(() => undefined);
      else this.idle.push(w);
      job.resolve({
        ok: false,
        code: 'FUNCTIONS_EXECUTE_FAIL',
        errCode: -504002,
        message: `the call's data could not be handed to the function: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }

  private onReply(w: PoolWorker, reply: WorkerReply): void {
    const job = w.job;
    if (!job || reply.type !== 'result' || reply.id !== job.id) return;
    if (w.timer) clearTimeout(w.timer);
    w.timer = null;
    w.job = null;
    this.busy.delete(w);
    w.worker.unref();
    if (this.closed) void w.worker.terminate();
    else this.idle.push(w);
    if (reply.ok) {
      let result: unknown = null;
      try {
        result = JSON.parse(reply.json ?? 'null');
      } catch {
        result = null;
      }
      job.resolve({ ok: true, result });
    } else {
      const error = reply.error ?? { message: 'unknown error', stack: '' };
      job.resolve({ ok: false, code: 'FUNCTIONS_EXECUTE_FAIL', errCode: -504002, message: error.message });
      if (error.stack) console.error(`[local cloud] ${job.context.function_name} failed:`, error.stack);
    }
    this.pump();
  }

  /** A worker that died on its own (process.exit, out of memory): fail its call, replace it. */
  private onDeath(w: PoolWorker, why: string): void {
    const job = w.job;
    this.retire(w);
    if (job) job.resolve({ ok: false, code: 'FUNCTIONS_EXECUTE_FAIL', errCode: -504002, message: why });
    if (!this.closed) this.pump();
  }

  private retire(w: PoolWorker): void {
    if (w.timer) clearTimeout(w.timer);
    w.timer = null;
    w.job = null;
    this.busy.delete(w);
    const i = this.idle.indexOf(w);
    if (i >= 0) this.idle.splice(i, 1);
  }
}
