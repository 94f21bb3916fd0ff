// A declared index makes a query through the SDK read only what it returns (counted by the
// store, never timed).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { connectSdk, fixtureCloud, type Sdk } from '../support/sdk';

let t: TestCloud;
let db: Sdk;
let _: Sdk;

const DAY = 86_400_000;
const START = Date.parse('2026-01-01T00:00:00Z');

before(async () => {
  t = await startTestCloud(fixtureCloud);
  db = connectSdk(t.url).database();
  _ = db.command;
  // tickets declares an index on (status, due); 5000 closed tickets and 12 open ones.
  const docs = Array.from({ length: 5012 }, (_x, i) => ({
    _id: `t${i}`,
    status: i < 12 ? 'open' : 'closed',
    due: new Date(START + (i % 100) * DAY),
    title: `ticket ${i}`,
  }));
  t.cloud.store.insert('tickets', docs);
});
after(async () => {
  await t.close();
});

describe('index pushdown through the SDK', () => {
  it('an equality on the indexed field reads only the matches', async () => {
    t.cloud.store.stats.resetRowsRead();
    const { data } = await db.collection('tickets').where({ status: 'open' }).get();
    assert.equal(data.length, 12);
    assert.equal(t.cloud.store.stats.rowsRead, 12);
  });

  it('equality plus a range, ordered by the index, reads only the matches', async () => {
    t.cloud.store.stats.resetRowsRead();
    const { data } = await db
      .collection('tickets')
      .where({ status: 'open', due: _.lt(new Date(START + 5 * DAY)) })
      .orderBy('due', 'asc')
      .get();
    assert.deepEqual(
      data.map((d: { _id: string }) => d._id),
      ['t0', 't1', 't2', 't3', 't4'],
    );
    assert.equal(t.cloud.store.stats.rowsRead, 5);
  });

  it('a count on the indexed field reads no more than it counts', async () => {
    t.cloud.store.stats.resetRowsRead();
    const { total } = await db.collection('tickets').where({ status: 'open' }).count();
    assert.equal(total, 12);
    assert.ok(t.cloud.store.stats.rowsRead <= 12, `read ${t.cloud.store.stats.rowsRead}`);
  });

  it('an unindexed field has to read everything (the contrast)', async () => {
    t.cloud.store.stats.resetRowsRead();
    const { data } = await db.collection('tickets').where({ title: 'ticket 7' }).get();
    assert.equal(data.length, 1);
    assert.equal(t.cloud.store.stats.rowsRead, 5012);
  });
});
