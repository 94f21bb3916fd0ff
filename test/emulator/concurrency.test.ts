// Concurrent writers on one document through the real SDK: nothing lost, conditional updates
// win exactly once, and concurrent transactions retry or fail as the cloud's would.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { sdkEnv } from '../../emulator/index';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { connectSdk, FIXTURES, fixtureCloud, type Sdk } from '../support/sdk';

let t: TestCloud;
let db: Sdk;
let _: Sdk;

before(async () => {
  t = await startTestCloud(fixtureCloud);
  db = connectSdk(t.url).database();
  _ = db.command;
});
after(async () => {
  await t.close();
});
beforeEach(() => {
  t.cloud.store.remove('counters', {}, { multi: true });
  t.cloud.store.insert('counters', [{ _id: 'c', n: 0, seen: [], state: 'a' }]);
});

function runChild(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(FIXTURES, 'scripts/hammer.cjs'), ...args], {
      env: { ...process.env, ...sdkEnv(t.url) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? -1));
  });
}

async function counter(): Promise<{ n: number; seen: string[] }> {
  return (await db.collection('counters').doc('c').get()).data;
}

describe('one document, many writers', () => {
  it('loses nothing with 4 processes doing _.inc and _.push', async () => {
    const codes = await Promise.all(['p0', 'p1', 'p2', 'p3'].map((tag) => runChild(['c', '50', tag])));
    assert.deepEqual(codes, [0, 0, 0, 0]);
    const doc = await counter();
    assert.equal(doc.n, 200);
    assert.equal(doc.seen.length, 200);
    assert.equal(new Set(doc.seen).size, 200);
  });

  it('loses nothing with 100 concurrent calls in one process', async () => {
    await Promise.all(
      Array.from({ length: 100 }, (_x, i) =>
        db
          .collection('counters')
          .doc('c')
          .update({ data: { n: _.inc(1), seen: _.push(`q-${i}`) } }),
      ),
    );
    const doc = await counter();
    assert.equal(doc.n, 100);
    assert.equal(new Set(doc.seen).size, 100);
  });

  it('lets exactly one of 20 racing conditional updates win', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_x, i) =>
        db
          .collection('counters')
          .where({ _id: 'c', state: 'a' })
          .update({ data: { state: 'b', winner: i } }),
      ),
    );
    const updated = results.map((r: { stats: { updated: number } }) => r.stats.updated);
    assert.equal(updated.filter((u: number) => u === 1).length, 1);
    assert.equal(updated.filter((u: number) => u === 0).length, 19);
    const doc = (await db.collection('counters').doc('c').get()).data;
    assert.equal(doc.state, 'b');
    assert.equal(doc.winner, updated.indexOf(1));
  });

  it('two transactions on one document: the second writer is refused, nothing is half-applied', async () => {
    const first = await db.startTransaction();
    const second = await db.startTransaction();
    const a = (await first.collection('counters').doc('c').get()).data;
    const b = (await second.collection('counters').doc('c').get()).data;
    await first
      .collection('counters')
      .doc('c')
      .update({ data: { n: a.n + 1 } });
    // The cloud reports the conflict at the second write; the SDK rejects it.
    await assert.rejects(
      second
        .collection('counters')
        .doc('c')
        .update({ data: { n: b.n + 1 } }),
    );
    await first.commit();
    assert.equal((await counter()).n, 1);
  });

  it('concurrent runTransaction read-modify-writes never lose an increment', async () => {
    const attempts = 6;
    const outcomes = await Promise.allSettled(
      Array.from({ length: attempts }, () =>
        db.runTransaction(async (tx: Sdk) => {
          const { data } = await tx.collection('counters').doc('c').get();
          await tx
            .collection('counters')
            .doc('c')
            .update({ data: { n: data.n + 1 } });
          return data.n + 1;
        }),
      ),
    );
    const fulfilled = outcomes.filter((o) => o.status === 'fulfilled').length;
    assert.ok(fulfilled >= 1, 'at least one transaction commits');
    // Every committed transaction counted once; a refused one counted nothing.
    assert.equal((await counter()).n, fulfilled);
    // And the store holds no transaction claims afterwards: a plain transaction goes through.
    const last = await db.runTransaction(async (tx: Sdk) => {
      const { data } = await tx.collection('counters').doc('c').get();
      await tx
        .collection('counters')
        .doc('c')
        .update({ data: { n: data.n + 1 } });
      return data.n + 1;
    });
    assert.equal(last, fulfilled + 1);
  });
});
