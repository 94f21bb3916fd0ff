// The local cloud: what `npm start` and the tests run instead of WeChat's servers. The real
// wx-server-sdk (in the tests' process and in every function's worker) talks to /admin here.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { Admin } from './admin';
import { type Clock, createClock } from './clock';
import { FileStore } from './files';
import { createHandler } from './http';
import { type CallContext, type CallRecord, FunctionRunner, type InvokeOutcome } from './runner';
import { Scheduler, timerEvent } from './scheduler';
import { QueryWatch } from './store/serving';
import { type DevPerson, loadCollectionSpecs, seed } from './seed';
import { openStore } from './store/index';
import type { Store } from './store/types';
import { type OutboxMessage, type PaymentRecord, type QueuedFailure, WeChat } from './wechat';

export type { CallContext, CallRecord, InvokeOutcome } from './runner';
export type { OutboxMessage, PaymentRecord, QueuedFailure } from './wechat';
export type { DevPerson } from './seed';

/** The project root (this file lives in emulator/). */
export const PROJECT_ROOT = resolve(__dirname, '..');
export const LOCAL_ENV_ID = 'local-env';

export interface LocalCloudOptions {
  /** 0 = a random free port. Default 8787. */
  port?: number;
  /** A SQLite file or ':memory:' (default). */
  dbPath?: string;
  /** Default dist/cloudfunctions. */
  functionsDir?: string;
  /** Default dist/h5. */
  staticDir?: string;
  /** Default database/collections. */
  collectionsDir?: string;
  /** Default database/seed; null seeds nothing. */
  seedDir?: string | null;
  /** Fire timer triggers on the real clock (default false). */
  timers?: boolean;
  /** Bound of the function worker pool. */
  maxWorkers?: number;
  /**
   * The functions' own environment variables (what the cloud console's 环境变量 holds), over the
   * local defaults of localFunctionEnv(). Changeable later with setFunctionEnv.
   */
  functionEnv?: Record<string, string>;
  /**
   * Milliseconds every /admin answer is held back, as the real cloud's database is a network hop
   * away from the function. Default: ADMIN_LATENCY_MS from the environment, else 0.
   */
  adminLatencyMs?: number;
}

/** ADMIN_LATENCY_MS as a number of milliseconds (0 when unset; an error when not a number). */
export function adminLatencyFromEnv(value = process.env.ADMIN_LATENCY_MS): number {
  if (value === undefined || value === '') return 0;
  const ms = Number(value);
  if (!Number.isFinite(ms) || ms < 0) throw new Error(`ADMIN_LATENCY_MS must be a number of milliseconds ≥ 0, got ${value}`);
  return ms;
}

export interface LocalCloud {
  url: string;
  port: number;
  store: Store;
  /** The functions' queries on large collections that no declared index serves (see store/serving.ts). */
  queryWatch: QueryWatch;
  clock: { fix(d: Date | null): void; now(): Date };
  scheduler: Scheduler;
  runner: FunctionRunner;
  invoke(name: string, event: unknown, ctx?: CallContext): Promise<InvokeOutcome>;
  runTimer(name: string): Promise<InvokeOutcome>;
  outbox(): OutboxMessage[];
  payments(): PaymentRecord[];
  /** Runs `hook` after each cloud-pay call is recorded, before the function gets its reply; returns a remover. */
  onPayApi(hook: (record: PaymentRecord) => Promise<void> | void): () => void;
  failOpenApi(failure: QueuedFailure): void;
  /**
   * A one-time code for `openid`'s WeChat phone number, as the getPhoneNumber button gives it;
   * `phone` first gives their WeChat account that number. Null when no phone is known for them.
   */
  phoneCode(openid: string, phone?: string): { code: string; phone: string } | null;
  devPeople(): DevPerson[];
  /** Replaces some of the functions' environment variables from the next call on ('' unsets). */
  setFunctionEnv(vars: Record<string, string>): void;
  /** Changes the /admin latency from the next answer on. */
  setAdminLatency(ms: number): void;
  /** The recordings of finished calls with their round trips, oldest first (after seq `since`). */
  calls(since?: number): CallRecord[];
  close(): Promise<void>;
}

/**
 * Local-only values for the secrets a deployment sets in the cloud console (README, deploy notes).
 * They exist only here, in the emulator: the functions themselves have no default and refuse to
 * sign without one. `PASS_SECRET=… npm start` overrides it.
 */
export function localFunctionEnv(): Record<string, string> {
  return {
    PASS_SECRET: process.env.PASS_SECRET ?? 'local-dev-only-pass-secret-not-for-production',
    PASS_SECRET_PREVIOUS: process.env.PASS_SECRET_PREVIOUS ?? '',
    // unset unless given: the demo already has its manager (ADMIN_BOOTSTRAP_CODE=… npm start to try it)
    ADMIN_BOOTSTRAP_CODE: process.env.ADMIN_BOOTSTRAP_CODE ?? '',
  };
}

/** The environment variables that point wx-server-sdk at a local cloud (see notes/local-cloud.md). */
export function sdkEnv(url: string): Record<string, string> {
  return {
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${url.replace(/\/$/, '')}/admin` }),
    TENCENTCLOUD_SECRETID: 'local',
    TENCENTCLOUD_SECRETKEY: 'local',
    // Without it every call first probes a metadata host.
    TENCENTCLOUD_RUNENV: 'SCF',
    SCF_NAMESPACE: LOCAL_ENV_ID,
    TCB_ENV: LOCAL_ENV_ID,
    TENCENTCLOUD_REGION: 'ap-shanghai',
    // Without it a "slow request" timer keeps the process alive for 3 s after each query.
    SILENCE: 'true',
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolvePromise((server.address() as AddressInfo).port);
    });
  });
}

export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const dbPath = options.dbPath ?? ':memory:';
  const clock: Clock = createClock();
  // Transactions expire on real time: a fixed (or jumped) emulator clock must neither strand
  // one forever nor expire one a test is still using.
  const store = openStore({ path: dbPath, now: () => Date.now() });
  const isNew = dbPath === ':memory:' || store.listCollections().length === 0;
  const collectionsDir = options.collectionsDir ?? join(PROJECT_ROOT, 'database/collections');
  const specs = loadCollectionSpecs(collectionsDir);
  for (const spec of specs) store.declareCollection(spec);
  const queryWatch = new QueryWatch(specs);
  const seedDir = options.seedDir === undefined ? join(PROJECT_ROOT, 'database/seed') : options.seedDir;
  const people = seedDir === null ? [] : seed(store, seedDir, isNew);

  const files = new FileStore(dbPath === ':memory:' ? null : join(dirname(resolve(dbPath)), 'files'));
  const wechat = new WeChat(() => clock.now());
  for (const person of people) if (person.phone) wechat.setPhone(person.openid, person.phone);
  let url = '';
  const env = () => sdkEnv(url);
  // The runner needs the URL, which is known once the server listens: it reads env lazily.
  const runnerEnv: Record<string, string> = {};
  const runner = new FunctionRunner({
    functionsDir: options.functionsDir ?? join(PROJECT_ROOT, 'dist/cloudfunctions'),
    env: runnerEnv,
    clock,
    maxWorkers: options.maxWorkers,
    functionEnv: { ...localFunctionEnv(), ...options.functionEnv },
  });
  const scheduler = new Scheduler(runner, clock);
  let latencyMs = options.adminLatencyMs ?? adminLatencyFromEnv();
  const admin = new Admin({ store, clock, runner, files, wechat, envId: LOCAL_ENV_ID, baseUrl: () => url, latencyMs: () => latencyMs, watch: queryWatch });

  const runTimer = (name: string): Promise<InvokeOutcome> => {
    const config = runner.config(name);
    const trigger = config?.timer?.name ?? 'manual';
    return runner.invoke(name, timerEvent(trigger, clock.now()), { source: 'wx_trigger' });
  };

  const server = createServer(
    { keepAlive: true },
    createHandler({ admin, clock, runner, scheduler, wechat, files, devPeople: () => people, staticDir: options.staticDir ?? join(PROJECT_ROOT, 'dist/h5'), runTimer }),
  );
  // A long aggregation (a month's report over thousands of tickets) holds the event loop for
  // seconds; with Node's 5 s keep-alive timeout the server then closes the SDK's idle sockets just
  // as the function reuses them (ECONNRESET). WeChat's own servers keep connections far longer.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  let port: number;
  try {
    port = await listen(server, options.port ?? 8787);
  } catch (error) {
    store.close();
    throw error;
  }
  url = `http://127.0.0.1:${port}`;
  Object.assign(runnerEnv, env());

  scheduler.load(clock.now());
  if (options.timers) scheduler.start();

  let closed = false;
  return {
    url,
    port,
    store,
    queryWatch,
    clock: { fix: (d) => clock.fix(d), now: () => clock.now() },
    scheduler,
    runner,
    invoke: (name, event, ctx) => runner.invoke(name, event, ctx),
    runTimer,
    outbox: () => wechat.outbox,
    payments: () => wechat.payments,
    onPayApi: (hook) => wechat.onPayApi(hook),
    failOpenApi: (failure) => wechat.queueFailure(failure),
    phoneCode: (openid, phone) => {
      if (phone !== undefined) wechat.setPhone(openid, phone);
      return wechat.issuePhoneCode(openid);
    },
    devPeople: () => people,
    setFunctionEnv: (vars) => runner.setFunctionEnv(vars),
    setAdminLatency: (ms) => {
      latencyMs = ms;
    },
    calls: (since) => runner.recordings(since),
    async close() {
      if (closed) return;
      closed = true;
      scheduler.stop();
      await runner.close();
      await new Promise<void>((resolvePromise) => {
        server.close(() => resolvePromise());
        server.closeAllConnections();
      });
      store.close();
    },
  };
}
