// Round trips and latency per action (issue 20): the budget table's scene (test/functions/
// round-trips.test.ts) run on a local cloud whose database answers after ADMIN_LATENCY_MS (8 ms by
// default, a realistic hop on WeChat's cloud), BENCH_ROUNDS times on fresh clouds; per action its
// round trips and p50 / p99 of its time. Then each function bundle's module-load time, and the
// first screen (the calls the app makes from launch to 首页 drawn, src/services/session.ts and
// src/pages/home) with their round trips and time.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { startTestCloud } from '../support/cloud';
import { OWNER, DUTY } from '../support/people';
import { type Print, percentile, runAlone } from './support';

const LATENCY = Number(process.env.ADMIN_LATENCY_MS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/**
 * What 首页 needs from launch to drawn, per person: the calls, in order, as the session
 * (src/services/session.ts: account.me, which carries the communities 首页 shows) make them
 * today. Keep in step with those pages.
 */
export const FIRST_SCREEN: Array<[string, string]> = [['account', 'me']];

async function actions(print: Print): Promise<void> {
  // the table without its tests (the test file registers them only outside a bench)
  process.env.GUANJIA_BENCH = '1';
  const table = await import('../functions/round-trips.test');
  const trips = new Map<string, number>();
  const times = new Map<string, number[]>();
  for (let round = 0; round < ROUNDS; round += 1) {
    const cloud = await startTestCloud({ adminLatencyMs: LATENCY });
    try {
      await cloud.setClock(new Date(table.SCENE_START).toISOString());
      const scene = table.makeScene(cloud);
      for (const row of table.ROWS) {
        const name = `${row.fn}.${row.action}`;
        const before = (await cloud.calls()).at(-1)?.seq ?? 0;
        trips.set(name, await table.runRow(row, scene));
        const record = (await cloud.calls(before)).find((r) => r.name === row.fn && r.action === row.action);
        if (record) times.set(name, [...(times.get(name) ?? []), record.ms]);
      }
    } finally {
      await cloud.close();
    }
  }
  for (const [name, count] of trips) {
    const samples = times.get(name) ?? [];
    print(`${name} round trips`, count, 'trips');
    print(`${name} p50 @${LATENCY}ms`, percentile(samples, 50), 'ms');
    print(`${name} p99 @${LATENCY}ms`, percentile(samples, 99), 'ms');
  }
}

/** Milliseconds to require a bundle in a fresh worker (its module-load time, as a cold start pays it). */
function loadTime(file: string): Promise<number> {
  const code = `const { parentPort } = require('node:worker_threads'); const t = performance.now(); require(${JSON.stringify(file)}); parentPort.postMessage(performance.now() - t);`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, env: { ...process.env, SILENCE: 'true' } });
    worker.once('message', (ms: number) => {
      void worker.terminate();
      resolve(ms);
    });
    worker.once('error', reject);
  });
}

async function bundles(print: Print): Promise<void> {
  const dir = join('dist', 'cloudfunctions');
  for (const name of readdirSync(dir).sort()) {
    const file = join(process.cwd(), dir, name, 'index.js');
    print(`function_bundle_${name}`, statSync(file).size / 1024, 'KB');
    const samples: number[] = [];
    for (let i = 0; i < 3; i += 1) samples.push(await loadTime(file));
    print(`function_load_${name}`, percentile(samples, 50), 'ms');
  }
}

async function firstScreen(print: Print): Promise<void> {
  const cloud = await startTestCloud({ adminLatencyMs: LATENCY });
  try {
    for (const [who, openid] of [
      ['owner', OWNER],
      ['steward', DUTY],
    ] as const) {
      // warm: a cold start is counted in the load times above
      for (const [fn, action] of FIRST_SCREEN) await cloud.call(fn, action, {}, { openid });
      let trips = 0;
      const started = performance.now();
      for (const [fn, action] of FIRST_SCREEN) trips += (await cloud.measure(fn, action, {}, { openid })).roundTrips;
      print(`first_screen_${who}_calls`, FIRST_SCREEN.length, 'calls');
      print(`first_screen_${who}_round_trips`, trips, 'trips');
      print(`first_screen_${who}_time @${LATENCY}ms`, performance.now() - started, 'ms');
    }
  } finally {
    await cloud.close();
  }
}

export async function bench(print: Print): Promise<void> {
  await bundles(print);
  await firstScreen(print);
  await actions(print);
}

// Run on its own: `npx tsx test/bench/round-trips.ts`.
if (require.main === module) runAlone(bench);
