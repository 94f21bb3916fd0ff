// Order-preserving typed encoding of indexed field values, so that SQLite's BINARY collation over
// a key column sorts and compares scalars the way MongoDB does (BSON comparison order:
// null/missing < numbers < strings < objects < arrays < booleans < dates).
//
// Each key is a one-character type prefix followed by a type-specific body:
//   '0'            null or missing (MongoDB indexes a missing field as null)
//   '1' + 16 hex   number: IEEE-754 big-endian bits, sign bit flipped for positives and all bits
//                  flipped for negatives, so the hex strings sort like the numbers; NaN sorts
//                  first among numbers, as in MongoDB
//   '2' + text     string (SQLite compares UTF-8 bytes, which is MongoDB's binary string order)
//   '5' + 0|1      boolean
//   '6' + 16 hex   date, encoded like the number of its milliseconds
//   '9' + EJSON    anything else (arrays, objects, regexes): kept only so a unique index still
//                  compares such values for equality; fields holding them are "multikey" and are
//                  never used for pushdown, so this branch's ordering does not matter.

import { EJSON } from 'bson';

export const NULL_KEY = '0';
const NUMBER = '1';
const STRING = '2';
const BOOLEAN = '5';
const DATE = '6';
const OTHER = '9';

const scratch = new DataView(new ArrayBuffer(8));

function orderedFloatHex(value: number): string {
  if (Number.isNaN(value)) return '0000000000000000';
  // -0 and 0 are equal in MongoDB; give them one key.
  scratch.setFloat64(0, value === 0 ? 0 : value);
  const hi = scratch.getUint32(0);
  const lo = scratch.getUint32(4);
  let outHi: number;
  let outLo: number;
  if (hi & 0x80000000) {
    outHi = ~hi >>> 0;
    outLo = ~lo >>> 0;
  } else {
    outHi = (hi | 0x80000000) >>> 0;
    outLo = lo;
  }
  return outHi.toString(16).padStart(8, '0') + outLo.toString(16).padStart(8, '0');
}

/** The key of a scalar value, or null when the value is not a scalar we can order in SQL. */
export function encodeScalar(value: unknown): string | null {
  if (value === null || value === undefined) return NULL_KEY;
  switch (typeof value) {
    case 'number':
      return NUMBER + orderedFloatHex(value);
    case 'string':
      return STRING + value;
    case 'boolean':
      return BOOLEAN + (value ? '1' : '0');
    default:
      if (value instanceof Date) return DATE + orderedFloatHex(value.getTime());
      return null;
  }
}

/** The type prefix of an encoded key; range conditions stay inside it (MongoDB type bracketing). */
export function typePrefix(key: string): string {
  return key[0];
}

/** The smallest string above every key of this type prefix. */
export function nextTypePrefix(prefix: string): string {
  return String.fromCharCode(prefix.charCodeAt(0) + 1);
}

export interface IndexKey {
  key: string;
  /** True when the field holds an array or object here (or passes through an array). */
  multikey: boolean;
}

/** Computes the key of the field at a dotted path of a document. */
export function indexKey(doc: Record<string, unknown>, path: string): IndexKey {
  let current: unknown = doc;
  for (const segment of path.split('.')) {
    if (Array.isArray(current)) {
      // A path through an array fans out to several values: that is a multikey index.
      return { key: OTHER + EJSON.stringify(current, { relaxed: true }), multikey: true };
    }
    if (current === null || typeof current !== 'object' || current instanceof Date) {
      return { key: NULL_KEY, multikey: false };
    }
    current = (current as Record<string, unknown>)[segment];
  }
  const scalar = encodeScalar(current);
  if (scalar !== null) return { key: scalar, multikey: false };
  return { key: OTHER + EJSON.stringify({ v: current }, { relaxed: true }), multikey: true };
}

function floatFromOrderedHex(hex: string): number {
  let hi = parseInt(hex.slice(0, 8), 16) >>> 0;
  let lo = parseInt(hex.slice(8, 16), 16) >>> 0;
  if (hi & 0x80000000) {
    hi = (hi & 0x7fffffff) >>> 0;
  } else {
    hi = ~hi >>> 0;
    lo = ~lo >>> 0;
  }
  scratch.setUint32(0, hi);
  scratch.setUint32(4, lo);
  return scratch.getFloat64(0);
}

/** The scalar a key encodes (the inverse of encodeScalar for numbers, strings, booleans and dates; null for NULL_KEY). */
export function decodeKey(key: string): unknown {
  const body = key.slice(1);
  switch (key[0]) {
    case NULL_KEY:
      return null;
    case NUMBER:
      return floatFromOrderedHex(body);
    case STRING:
      return body;
    case BOOLEAN:
      return body === '1';
    case DATE:
      return new Date(floatFromOrderedHex(body));
    default:
      throw new Error(`key ${key.slice(0, 20)} holds no scalar`);
  }
}
