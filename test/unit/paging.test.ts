// The keyset pager's own logic (core/workflow/paging.ts) over an in-memory list: every item once
// and in order at every page size 1–50 with thousands of identical keys, phases whose boundary
// falls inside a run of ties, resuming after a deleted item, bounded reads, and its cursors.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCursor, encodeCursor, keyOf, pageThrough, type Position, type Step } from '../../cloudfunctions/core/workflow/paging';
import { AppError } from '../../cloudfunctions/core/router/errors';

interface Item {
  _id: string;
  key: number;
  phase: number;
}

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A source answering the pager's steps from `items`, as an index would (sorted once, each step a
 * binary search and a slice), counting queries and the longest answer.
 */
function memory(items: Item[], order: 'asc' | 'desc') {
  const sign = order === 'asc' ? 1 : -1;
  const compare = (a: { key: number; _id: string }, b: { key: number; _id: string }) => sign * (a.key - b.key) || compareIds(a._id, b._id);
  const byPhase = new Map<number, Item[]>();
  for (const item of items) byPhase.set(item.phase, [...(byPhase.get(item.phase) ?? []), item]);
  for (const list of byPhase.values()) list.sort(compare);
  /** the first index from which `after` holds (it holds for a suffix of the list) */
  const seek = (list: Item[], after: (item: Item) => boolean) => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (after(list[mid])) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const stats = { queries: 0, maxAnswer: 0 };
  const read = async (step: Step): Promise<Item[]> => {
    stats.queries++;
    const list = byPhase.get(step.phase) ?? [];
    let answer: Item[];
    if (step.kind === 'ties') {
      const from = seek(list, (i) => compare(i, { key: step.value, _id: step.id }) > 0);
      answer = [];
      for (let k = from; k < list.length && list[k].key === step.value && answer.length < step.limit; k++) answer.push(list[k]);
    } else {
      const from = step.kind === 'beyond' ? seek(list, (i) => sign * (i.key - step.value) > 0) : 0;
      answer = list.slice(from, from + step.limit);
    }
    stats.maxAnswer = Math.max(stats.maxAnswer, answer.length);
    return answer;
  };
  return { read, stats };
}

function expectedOrder(items: Item[], order: 'asc' | 'desc'): string[] {
  const sign = order === 'asc' ? 1 : -1;
  return [...items].sort((a, b) => a.phase - b.phase || sign * (a.key - b.key) || compareIds(a._id, b._id)).map((i) => i._id);
}

async function pageAll(items: Item[], phases: number, limit: number, order: 'asc' | 'desc' = 'asc') {
  const source = memory(items, order);
  const ids: string[] = [];
  let after: Position | null = null;
  let pages = 0;
  for (;;) {
    pages++;
    const page: { docs: Item[]; last: Position | null; more: boolean } = await pageThrough<Item>(phases, limit, after, (i) => i.key, source.read);
    assert.ok(page.docs.length <= limit);
    ids.push(...page.docs.map((d) => d._id));
    if (!page.more) break;
    assert.equal(page.docs.length, limit, 'a page with more after it is full');
    after = page.last;
    assert.ok(pages < 100_000);
  }
  return { ids, pages, stats: source.stats };
}

/** `n` items, ids in no particular order against keys and phases. */
function items(n: number, keyOf: (i: number) => number, phaseOf: (i: number) => number = () => 0): Item[] {
  return Array.from({ length: n }, (_, i) => ({ _id: `t${String((i * 7919) % n).padStart(5, '0')}`, key: keyOf(i), phase: phaseOf(i) }));
}

describe('keyset paging', () => {
  it('pages 2,500 identical keys at every page size 1–50: each item once, in _id order', async () => {
    const list = items(2500, () => 1_700_000_000_000);
    const expected = expectedOrder(list, 'asc');
    for (let limit = 1; limit <= 50; limit++) {
      const { ids, stats } = await pageAll(list, 1, limit);
      assert.deepEqual(ids, expected, `page size ${limit}`);
      assert.ok(stats.maxAnswer <= limit + 1, `a query answered ${stats.maxAnswer} for a page of ${limit}`);
    }
  });

  it('pages runs of ties of every length around the page size, ascending and descending', async () => {
    // keys 0..: key k repeated k % 45 + 1 times, so runs shorter, equal and longer than a page
    const keys: number[] = [];
    for (let k = 0; keys.length < 1500; k++) for (let r = 0; r <= k % 45; r++) keys.push(k);
    const list = items(keys.length, (i) => keys[i]);
    for (const order of ['asc', 'desc'] as const) {
      const expected = expectedOrder(list, order);
      for (const limit of [1, 2, 3, 5, 7, 19, 20, 21, 44, 45, 46, 50]) {
        const { ids } = await pageAll(list, 1, limit, order);
        assert.deepEqual(ids, expected, `${order}, page size ${limit}`);
      }
    }
  });

  it('walks phases in order with ties across the boundary, empty phases and a full page ending a phase', async () => {
    // four phases: 0 and 2 all tied, 1 empty, 3 mixed; the same key on both sides of each boundary
    const list = items(
      900,
      (i) => (i % 4 === 3 ? 5 + (i % 3) : 5),
      (i) => [0, 2, 3, 0][i % 4],
    );
    const expected = expectedOrder(list, 'asc');
    for (let limit = 1; limit <= 50; limit++) {
      const { ids } = await pageAll(list, 4, limit);
      assert.deepEqual(ids, expected, `page size ${limit}`);
    }
    // a phase of exactly one page: the page knows the next phase has more (no empty last page)
    const exact = items(
      10,
      () => 1,
      (i) => (i < 5 ? 0 : 1),
    );
    const first = await pageThrough<Item>(2, 5, null, (i) => i.key, memory(exact, 'asc').read);
    assert.equal(first.docs.length, 5);
    assert.equal(first.more, true);
    assert.equal(first.last?.phase, 0);
    const end = await pageThrough<Item>(2, 5, first.last, (i) => i.key, memory(exact, 'asc').read);
    assert.equal(end.docs.length, 5);
    assert.equal(end.more, false, 'nothing after the last item: no cursor');
  });

  it('resumes after a deleted item from where it stood', async () => {
    const list = items(300, (i) => (i < 200 ? 7 : 8));
    const expected = expectedOrder(list, 'asc');
    const first = await pageThrough<Item>(1, 20, null, (i) => i.key, memory(list, 'asc').read);
    assert.ok(first.last);
    const remaining = list.filter((i) => i._id !== first.last?.id);
    const second = await pageThrough<Item>(1, 20, first.last, (i) => i.key, memory(remaining, 'asc').read);
    assert.deepEqual(
      second.docs.map((d) => d._id),
      expected.slice(20, 40),
    );
  });

  it('costs one query for a first page, two from a cursor, one when the ties fill the page', async () => {
    const list = items(100, (i) => (i < 60 ? 1 : 2 + i));
    let source = memory(list, 'asc');
    const first = await pageThrough<Item>(1, 20, null, (i) => i.key, source.read);
    assert.equal(source.stats.queries, 1);
    source = memory(list, 'asc');
    const second = await pageThrough<Item>(1, 20, first.last, (i) => i.key, source.read);
    assert.equal(source.stats.queries, 1, 'inside the ties: the ties query answers the page and one more');
    source = memory(list, 'asc');
    await pageThrough<Item>(1, 30, second.last, (i) => i.key, source.read);
    assert.equal(source.stats.queries, 2, 'past the end of the ties: the keys beyond');
  });
});

describe('paging cursors', () => {
  it('round-trips a position and refuses anything else as INVALID_INPUT', () => {
    const at: Position = { phase: 1, value: 1_764_000_000_000, id: 'T-1' };
    assert.deepEqual(decodeCursor(encodeCursor(at), 2), at);
    assert.equal(decodeCursor(undefined, 1), null);
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const bad of [
      'not base64 json',
      b64([0, 1]),
      b64([1, 1, 'x']),
      b64([-1, 1, 'x']),
      b64([0.5, 1, 'x']),
      b64(['o', 1, 'x']),
      b64([0, '1', 'x']),
      b64([0, 1, '']),
      b64([0, 1, 'x'.repeat(201)]),
      b64({ phase: 0 }),
    ]) {
      assert.throws(
        () => decodeCursor(bad, 1),
        (e: unknown) => e instanceof AppError && e.code === 'INVALID_INPUT',
        bad,
      );
    }
    assert.throws(() => decodeCursor(encodeCursor(at), 1), AppError, 'a phase the list does not have');
  });

  it('takes a date key as its milliseconds and a number as itself', () => {
    const d = new Date('2026-11-24T01:00:00.000Z');
    assert.equal(keyOf({ _id: 'a', createdAt: d }, { field: 'createdAt', kind: 'date', order: 'desc' }), d.getTime());
    assert.equal(keyOf({ _id: 'a', queueKey: 42 }, { field: 'queueKey', kind: 'number', order: 'asc' }), 42);
    assert.throws(() => keyOf({ _id: 'a', queueKey: null }, { field: 'queueKey', kind: 'number', order: 'asc' }));
  });
});
