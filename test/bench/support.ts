// What every bench module shares: the printer's type, percentiles, running one module alone, a
// local cloud on a SQLite file for the length of a bench, and calling a function as the app does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../../emulator/index';

export type Print = (name: string, value: number, unit: string) => void;

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** `npx tsx test/bench/<module>.ts` runs that module's figures alone. */
export function runAlone(bench: (print: Print) => Promise<void>): void {
  const print: Print = (name, value, unit) => console.log(`${name}: ${Number.isInteger(value) ? value : value.toFixed(3)} ${unit}`);
  bench(print).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

/**
 * Runs `body` against a local cloud on a SQLite file in a fresh temporary folder (as `npm start`
 * stores data, so the figures include the disk), then closes it and removes the folder, however
 * `body` ends. `name` tells the folders apart while a bench runs.
 */
export async function withFileCloud(name: string, options: LocalCloudOptions, body: (cloud: LocalCloud) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `guanjia-bench-${name}-`));
  const cloud = await startLocalCloud({ ...options, port: 0, dbPath: join(dir, 'bench.sqlite') });
  try {
    await body(cloud);
  } finally {
    await cloud.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export type BenchReply = { ok: boolean; data?: unknown; error?: unknown };

/** POST /api/fn/:fn as `openid`, with `requestId` when given; the function's reply as it came. */
export async function callFunction(cloud: LocalCloud, fn: string, action: string, input: unknown, openid: string, requestId?: string): Promise<BenchReply> {
  const res = await fetch(`${cloud.url}/api/fn/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-openid': openid },
    body: JSON.stringify(requestId ? { action, input, requestId } : { action, input }),
  });
  return (await res.json()) as BenchReply;
}
