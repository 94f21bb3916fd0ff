// One worker of the function runner's pool (plain CommonJS so that a worker starts without a
// TypeScript loader). It runs one cloud-function call at a time: the parent sends
// {type:'call'} only when the previous call has answered, so the per-call process.env (this
// thread's own copy) and the fixed clock cannot leak into a concurrent call.
'use strict';
const { parentPort } = require('node:worker_threads');
const { statSync } = require('node:fs');

// ----- the clock: Date is replaced once; each call sets the instant it should see ------------
const RealDate = Date;
/** @type {number | null} */
let fixedNow = null;
const now = () => (fixedNow === null ? RealDate.now() : fixedNow);
globalThis.Date = new Proxy(RealDate, {
  construct(target, args, newTarget) {
    // `new Date()` with no argument is "now"; every other form is a plain conversion.
    if (args.length === 0 && fixedNow !== null) return Reflect.construct(target, [fixedNow], newTarget);
    return Reflect.construct(target, args, newTarget);
  },
  apply() {
    // `Date()` called as a function returns the current time as a string.
    return new RealDate(now()).toString();
  },
  get(target, prop, receiver) {
    if (prop === 'now') return now;
    return Reflect.get(target, prop, receiver);
  },
});

// The SDK leaves some rejections unawaited (offline probes, slow-request timers); in a worker
// the default would kill the thread and every later call with it.
process.on('unhandledRejection', (reason) => {
  console.error('[local cloud] unhandled rejection in a function:', reason);
});
process.on('uncaughtException', (error) => {
  console.error('[local cloud] uncaught exception in a function:', error);
});

/** Identity variables set per call; anything not given this time is removed. */
const IDENTITY_KEYS = [
  'WX_OPENID',
  'WX_APPID',
  'WX_UNIONID',
  'WX_CLIENTIP',
  'WX_CLIENTIPV6',
  'TCB_SOURCE',
  'WX_CONTEXT_KEYS',
  'WX_API_TOKEN',
  'WX_TRIGGER_API_TOKEN_V0',
  'TRIGGER_SRC',
];

/** file → mtime at load: a rebuilt function is reloaded on its next call. */
const loaded = new Map();

function load(file) {
  const mtime = statSync(file).mtimeMs;
  if (loaded.has(file) && loaded.get(file) !== mtime) {
    for (const key of Object.keys(require.cache)) {
      if (key === file) delete require.cache[key];
    }
  }
  loaded.set(file, mtime);
  return require(file);
}

function describe(error) {
  if (error instanceof Error) return { message: `${error.name}: ${error.message}`, stack: error.stack || '' };
  try {
    return { message: typeof error === 'string' ? error : JSON.stringify(error), stack: '' };
  } catch {
    return { message: String(error), stack: '' };
  }
}

parentPort.on('message', async (message) => {
  if (!message || message.type !== 'call') return;
  const { id, file, event, context, env, now: instant } = message;
  fixedNow = instant;
  for (const key of IDENTITY_KEYS) delete process.env[key];
  for (const [key, value] of Object.entries(env)) process.env[key] = value;
  try {
    const mod = load(file);
    const main = mod && typeof mod.main === 'function' ? mod.main : null;
    if (!main) throw new Error(`${file} does not export a main function`);
    const value = await main(event, context);
    // WeChat hands the caller the JSON of the return value.
    const json = value === undefined ? 'null' : JSON.stringify(value);
    parentPort.postMessage({ type: 'result', id, ok: true, json: json === undefined ? 'null' : json });
  } catch (error) {
    parentPort.postMessage({ type: 'result', id, ok: false, error: describe(error) });
  }
});
