// Cloud storage: files uploaded with cloud.uploadFile, kept in memory (in-memory store) or in a
// folder beside the SQLite file, and served back at their temp URLs.

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

export class FileStore {
  private readonly memory = new Map<string, Buffer>();

  /** `dir` null keeps files in memory. */
  constructor(private readonly dir: string | null) {}

  /** A cloud path made safe to use as a key or under `dir` (no `..`, no leading slash). */
  static clean(path: string): string | null {
    const cleaned = normalize(path.replace(/^\/+/, '')).replace(/\\/g, '/');
    if (cleaned === '' || cleaned === '.' || cleaned.startsWith('..') || cleaned.includes('\0')) return null;
    return cleaned;
  }

  put(path: string, bytes: Buffer): void {
    if (this.dir === null) {
      this.memory.set(path, bytes);
      return;
    }
    const file = join(this.dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, bytes);
  }

  get(path: string): Buffer | null {
    if (this.dir === null) return this.memory.get(path) ?? null;
    const file = join(this.dir, path);
    return existsSync(file) ? readFileSync(file) : null;
  }

  delete(path: string): boolean {
    if (this.dir === null) return this.memory.delete(path);
    const file = join(this.dir, path);
    if (!existsSync(file)) return false;
    rmSync(file);
    return true;
  }
}
