// The SDK's queries, updates and documents arrive as EJSON strings. After parsing, two things
// need the server's attention: `{$tcb_server_date: {offset}}` (db.serverDate(): the server's
// clock plus offset ms) and BSON regular expressions (db.RegExp), which the query engine wants
// as JavaScript RegExp objects.

import { EJSON } from 'bson';

export class BadRequest extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadRequest';
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** JS RegExp accepts a subset of MongoDB's flags; `x` (extended) has no equivalent. */
function toRegExp(pattern: string, options: string): RegExp {
  const flags = [...new Set(options.split('').filter((f) => 'imsu'.includes(f)))].join('');
  try {
    return new RegExp(pattern, flags);
  } catch (error) {
    throw new BadRequest(`invalid regular expression /${pattern}/: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Replaces server dates and BSON regexps, recursively, in a parsed EJSON value. */
export function fixUp(value: unknown, now: () => number): unknown {
  if (Array.isArray(value)) return value.map((v) => fixUp(v, now));
  if (value === null || typeof value !== 'object') return value;
  const bsonType = (value as { _bsontype?: unknown })._bsontype;
  if (bsonType === 'BSONRegExp') {
    const re = value as { pattern: string; options: string };
    return toRegExp(re.pattern, re.options);
  }
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === '$tcb_server_date') {
    const spec = value.$tcb_server_date as { offset?: unknown } | null;
    const offset = spec && typeof spec.offset === 'number' ? spec.offset : 0;
    return new Date(now() + offset);
  }
  // Some clients send {$regularExpression: {pattern, options}} un-revived (e.g. inside $regex).
  if (keys.length === 1 && keys[0] === '$regularExpression' && isPlainObject(value.$regularExpression)) {
    const re = value.$regularExpression as { pattern?: unknown; options?: unknown };
    if (typeof re.pattern === 'string') return toRegExp(re.pattern, typeof re.options === 'string' ? re.options : '');
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = fixUp(value[key], now);
  return out;
}

/** Parses an EJSON string (or an already-parsed object) sent by the SDK, with the fix-ups. */
export function decode(raw: unknown, what: string, now: () => number): unknown {
  let parsed: unknown;
  try {
    if (typeof raw === 'string') parsed = EJSON.parse(raw, { relaxed: true });
    else parsed = EJSON.deserialize(raw as Record<string, unknown>, { relaxed: true });
  } catch (error) {
    throw new BadRequest(`${what} is not valid EJSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return fixUp(parsed, now);
}

export function decodeObject(raw: unknown, what: string, now: () => number): Record<string, unknown> {
  if (raw === undefined || raw === null || raw === '') return {};
  const value = decode(raw, what, now);
  if (!isPlainObject(value)) throw new BadRequest(`${what} must be an object`);
  return value;
}

/** A stored document as the SDK reads it back (it calls EJSON.parse on each). */
export function encode(doc: unknown): string {
  return EJSON.stringify(doc, { relaxed: true });
}
