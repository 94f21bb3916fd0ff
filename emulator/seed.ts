// Collection declarations (database/collections/<name>.json: the store's CollectionSpec, and the
// deployer's list) and seed data (database/seed/*.json in name order).

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EJSON } from 'bson';
import type { CollectionSpec, Doc, Store } from './store/types';

export interface DevPerson {
  openid: string;
  name: string;
  label: string;
  /** the phone number their WeChat account holds: what the getPhoneNumber button would share */
  phone?: string;
}

function jsonFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function loadCollectionSpecs(dir: string): CollectionSpec[] {
  return jsonFiles(dir).map((file) => {
    const spec = readJson(file) as Partial<CollectionSpec>;
    if (typeof spec.name !== 'string' || spec.name === '') throw new Error(`${file}: "name" is required`);
    return { name: spec.name, indexes: Array.isArray(spec.indexes) ? spec.indexes : [], ...(typeof spec.large === 'boolean' ? { large: spec.large } : {}) };
  });
}

export function declareCollections(store: Store, dir: string): string[] {
  const specs = loadCollectionSpecs(dir);
  for (const spec of specs) store.declareCollection(spec);
  return specs.map((s) => s.name);
}

/**
 * Reads every seed file; inserts its documents when `insert` is true (a new store), and returns
 * the `$devPeople` of all files either way (the h5 "sign in as" picker needs them every start).
 */
export function seed(store: Store, dir: string, insert: boolean): DevPerson[] {
  const people: DevPerson[] = [];
  for (const file of jsonFiles(dir)) {
    const content = readJson(file) as Record<string, unknown>;
    for (const [key, value] of Object.entries(content)) {
      if (!Array.isArray(value)) throw new Error(`${file}: "${key}" must be an array`);
      if (key === '$devPeople') {
        people.push(...(value as DevPerson[]));
        continue;
      }
      if (!insert || value.length === 0) continue;
      if (!store.hasCollection(key)) store.createCollection(key);
      // Relaxed EJSON: {"$date": …} becomes a Date, numbers stay numbers.
      const docs = value.map((doc) => EJSON.deserialize(doc as Record<string, unknown>, { relaxed: true }) as Doc);
      store.insert(key, docs);
    }
  }
  return people;
}
