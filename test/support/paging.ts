// Paging a list to its end, and many copies of one stored document: for the tests of the keyset
// pager (core/workflow/paging.ts) through each list action, with thousands of tied keys.
import assert from 'node:assert/strict';
import type { TestCloud } from './cloud';

export interface ListPage {
  ids: string[];
  next: string | null;
}

/**
 * Every id of a list, page by page from the top, asserting each page but the last is full and no
 * id comes twice; `pages` counts the calls (a runaway cursor fails instead of looping).
 */
export async function pageToEnd(limit: number, fetch: (cursor: string | undefined) => Promise<ListPage>, maxPages = 20_000): Promise<string[]> {
  const ids: string[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let pages = 0; pages < maxPages; pages++) {
    const page = await fetch(cursor);
    assert.ok(page.ids.length <= limit, `a page of ${limit} held ${page.ids.length}`);
    for (const id of page.ids) {
      assert.ok(!seen.has(id), `${id} came twice (page size ${limit}, after ${ids.length} items)`);
      seen.add(id);
      ids.push(id);
    }
    if (page.next === null) return ids;
    assert.equal(page.ids.length, limit, `a page with a next cursor is full (page size ${limit}, after ${ids.length} items)`);
    cursor = page.next;
  }
  assert.fail(`no end after ${maxPages} pages`);
}

type Stored = Record<string, unknown> & { _id: string };

/**
 * Stores `count` copies of the document `templateId` of `collection`, each changed by `change`
 * (give each its own `_id` and whatever unique fields the collection has). Straight into the
 * store: thousands of documents in one step instead of thousands of calls.
 */
export function storeCopies(cloud: TestCloud, collection: string, templateId: string, count: number, change: (i: number) => Record<string, unknown>): string[] {
  const [template] = cloud.cloud.store.find(collection, { _id: templateId }) as Stored[];
  assert.ok(template, `no ${collection} ${templateId} to copy`);
  const docs = Array.from({ length: count }, (_, i) => ({ ...structuredClone(template), ...change(i) }) as Stored);
  cloud.cloud.store.insert(collection, docs);
  return docs.map((d) => d._id);
}

/** Ids in a phase's order: by key (asc or desc), then `_id` (the pager's order). */
export function keysetOrder<T extends { _id: string }>(docs: T[], key: (doc: T) => number, order: 'asc' | 'desc'): string[] {
  const sign = order === 'asc' ? 1 : -1;
  return [...docs].sort((a, b) => sign * (key(a) - key(b)) || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0)).map((d) => d._id);
}

export const timeOf = (value: unknown): number => (value instanceof Date ? value.getTime() : new Date(value as string).getTime());

/** Representative page sizes of the contract's 1–50. */
export const PAGE_SIZES = [1, 2, 5, 7, 20, 50] as const;
