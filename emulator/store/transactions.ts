// Transaction bookkeeping: optimistic, snapshot-style transactions as WeChat documents them
// (single-document reads and writes, conflicts reported as DATABASE_TRANSACTION_CONFLICT).
//
// A transaction buffers its writes and remembers, per document it touched, the version it saw
// (0 = the document did not exist). Commit re-checks those versions and applies the buffer in one
// SQLite transaction. A document written by one open transaction cannot be written by another
// (conflict at the write, as the real server answers); plain writes from outside are never
// blocked, they make the transaction fail at commit instead.

import { randomBytes } from 'node:crypto';
import type { Doc } from './types';
import { StoreError } from './types';

export interface Transaction {
  readonly id: string;
  readonly startedAt: number;
  /** collection → id → version seen at first touch (0 = absent). */
  readonly seen: Map<string, Map<string, number>>;
  /** collection → id → document as first read (null = absent): repeated reads give this. */
  readonly snapshot: Map<string, Map<string, Doc | null>>;
  /** collection → id → buffered new state (null = removed), in write order. */
  readonly writes: Map<string, Map<string, Doc | null>>;
}

function inner<V>(outer: Map<string, Map<string, V>>, collection: string): Map<string, V> {
  let map = outer.get(collection);
  if (!map) {
    map = new Map();
    outer.set(collection, map);
  }
  return map;
}

export class TransactionManager {
  private readonly open = new Map<string, Transaction>();
  /** `collection\0id` → id of the open transaction that has written that document. */
  private readonly writers = new Map<string, string>();

  constructor(
    private readonly now: () => number,
    private readonly timeoutMs: number,
  ) {}

  begin(): string {
    this.expire();
    const id = randomBytes(16).toString('hex');
    this.open.set(id, {
      id,
      startedAt: this.now(),
      seen: new Map(),
      snapshot: new Map(),
      writes: new Map(),
    });
    return id;
  }

  /** The open transaction, or DATABASE_TRANSACTION_FAIL for an unknown, finished or expired one. */
  get(txId: string): Transaction {
    this.expire();
    const tx = this.open.get(txId);
    if (!tx) throw new StoreError('DATABASE_TRANSACTION_FAIL', `transaction ${txId} does not exist or has ended`);
    return tx;
  }

  /** Forgets a transaction and releases its write claims. */
  discard(txId: string): void {
    const tx = this.open.get(txId);
    if (!tx) return;
    for (const [collection, ids] of tx.writes) {
      for (const id of ids.keys()) {
        const key = `${collection}\0${id}`;
        if (this.writers.get(key) === txId) this.writers.delete(key);
      }
    }
    this.open.delete(txId);
  }

  /** Throws DATABASE_TRANSACTION_CONFLICT if another open transaction has written any of these. */
  checkWritable(tx: Transaction, collection: string, ids: Iterable<string>): void {
    for (const id of ids) {
      const owner = this.writers.get(`${collection}\0${id}`);
      if (owner !== undefined && owner !== tx.id) {
        throw new StoreError('DATABASE_TRANSACTION_CONFLICT', `[ResourceUnavailable.TransactionConflict] document ${collection}/${id} is being written by another transaction`);
      }
    }
  }

  /** Records the version and state of a document the first time the transaction sees it. */
  see(tx: Transaction, collection: string, id: string, version: number, doc: Doc | null): void {
    const seen = inner(tx.seen, collection);
    if (!seen.has(id)) {
      seen.set(id, version);
      inner(tx.snapshot, collection).set(id, doc);
    }
  }

  bufferWrite(tx: Transaction, collection: string, id: string, doc: Doc | null): void {
    inner(tx.writes, collection).set(id, doc);
    this.writers.set(`${collection}\0${id}`, tx.id);
  }

  private expire(): void {
    const limit = this.now() - this.timeoutMs;
    for (const tx of [...this.open.values()]) {
      if (tx.startedAt < limit) this.discard(tx.id);
    }
  }
}

export { inner as innerMap };
