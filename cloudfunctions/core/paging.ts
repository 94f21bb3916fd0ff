// Keyset paging for the staff queues and the owners' lists: one page ordered by a numeric key
// (`queueKey`) or by `createdAt`, then `_id`, resumed from an opaque cursor. Reading starts at the
// cursor's value, so a page reads itself plus the ties on that value, never the rest of the set.

import { invalid } from './router/errors';
import type { Database } from './sdk';

export interface Cursor {
  value: number;
  id: string;
}

/** The fields a pageable document needs. */
export interface Pageable {
  _id: string;
  createdAt: Date;
  queueKey?: number | null;
}

export type PageField = 'queueKey' | 'createdAt';

function encodeCursor(value: number, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

/** The client's cursor back as a position; anything that is not one of ours → INVALID_INPUT. */
export function decodeCursor(cursor: string | undefined): Cursor | null {
  if (!cursor) return null;
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parts) && parts.length === 2 && typeof parts[0] === 'number' && typeof parts[1] === 'string') return { value: parts[0], id: parts[1] };
  } catch {
    // fall through
  }
  throw invalid('分页参数不正确', { cursor: '分页参数不正确' });
}

export async function pageBy<T extends Pageable>(
  database: Database,
  collection: string,
  filter: Record<string, unknown>,
  field: PageField,
  order: 'asc' | 'desc',
  limit: number,
  after: Cursor | null,
): Promise<{ docs: T[]; next: string | null }> {
  const _ = database.command;
  const where: Record<string, unknown> = { ...filter };
  const valueOf = (doc: T) => (field === 'createdAt' ? doc.createdAt.getTime() : (doc.queueKey ?? 0));
  if (after) {
    const bound = field === 'createdAt' ? new Date(after.value) : after.value;
    where[field] = order === 'asc' ? _.gte(bound) : _.lte(bound);
  } else if (field === 'queueKey') where.queueKey = _.gte(0);
  // Ties on the cursor's own value come back again; up to 20 of them are read past and dropped.
  const found = await database
    .collection<T>(collection)
    .where(where)
    .orderBy(field, order)
    .orderBy('_id', 'asc')
    .limit(limit + 1 + (after ? 20 : 0))
    .get();
  const docs = after ? found.data.filter((doc) => valueOf(doc) !== after.value || doc._id > after.id) : found.data;
  const page = docs.slice(0, limit);
  const last = page[page.length - 1];
  return { docs: page, next: docs.length > limit && last ? encodeCursor(valueOf(last), last._id) : null };
}
