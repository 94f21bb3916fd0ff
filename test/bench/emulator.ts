// Local cloud figures through the real wx-server-sdk, on a SQLite file as `npm start` uses:
// indexed vs unindexed query latency at 10k and 100k documents, doc().update latency, and
// transactions per second on one document.

import { performance } from 'node:perf_hooks';
import type { LocalCloud } from '../../emulator/index';
import { connectSdk, fixtureCloud, type Sdk } from '../support/sdk';
import { type Print, percentile, runAlone, withFileCloud } from './support';

async function timeEach(runs: number, run: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return samples;
}

/** Fills tickets from `from` to `to` (exclusive): 20 open ones in all, the rest closed. */
function fill(cloud: LocalCloud, from: number, to: number): void {
  const batch = 10_000;
  for (let start = from; start < to; start += batch) {
    const docs = [];
    for (let i = start; i < Math.min(to, start + batch); i++) {
      docs.push({ _id: `t${i}`, status: i < 20 ? 'open' : 'closed', due: new Date(Date.UTC(2026, 0, 1) + (i % 1000) * 60_000), title: `ticket ${i}` });
    }
    cloud.store.insert('tickets', docs);
  }
}

export async function bench(print: Print): Promise<void> {
  await withFileCloud('emulator', fixtureCloud, async (cloud) => {
    const sdk: Sdk = connectSdk(cloud.url);
    const db = sdk.database();
    const _ = db.command;
    const indexed = () => db.collection('tickets').where({ status: 'open' }).get();
    const unindexed = () => db.collection('tickets').where({ title: 'ticket 7' }).get();

    fill(cloud, 0, 10_000);
    await timeEach(20, indexed); // warm-up: connections, statement cache
    const idx10k = percentile(await timeEach(100, indexed), 50);
    const un10k = percentile(await timeEach(5, unindexed), 50);

    fill(cloud, 10_000, 100_000);
    await timeEach(20, indexed);
    const idx100k = percentile(await timeEach(100, indexed), 50);
    const un100k = percentile(await timeEach(3, unindexed), 50);

    print('emulator indexed query p50 @10k docs', idx10k, 'ms');
    print('emulator indexed query p50 @100k docs', idx100k, 'ms');
    print('emulator indexed query ratio 100k/10k (goal <= 1.5)', idx100k / idx10k, 'x');
    print('emulator unindexed query p50 @10k docs', un10k, 'ms');
    print('emulator unindexed query p50 @100k docs', un100k, 'ms');

    cloud.store.insert('counters', [{ _id: 'bench', n: 0 }]);
    const updates = await timeEach(500, () =>
      db
        .collection('counters')
        .doc('bench')
        .update({ data: { n: _.inc(1) } }),
    );
    print('emulator doc().update _.inc p50', percentile(updates, 50), 'ms');
    print('emulator doc().update _.inc p99', percentile(updates, 99), 'ms');

    let done = 0;
    const start = performance.now();
    while (performance.now() - start < 3000) {
      await db.runTransaction(async (tx: Sdk) => {
        const { data } = await tx.collection('counters').doc('bench').get();
        await tx
          .collection('counters')
          .doc('bench')
          .update({ data: { n: data.n + 1 } });
      });
      done += 1;
    }
    print('emulator transactions per second (one document, read+update+commit)', done / ((performance.now() - start) / 1000), 'tx/s');
  });
}

// Run on its own: `npx tsx test/bench/emulator.ts`.
if (require.main === module) runAlone(bench);
