// $match + $group answered from key columns (a covered aggregation, as MongoDB answers one from an
// index alone): when the leading $match is exactly what the planner pushes into SQL and every field
// the $group reads is a scalar key column that no matching document leaves null or missing, the
// documents never need parsing. SQL counts the distinct tuples of those fields, each tuple becomes
// a small document carrying its multiplicity, and mingo runs the same $group over them with each
// accumulator weighted by that multiplicity — so the grouping, the expressions and their results
// stay mingo's (MongoDB's), only the reading changes. Anything else falls back to parsing.

import { decodeKey, NULL_KEY } from './keys';
import { isOperatorObject } from './planner';

/** The multiplicity's field in the tuple documents (a referenced field of that name refuses pushdown). */
export const TUPLE_COUNT = '__gjTupleCount';

/** Accumulators whose result a weighted tuple reproduces exactly. */
const WEIGHTABLE = new Set(['$sum', '$count', '$min', '$max']);
/** Operators that read more than the fields they name, or run code. */
const OPAQUE = new Set(['$function', '$accumulator', '$where', '$literal', '$getField', '$setField', '$unsetField', '$rand']);

export interface GroupPlan {
  /** the referenced field paths, in a fixed order */
  paths: string[];
  /** the $group stage to run over the tuple documents */
  weighted: Record<string, unknown>;
}

/** Field paths an expression reads, or null when it reads something a tuple cannot carry. */
function referencedPaths(expression: unknown, into: Set<string>): boolean {
  if (typeof expression === 'string') {
    if (expression.startsWith('$$')) return false; // $$ROOT, $$CURRENT, user variables
    if (expression.startsWith('$')) into.add(expression.slice(1));
    return true;
  }
  if (Array.isArray(expression)) return expression.every((item) => referencedPaths(item, into));
  if (expression === null || typeof expression !== 'object') return true;
  if (expression instanceof Date) return true;
  for (const [key, value] of Object.entries(expression as Record<string, unknown>)) {
    if (OPAQUE.has(key)) return false;
    if (!referencedPaths(value, into)) return false;
  }
  return true;
}

/** Plans a $group over key columns; null when it must read the documents. */
export function planGroup(stage: Record<string, unknown> | undefined, usable: ReadonlySet<string>): GroupPlan | null {
  if (!stage || Object.keys(stage).length !== 1) return null;
  const spec = stage.$group;
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec) || !('_id' in spec)) return null;
  const paths = new Set<string>();
  const weighted: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(spec as Record<string, unknown>)) {
    if (name === '_id') {
      if (!referencedPaths(value, paths)) return null;
      weighted._id = value;
      continue;
    }
    if (!isOperatorObject(value) || Object.keys(value).length !== 1) return null;
    const [op, operand] = Object.entries(value)[0];
    if (!WEIGHTABLE.has(op)) return null;
    if (op === '$count') {
      if (operand === null || typeof operand !== 'object' || Array.isArray(operand) || Object.keys(operand).length > 0) return null;
      weighted[name] = { $sum: `$${TUPLE_COUNT}` };
      continue;
    }
    if (Array.isArray(operand)) return null; // $sum: [a, b] is an expression list, not an accumulator operand
    if (!referencedPaths(operand, paths)) return null;
    // $min and $max do not change with repetition; $sum ignores what is not a number
    weighted[name] =
      op === '$sum' ? { $sum: { $let: { vars: { v: operand }, in: { $cond: [{ $isNumber: '$$v' }, { $multiply: ['$$v', `$${TUPLE_COUNT}`] }, 0] } } } } : { [op]: operand };
  }
  const list = [...paths].sort();
  for (const path of list) {
    if (!usable.has(path) || path.split('.').includes(TUPLE_COUNT.slice(1)) || path.startsWith(TUPLE_COUNT)) return null;
    // 'a' and 'a.b' together would need one value to be both a scalar and an object
    if (list.some((other) => other !== path && other.startsWith(`${path}.`))) return null;
  }
  return { paths: list, weighted };
}

/** A tuple document: each path's value decoded from its key, and the tuple's multiplicity. */
export function tupleDoc(paths: readonly string[], keys: readonly string[], count: number): Record<string, unknown> {
  const doc: Record<string, unknown> = { [TUPLE_COUNT]: count };
  paths.forEach((path, i) => {
    const segments = path.split('.');
    let target = doc;
    for (const segment of segments.slice(0, -1)) {
      target[segment] ??= {};
      target = target[segment] as Record<string, unknown>;
    }
    target[segments[segments.length - 1]] = decodeKey(keys[i]);
  });
  return doc;
}

export { NULL_KEY };

/** Runs one expression over one tuple document as $group computes its key: { value } or {} when it is missing. */
type Evaluate = (doc: Record<string, unknown>, expression: unknown) => { value?: unknown };

/**
 * The common shape answered without mingo's per-document work: `_id` a field path, an expression
 * or an object of them, and only $sum/$count accumulators. Each key part and accumulator operand
 * depends on few fields, so mingo evaluates it once per distinct combination of those fields
 * (cached), and the tuples are summed here with their counts. Null when the shape is other.
 */
export function sumGroups(
  spec: Record<string, unknown>,
  paths: readonly string[],
  tuples: ReadonlyArray<{ keys: readonly string[]; n: number }>,
  evaluate: Evaluate,
): Record<string, unknown>[] | null {
  const id = spec._id;
  const idParts: Array<[string | null, unknown]> =
    id !== null && typeof id === 'object' && !Array.isArray(id) && !(id instanceof Date) && !isOperatorObject(id) && Object.keys(id).every((k) => !k.startsWith('$'))
      ? Object.entries(id as Record<string, unknown>)
      : [[null, id]];
  const sums: Array<[string, unknown]> = [];
  for (const [name, value] of Object.entries(spec)) {
    if (name === '_id') continue;
    const [op, operand] = Object.entries(value as Record<string, unknown>)[0];
    if (op === '$count') sums.push([name, 1]);
    else if (op === '$sum') sums.push([name, operand]);
    else return null;
  }
  const index = new Map(paths.map((p, i) => [p, i]));
  const compile = (expression: unknown) => {
    // a plain field path is its value: decoded straight from the key (never null or missing here)
    if (typeof expression === 'string' && expression.startsWith('$') && !expression.startsWith('$$') && index.has(expression.slice(1))) {
      const at = index.get(expression.slice(1)) as number;
      const decoded = new Map<string, { value?: unknown }>();
      return (keys: readonly string[]): { value?: unknown } => {
        let hit = decoded.get(keys[at]);
        if (!hit) {
          hit = { value: decodeKey(keys[at]) };
          decoded.set(keys[at], hit);
        }
        return hit;
      };
    }
    const used = new Set<string>();
    referencedPaths(expression, used);
    const positions = [...used].sort().map((p) => index.get(p) as number);
    const cache = new Map<string, { value?: unknown }>();
    return (keys: readonly string[]): { value?: unknown } => {
      const cacheKey = positions.map((i) => keys[i]).join('\u0000');
      let hit = cache.get(cacheKey);
      if (!hit) {
        hit = evaluate(
          tupleDoc(
            positions.map((i) => paths[i]),
            positions.map((i) => keys[i]),
            1,
          ),
          expression,
        );
        cache.set(cacheKey, hit);
      }
      return hit;
    };
  };
  const idFns = idParts.map(([name, expression]) => [name, compile(expression)] as const);
  const sumFns = sums.map(([name, expression]) => [name, compile(expression)] as const);
  const groups = new Map<string, Record<string, unknown>>();
  for (const { keys, n } of tuples) {
    let groupId: unknown;
    if (idFns.length === 1 && idFns[0][0] === null) {
      groupId = idFns[0][1](keys).value ?? null;
    } else {
      const object: Record<string, unknown> = {};
      for (const [name, fn] of idFns) {
        const part = fn(keys);
        if ('value' in part) object[name as string] = part.value;
      }
      groupId = object;
    }
    // values equal in MongoDB's grouping give one key (1 and 1.0 are one number here); a date, NaN and
    // the infinities are kept apart from the numbers and null that JSON would turn them into
    const groupKey = JSON.stringify(groupId, function (this: Record<string, unknown>, k: string, v: unknown) {
      const raw = this[k];
      if (raw instanceof Date) return { $date: raw.getTime() };
      if (typeof raw === 'number' && !Number.isFinite(raw)) return { $number: String(raw) };
      return v;
    });
    let group = groups.get(groupKey);
    if (!group) {
      group = { _id: groupId, ...Object.fromEntries(sums.map(([name]) => [name, 0])) };
      groups.set(groupKey, group);
    }
    for (const [name, fn] of sumFns) {
      const v = fn(keys).value;
      if (typeof v === 'number') group[name] = (group[name] as number) + v * n;
    }
  }
  return [...groups.values()];
}
