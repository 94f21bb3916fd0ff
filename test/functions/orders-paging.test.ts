// orders.list pages every order exactly once and in order when hundreds share one key (issue 22
// item 1): the staff queue with 400 tied queue keys and the owner's list with 400 orders made in
// the same millisecond.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { functionCalls } from '../support/calls';
import { DUTY, OWNER } from '../support/people';
import { keysetOrder, pageToEnd, storeCopies, timeOf } from '../support/paging';

let cloud: TestCloud;
const { ok, failed } = functionCalls('orders', () => cloud);
const TIES = 400;

interface StoredOrder {
  _id: string;
  communityId: string;
  unitKey: string;
  queueKey: number | null;
  createdAt: unknown;
}

before(async () => {
  cloud = await startTestCloud();
  await cloud.setClock('2026-11-24T01:00:00.000Z');
  const { order } = await ok('book', { item: 'yuehai:s10', quantity: 1, unit: '1-1-101', preferredAt: '2026-11-24T11:00:00+08:00' }, OWNER);
  storeCopies(cloud, 'orders', order.id, TIES, (i) => ({ _id: `tie-${String((i * 7919) % TIES).padStart(4, '0')}`, no: `DD-TIE-${i}` }));
});
after(async () => {
  await cloud.close();
});

const stored = () => cloud.cloud.store.find('orders', {}) as unknown as StoredOrder[];
const listPage = (openid: string, input: Record<string, unknown>) => async (cursor: string | undefined) => {
  const page = await ok('list', { ...input, ...(cursor ? { cursor } : {}) }, openid);
  return { ids: page.orders.map((o) => o.id), next: page.nextCursor };
};

describe('orders.list with hundreds of tied keys', () => {
  it('the staff queue shows every open order once, by queue key then id', async () => {
    const expected = keysetOrder(
      stored().filter((o) => o.communityId === 'yuehai' && o.queueKey !== null && o.queueKey >= 0),
      (o) => o.queueKey ?? 0,
      'asc',
    );
    assert.ok(expected.length > TIES);
    for (const limit of [3, 20]) assert.deepEqual(await pageToEnd(limit, listPage(DUTY, { limit })), expected, `page size ${limit}`);
  });

  it('the owner’s list shows every order of theirs once, newest first', async () => {
    const expected = keysetOrder(
      stored().filter((o) => o.unitKey === 'yuehai:1-1-101'),
      (o) => timeOf(o.createdAt),
      'desc',
    );
    for (const limit of [6, 50]) assert.deepEqual(await pageToEnd(limit, listPage(OWNER, { limit })), expected, `page size ${limit}`);
    assert.equal((await failed('list', { limit: 5, cursor: 'nope' }, OWNER)).code, 'INVALID_INPUT');
  });
});
