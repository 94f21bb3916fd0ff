// Transactions: buffered single-document operations, read-your-writes, repeatable reads,
// conflicts at the write and at commit, abort, unknown and expired transactions.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openStore, type Store, StoreError, type StoreErrorCode } from '../../emulator/store/index';

/** Asserts that `run` throws a StoreError with this code (and, optionally, a message pattern). */
function throwsStoreError(run: () => unknown, code: StoreErrorCode, message?: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof StoreError, `expected a StoreError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (message) assert.match(error.message, message);
    return true;
  });
}

function fresh(now?: () => number): Store {
  const store = openStore({ path: ':memory:', now });
  store.declareCollection({ name: 'acc', indexes: [{ name: 'code', fields: [['code', 1]], unique: true }] });
  store.insert('acc', [
    { _id: 'A', code: 'a', balance: 100 },
    { _id: 'B', code: 'b', balance: 50 },
  ]);
  return store;
}

const balance = (store: Store, id: string, tx?: string): unknown => store.find('acc', { _id: id }, {}, tx)[0]?.balance;

describe('transactions', () => {
  it('reads its own writes; others see them only after commit', () => {
    const store = fresh();
    const tx = store.beginTransaction();
    assert.deepEqual(store.update('acc', { _id: 'A' }, { $inc: { balance: -30 } }, {}, tx), { matched: 1, updated: 1, upsertedId: null });
    store.update('acc', { _id: 'B' }, { $inc: { balance: 30 } }, {}, tx);
    store.insert('acc', [{ _id: 'C', code: 'c', balance: 0 }], tx);
    store.remove('acc', { _id: 'C' }, {}, tx);
    store.insert('acc', [{ _id: 'D', code: 'd', balance: 1 }], tx);
    assert.equal(balance(store, 'A', tx), 70);
    assert.equal(balance(store, 'B', tx), 80);
    assert.equal(balance(store, 'D', tx), 1);
    assert.equal(store.find('acc', { _id: 'C' }, {}, tx).length, 0);
    assert.equal(store.count('acc', {}, tx), 3);
    // Outside: nothing yet.
    assert.equal(balance(store, 'A'), 100);
    assert.equal(store.count('acc', {}), 2);
    store.commitTransaction(tx);
    assert.equal(balance(store, 'A'), 70);
    assert.equal(balance(store, 'B'), 80);
    assert.deepEqual(store.find('acc', { _id: { $in: ['C', 'D'] } }), [{ _id: 'D', code: 'd', balance: 1 }]);
  });

  it('a document read twice gives the same snapshot, and the outside change makes commit fail', () => {
    const store = fresh();
    const tx = store.beginTransaction();
    assert.equal(balance(store, 'A', tx), 100);
    store.update('acc', { _id: 'A' }, { $set: { balance: 1 } }, {});
    assert.equal(balance(store, 'A', tx), 100);
    throwsStoreError(() => store.commitTransaction(tx), 'DATABASE_TRANSACTION_CONFLICT');
    assert.equal(balance(store, 'A'), 1);
  });

  it('a write to a document another open transaction wrote conflicts at the write', () => {
    const store = fresh();
    const first = store.beginTransaction();
    const second = store.beginTransaction();
    store.update('acc', { _id: 'A' }, { $inc: { balance: 1 } }, {}, first);
    throwsStoreError(() => store.update('acc', { _id: 'A' }, { $inc: { balance: 2 } }, {}, second), 'DATABASE_TRANSACTION_CONFLICT');
    throwsStoreError(() => store.remove('acc', { _id: 'A' }, {}, second), 'DATABASE_TRANSACTION_CONFLICT');
    throwsStoreError(() => store.insert('acc', [{ _id: 'A' }], second), 'DATABASE_DUPLICATE_WRITE');
    // Reading it is fine, and writing another document is too.
    assert.equal(balance(store, 'A', second), 100);
    store.update('acc', { _id: 'B' }, { $inc: { balance: 5 } }, {}, second);
    store.commitTransaction(first);
    assert.equal(balance(store, 'A'), 101);
    // `second` read A before `first` committed: its commit must fail.
    throwsStoreError(() => store.commitTransaction(second), 'DATABASE_TRANSACTION_CONFLICT');
    assert.equal(balance(store, 'B'), 50);
  });

  it('an outside write between the transaction write and commit is a commit conflict, and the transaction is gone', () => {
    const store = fresh();
    const tx = store.beginTransaction();
    store.update('acc', { _id: 'A' }, { $inc: { balance: -10 } }, {}, tx);
    store.update('acc', { _id: 'A' }, { $inc: { balance: 1000 } }, {});
    throwsStoreError(() => store.commitTransaction(tx), 'DATABASE_TRANSACTION_CONFLICT');
    assert.equal(balance(store, 'A'), 1100);
    throwsStoreError(() => store.commitTransaction(tx), 'DATABASE_TRANSACTION_FAIL');
    // Its write claim is released: a new transaction may write A.
    const next = store.beginTransaction();
    store.update('acc', { _id: 'A' }, { $inc: { balance: -100 } }, {}, next);
    store.commitTransaction(next);
    assert.equal(balance(store, 'A'), 1000);
  });

  it('a document read as missing and created outside is a commit conflict', () => {
    const store = fresh();
    const tx = store.beginTransaction();
    assert.deepEqual(store.find('acc', { _id: 'N' }, {}, tx), []);
    store.insert('acc', [{ _id: 'N', code: 'n' }]);
    throwsStoreError(() => store.commitTransaction(tx), 'DATABASE_TRANSACTION_CONFLICT');
  });

  it('abort discards the writes and releases the documents', () => {
    const store = fresh();
    const tx = store.beginTransaction();
    store.update('acc', { _id: 'A' }, { $set: { balance: 0 } }, {}, tx);
    store.insert('acc', [{ _id: 'Z', code: 'z' }], tx);
    store.abortTransaction(tx);
    assert.equal(balance(store, 'A'), 100);
    assert.equal(store.count('acc', { _id: 'Z' }), 0);
    throwsStoreError(() => store.abortTransaction(tx), 'DATABASE_TRANSACTION_FAIL');
    throwsStoreError(() => store.find('acc', {}, {}, tx), 'DATABASE_TRANSACTION_FAIL');
    const other = store.beginTransaction();
    store.update('acc', { _id: 'A' }, { $set: { balance: 7 } }, {}, other);
    store.commitTransaction(other);
    assert.equal(balance(store, 'A'), 7);
  });

  it('unknown or finished transactions fail', () => {
    const store = fresh();
    throwsStoreError(() => store.commitTransaction('nope'), 'DATABASE_TRANSACTION_FAIL');
    throwsStoreError(() => store.abortTransaction('nope'), 'DATABASE_TRANSACTION_FAIL');
    throwsStoreError(() => store.update('acc', { _id: 'A' }, { $set: { x: 1 } }, {}, 'nope'), 'DATABASE_TRANSACTION_FAIL');
    throwsStoreError(() => store.count('acc', {}, 'nope'), 'DATABASE_TRANSACTION_FAIL');
    const tx = store.beginTransaction();
    store.commitTransaction(tx);
    throwsStoreError(() => store.commitTransaction(tx), 'DATABASE_TRANSACTION_FAIL');
    throwsStoreError(() => store.insert('acc', [{ code: 'q' }], tx), 'DATABASE_TRANSACTION_FAIL');
  });

  it('transactions older than the timeout are discarded lazily', () => {
    let clock = 1_000_000;
    const store = fresh(() => clock);
    const old = store.beginTransaction();
    store.update('acc', { _id: 'A' }, { $set: { balance: 0 } }, {}, old);
    clock += 29_000;
    const young = store.beginTransaction();
    throwsStoreError(() => store.update('acc', { _id: 'A' }, { $set: { balance: 1 } }, {}, young), 'DATABASE_TRANSACTION_CONFLICT');
    clock += 2_000;
    throwsStoreError(() => store.commitTransaction(old), 'DATABASE_TRANSACTION_FAIL');
    const fresh2 = store.beginTransaction();
    store.update('acc', { _id: 'A' }, { $set: { balance: 2 } }, {}, fresh2);
    store.commitTransaction(fresh2);
    assert.equal(balance(store, 'A'), 2);
  });

  it('a commit that breaks a unique index applies nothing', () => {
    const store = fresh();
    const tx = store.beginTransaction();
    store.update('acc', { _id: 'A' }, { $set: { balance: 0 } }, {}, tx);
    store.insert('acc', [{ _id: 'X', code: 'b' }], tx);
    throwsStoreError(() => store.commitTransaction(tx), 'DATABASE_DUPLICATE_WRITE', /E11000 duplicate key error/);
    assert.equal(balance(store, 'A'), 100);
    assert.equal(store.count('acc', { _id: 'X' }), 0);
    throwsStoreError(() => store.commitTransaction(tx), 'DATABASE_TRANSACTION_FAIL');
  });

  it('upsert and replacement inside a transaction', () => {
    const store = fresh();
    const tx = store.beginTransaction();
    assert.deepEqual(store.update('acc', { _id: 'U' }, { $set: { code: 'u', balance: 5 } }, { upsert: true }, tx), {
      matched: 0,
      updated: 0,
      upsertedId: 'U',
    });
    store.update('acc', { _id: 'B' }, { code: 'b2' }, { merge: false }, tx);
    store.commitTransaction(tx);
    assert.deepEqual(store.find('acc', { _id: { $in: ['B', 'U'] } }, { sort: [['_id', 1]] }), [
      { _id: 'B', code: 'b2' },
      { _id: 'U', code: 'u', balance: 5 },
    ]);
  });

  it('documents returned by a transaction read are copies', () => {
    const store = fresh();
    const tx = store.beginTransaction();
    const [doc] = store.find('acc', { _id: 'A' }, {}, tx);
    doc.balance = -1;
    assert.equal(balance(store, 'A', tx), 100);
    store.commitTransaction(tx);
  });
});
