// Sizes of what would be uploaded, and how long `npm start` takes from a warm install to the first
// answer of a function through the local cloud.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { type Print } from './support';

function files(dir: string): Array<{ path: string; size: number }> {
  const found: Array<{ path: string; size: number }> = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    const stat = statSync(path);
    if (stat.isDirectory()) found.push(...files(path));
    else found.push({ path, size: stat.size });
  }
  return found;
}

const kb = (bytes: number) => bytes / 1024;

async function timeToFirstAnswer(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'guanjia-bench-'));
  const port = 18787 + Math.floor(Math.random() * 1000);
  const started = performance.now();
  const child = spawn('npm', ['start'], { env: { ...process.env, PORT: String(port), DATA_DIR: dataDir }, stdio: 'ignore', detached: true });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
      try {
        const reply = await fetch(`http://127.0.0.1:${port}/api/fn/account`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-openid': 'dev-owner-1' },
          body: JSON.stringify({ action: 'me', input: {} }),
        });
        const body = (await reply.json()) as { ok?: boolean };
        if (body.ok) return (performance.now() - started) / 1000;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (performance.now() - started > 300_000) throw new Error('npm start did not answer within 5 minutes');
    }
  } finally {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function bench(print: Print): Promise<void> {
  if (!existsSync('dist/weapp') || !existsSync('dist/cloudfunctions')) throw new Error('run `npm run build` first');
  const weapp = files('dist/weapp');
  const total = weapp.reduce((sum, f) => sum + f.size, 0);
  const main = weapp.filter((f) => !relative('dist/weapp', f.path).startsWith('packages/'));
  const largest = weapp.reduce((a, b) => (b.size > a.size ? b : a));
  print('weapp_total', kb(total), 'KB');
  print('weapp_main_package', kb(main.reduce((sum, f) => sum + f.size, 0)), 'KB');
  print(`weapp_largest_file(${relative('dist/weapp', largest.path)})`, kb(largest.size), 'KB');
  for (const name of readdirSync('dist/cloudfunctions')) {
    print(`function_bundle_${name}`, kb(statSync(join('dist/cloudfunctions', name, 'index.js')).size), 'KB');
  }
  print('npm_start_to_first_answer', await timeToFirstAnswer(), 's');
}
