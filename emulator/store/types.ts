// The document store's public surface. The admin endpoint (emulator/admin) speaks the SDK's
// protocol and calls only this; the store knows nothing of HTTP, EJSON strings or the clock.

/** A stored document: plain JS values after EJSON parsing (Date objects, numbers, strings, …). */
export type Doc = Record<string, unknown> & { _id?: string };

/** MongoDB query filter, already in `$`-operator form (the SDK sends it so). */
export type Filter = Record<string, unknown>;

/** One declared index: what `database/collections/<name>.json` lists, and what a deployer creates. */
export interface IndexSpec {
  name: string;
  /** Field paths in order, each ascending (1) or descending (-1); dotted paths for nested fields. */
  fields: Array<[string, 1 | -1]>;
  unique?: boolean;
}

export interface CollectionSpec {
  name: string;
  indexes: IndexSpec[];
  /**
   * Grows with use (tickets, messages, …): every query on it must be served by an index (checked
   * by the local cloud's QueryWatch and `npm run check-deploy`). False for per-community settings.
   */
  large?: boolean;
}

export interface FindOptions {
  /** Sort keys in priority order (Map-like array keeps the order explicit). */
  sort?: Array<[string, 1 | -1]>;
  skip?: number;
  limit?: number;
  /** MongoDB projection: inclusion or exclusion. */
  projection?: Record<string, unknown>;
}

export interface UpdateOptions {
  multi?: boolean;
  /** false = replace the whole document (doc().set); true = apply operators / merge (update). */
  merge?: boolean;
  upsert?: boolean;
}

export interface UpdateResult {
  matched: number;
  updated: number;
  upsertedId: string | null;
}

/** Counters a test can read to assert how much work a query did (never wall-clock time). */
export interface StoreStats {
  /** Documents read from SQLite and parsed, summed over all operations since the last reset. */
  rowsRead: number;
  /** Rows answered from key columns alone (a covered aggregation), without parsing their documents. */
  keysRead: number;
  resetRowsRead(): void;
}

/** Errors carry the code the cloud answers with, so the admin endpoint can pass it to the SDK. */
export type StoreErrorCode =
  | 'DATABASE_COLLECTION_NOT_EXIST'
  | 'DATABASE_COLLECTION_ALREADY_EXIST'
  | 'DATABASE_DUPLICATE_WRITE'
  | 'DATABASE_TRANSACTION_CONFLICT'
  | 'DATABASE_TRANSACTION_FAIL'
  | 'INVALID_PARAM';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export interface Store {
  readonly stats: StoreStats;
  listCollections(): string[];
  hasCollection(name: string): boolean;
  createCollection(name: string): void;
  /** Creates the collection if missing and makes its SQL indexes match the spec (idempotent). */
  declareCollection(spec: CollectionSpec): void;

  /** `txId` makes the call part of that transaction (reads see its own writes). */
  find(collection: string, filter: Filter, options?: FindOptions, txId?: string): Doc[];
  count(collection: string, filter: Filter, txId?: string): number;
  /** Returns the ids, generating 32-hex ids where `_id` is absent. */
  insert(collection: string, docs: Doc[], txId?: string): string[];
  /** `update` is either an operator document ($set, $inc, …) or, with merge false, a replacement. */
  update(collection: string, filter: Filter, update: Doc, options: UpdateOptions, txId?: string): UpdateResult;
  remove(collection: string, filter: Filter, options: { multi?: boolean }, txId?: string): number;
  aggregate(collection: string, pipeline: Array<Record<string, unknown>>): Doc[];

  beginTransaction(): string;
  commitTransaction(txId: string): void;
  abortTransaction(txId: string): void;

  close(): void;
}
