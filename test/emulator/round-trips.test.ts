// The local cloud counts each function call's /admin requests (its database round trips on the
// real cloud), answers the count in the x-round-trips header and keeps it in the recordings, and
// ADMIN_LATENCY_MS holds back every /admin answer.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { adminLatencyFromEnv } from '../../emulator/index';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { fixtureCloud } from '../support/sdk';

let t: TestCloud;

before(async () => {
  t = await startTestCloud({ ...fixtureCloud, adminLatencyMs: 0 });
});
after(async () => {
  await t.close();
});

describe('round trips', () => {
  it('counts every /admin request of one call, sequential and parallel alike', async () => {
    assert.equal((await t.measure('trips', 'run', { reads: 3 })).roundTrips, 3);
    assert.equal((await t.measure('trips', 'run', { reads: 1, parallel: 4 })).roundTrips, 5);
    assert.equal((await t.measure('trips', 'run', {})).roundTrips, 0);
  });

  it('does not mix the counts of concurrent calls', async () => {
    const counts = await Promise.all([1, 2, 3, 4, 5, 6].map((reads) => t.measure('trips', 'run', { reads }, { openid: `u-${reads}` })));
    assert.deepEqual(
      counts.map((c) => c.roundTrips),
      [1, 2, 3, 4, 5, 6],
    );
  });

  it('keeps each call in the recordings, with its round trips by /admin action', async () => {
    const last = (await t.calls()).at(-1)?.seq ?? 0;
    await t.measure('trips', 'run', { reads: 2, parallel: 1 }, { openid: 'rec' });
    const [record, ...more] = await t.calls(last);
    assert.equal(more.length, 0);
    assert.equal(record.name, 'trips');
    assert.equal(record.action, 'run');
    assert.equal(record.source, 'wx_client');
    assert.equal(record.roundTrips, 3);
    assert.deepEqual(record.byAction, { 'database.getDocument': 2, 'database.calculateDocument': 1 });
  });

  it('holds back every /admin answer by the latency set', async () => {
    t.cloud.setAdminLatency(40);
    try {
      const started = performance.now();
      const { roundTrips } = await t.measure('trips', 'run', { reads: 3 });
      // a lower bound only: three answers one after another cannot come sooner than 3 × 40 ms
      assert.equal(roundTrips, 3);
      assert.ok(performance.now() - started >= 120, 'three sequential round trips at 40 ms');
      const record = (await t.calls()).at(-1);
      assert.ok(record && record.ms >= 120);
    } finally {
      t.cloud.setAdminLatency(0);
    }
  });

  it('reads ADMIN_LATENCY_MS as milliseconds and refuses anything else', () => {
    assert.equal(adminLatencyFromEnv(undefined), 0);
    assert.equal(adminLatencyFromEnv(''), 0);
    assert.equal(adminLatencyFromEnv('8'), 8);
    assert.throws(() => adminLatencyFromEnv('fast'), /ADMIN_LATENCY_MS/);
    assert.throws(() => adminLatencyFromEnv('-1'), /ADMIN_LATENCY_MS/);
  });
});
