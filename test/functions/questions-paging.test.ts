// questions.list pages every question exactly once and in order when hundreds share one reply
// deadline (issue 22 item 1), and an area steward's queue puts their buildings' questions first,
// then the rest of the community, like the tickets and passes queues (issue 13).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { functionCalls } from '../support/calls';
import { AREA, DUTY, OWNER } from '../support/people';
import { keysetOrder, pageToEnd, storeCopies, timeOf } from '../support/paging';

let cloud: TestCloud;
const { ok } = functionCalls('questions', () => cloud);
const TIES = 400;

interface StoredQuestion {
  _id: string;
  communityId: string;
  building: string;
  asker: string;
  state: string;
  queueKey: number | null;
  createdAt: unknown;
}

before(async () => {
  cloud = await startTestCloud();
  await cloud.setClock('2026-11-24T01:00:00.000Z');
  const { question } = await ok('ask', { category: 'bus_routes', text: '小区附近有哪些公交线路可以到火车站？' }, OWNER);
  storeCopies(cloud, 'questions', question.id, TIES, (i) => ({
    _id: `tie-${String((i * 7919) % TIES).padStart(4, '0')}`,
    no: `ZX-TIE-${i}`,
    building: String((i % 3) + 1),
  }));
});
after(async () => {
  await cloud.close();
});

const stored = () => cloud.cloud.store.find('questions', {}) as unknown as StoredQuestion[];
const listPage = (openid: string, input: Record<string, unknown>) => async (cursor: string | undefined) => {
  const page = await ok('list', { ...input, ...(cursor ? { cursor } : {}) }, openid);
  return { ids: page.questions.map((q) => q.id), next: page.nextCursor };
};

describe('questions.list with hundreds of tied keys', () => {
  const open = () => stored().filter((q) => q.communityId === 'yuehai' && (q.state === 'waiting' || q.state === 'claimed') && q.queueKey !== null && q.queueKey >= 0);
  const byKey = (qs: StoredQuestion[]) => keysetOrder(qs, (q) => q.queueKey ?? 0, 'asc');

  it('the duty steward’s queue shows every open question once, the reply due soonest first', async () => {
    const expected = byKey(open());
    assert.ok(expected.length > TIES);
    for (const limit of [4, 20]) assert.deepEqual(await pageToEnd(limit, listPage(DUTY, { view: 'open', limit })), expected, `page size ${limit}`);
  });

  it('an area steward’s queue shows their buildings’ questions first, then the rest', async () => {
    const own = (q: StoredQuestion) => q.building === '1' || q.building === '2';
    const expected = [...byKey(open().filter(own)), ...byKey(open().filter((q) => !own(q)))];
    assert.notDeepEqual(expected, byKey(open()), 'the phases change the order');
    for (const limit of [7, 50]) assert.deepEqual(await pageToEnd(limit, listPage(AREA, { view: 'open', limit })), expected, `page size ${limit}`);
    // asking for what the steward holds is their own list: one phase, by deadline
    const held = await ok('list', { view: 'open', handler: 'me', limit: 50 }, AREA);
    assert.equal(held.nextCursor, null);
  });

  it('the asker’s own list shows every question once, newest first', async () => {
    const expected = keysetOrder(
      stored().filter((q) => q.asker === OWNER),
      (q) => timeOf(q.createdAt),
      'desc',
    );
    for (const limit of [9, 50]) assert.deepEqual(await pageToEnd(limit, listPage(OWNER, { mine: true, limit })), expected, `page size ${limit}`);
  });
});
