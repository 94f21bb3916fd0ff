// tickets.list pages every item exactly once and in order when thousands share one deadline
// (issue 22 item 1: ties past 20 on the cursor's key were lost — 347 of 4,568 open tickets), for
// the duty steward, for an area steward whose two phases (own buildings, then the rest) meet inside
// a run of ties, from a cursor whose item was deleted, and reading about a page per query.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { functionCalls } from '../support/calls';
import { AREA, DUTY, OWNER } from '../support/people';
import { keysetOrder, pageToEnd, storeCopies } from '../support/paging';
import { isOpen } from '../../cloudfunctions/core/tickets/model';
import type { TicketState } from '../../types/tickets';

let cloud: TestCloud;
const { ok, failed } = functionCalls('tickets', () => cloud);

const TIES = 2500;
const DEADLINE = Date.parse('2026-11-24T15:59:00.000Z'); // 23:59 Shanghai: everyone's end of day
/** building 5 holds a twelfth of the ties (paged one by one), 1, 2 and 3 the rest */
const buildingOf = (i: number) => (i % 12 === 0 ? '5' : String((i % 3) + 1));

interface StoredTicket {
  _id: string;
  communityId: string;
  building: string;
  state: TicketState;
  queueKey: number | null;
}

before(async () => {
  cloud = await startTestCloud();
  await cloud.setClock('2026-11-24T01:00:00.000Z');
  const { ticket } = await ok('create', { kind: 'repair', scope: 'in_home', unit: '1-1-101', description: '卫生间水龙头漏水' }, OWNER);
  // ids in no particular order against the buildings, so each phase's ties interleave by _id
  storeCopies(cloud, 'tickets', ticket.id, TIES, (i) => ({
    _id: `tie-${String((i * 7919) % TIES).padStart(5, '0')}`,
    no: `BX-TIE-${i}`,
    building: buildingOf(i),
    queueKey: DEADLINE,
  }));
});
after(async () => {
  await cloud.close();
});

/** The open queue of 悦海 as the store holds it, in the pager's order, phase by phase. */
function expectedQueue(phases: Array<(t: StoredTicket) => boolean>): string[] {
  const open = (cloud.cloud.store.find('tickets', { communityId: 'yuehai' }) as unknown as StoredTicket[]).filter((t) => isOpen(t.state) && t.queueKey !== null && t.queueKey >= 0);
  return phases.flatMap((inPhase) => keysetOrder(open.filter(inPhase), (t) => t.queueKey ?? 0, 'asc'));
}

const queuePage =
  (openid: string, limit: number, filter: Record<string, unknown> = {}) =>
  async (cursor: string | undefined) => {
    const page = await ok('list', { ...filter, limit, ...(cursor ? { cursor } : {}) }, openid);
    return { ids: page.tickets.map((t) => t.id), next: page.nextCursor };
  };

describe('tickets.list with thousands of tied deadlines', () => {
  it('gives the duty steward every open ticket once, in order, at every page size', async () => {
    // page sizes 1 and 2 over one building's 209 tied tickets (the whole queue at size 1 would be
    // 2,500 calls); the unit tests sweep every size 1–50 over the pager itself
    const expected = expectedQueue([() => true]);
    assert.ok(expected.length > TIES, `${expected.length} open tickets`);
    for (const limit of [7, 20, 50]) {
      const ids = await pageToEnd(limit, queuePage(DUTY, limit));
      assert.equal(ids.length, expected.length, `page size ${limit}: ${ids.length} of ${expected.length}`);
      assert.deepEqual(ids, expected, `page size ${limit}`);
    }
    const inFive = expectedQueue([(t) => t.building === '5']);
    assert.ok(inFive.length > 200, `${inFive.length} in building 5`);
    for (const limit of [1, 2, 5]) {
      const ids = await pageToEnd(limit, queuePage(DUTY, limit, { building: '5' }));
      assert.deepEqual(ids, inFive, `building 5, page size ${limit}`);
    }
  });

  it('gives an area steward their buildings first, then the rest, with the ties split across the two', async () => {
    const own = (t: StoredTicket) => t.building === '1' || t.building === '2';
    const expected = expectedQueue([own, (t) => !own(t)]);
    for (const limit of [7, 50]) {
      const ids = await pageToEnd(limit, queuePage(AREA, limit));
      assert.deepEqual(ids, expected, `page size ${limit}`);
    }
  });

  it('goes on after a cursor whose ticket was deleted, and refuses a cursor that is not one', async () => {
    const expected = expectedQueue([() => true]);
    const first = await ok('list', { limit: 20 }, DUTY);
    const second = await ok('list', { limit: 20, cursor: first.nextCursor }, DUTY);
    const last = second.tickets[19].id;
    assert.ok(last.startsWith('tie-'), 'the cursor sits inside the ties');
    cloud.cloud.store.remove('tickets', { _id: last }, {});
    const third = await ok('list', { limit: 20, cursor: second.nextCursor }, DUTY);
    assert.deepEqual(
      third.tickets.map((t) => t.id),
      expected.slice(40, 60),
      'the page after the deleted ticket starts where it would have',
    );
    for (const cursor of ['abc', Buffer.from('[0,1]').toString('base64url'), Buffer.from('[2,1,"x"]').toString('base64url'), Buffer.from('["o",1,"x"]').toString('base64url')]) {
      assert.equal((await failed('list', { limit: 20, cursor }, DUTY)).code, 'INVALID_INPUT', cursor);
    }
  });

  it('reads about a page per page, deep inside the ties and across an area steward’s phases', async () => {
    // every query is served from an index (the `building` phases too: community_building_queue),
    // so a page reads the items it returns and the one after; the caller and the calendar's years
    // are a few documents more
    const OVERHEAD = 5;
    let page = await ok('list', { limit: 20 }, DUTY);
    for (let i = 0; i < 30; i++) page = await ok('list', { limit: 20, cursor: page.nextCursor }, DUTY);
    cloud.cloud.store.stats.resetRowsRead();
    const deep = await ok('list', { limit: 20, cursor: page.nextCursor }, DUTY);
    const read = cloud.cloud.store.stats.rowsRead;
    assert.equal(deep.tickets.length, 20);
    assert.ok(read <= 21 + OVERHEAD, `a page of 20 from a cursor read ${read} documents`);

    let cursor: string | null | undefined;
    let most = 0;
    do {
      cloud.cloud.store.stats.resetRowsRead();
      const area = await ok('list', { limit: 50, ...(cursor ? { cursor } : {}) }, AREA);
      most = Math.max(most, cloud.cloud.store.stats.rowsRead);
      cursor = area.nextCursor;
    } while (cursor);
    assert.ok(most <= 51 + OVERHEAD, `an area steward's page of 50 read up to ${most} documents`);
  });
});
