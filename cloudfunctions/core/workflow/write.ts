// The one way an object of any subject changes: an update conditional on the `_id`, `state` and
// `rev` read, bumping `rev` and appending its event(s) in the same write. Nothing matched means
// someone else moved it first (another steward, the owner, the sweep): CONFLICT, never a silent
// overwrite.
import { conflict } from '../router/errors';
import type { Database } from '../sdk';

/** What every workflow object carries. */
export interface Versioned {
  _id: string;
  state: string;
  /** bumped by every write; every write is conditional on it */
  rev: number;
}

/** Where a subject's objects live and how they are written. */
export interface Store<T> {
  collection: string;
  /** object fields replaced whole: a partial object would be merged field by field by the SDK */
  whole: ReadonlyArray<keyof T & string>;
  /** the CONFLICT message when the object moved */
  stale: string;
}

/**
 * Writes `changes` (and appends `append`, e.g. `{ events: [event] }`) to `current` if it is still
 * as read. `rev` is bumped; the caller's `changes` never set it.
 */
export async function writeStep<T extends Versioned>(
  database: Database,
  store: Store<T>,
  current: Pick<T, '_id' | 'state' | 'rev'>,
  changes: Partial<Omit<T, '_id' | 'rev'>>,
  append: Partial<Record<keyof T & string, readonly unknown[]>> = {},
  stale = store.stale,
): Promise<void> {
  const _ = database.command;
  const data: Record<string, unknown> = { ...changes, rev: _.inc(1) };
  for (const key of store.whole) {
    const value = (changes as Record<string, unknown>)[key];
    if (key in changes && value !== null) data[key] = _.set(value);
  }
  for (const [key, items] of Object.entries(append) as Array<[string, readonly unknown[] | undefined]>) {
    if (items && items.length > 0) data[key] = _.push([...items]);
  }
  const result = await database.collection<T>(store.collection).where({ _id: current._id, state: current.state, rev: current.rev }).update({ data });
  if (result.stats.updated !== 1) throw conflict(stale);
}
