// Keyset paging with phases, for every list (tickets, orders, passes, questions and the subjects to
// come). A list is a sequence of phases — each a further filter, e.g. the area steward's own
// buildings, then the rest of the community — and each phase is ordered by one key (a number or a
// date) and then by `_id`, so that no two items share a position. The cursor is the last item's
// (phase, key, _id); the next page resumes strictly after it:
//
//   in its phase:  (key = v AND _id > id)  then  (key beyond v)      — two queries
//   later phases:  everything in the phase, from the top                — one query each
//
// `_.or` of the two would be one query, but neither WeChat's index rules nor the local cloud's
// planner (emulator/store/planner.ts leaves `$or` to a scan) can serve an `$or` from the index, so
// a page would read the whole tail of the list. Two indexed queries each read at most the rows
// they return plus one. Round trips per page: the first page 1; a page from a cursor 2, or 1 when
// the ties on the cursor's key fill it; +1 for each phase boundary the page crosses. Each query
// asks only for what the page still needs plus one, and the one extra item past the page tells
// whether there is a next page (so `nextCursor` is null exactly when nothing follows).
//
// "At most the rows they return" holds when the list's and the phase's filters are served by an
// index: the area stewards' phases filter on `building` (`$in` own, `$nin` own), which tickets,
// passes and questions index as `community_building_queue`; without it a phase's query reads past
// every item of the other phase.

import { invalid } from '../router/errors';
import type { Database } from '../sdk';

/** A list's sort: one key field, every item in the list holds a number or a Date there. */
export interface PageSort {
  field: string;
  kind: 'number' | 'date';
  order: 'asc' | 'desc';
}

export interface ListSpec {
  collection: string;
  /** What every item of the list meets (the key's own range included, e.g. `queueKey >= 0`). */
  filter: Record<string, unknown>;
  /** The list as phases in order, each a further filter; omitted: one phase, the whole list. */
  phases?: Array<Record<string, unknown>>;
  sort: PageSort;
  limit: number;
}

/** Where a page ended: the last item's phase, key and id. */
export interface Position {
  phase: number;
  value: number;
  id: string;
}

export interface Page<T> {
  docs: T[];
  next: string | null;
}

const MAX_ID = 200;

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.phase, position.value, position.id])).toString('base64url');
}

/**
 * The client's cursor back as a position in a list of `phases` phases; anything that is not one of
 * ours for this list → INVALID_INPUT.
 */
export function decodeCursor(cursor: string | undefined, phases: number): Position | null {
  if (cursor === undefined || cursor === '') return null;
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parts) && parts.length === 3) {
      const [phase, value, id] = parts as unknown[];
      if (
        typeof phase === 'number' &&
        Number.isInteger(phase) &&
        phase >= 0 &&
        phase < phases &&
        typeof value === 'number' &&
        Number.isFinite(value) &&
        typeof id === 'string' &&
        id.length > 0 &&
        id.length <= MAX_ID
      ) {
        return { phase, value, id };
      }
    }
  } catch {
    // fall through: not base64url JSON
  }
  throw invalid('分页参数不正确', { cursor: '分页参数不正确' });
}

/** An item's key as the number a cursor carries (a Date as its milliseconds). */
export function keyOf(doc: Record<string, unknown>, sort: PageSort): number {
  const value = doc[sort.field];
  if (sort.kind === 'date' && value instanceof Date) return value.getTime();
  if (sort.kind === 'number' && typeof value === 'number') return value;
  // The list's filter lets in only items with a key; one without is a bug in that filter.
  throw new Error(`paging: ${sort.field} is not a ${sort.kind} on ${String(doc._id)}`);
}

/** One read the pager asks of its source. */
export type Step =
  /** the phase's items tied with the cursor on its key, after its id (by `_id`) */
  | { phase: number; kind: 'ties'; value: number; id: string; limit: number }
  /** the phase's items whose key comes after the cursor's (by key, then `_id`) */
  | { phase: number; kind: 'beyond'; value: number; limit: number }
  /** the phase from its top (by key, then `_id`) */
  | { phase: number; kind: 'all'; limit: number };

/**
 * The paging itself, independent of the database: `read` answers one step in order. Reads the
 * page plus one item, so the page knows whether anything follows.
 */
export async function pageThrough<T extends { _id: string }>(
  phases: number,
  limit: number,
  after: Position | null,
  keyOfDoc: (doc: T) => number,
  read: (step: Step) => Promise<T[]>,
): Promise<{ docs: T[]; last: Position | null; more: boolean }> {
  const want = limit + 1;
  const found: Array<{ doc: T; phase: number }> = [];
  const take = async (step: Step) => {
    const docs = await read(step);
    for (const doc of docs.slice(0, step.limit)) found.push({ doc, phase: step.phase });
  };
  for (let phase = after ? after.phase : 0; phase < phases && found.length < want; phase++) {
    if (after && phase === after.phase) {
      await take({ phase, kind: 'ties', value: after.value, id: after.id, limit: want - found.length });
      if (found.length < want) await take({ phase, kind: 'beyond', value: after.value, limit: want - found.length });
    } else {
      await take({ phase, kind: 'all', limit: want - found.length });
    }
  }
  const page = found.slice(0, limit);
  const tail = page[page.length - 1];
  return {
    docs: page.map((f) => f.doc),
    last: tail ? { phase: tail.phase, value: keyOfDoc(tail.doc), id: tail.doc._id } : null,
    more: found.length > limit,
  };
}

/** One page of a list from the client's cursor (see the top of this file). */
export async function pageList<T extends { _id: string }>(database: Database, spec: ListSpec, cursor: string | undefined): Promise<Page<T>> {
  const phases = spec.phases && spec.phases.length > 0 ? spec.phases : [{}];
  const after = decodeCursor(cursor, phases.length);
  const _ = database.command;
  const { field, kind, order } = spec.sort;
  const bound = (value: number) => (kind === 'date' ? new Date(value) : value);
  const read = async (step: Step): Promise<T[]> => {
    const parts: Array<Record<string, unknown>> = [spec.filter, phases[step.phase]];
    if (step.kind === 'ties') parts.push({ [field]: _.eq(bound(step.value)), _id: _.gt(step.id) });
    if (step.kind === 'beyond') parts.push({ [field]: order === 'asc' ? _.gt(bound(step.value)) : _.lt(bound(step.value)) });
    // `_.and` keeps the list's own condition on the key field beside the cursor's
    let query = database.collection<T>(spec.collection).where(_.and(parts) as Record<string, unknown>);
    if (step.kind !== 'ties') query = query.orderBy(field, order);
    const found = await query.orderBy('_id', 'asc').limit(step.limit).get();
    return found.data;
  };
  const page = await pageThrough<T>(phases.length, spec.limit, after, (doc) => keyOf(doc, spec.sort), read);
  return { docs: page.docs, next: page.more && page.last ? encodeCursor(page.last) : null };
}

/**
 * The phases of a staff queue: an area steward's own buildings first, then the rest of the
 * community (SPEC §1: nothing hidden, only ordered). One phase for everyone else, and when the
 * list is already narrowed to one building or to one person's items.
 */
export function ownBuildingsFirst(database: Database, post: { kind: string | null; buildings: string[] } | undefined, narrowed: boolean): Array<Record<string, unknown>> {
  if (narrowed || post?.kind !== 'area' || post.buildings.length === 0) return [{}];
  const _ = database.command;
  return [{ building: _.in(post.buildings) }, { building: _.nin(post.buildings) }];
}
