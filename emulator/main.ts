// `npm start` (after the build): the local cloud on PORT (default 8787) with its SQLite file in
// DATA_DIR (default data/); RESET=1 wipes that folder first. Seeds a new store; timers on.

import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROJECT_ROOT, startLocalCloud } from './index';

// Cloud functions run with TZ=UTC in WeChat; so do they here (workers share the process's zone).
process.env.TZ = 'UTC';

async function main(): Promise<void> {
  const port = process.env.PORT ? Number(process.env.PORT) : 8787;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${process.env.PORT}`);
  const dataDir = resolve(PROJECT_ROOT, process.env.DATA_DIR ?? 'data');
  if (process.env.RESET === '1') rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });

  const cloud = await startLocalCloud({ port, dbPath: join(dataDir, 'guanjia.sqlite'), timers: true });
  const timers = cloud.scheduler.planned().map((t) => `${t.name} (next ${t.next?.toISOString() ?? 'never'})`);
  console.log(`Guanjia local cloud: ${cloud.url}`);
  console.log(`  data: ${dataDir}`);
  console.log(`  functions: ${cloud.runner.list().join(', ') || '(none built yet: npm run build:functions)'}`);
  if (timers.length > 0) console.log(`  timers: ${timers.join(', ')}`);
  if (process.env.ADMIN_LATENCY_MS) console.log(`  database round trip: +${process.env.ADMIN_LATENCY_MS} ms (ADMIN_LATENCY_MS)`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    cloud.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
