// passes.list pages every pass exactly once and in order when hundreds share one key (issue 22
// item 1: with 55 windows starting at 09:00 the register showed 41 at page size 20, 26 at 5): the
// register by window start with 600 passes at 09:00, and the stewards' queue with 600 tied
// decision deadlines for the duty steward and for an area steward (own buildings, then the rest).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { functionCalls } from '../support/calls';
import { AREA, DUTY, OWNER } from '../support/people';
import { keysetOrder, pageToEnd, storeCopies, timeOf } from '../support/paging';

let cloud: TestCloud;
const { ok, failed } = functionCalls('passes', () => cloud);

const NOW = Date.parse('2026-11-24T00:00:00.000Z'); // 08:00 Shanghai
const NINE = '2026-11-24T09:00:00+08:00';
const TIES = 600;

interface StoredPass {
  _id: string;
  communityId: string;
  building: string;
  from: unknown;
  to: unknown;
  queueKey: number | null;
}

before(async () => {
  cloud = await startTestCloud();
  await cloud.setClock(new Date(NOW).toISOString());
  const { pass } = await ok(
    'apply',
    {
      unit: '1-1-101',
      items: [{ name: '纸箱', count: 12 }],
      from: NINE,
      to: '2026-11-24T12:00:00+08:00',
      carrier: { name: '刘师傅', phone: '13912345678', plate: '鲁B12345' },
      reason: 'moving_out',
    },
    OWNER,
  );
  storeCopies(cloud, 'passes', pass.id, TIES, (i) => ({
    _id: `tie-${String((i * 7919) % TIES).padStart(4, '0')}`,
    no: `FX-TIE-${i}`,
    ref: `tie-ref-${i}`,
    building: String((i % 3) + 1),
  }));
});
after(async () => {
  await cloud.close();
});

const stored = () => cloud.cloud.store.find('passes', { communityId: 'yuehai' }) as unknown as StoredPass[];

const listPage = (openid: string, input: Record<string, unknown>) => async (cursor: string | undefined) => {
  const page = await ok('list', { ...input, ...(cursor ? { cursor } : {}) }, openid);
  return { ids: page.passes.map((p) => p.id), next: page.nextCursor };
};

describe('passes.list with hundreds of tied keys', () => {
  it('the register shows every pass once, latest window first, at every page size', async () => {
    const expected = keysetOrder(stored(), (p) => timeOf(p.from), 'desc');
    assert.ok(expected.length > TIES);
    for (const limit of [1, 5, 7, 20, 50]) {
      const ids = await pageToEnd(limit, listPage(DUTY, { view: 'log', limit }));
      assert.equal(ids.length, expected.length, `page size ${limit}: ${ids.length} of ${expected.length}`);
      assert.deepEqual(ids, expected, `page size ${limit}`);
    }
  });

  it('the queue shows every undecided pass once by its deadline; an area steward’s buildings first', async () => {
    const open = stored().filter((p) => p.queueKey !== null && p.queueKey >= 0 && timeOf(p.to) > NOW);
    const byKey = (ps: StoredPass[]) => keysetOrder(ps, (p) => p.queueKey ?? 0, 'asc');
    const duty = byKey(open);
    assert.ok(duty.length > TIES);
    for (const limit of [2, 20]) {
      assert.deepEqual(await pageToEnd(limit, listPage(DUTY, { view: 'queue', limit })), duty, `duty, page size ${limit}`);
    }
    const own = (p: StoredPass) => p.building === '1' || p.building === '2';
    const area = [...byKey(open.filter(own)), ...byKey(open.filter((p) => !own(p)))];
    for (const limit of [3, 50]) {
      assert.deepEqual(await pageToEnd(limit, listPage(AREA, { view: 'queue', limit })), area, `area steward, page size ${limit}`);
    }
  });

  it('refuses a cursor that is not one of its own', async () => {
    const other = Buffer.from(JSON.stringify([5, 0, 'x'])).toString('base64url');
    for (const cursor of ['%%%', other]) {
      assert.equal((await failed('list', { view: 'log', limit: 5, cursor }, DUTY)).code, 'INVALID_INPUT');
    }
  });
});
