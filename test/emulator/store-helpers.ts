// Shared helpers for the document store tests.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreError, type StoreErrorCode } from '../../emulator/store/index';

/** Asserts that `run` throws a StoreError with this code (and, optionally, a message pattern). */
export function throwsStoreError(run: () => unknown, code: StoreErrorCode, message?: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof StoreError, `expected a StoreError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (message) assert.match(error.message, message);
    return true;
  });
}

/** A fresh temporary directory for a file-backed store, removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'guanjia-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function ids(docs: Array<{ _id?: unknown }>): unknown[] {
  return docs.map((d) => d._id);
}
