// The router's own records (idempotency replies, rate-limit counters) hold personal data: they are
// shown and erased with the rest of a person's data, and the SLA sweep removes them once expired,
// in bounded batches that read only what has expired. Through the real SDK against the local cloud.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { connectSdk } from '../support/sdk';
import type { Reply } from '../../types/envelope';
import type { Ticket } from '../../types/tickets';
import type { Database } from '../../cloudfunctions/core/sdk';
import { expireRouterRecords } from '../../cloudfunctions/core/router/retention';

const OWNER = 'dev-owner-1';
const OTHER = 'dev-owner-2';
const MIN = 60_000;
const HOUR = 60 * MIN;

let cloud: TestCloud;
before(async () => {
  cloud = await startTestCloud();
});
after(() => cloud.close());

const T0 = Date.parse('2026-11-24T01:00:00.000Z');
async function at(ms: number) {
  await cloud.setClock(new Date(ms).toISOString());
}
async function report(openid: string, unit: string, requestId: string): Promise<Reply<{ ticket: Ticket }>> {
  return (await cloud.call('tickets', 'create', { kind: 'repair', scope: 'in_home', unit, description: '阳台地漏返味' }, { openid, requestId })) as Reply<{ ticket: Ticket }>;
}
const rows = (collection: string, filter: Record<string, unknown> = {}) => cloud.cloud.store.find(collection, filter);

describe('idempotency replies and rate-limit counters', () => {
  it('are kept per person, listed by myData and erased by deleteMyData, leaving other people’s', async () => {
    await at(T0);
    const mine = await report(OWNER, '1-1-101', 'retention-owner-1');
    const theirs = await report(OTHER, '2-1-202', 'retention-other-1');
    assert.ok(mine.ok && theirs.ok);
    assert.equal(rows('requests', { openid: OWNER }).length, 1, 'the reply is stored under its caller');
    assert.equal(rows('rateLimits', { openid: OWNER }).length, 1);
    const stored = rows('requests', { openid: OWNER })[0] as { reply: { data: { ticket: Ticket } } };
    assert.equal(stored.reply.data.ticket.reporterPhone, '13800000001', 'the stored reply holds the phone: personal data');

    const held = (await cloud.call('account', 'myData', {}, { openid: OWNER })) as Reply<{ records: Record<string, number> }>;
    assert.ok(held.ok);
    assert.equal(held.data.records.requests, 1);
    assert.equal(held.data.records.rateLimits, 1);
    const erased = (await cloud.call('account', 'deleteMyData', { confirm: true }, { openid: OWNER })) as Reply<{ deleted: Record<string, number> }>;
    assert.ok(erased.ok, JSON.stringify(erased));
    assert.equal(erased.data.deleted.requests, 1);
    assert.equal(erased.data.deleted.rateLimits, 1);
    assert.equal(rows('requests', { openid: OWNER }).length, 0);
    assert.equal(rows('rateLimits', { openid: OWNER }).length, 0);
    assert.equal(rows('requests', { openid: OTHER }).length, 1, 'another person’s records stay');
    assert.equal(rows('rateLimits', { openid: OTHER }).length, 1);
  });

  it('expire through the sweep: counters after 10 minutes, replies after a day (a retry within it still gets the first reply)', async () => {
    await at(T0 + HOUR);
    const first = await report(OTHER, '2-1-202', 'retention-other-2');
    assert.ok(first.ok);
    await at(T0 + HOUR + 11 * MIN);
    let run = (await cloud.runTimer('slaSweep')) as Reply<{ expired: { requests: number; rateLimits: number } }>;
    assert.ok(run.ok, JSON.stringify(run));
    assert.equal(rows('rateLimits', { openid: OTHER }).length, 0, 'the minute is long over');
    assert.ok(run.data.expired.rateLimits >= 1);
    assert.equal(rows('requests', { openid: OTHER }).length, 2, 'replies are kept for a retry');
    const retry = await report(OTHER, '2-1-202', 'retention-other-2');
    assert.ok(retry.ok && first.ok);
    assert.equal(retry.data.ticket.id, first.data.ticket.id, 'the retry gets the first reply, no second ticket');

    await at(T0 + HOUR + 25 * HOUR);
    run = (await cloud.runTimer('slaSweep')) as Reply<{ expired: { requests: number; rateLimits: number } }>;
    assert.ok(run.ok);
    assert.equal(run.data.expired.requests, 2);
    assert.equal(rows('requests', { openid: OTHER }).length, 0);
  });

  it('removes a backlog in bounded runs, reading only expired rows', async () => {
    const now = new Date(T0 + 10 * 24 * HOUR);
    await at(now.getTime());
    const old = new Date(now.getTime() - 2 * 24 * HOUR);
    const fresh = new Date(now.getTime() - MIN);
    const request = (i: number, createdAt: Date) => ({ _id: `r-${createdAt.getTime()}-${i}`, openid: `p${i % 7}`, state: 'done', reply: { ok: true, data: {} }, createdAt });
    cloud.cloud.store.insert(
      'requests',
      Array.from({ length: 2500 }, (_, i) => request(i, old)),
    );
    cloud.cloud.store.insert(
      'requests',
      Array.from({ length: 3000 }, (_, i) => request(i, fresh)),
    );
    const database = connectSdk(cloud.url).database() as Database;

    cloud.cloud.store.stats.resetRowsRead();
    const first = await expireRouterRecords(database, now, 20);
    const read = cloud.cloud.store.stats.rowsRead;
    assert.equal(first.requests, 2000, '20 pages of 100');
    assert.equal(first.stoppedEarly, true);
    // each page: the query and the remove read the page's rows; the 3,000 live rows are never read
    assert.ok(read <= 2 * 2000 + 100, `read ${read} rows to remove 2,000`);
    const second = await expireRouterRecords(database, now, 20);
    assert.equal(second.requests, 500);
    assert.equal(second.stoppedEarly, false);
    assert.equal(rows('requests', { createdAt: { $lt: now } }).length, 3000, 'live replies kept');
  });
});
