// Which declared index a query can use in the real cloud (a MongoDB-compatible store). The local
// store pushes any indexed field down into SQL, so it is more forgiving than the cloud: there a
// compound index only helps when its leading field is constrained (or, with no usable condition,
// when the sort follows the index). This file states the cloud's rule once; the local cloud uses
// it to watch the functions' queries (see QueryWatch) and `npm run check-deploy` reports with it.

import { isOperatorObject } from './planner';
import type { CollectionSpec, Filter, IndexSpec } from './types';

type Kind = 'eq' | 'range' | 'other';

/** The shape of one query: what each field is constrained by, and the sort. No values. */
export interface QueryShape {
  collection: string;
  /** field path → how it is constrained ('eq' also covers $in) */
  fields: Record<string, Kind>;
  /** each branch of a top-level $or, with the conditions beside it already merged in */
  branches?: Array<Record<string, Kind>>;
  sort: Array<[string, 1 | -1]>;
}

export type Serving = { by: '_id' } | { by: 'index'; index: string; sortInMemory: boolean } | { by: 'scan' };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function kindOf(value: unknown): Kind {
  if (!isOperatorObject(value)) return value instanceof RegExp ? 'other' : 'eq';
  let best: Kind = 'other';
  for (const op of Object.keys(value)) {
    if (op === '$eq' || op === '$in') return 'eq';
    if (op === '$gt' || op === '$gte' || op === '$lt' || op === '$lte') best = 'range';
  }
  return best;
}

function stronger(a: Kind | undefined, b: Kind): Kind {
  if (a === 'eq' || b === 'eq') return 'eq';
  if (a === 'range' || b === 'range') return 'range';
  return 'other';
}

function collectFields(filter: Record<string, unknown>, fields: Record<string, Kind>, ors: Array<Array<Record<string, unknown>>>): void {
  for (const [path, value] of Object.entries(filter)) {
    if (path === '$and' && Array.isArray(value)) {
      for (const part of value) if (isPlainObject(part)) collectFields(part, fields, ors);
      continue;
    }
    if (path === '$or' && Array.isArray(value)) {
      ors.push(value.filter(isPlainObject));
      continue;
    }
    if (path.startsWith('$')) continue; // $nor, $expr: no index help
    fields[path] = stronger(fields[path], kindOf(value));
  }
}

/** The value-free shape of a MongoDB filter and sort. */
export function shapeOf(collection: string, filter: Filter, sort: Array<[string, 1 | -1]> = []): QueryShape {
  const fields: Record<string, Kind> = {};
  const ors: Array<Array<Record<string, unknown>>> = [];
  collectFields(filter, fields, ors);
  const shape: QueryShape = { collection, fields, sort };
  if (ors.length > 0) {
    // Only the first $or is split into branches: MongoDB plans one $or by its branches.
    const [first] = ors;
    shape.branches = first.map((branch) => {
      const merged = { ...fields };
      const nested: Array<Array<Record<string, unknown>>> = [];
      collectFields(branch, merged, nested);
      return merged;
    });
  }
  return shape;
}

/** How far `index` serves the conditions and sort: null when it cannot bound the scan at all. */
function useOf(index: IndexSpec, fields: Record<string, Kind>, sort: Array<[string, 1 | -1]>): { sortInMemory: boolean } | null {
  let i = 0;
  while (i < index.fields.length && fields[index.fields[i][0]] === 'eq') i++;
  const bounded = i > 0 || fields[index.fields[0][0]] === 'range';
  // The sort follows the index after the equality prefix (fields fixed by equality may be skipped).
  const wanted = sort.filter(([path]) => fields[path] !== 'eq');
  let sortFollows = wanted.length === 0;
  if (!sortFollows && i + wanted.length <= index.fields.length) {
    const same = wanted.every(([path, dir], k) => index.fields[i + k][0] === path && index.fields[i + k][1] === dir);
    const reversed = wanted.every(([path, dir], k) => index.fields[i + k][0] === path && index.fields[i + k][1] === -dir);
    sortFollows = same || reversed;
  }
  if (bounded) return { sortInMemory: !sortFollows };
  // No condition on the leading field: an index walked in sort order still avoids sorting the
  // collection, but only when nothing else narrows the query (a plain ordered listing).
  if (wanted.length > 0 && sortFollows && Object.values(fields).every((k) => k === 'other')) return { sortInMemory: false };
  return null;
}

function servesBranch(indexes: IndexSpec[], fields: Record<string, Kind>, sort: Array<[string, 1 | -1]>): Serving {
  if (fields._id === 'eq') return { by: '_id' };
  let best: Serving = { by: 'scan' };
  for (const index of indexes) {
    if (index.fields.length === 0) continue;
    const use = useOf(index, fields, sort);
    if (!use) continue;
    if (best.by !== 'index' || (best.sortInMemory && !use.sortInMemory)) best = { by: 'index', index: index.name, sortInMemory: use.sortInMemory };
  }
  if (best.by === 'scan' && fields._id === 'range') return { by: '_id' };
  return best;
}

/** The index that serves a query shape, `_id`, or a scan. A `$or` is served when every branch is. */
export function serving(spec: Pick<CollectionSpec, 'indexes'>, shape: QueryShape): Serving {
  const whole = servesBranch(spec.indexes, shape.fields, shape.sort);
  if (whole.by !== 'scan' || !shape.branches) return whole;
  const per = shape.branches.map((branch) => servesBranch(spec.indexes, branch, shape.sort));
  return per.every((s) => s.by !== 'scan') ? (per.find((s) => s.by === 'index') ?? per[0]) : { by: 'scan' };
}

/** A one-line description: `tickets where {communityId: eq, state: eq} sort createdAt desc`. */
export function describeShape(shape: QueryShape): string {
  const fields = Object.entries(shape.fields)
    .map(([path, kind]) => `${path}: ${kind}`)
    .join(', ');
  const or = shape.branches ? ` or [${shape.branches.map((b) => `{${Object.keys(b).join(', ')}}`).join(' | ')}]` : '';
  const sort = shape.sort.length > 0 ? ` sort ${shape.sort.map(([p, d]) => `${p} ${d === -1 ? 'desc' : 'asc'}`).join(', ')}` : '';
  return `${shape.collection} where {${fields}}${or}${sort}`;
}

/** An index that would serve the shape (the first unserved `$or` branch for an `$or`): equality fields, then the sort, else one range field. */
export function suggestIndex(shape: QueryShape, indexes: IndexSpec[] = []): IndexSpec {
  const source = shape.branches ? (shape.branches.find((b) => servesBranch(indexes, b, shape.sort).by === 'scan') ?? shape.fields) : shape.fields;
  const eq = Object.entries(source)
    .filter(([path, kind]) => kind === 'eq' && path !== '_id')
    .map(([path]) => path);
  const sorted = shape.sort.filter(([path]) => !eq.includes(path) && path !== '_id');
  const range = Object.entries(source).find(([path, kind]) => kind === 'range' && path !== '_id')?.[0];
  const fields: Array<[string, 1 | -1]> = [...eq.map((p): [string, 1 | -1] => [p, 1]), ...sorted];
  if (range && !fields.some(([p]) => p === range) && sorted.length === 0) fields.push([range, 1]);
  if (fields.length === 0) {
    const any = Object.keys(source).find((p) => p !== '_id');
    if (any) fields.push([any, 1]);
  }
  return { name: fields.map(([p]) => p.replace(/\W+/g, '_')).join('_') || 'by_field', fields };
}

/** Watches queries against declared collections and remembers each unserved shape once. */
export class QueryWatch {
  private readonly specs: Map<string, CollectionSpec & { large?: boolean }>;
  private readonly seen = new Set<string>();
  readonly unserved: Array<{ shape: QueryShape; text: string; suggestion: IndexSpec }> = [];

  constructor(specs: Array<CollectionSpec & { large?: boolean }>) {
    this.specs = new Map(specs.map((s) => [s.name, s]));
  }

  observe(collection: string, filter: Filter, sort: Array<[string, 1 | -1]> = []): void {
    const spec = this.specs.get(collection);
    // An undeclared collection fails on its own; only large ones must be served by an index.
    if (!spec || spec.large !== true || !isPlainObject(filter)) return;
    const shape = shapeOf(collection, filter, sort);
    const text = describeShape(shape);
    if (this.seen.has(text)) return;
    this.seen.add(text);
    if (serving(spec, shape).by === 'scan') this.unserved.push({ shape, text, suggestion: suggestIndex(shape, spec.indexes) });
  }

  /** The message for a test run or a check: each query and the index to declare for it. */
  report(): string {
    return this.unserved
      .map(
        (u) =>
          `  ${u.text}\n    → declare an index in database/collections/${u.shape.collection}.json, e.g. ${JSON.stringify({ name: u.suggestion.name, fields: u.suggestion.fields })}`,
      )
      .join('\n');
  }
}
