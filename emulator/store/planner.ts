// Turns the index-friendly part of a MongoDB filter into a SQL WHERE over key columns, and a sort
// into an ORDER BY when every sort field has a usable key column. The SQL part only ever narrows
// the candidates to a superset of the matches; mingo still applies the whole filter to each
// candidate, so a condition the planner does not understand costs reads, never correctness.

import { encodeScalar, nextTypePrefix, NULL_KEY, typePrefix } from './keys';

/** A key column the planner may use: its field holds only scalars (not multikey). */
export interface UsableColumn {
  column: string;
}

export interface QueryPlan {
  /** SQL boolean expression (without WHERE), '1' when nothing could be pushed down. */
  where: string;
  params: string[];
  /** True when the SQL condition is exactly the filter: matching rows need no mingo check. */
  exact: boolean;
  /** SQL ORDER BY list when the sort could be pushed down, else null. */
  orderBy: string | null;
}

type Condition = { op: 'eq'; key: string } | { op: 'in' | 'nin'; keys: string[] } | { op: 'gt' | 'gte' | 'lt' | 'lte'; key: string };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

export function isOperatorObject(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

interface Collected {
  byPath: Map<string, Condition[]>;
  /** False once any part of the filter was not translated into a condition. */
  complete: boolean;
}

function collect(filter: Record<string, unknown>, out: Collected): void {
  for (const [path, value] of Object.entries(filter)) {
    if (path === '$and' && Array.isArray(value)) {
      for (const sub of value) {
        if (isPlainObject(sub)) collect(sub, out);
        else out.complete = false;
      }
      continue;
    }
    if (path.startsWith('$')) {
      // $or, $nor, $expr, $where, …: left to mingo.
      out.complete = false;
      continue;
    }
    const conditions = out.byPath.get(path) ?? [];
    out.byPath.set(path, conditions);
    if (isOperatorObject(value)) {
      for (const [op, operand] of Object.entries(value)) {
        const condition = translate(op, operand);
        if (condition) conditions.push(condition);
        else out.complete = false;
      }
    } else {
      const key = encodeScalar(value);
      if (key === null) out.complete = false;
      else conditions.push({ op: 'eq', key });
    }
  }
}

function translate(op: string, operand: unknown): Condition | null {
  switch (op) {
    case '$eq': {
      const key = encodeScalar(operand);
      return key === null ? null : { op: 'eq', key };
    }
    case '$in':
    case '$nin': {
      // A missing field's key is NULL_KEY like null's, so NOT IN keeps MongoDB's "$nin matches
      // a missing field unless null is listed" (the planner only uses scalar, non-multikey columns).
      if (!Array.isArray(operand)) return null;
      const keys: string[] = [];
      for (const item of operand) {
        const key = encodeScalar(item);
        if (key === null) return null;
        keys.push(key);
      }
      return { op: op === '$in' ? 'in' : 'nin', keys };
    }
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      // Range comparisons against null have odd MongoDB semantics; leave them to mingo.
      const key = encodeScalar(operand);
      if (key === null || key === NULL_KEY) return null;
      return { op: op.slice(1) as 'gt' | 'gte' | 'lt' | 'lte', key };
    }
    default:
      return null;
  }
}

const SQL_OP = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/**
 * Plans a query. `columns` maps field paths to usable key columns; `_id` is always usable
 * through the primary key (ids are strings, compared raw).
 */
export function planQuery(filter: Record<string, unknown>, columns: Map<string, UsableColumn>, sort: Array<[string, 1 | -1]> | undefined): QueryPlan {
  const collected: Collected = { byPath: new Map(), complete: true };
  collect(filter, collected);
  const clauses: string[] = [];
  const params: string[] = [];
  let exact = collected.complete;

  for (const [path, conditions] of collected.byPath) {
    if (path === '_id') {
      for (const condition of conditions) {
        if (!pushId(condition, clauses, params)) exact = false;
      }
      continue;
    }
    const column = columns.get(path);
    if (!column) {
      if (conditions.length > 0) exact = false;
      continue;
    }
    for (const condition of conditions) pushKey(column.column, condition, clauses, params);
  }

  let orderBy: string | null = null;
  if (sort && sort.length > 0) {
    const parts: string[] = [];
    for (const [path, direction] of sort) {
      const column = path === '_id' ? 'id' : columns.get(path)?.column;
      if (!column) {
        parts.length = 0;
        break;
      }
      parts.push(`${column} ${direction === -1 ? 'DESC' : 'ASC'}`);
    }
    // Ties keep insertion order, like mingo's stable sort over a table scan does.
    if (parts.length > 0) orderBy = [...parts, 'rowid ASC'].join(', ');
  }

  return { where: clauses.length > 0 ? clauses.join(' AND ') : '1', params, exact, orderBy };
}

function pushKey(column: string, condition: Condition, clauses: string[], params: string[]): void {
  switch (condition.op) {
    case 'eq':
      clauses.push(`${column} = ?`);
      params.push(condition.key);
      return;
    case 'in':
    case 'nin':
      clauses.push(`${column} ${condition.op === 'in' ? 'IN' : 'NOT IN'} (SELECT value FROM json_each(?))`);
      params.push(JSON.stringify(condition.keys));
      return;
    default: {
      // MongoDB type bracketing: {$gt: 5} only matches numbers, so stay inside the type prefix.
      const prefix = typePrefix(condition.key);
      clauses.push(`${column} ${SQL_OP[condition.op]} ?`);
      params.push(condition.key);
      if (condition.op === 'gt' || condition.op === 'gte') {
        clauses.push(`${column} < ?`);
        params.push(nextTypePrefix(prefix));
      } else {
        clauses.push(`${column} >= ?`);
        params.push(prefix);
      }
    }
  }
}

/** `_id` conditions go to the primary key; only string operands can match a stored id. */
function pushId(condition: Condition, clauses: string[], params: string[]): boolean {
  const raw = (key: string): string | null => (key[0] === '2' ? key.slice(1) : null);
  switch (condition.op) {
    case 'eq': {
      const id = raw(condition.key);
      if (id === null) return false;
      clauses.push('id = ?');
      params.push(id);
      return true;
    }
    case 'nin':
      return false;
    case 'in': {
      const ids = condition.keys.map(raw);
      if (ids.some((id) => id === null)) return false;
      clauses.push('id IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(ids));
      return true;
    }
    default: {
      const id = raw(condition.key);
      if (id === null) return false;
      clauses.push(`id ${SQL_OP[condition.op]} ?`);
      params.push(id);
      return true;
    }
  }
}
