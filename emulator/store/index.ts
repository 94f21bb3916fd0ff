// The local cloud's document store: SQLite (better-sqlite3) for durability, one table per
// collection, documents kept as relaxed EJSON; mingo for MongoDB query/update/aggregation
// semantics; declared indexes pushed down into SQL through typed key columns (see keys.ts and
// planner.ts); optimistic transactions (see transactions.ts).
//
// Everything is synchronous: the emulator serves many clients from one Node process, so each
// call is atomic by construction, and every write call runs in one SQLite transaction.

import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { EJSON } from 'bson';
import { aggregate as mingoAggregate, find as mingoFind, Query, update as mingoUpdate } from 'mingo';
import { indexKey } from './keys';
import { isOperatorObject, planQuery, type QueryPlan, type UsableColumn } from './planner';
import { NULL_KEY, planGroup, sumGroups, tupleDoc } from './pushdown';
import { innerMap, type Transaction, TransactionManager } from './transactions';
import {
  type CollectionSpec,
  type Doc,
  type Filter,
  type FindOptions,
  type IndexSpec,
  type Store,
  StoreError,
  type StoreStats,
  type UpdateOptions,
  type UpdateResult,
} from './types';

export * from './types';

export interface OpenStoreOptions {
  /** A file path, or ':memory:'. */
  path: string;
  /** Clock for transaction expiry (tests inject one); defaults to Date.now. */
  now?: () => number;
  /** Open transactions older than this are discarded lazily; default 30 s. */
  transactionTimeoutMs?: number;
}

export function openStore(options: OpenStoreOptions): Store {
  return new SqliteStore(options);
}

// ---------------------------------------------------------------------------------------------

interface KeyField {
  path: string;
  column: string;
  multikey: boolean;
}

interface IndexState {
  spec: IndexSpec;
  sqlName: string;
}

interface CollectionState {
  name: string;
  table: string;
  keyFields: Map<string, KeyField>;
  indexes: Map<string, IndexState>;
  /** Non-multikey key columns by path; rebuilt when a field turns multikey or the spec changes. */
  usable: Map<string, UsableColumn> | null;
}

interface Row {
  id: string;
  doc: string;
  v: number;
}

interface Candidate {
  id: string;
  text: string;
  doc: Doc;
  v: number;
}

type ParsedUpdate = { kind: 'replace'; doc: Doc } | { kind: 'ops'; ops: Record<string, unknown> };

/** MongoDB's `_id` index name, used in duplicate-key messages. */
const ID_INDEX = '_id_';

function newId(): string {
  return randomBytes(16).toString('hex');
}

function serialize(doc: Doc): string {
  return EJSON.stringify(doc, { relaxed: true });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Runs a mingo call, turning its errors (bad operators, bad paths) into INVALID_PARAM. */
function viaMingo<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw new StoreError('INVALID_PARAM', error instanceof Error ? error.message : String(error));
  }
}

function compileFilter(filter: Filter): Query {
  if (!isPlainObject(filter)) throw new StoreError('INVALID_PARAM', 'the query must be an object');
  return viaMingo(() => new Query(filter));
}

function sortObject(sort: Array<[string, 1 | -1]>): Record<string, 1 | -1> {
  const spec: Record<string, 1 | -1> = {};
  for (const [path, direction] of sort) spec[path] = direction === -1 ? -1 : 1;
  return spec;
}

/** Sets a dotted path in a plain object, creating intermediate objects. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split('.');
  let current = target;
  for (const segment of segments.slice(0, -1)) {
    const next = current[segment];
    if (!isPlainObject(next)) current[segment] = {};
    current = current[segment] as Record<string, unknown>;
  }
  current[segments[segments.length - 1]] = value;
}

/** The fields an upsert starts from: the filter's equality conditions (as MongoDB does). */
function seedFromFilter(filter: Filter, seed: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [path, value] of Object.entries(filter)) {
    if (path === '$and' && Array.isArray(value)) {
      for (const sub of value) if (isPlainObject(sub)) seedFromFilter(sub, seed);
      continue;
    }
    if (path.startsWith('$')) continue;
    if (isOperatorObject(value)) {
      if ('$eq' in value) setPath(seed, path, structuredClone(value.$eq));
      continue;
    }
    if (value instanceof RegExp) continue;
    setPath(seed, path, structuredClone(value));
  }
  return seed;
}

function parseUpdate(update: Doc, merge: boolean): ParsedUpdate {
  if (!isPlainObject(update)) throw new StoreError('INVALID_PARAM', 'the update must be an object');
  const keys = Object.keys(update);
  const operators = keys.filter((k) => k.startsWith('$'));
  if (!merge) {
    if (operators.length > 0) {
      throw new StoreError('INVALID_PARAM', 'a replacement document cannot contain update operators');
    }
    return { kind: 'replace', doc: update };
  }
  if (operators.length === 0) {
    // A plain object with merge: set its top-level fields (the SDK normally sends $set itself).
    return { kind: 'ops', ops: keys.length === 0 ? {} : { $set: update } };
  }
  if (operators.length !== keys.length) {
    throw new StoreError('INVALID_PARAM', 'an update cannot mix operators and plain fields');
  }
  return { kind: 'ops', ops: update };
}

function checkId(id: unknown): string {
  if (typeof id !== 'string' || id.length === 0) {
    // The SDK always sends string ids; other types would not survive the TEXT primary key.
    throw new StoreError('INVALID_PARAM', `_id must be a non-empty string, got ${JSON.stringify(id)}`);
  }
  return id;
}

/** Applies an update to a copy of a document; `_id` is immutable, as in MongoDB. */
function applyUpdate(doc: Doc, update: ParsedUpdate): Doc {
  if (update.kind === 'replace') {
    if (update.doc._id !== undefined && update.doc._id !== doc._id) {
      throw new StoreError('INVALID_PARAM', "the (immutable) field '_id' cannot be changed");
    }
    return { ...structuredClone(update.doc), _id: doc._id };
  }
  const copy = structuredClone(doc);
  // The modifier type is mingo's typed Modifier; ours was validated as an operator document.
  viaMingo(() => mingoUpdate(copy, update.ops as Parameters<typeof mingoUpdate>[1]));
  if (copy._id !== doc._id) {
    throw new StoreError('INVALID_PARAM', "the (immutable) field '_id' cannot be changed");
  }
  return copy;
}

/** The document an upsert inserts when nothing matched. */
function upsertDoc(filter: Filter, update: ParsedUpdate): Doc {
  const seed = seedFromFilter(filter);
  const id = seed._id === undefined ? newId() : checkId(seed._id);
  if (update.kind === 'replace') {
    // MongoDB takes the replacement's fields and the filter's _id.
    const { _id: ignored, ...rest } = structuredClone(update.doc);
    void ignored;
    return { _id: id, ...rest };
  }
  const doc: Doc = { _id: id, ...seed };
  viaMingo(() => mingoUpdate(doc, update.ops as Parameters<typeof mingoUpdate>[1]));
  if (doc._id !== id) throw new StoreError('INVALID_PARAM', "the (immutable) field '_id' cannot be changed");
  return doc;
}

function applyCursor(docs: Doc[], sort: Array<[string, 1 | -1]>, skip: number, limit: number | undefined, projection: Record<string, unknown> | undefined): Doc[] {
  const hasProjection = projection !== undefined && Object.keys(projection).length > 0;
  if (sort.length === 0 && !hasProjection) {
    return docs.slice(skip, limit === undefined ? undefined : skip + limit);
  }
  return viaMingo(() => {
    let cursor = mingoFind(docs, {}, hasProjection ? projection : undefined);
    if (sort.length > 0) cursor = cursor.sort(sortObject(sort));
    if (skip > 0) cursor = cursor.skip(skip);
    if (limit !== undefined) cursor = cursor.limit(limit);
    return cursor.all() as Doc[];
  });
}

function readWindow(options: FindOptions | undefined): { skip: number; limit: number | undefined } {
  const skip = Math.max(0, Math.trunc(options?.skip ?? 0));
  const rawLimit = options?.limit;
  // MongoDB reads limit 0 as "no limit"; the protocol layer applies the SDK's defaults.
  const limit = rawLimit === undefined || rawLimit <= 0 ? undefined : Math.trunc(rawLimit);
  return { skip, limit };
}

// ---------------------------------------------------------------------------------------------

class SqliteStore implements Store {
  readonly stats: StoreStats;
  private readonly db: Database.Database;
  private readonly collections = new Map<string, CollectionState>();
  private readonly statements = new Map<string, Database.Statement>();
  private readonly txm: TransactionManager;
  private rowsRead = 0;
  private keysRead = 0;
  /** Global version sequence: a document's version is the sequence number of its last write. */
  private seq = 0;
  private seqDirty = false;

  constructor(options: OpenStoreOptions) {
    this.db = new Database(options.path, { timeout: 5000 });
    if (options.path !== ':memory:') {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
    }
    this.txm = new TransactionManager(options.now ?? Date.now, options.transactionTimeoutMs ?? 30_000);
    // an object getter cannot be an arrow function, so `stats` reaches the store through a name
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- see above
    const store = this;
    this.stats = {
      get rowsRead() {
        return store.rowsRead;
      },
      get keysRead() {
        return store.keysRead;
      },
      resetRowsRead() {
        store.rowsRead = 0;
        store.keysRead = 0;
      },
    };
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS _gj_collections (name TEXT PRIMARY KEY, tbl TEXT NOT NULL UNIQUE);
      CREATE TABLE IF NOT EXISTS _gj_keyfields (
        collection TEXT NOT NULL, path TEXT NOT NULL, col TEXT NOT NULL, multikey INTEGER NOT NULL,
        PRIMARY KEY (collection, path));
      CREATE TABLE IF NOT EXISTS _gj_indexes (
        collection TEXT NOT NULL, name TEXT NOT NULL, spec TEXT NOT NULL, sqlname TEXT NOT NULL,
        PRIMARY KEY (collection, name));
      CREATE TABLE IF NOT EXISTS _gj_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
      INSERT OR IGNORE INTO _gj_meta (key, value) VALUES ('seq', 0);
    `);
    this.loadMeta();
  }

  // ----- metadata ---------------------------------------------------------------------------

  private loadMeta(): void {
    this.collections.clear();
    const seqRow = this.db.prepare(`SELECT value FROM _gj_meta WHERE key = 'seq'`).get() as { value: number };
    this.seq = seqRow.value;
    for (const row of this.db.prepare('SELECT name, tbl FROM _gj_collections').all() as Array<{ name: string; tbl: string }>) {
      this.collections.set(row.name, {
        name: row.name,
        table: row.tbl,
        keyFields: new Map(),
        indexes: new Map(),
        usable: null,
      });
    }
    const fields = this.db.prepare('SELECT collection, path, col, multikey FROM _gj_keyfields').all() as Array<{
      collection: string;
      path: string;
      col: string;
      multikey: number;
    }>;
    for (const f of fields) {
      this.collections.get(f.collection)?.keyFields.set(f.path, { path: f.path, column: f.col, multikey: f.multikey === 1 });
    }
    const indexes = this.db.prepare('SELECT collection, name, spec, sqlname FROM _gj_indexes').all() as Array<{
      collection: string;
      name: string;
      spec: string;
      sqlname: string;
    }>;
    for (const ix of indexes) {
      this.collections.get(ix.collection)?.indexes.set(ix.name, { spec: JSON.parse(ix.spec) as IndexSpec, sqlName: ix.sqlname });
    }
  }

  private stmt(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      // Dynamic WHERE clauses come in few shapes ($in lists travel as one JSON parameter), but
      // keep the cache bounded anyway.
      if (this.statements.size > 1000) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private collection(name: string): CollectionState {
    const state = typeof name === 'string' ? this.collections.get(name) : undefined;
    if (!state) throw new StoreError('DATABASE_COLLECTION_NOT_EXIST', `collection ${String(name)} does not exist`);
    return state;
  }

  private usableColumns(c: CollectionState): Map<string, UsableColumn> {
    if (!c.usable) {
      c.usable = new Map();
      for (const field of c.keyFields.values()) {
        if (!field.multikey) c.usable.set(field.path, { column: field.column });
      }
    }
    return c.usable;
  }

  listCollections(): string[] {
    return [...this.collections.keys()].sort();
  }

  hasCollection(name: string): boolean {
    return this.collections.has(name);
  }

  createCollection(name: string): void {
    if (typeof name !== 'string' || name.length === 0) {
      throw new StoreError('INVALID_PARAM', 'a collection name must be a non-empty string');
    }
    if (this.collections.has(name)) {
      throw new StoreError('DATABASE_COLLECTION_ALREADY_EXIST', `collection ${name} already exists`);
    }
    this.db.transaction(() => {
      // Table names are generated, so collection names never need quoting in SQL.
      const info = this.db.prepare(`INSERT INTO _gj_collections (name, tbl) VALUES (?, '')`).run(name);
      const table = `docs_${Number(info.lastInsertRowid)}`;
      this.db.prepare('UPDATE _gj_collections SET tbl = ? WHERE name = ?').run(table, name);
      this.db.exec(`CREATE TABLE ${table} (id TEXT PRIMARY KEY, doc TEXT NOT NULL, v INTEGER NOT NULL)`);
      this.collections.set(name, { name, table, keyFields: new Map(), indexes: new Map(), usable: null });
    })();
  }

  declareCollection(spec: CollectionSpec): void {
    if (!this.collections.has(spec.name)) this.createCollection(spec.name);
    const c = this.collection(spec.name);
    const names = new Set<string>();
    for (const ix of spec.indexes) {
      if (names.has(ix.name)) throw new StoreError('INVALID_PARAM', `index ${ix.name} is declared twice`);
      if (ix.fields.length === 0) throw new StoreError('INVALID_PARAM', `index ${ix.name} has no fields`);
      names.add(ix.name);
    }
    const definition = (ix: IndexSpec): string => JSON.stringify({ fields: ix.fields, unique: ix.unique === true });
    const wantedPaths = [...new Set(spec.indexes.flatMap((ix) => ix.fields.map(([path]) => path)))];

    try {
      this.db.transaction(() => {
        // 1. Drop SQL indexes that are gone or changed.
        for (const [name, state] of [...c.indexes]) {
          const wanted = spec.indexes.find((ix) => ix.name === name);
          if (wanted && definition(wanted) === definition(state.spec)) continue;
          this.db.exec(`DROP INDEX IF EXISTS ${state.sqlName}`);
          this.db.prepare('DELETE FROM _gj_indexes WHERE collection = ? AND name = ?').run(c.name, name);
          c.indexes.delete(name);
        }
        // 2. Drop key columns no index needs any more.
        for (const [path, field] of [...c.keyFields]) {
          if (wantedPaths.includes(path)) continue;
          this.db.exec(`ALTER TABLE ${c.table} DROP COLUMN ${field.column}`);
          this.db.prepare('DELETE FROM _gj_keyfields WHERE collection = ? AND path = ?').run(c.name, path);
          c.keyFields.delete(path);
        }
        // 3. Add key columns for new paths and fill them from the stored documents.
        const added: KeyField[] = [];
        let columnNumber = Math.max(0, ...[...c.keyFields.values()].map((f) => Number(f.column.slice(1)))) + 1;
        for (const path of wantedPaths) {
          if (c.keyFields.has(path)) continue;
          const field: KeyField = { path, column: `k${columnNumber++}`, multikey: false };
          this.db.exec(`ALTER TABLE ${c.table} ADD COLUMN ${field.column} TEXT`);
          c.keyFields.set(path, field);
          added.push(field);
        }
        if (added.length > 0) {
          const rows = this.db.prepare(`SELECT id, doc FROM ${c.table}`).all() as Array<{ id: string; doc: string }>;
          const fill = this.db.prepare(`UPDATE ${c.table} SET ${added.map((f) => `${f.column} = ?`).join(', ')} WHERE id = ?`);
          for (const row of rows) {
            const doc = this.parse(row.doc);
            const keys = added.map((field) => {
              const key = indexKey(doc, field.path);
              if (key.multikey) field.multikey = true;
              return key.key;
            });
            fill.run(...keys, row.id);
          }
          for (const field of added) {
            this.db.prepare('INSERT INTO _gj_keyfields (collection, path, col, multikey) VALUES (?, ?, ?, ?)').run(c.name, field.path, field.column, field.multikey ? 1 : 0);
          }
        }
        // 4. Create the SQL indexes that are missing.
        let indexNumber = 1;
        const taken = new Set([...c.indexes.values()].map((s) => s.sqlName));
        for (const ix of spec.indexes) {
          if (c.indexes.has(ix.name)) continue;
          let sqlName = `${c.table}_ix${indexNumber++}`;
          while (taken.has(sqlName)) sqlName = `${c.table}_ix${indexNumber++}`;
          taken.add(sqlName);
          const columns = ix.fields.map(([path, direction]) => {
            const field = c.keyFields.get(path) as KeyField;
            return `${field.column} ${direction === -1 ? 'DESC' : 'ASC'}`;
          });
          try {
            this.db.exec(`CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX ${sqlName} ON ${c.table} (${columns.join(', ')})`);
          } catch (error) {
            if (isConstraintError(error)) {
              throw new StoreError('DATABASE_DUPLICATE_WRITE', `E11000 duplicate key error collection: ${c.name} index: ${ix.name} (existing documents hold duplicate keys)`);
            }
            throw error;
          }
          this.db.prepare('INSERT INTO _gj_indexes (collection, name, spec, sqlname) VALUES (?, ?, ?, ?)').run(c.name, ix.name, JSON.stringify(ix), sqlName);
          c.indexes.set(ix.name, { spec: ix, sqlName });
        }
      })();
    } catch (error) {
      // The SQL changes were rolled back; reload so memory matches the database again.
      this.statements.clear();
      this.loadMeta();
      throw error;
    }
    c.usable = null;
    this.statements.clear();
  }

  // ----- rows -----------------------------------------------------------------------------------

  private parse(text: string): Doc {
    this.rowsRead++;
    return EJSON.parse(text, { relaxed: true }) as Doc;
  }

  /** Runs a write call in one SQLite transaction, persisting the version sequence with it. */
  private write<T>(run: () => T): T {
    // IMMEDIATE takes the write lock up front, and the sequence is re-read inside it, so that
    // another process writing the same file (tests, a second server) never reuses a version.
    return this.db
      .transaction(() => {
        this.seq = (this.stmt(`SELECT value FROM _gj_meta WHERE key = 'seq'`).get() as { value: number }).value;
        this.seqDirty = false;
        const result = run();
        if (this.seqDirty) {
          this.stmt(`UPDATE _gj_meta SET value = ? WHERE key = 'seq'`).run(this.seq);
          this.seqDirty = false;
        }
        return result;
      })
      .immediate();
  }

  private nextVersion(): number {
    this.seqDirty = true;
    return ++this.seq;
  }

  /** Stores a document (insert or replace of the row), keeping key columns and multikey flags. */
  private writeRow(c: CollectionState, doc: Doc, mode: 'insert' | 'update', text: string = serialize(doc)): void {
    const fields = [...c.keyFields.values()];
    const keys = fields.map((field) => {
      const key = indexKey(doc, field.path);
      if (key.multikey && !field.multikey) {
        // From now on this field's index answers no query: arrays would need one key per element.
        field.multikey = true;
        c.usable = null;
        this.stmt('UPDATE _gj_keyfields SET multikey = 1 WHERE collection = ? AND path = ?').run(c.name, field.path);
      }
      return key.key;
    });
    const version = this.nextVersion();
    const id = doc._id as string;
    try {
      if (mode === 'insert') {
        const columns = ['id', 'doc', 'v', ...fields.map((f) => f.column)];
        this.stmt(`INSERT INTO ${c.table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(id, text, version, ...keys);
      } else {
        const sets = ['doc = ?', 'v = ?', ...fields.map((f) => `${f.column} = ?`)];
        this.stmt(`UPDATE ${c.table} SET ${sets.join(', ')} WHERE id = ?`).run(text, version, ...keys, id);
      }
    } catch (error) {
      if (isConstraintError(error)) throw this.duplicateError(c, doc, error);
      throw error;
    }
  }

  private deleteRow(c: CollectionState, id: string): void {
    this.stmt(`DELETE FROM ${c.table} WHERE id = ?`).run(id);
  }

  /**
   * Names the index a duplicate hit, in MongoDB's words. Tencent CloudBase documents the code
   * DATABASE_DUPLICATE_WRITE (HTTP 409, "唯一索引冲突", docs.cloudbase.net/error-code/
   * DATABASE_DUPLICATE_WRITE); projects that met it in production report the message carrying
   * MongoDB's "E11000 duplicate key error" text (wx-server-sdk may wrap it as
   * DATABASE_REQUEST_FAILED/-502001 on the client side). So: that code, MongoDB's message.
   */
  private duplicateError(c: CollectionState, doc: Doc, error: unknown): StoreError {
    const message = (index: string, pairs: Array<[string, unknown]>): StoreError =>
      new StoreError(
        'DATABASE_DUPLICATE_WRITE',
        `E11000 duplicate key error collection: ${c.name} index: ${index} dup key: { ${pairs
          .map(([path, value]) => `${path}: ${EJSON.stringify(value ?? null, { relaxed: true })}`)
          .join(', ')} }`,
      );
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      return message(ID_INDEX, [['_id', doc._id]]);
    }
    for (const [name, state] of c.indexes) {
      if (!state.spec.unique) continue;
      const fields = state.spec.fields.map(([path]) => c.keyFields.get(path) as KeyField);
      const clash = this.stmt(`SELECT 1 FROM ${c.table} WHERE ${fields.map((f) => `${f.column} = ?`).join(' AND ')} AND id <> ? LIMIT 1`).get(
        ...fields.map((f) => indexKey(doc, f.path).key),
        doc._id,
      );
      if (clash) {
        return message(
          name,
          fields.map((f) => [f.path, readPath(doc, f.path)]),
        );
      }
    }
    return new StoreError('DATABASE_DUPLICATE_WRITE', `E11000 duplicate key error collection: ${c.name}`);
  }

  private selectSql(c: CollectionState, plan: QueryPlan, columns: string, limit?: number): string {
    return `SELECT ${columns} FROM ${c.table} WHERE ${plan.where} ORDER BY ${plan.orderBy ?? 'rowid ASC'}` + (limit === undefined ? '' : ` LIMIT ${limit}`);
  }

  /**
   * The documents matching a filter, in the sort's order when SQL could provide it (`sorted`)
   * and in natural (insertion) order otherwise. With `want`, reading stops once that many
   * matches are found — only valid when no sort is left for the caller to apply.
   */
  private matches(c: CollectionState, filter: Filter, sort: Array<[string, 1 | -1]> = [], want?: number): { rows: Candidate[]; sorted: boolean } {
    const query = compileFilter(filter);
    const plan = planQuery(filter, this.usableColumns(c), sort);
    const sorted = sort.length === 0 || plan.orderBy !== null;
    const stopAt = sorted ? want : undefined;
    const rows: Candidate[] = [];
    if (stopAt === 0) return { rows, sorted };
    const statement = this.stmt(this.selectSql(c, plan, 'id, doc, v'));
    for (const row of statement.iterate(...plan.params) as IterableIterator<Row>) {
      const doc = this.parse(row.doc);
      if (!viaMingo(() => query.test(doc))) continue;
      rows.push({ id: row.id, text: row.doc, doc, v: row.v });
      if (stopAt !== undefined && rows.length >= stopAt) break;
    }
    return { rows, sorted };
  }

  /** Ids of matching documents; an exactly pushed-down filter needs no document parsed. */
  private matchIds(c: CollectionState, filter: Filter, want?: number): string[] {
    const plan = planQuery(filter, this.usableColumns(c), undefined);
    if (plan.exact) {
      compileFilter(filter); // still reject malformed filters
      const rows = this.stmt(this.selectSql(c, plan, 'id', want)).all(...plan.params) as Array<{ id: string }>;
      return rows.map((r) => r.id);
    }
    return this.matches(c, filter, [], want).rows.map((r) => r.id);
  }

  private allDocs(c: CollectionState): Doc[] {
    const rows = this.stmt(`SELECT doc FROM ${c.table} ORDER BY rowid`).all() as Array<{ doc: string }>;
    return rows.map((r) => this.parse(r.doc));
  }

  // ----- operations ---------------------------------------------------------------------------

  find(collection: string, filter: Filter, options?: FindOptions, txId?: string): Doc[] {
    const c = this.collection(collection);
    const sort = options?.sort ?? [];
    const { skip, limit } = readWindow(options);
    if (txId !== undefined) {
      const tx = this.txm.get(txId);
      const view = this.txView(c, tx, filter);
      return applyCursor(structuredClone(view), sort, skip, limit, options?.projection);
    }
    const { rows, sorted } = this.matches(c, filter, sort, limit === undefined ? undefined : skip + limit);
    return applyCursor(
      rows.map((r) => r.doc),
      sorted ? [] : sort,
      skip,
      limit,
      options?.projection,
    );
  }

  count(collection: string, filter: Filter, txId?: string): number {
    const c = this.collection(collection);
    if (txId !== undefined) return this.txView(c, this.txm.get(txId), filter).length;
    const plan = planQuery(filter, this.usableColumns(c), undefined);
    if (plan.exact) {
      compileFilter(filter);
      const row = this.stmt(`SELECT COUNT(*) AS n FROM ${c.table} WHERE ${plan.where}`).get(...plan.params) as { n: number };
      return row.n;
    }
    return this.matches(c, filter).rows.length;
  }

  insert(collection: string, docs: Doc[], txId?: string): string[] {
    const c = this.collection(collection);
    if (!Array.isArray(docs)) throw new StoreError('INVALID_PARAM', 'insert expects an array of documents');
    const prepared = docs.map((doc) => {
      if (!isPlainObject(doc)) throw new StoreError('INVALID_PARAM', 'a document must be an object');
      const id = doc._id === undefined ? newId() : checkId(doc._id);
      return { _id: id, ...doc } as Doc;
    });
    const ids = prepared.map((doc) => doc._id as string);
    if (txId !== undefined) {
      this.txInsert(c, this.txm.get(txId), prepared);
      return ids;
    }
    this.write(() => {
      for (const doc of prepared) this.writeRow(c, doc, 'insert');
    });
    return ids;
  }

  update(collection: string, filter: Filter, update: Doc, options: UpdateOptions, txId?: string): UpdateResult {
    const c = this.collection(collection);
    const parsed = parseUpdate(update, options.merge !== false);
    if (txId !== undefined) return this.txUpdate(c, this.txm.get(txId), filter, parsed, options);
    return this.write(() => {
      const targets = this.matches(c, filter, [], options.multi ? undefined : 1).rows;
      let updated = 0;
      for (const target of targets) {
        const next = applyUpdate(target.doc, parsed);
        const text = serialize(next);
        if (text === target.text) continue; // MongoDB counts only documents that changed
        this.writeRow(c, next, 'update', text);
        updated++;
      }
      let upsertedId: string | null = null;
      if (targets.length === 0 && options.upsert) {
        const doc = upsertDoc(filter, parsed);
        this.writeRow(c, doc, 'insert');
        upsertedId = doc._id as string;
      }
      return { matched: targets.length, updated, upsertedId };
    });
  }

  remove(collection: string, filter: Filter, options: { multi?: boolean }, txId?: string): number {
    const c = this.collection(collection);
    if (txId !== undefined) return this.txRemove(c, this.txm.get(txId), filter, options.multi === true);
    return this.write(() => {
      const ids = this.matchIds(c, filter, options.multi ? undefined : 1);
      for (const id of ids) this.deleteRow(c, id);
      return ids.length;
    });
  }

  aggregate(collection: string, pipeline: Array<Record<string, unknown>>): Doc[] {
    const c = this.collection(collection);
    if (!Array.isArray(pipeline)) throw new StoreError('INVALID_PARAM', 'a pipeline must be an array');
    // A leading $match goes through the planner, so indexed aggregations read what they match.
    const first = pipeline[0];
    let source: Doc[];
    let rest = pipeline;
    if (first && Object.keys(first).length === 1 && isPlainObject(first.$match)) {
      const covered = this.coveredGroup(c, first.$match, pipeline[1]);
      if (covered) {
        source = covered.docs;
        rest = covered.group ? [covered.group, ...pipeline.slice(2)] : pipeline.slice(2);
      } else {
        source = this.matches(c, first.$match).rows.map((r) => r.doc);
        rest = pipeline.slice(1);
      }
    } else if (first && Object.keys(first).length === 1 && Number.isInteger(first.$limit) && (first.$limit as number) > 0) {
      // A leading $limit reads that many documents, in the order allDocs gives.
      source = this.firstDocs(c, first.$limit as number);
      rest = pipeline.slice(1);
    } else {
      source = this.allDocs(c);
    }
    rest = rest.map((stage) => this.uncorrelatedLookup(stage, source.length > 0));
    return viaMingo(
      () =>
        mingoAggregate(source, rest, {
          // $lookup / $unionWith `from` names another collection of this store.
          collectionResolver: (name: string) => this.allDocs(this.collection(name)),
        }) as Doc[],
    );
  }

  /**
   * A `$lookup` with a `pipeline` and no `let` (nor localField) joins the same documents to every
   * input document: run its pipeline once, through this store's planner (so its leading $match
   * reads what it matches, as the real database serves it from an index), and add the answer as a
   * literal. Any other stage is returned as it is.
   */
  private uncorrelatedLookup(stage: Record<string, unknown>, needed: boolean): Record<string, unknown> {
    const lookup = stage.$lookup as Record<string, unknown> | undefined;
    if (Object.keys(stage).length !== 1 || !isPlainObject(lookup)) return stage;
    const { from, pipeline, as } = lookup as { from?: unknown; pipeline?: unknown; as?: unknown };
    if (typeof from !== 'string' || typeof as !== 'string' || !Array.isArray(pipeline) || 'let' in lookup || 'localField' in lookup || 'foreignField' in lookup) return stage;
    const joined = needed ? this.aggregate(from, pipeline as Array<Record<string, unknown>>) : [];
    return { $addFields: { [as]: { $literal: joined } } };
  }

  private firstDocs(c: CollectionState, n: number): Doc[] {
    const rows = this.stmt(`SELECT doc FROM ${c.table} ORDER BY rowid LIMIT ?`).all(n) as Array<{ doc: string }>;
    return rows.map((r) => this.parse(r.doc));
  }

  /**
   * `$match` + `$group` from the key columns alone (see pushdown.ts): the distinct tuples of the
   * fields the group reads, with their counts, or null when the documents must be read.
   */
  private coveredGroup(c: CollectionState, filter: Filter, stage: Record<string, unknown> | undefined): { docs: Doc[]; group: Record<string, unknown> | null } | null {
    const usable = this.usableColumns(c);
    const plan = planQuery(filter, usable, undefined);
    if (!plan.exact) return null;
    const grouped = planGroup(stage, new Set(usable.keys()));
    if (!grouped) return null;
    compileFilter(filter); // still reject malformed filters
    const columns = grouped.paths.map((path) => (usable.get(path) as UsableColumn).column);
    if (columns.length > 0) {
      // a null or missing value decodes to null either way, and expressions tell them apart
      const unclear = this.stmt(`SELECT 1 FROM ${c.table} WHERE (${plan.where}) AND (${columns.map((col) => `${col} = '${NULL_KEY}'`).join(' OR ')}) LIMIT 1`).get(...plan.params);
      if (unclear) return null;
    }
    const list = columns.join(', ');
    const sql =
      columns.length > 0 ? `SELECT ${list}, COUNT(*) AS n FROM ${c.table} WHERE ${plan.where} GROUP BY ${list}` : `SELECT COUNT(*) AS n FROM ${c.table} WHERE ${plan.where}`;
    const rows = this.stmt(sql).all(...plan.params) as Array<Record<string, string | number>>;
    const tuples = rows.filter((row) => (row.n as number) > 0).map((row) => ({ keys: columns.map((col) => row[col] as string), n: row.n as number }));
    for (const t of tuples) this.keysRead += t.n;
    const evaluate = (doc: Doc, expression: unknown) => {
      const [out] = viaMingo(() => mingoAggregate([doc], [{ $group: { _id: { v: expression } } }]) as Doc[]);
      const key = out._id as unknown as Record<string, unknown>;
      return 'v' in key ? { value: key.v } : {};
    };
    const summed = sumGroups((stage as { $group: Record<string, unknown> }).$group, grouped.paths, tuples, evaluate);
    if (summed) return { docs: summed, group: null };
    return { docs: tuples.map((t) => tupleDoc(grouped.paths, t.keys, t.n)), group: { $group: grouped.weighted } };
  }

  // ----- transactions -------------------------------------------------------------------------

  beginTransaction(): string {
    return this.txm.begin();
  }

  commitTransaction(txId: string): void {
    const tx = this.txm.get(txId);
    try {
      this.write(() => {
        const current = new Map<string, Map<string, number>>();
        for (const [name, ids] of tx.seen) {
          const c = this.collection(name);
          const versions = innerMap(current, name);
          for (const [id, version] of ids) {
            const row = this.stmt(`SELECT v FROM ${c.table} WHERE id = ?`).get(id) as { v: number } | undefined;
            const now = row?.v ?? 0;
            if (now !== version) {
              throw new StoreError('DATABASE_TRANSACTION_CONFLICT', `[ResourceUnavailable.TransactionConflict] document ${name}/${id} changed since the transaction read it`);
            }
            versions.set(id, now);
          }
        }
        for (const [name, writes] of tx.writes) {
          const c = this.collection(name);
          for (const [id, doc] of writes) {
            const exists = (current.get(name)?.get(id) ?? 0) !== 0;
            if (doc === null) {
              if (exists) this.deleteRow(c, id);
            } else {
              this.writeRow(c, doc, exists ? 'update' : 'insert');
            }
          }
        }
      });
    } finally {
      // Committed, refused or in conflict: the transaction is over either way (the SDK starts a
      // new one to retry and sends no abort for the failed one).
      this.txm.discard(txId);
    }
  }

  abortTransaction(txId: string): void {
    this.txm.get(txId);
    this.txm.discard(txId);
  }

  /** The transaction's view of the committed documents matching a filter, in natural order. */
  private txView(c: CollectionState, tx: Transaction, filter: Filter): Doc[] {
    const query = compileFilter(filter);
    const committed = this.matches(c, filter).rows;
    const writes = tx.writes.get(c.name);
    const snapshot = tx.snapshot.get(c.name);
    const result: Doc[] = [];
    const visited = new Set<string>();
    const consider = (doc: Doc | null | undefined): void => {
      if (doc && viaMingo(() => query.test(doc))) result.push(doc);
    };
    for (const row of committed) {
      visited.add(row.id);
      if (writes?.has(row.id)) consider(writes.get(row.id));
      else if (snapshot?.has(row.id)) consider(snapshot.get(row.id));
      else {
        this.txm.see(tx, c.name, row.id, row.v, row.doc);
        result.push(row.doc);
      }
    }
    for (const [id, doc] of snapshot ?? []) {
      if (visited.has(id) || writes?.has(id)) continue;
      visited.add(id);
      consider(doc);
    }
    for (const [id, doc] of writes ?? []) {
      if (!visited.has(id)) consider(doc);
    }
    // doc(id).get() of a missing document: remember it was absent, so that someone else
    // creating it before our commit is a conflict.
    if (result.length === 0 && typeof filter._id === 'string' && Object.keys(filter).length === 1) {
      this.txDoc(c, tx, filter._id);
    }
    return result;
  }

  /** One document as the transaction sees it (recording its version on first sight). */
  private txDoc(c: CollectionState, tx: Transaction, id: string): Doc | null {
    const writes = tx.writes.get(c.name);
    if (writes?.has(id)) return writes.get(id) ?? null;
    const snapshot = tx.snapshot.get(c.name);
    if (snapshot?.has(id)) return snapshot.get(id) ?? null;
    const row = this.stmt(`SELECT id, doc, v FROM ${c.table} WHERE id = ?`).get(id) as Row | undefined;
    const doc = row ? this.parse(row.doc) : null;
    this.txm.see(tx, c.name, id, row?.v ?? 0, doc);
    return doc;
  }

  private txInsert(c: CollectionState, tx: Transaction, docs: Doc[]): void {
    const ids = docs.map((doc) => doc._id as string);
    const batch = new Set<string>();
    for (const doc of docs) {
      const id = doc._id as string;
      if (batch.has(id) || this.txDoc(c, tx, id) !== null) {
        throw new StoreError('DATABASE_DUPLICATE_WRITE', `E11000 duplicate key error collection: ${c.name} index: ${ID_INDEX} dup key: { _id: ${JSON.stringify(id)} }`);
      }
      batch.add(id);
    }
    this.txm.checkWritable(tx, c.name, ids);
    // Unique indexes other than _id are checked when the transaction commits.
    for (const doc of docs) this.txm.bufferWrite(tx, c.name, doc._id as string, structuredClone(doc));
  }

  private txUpdate(c: CollectionState, tx: Transaction, filter: Filter, update: ParsedUpdate, options: UpdateOptions): UpdateResult {
    const view = this.txView(c, tx, filter);
    const targets = options.multi ? view : view.slice(0, 1);
    if (targets.length === 0) {
      if (!options.upsert) return { matched: 0, updated: 0, upsertedId: null };
      const doc = upsertDoc(filter, update);
      this.txInsert(c, tx, [doc]);
      return { matched: 0, updated: 0, upsertedId: doc._id as string };
    }
    this.txm.checkWritable(
      tx,
      c.name,
      targets.map((doc) => doc._id as string),
    );
    let updated = 0;
    for (const target of targets) {
      const next = applyUpdate(target, update);
      if (serialize(next) === serialize(target)) continue;
      this.txm.bufferWrite(tx, c.name, next._id as string, next);
      updated++;
    }
    return { matched: targets.length, updated, upsertedId: null };
  }

  private txRemove(c: CollectionState, tx: Transaction, filter: Filter, multi: boolean): number {
    const view = this.txView(c, tx, filter);
    const targets = multi ? view : view.slice(0, 1);
    const ids = targets.map((doc) => doc._id as string);
    this.txm.checkWritable(tx, c.name, ids);
    for (const id of ids) this.txm.bufferWrite(tx, c.name, id, null);
    return ids.length;
  }

  close(): void {
    this.statements.clear();
    this.db.close();
  }
}

function isConstraintError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY');
}

/** The value at a dotted path, for error messages. */
function readPath(doc: Doc, path: string): unknown {
  let current: unknown = doc;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object') return null;
    current = (current as Record<string, unknown>)[segment];
  }
  return current ?? null;
}
