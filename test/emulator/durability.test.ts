// The emulator as `npm start` runs it, on a data folder: acknowledged writes survive kill -9.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PROJECT_ROOT } from '../../emulator/index';
import { connectSdk, type Sdk } from '../support/sdk';

const dataDir = mkdtempSync(join(tmpdir(), 'guanjia-durability-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

/** Starts emulator/main.ts as a child process and resolves with it and its URL. */
function startEmulator(): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'emulator/main.ts')], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, PORT: '0', DATA_DIR: dataDir, RESET: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /local cloud: (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) resolve({ child, url: match[1] });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`emulator exited with ${code} before listening: ${out}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

describe('durability', () => {
  it('keeps every acknowledged insert across kill -9, and the file passes an integrity check', async () => {
    const first = await startEmulator();
    let db: Sdk = connectSdk(first.url).database();
    await db.createCollection('durable');

    const acknowledged: string[] = [];
    let stop = false;
    const stream = async (lane: number): Promise<void> => {
      for (let i = 0; !stop; i++) {
        const id = `l${lane}-${i}`;
        try {
          await db.collection('durable').add({ data: { _id: id, lane, i, body: 'x'.repeat(200) } });
          acknowledged.push(id);
        } catch {
          // The server died mid-request: this write was never acknowledged.
          return;
        }
      }
    };
    const lanes = [0, 1, 2, 3].map(stream);
    // Kill while writes are in flight, once a good number have been acknowledged.
    while (acknowledged.length < 400) await new Promise((resolve) => setImmediate(resolve));
    first.child.kill('SIGKILL');
    await exited(first.child);
    stop = true;
    await Promise.all(lanes);
    assert.ok(acknowledged.length >= 400);

    const file = join(dataDir, 'guanjia.sqlite');
    const sqlite = new Database(file);
    assert.deepEqual(sqlite.pragma('integrity_check'), [{ integrity_check: 'ok' }]);
    sqlite.close();

    const second = await startEmulator();
    try {
      db = connectSdk(second.url).database();
      const _ = db.command;
      let found = 0;
      for (let i = 0; i < acknowledged.length; i += 500) {
        const chunk = acknowledged.slice(i, i + 500);
        found += (
          await db
            .collection('durable')
            .where({ _id: _.in(chunk) })
            .count()
        ).total;
      }
      assert.equal(found, acknowledged.length);
      // Writes in flight at the kill may or may not have landed; none may have been lost.
      const total = (await db.collection('durable').count()).total;
      assert.ok(total >= acknowledged.length);
    } finally {
      second.child.kill('SIGTERM');
      await exited(second.child);
    }
  });
});
