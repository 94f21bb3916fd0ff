// Cloud storage: files uploaded with cloud.uploadFile, kept in memory (in-memory store) or in a
// folder beside the SQLite file, and served back at their temp URLs.

import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/** True when `file` (absolute) lies strictly inside the folder `root` (absolute). */
export function isInside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel !== '' && !isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`) && !rel.startsWith('../');
}

export class FileStore {
  private readonly memory = new Map<string, Buffer>();
  private readonly dir: string | null;

  /** `dir` null keeps files in memory. */
  constructor(dir: string | null) {
    this.dir = dir === null ? null : resolve(dir);
  }

  /**
   * A cloud path made safe to use as a key or under the store's folder, or null. Both slashes
   * separate (a path written on Windows means the same there); anything that could climb out,
   * name a root or a drive, or hide a NUL is refused rather than repaired.
   */
  static clean(path: string): string | null {
    if (typeof path !== 'string' || path.includes('\0')) return null;
    const unified = path.replace(/\\/g, '/');
    // An absolute path (`/etc/…`, `//host/…`) or a drive (`C:`, `C:/…`).
    if (unified.startsWith('/') || /^[A-Za-z]:/.test(unified)) return null;
    const segments: string[] = [];
    for (const segment of unified.split('/')) {
      if (segment === '' || segment === '.') continue;
      if (segment === '..') return null;
      segments.push(segment);
    }
    return segments.length === 0 ? null : segments.join('/');
  }

  /** The absolute file of a cloud path, or null when it is not one or would leave the folder. */
  private fileOf(path: string): string | null {
    const key = FileStore.clean(path);
    if (key === null || this.dir === null) return null;
    const file = resolve(this.dir, key);
    return isInside(this.dir, file) ? file : null;
  }

  /** Stores the bytes; false when the path is refused (nothing written). */
  put(path: string, bytes: Buffer): boolean {
    if (this.dir === null) {
      const key = FileStore.clean(path);
      if (key === null) return false;
      this.memory.set(key, bytes);
      return true;
    }
    const file = this.fileOf(path);
    if (file === null) return false;
    if (existsSync(file) && !statSync(file).isFile()) return false;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    return true;
  }

  get(path: string): Buffer | null {
    if (this.dir === null) {
      const key = FileStore.clean(path);
      return key === null ? null : (this.memory.get(key) ?? null);
    }
    const file = this.fileOf(path);
    return file !== null && existsSync(file) && statSync(file).isFile() ? readFileSync(file) : null;
  }

  delete(path: string): boolean {
    if (this.dir === null) {
      const key = FileStore.clean(path);
      return key !== null && this.memory.delete(key);
    }
    const file = this.fileOf(path);
    if (file === null || !existsSync(file) || !statSync(file).isFile()) return false;
    rmSync(file);
    return true;
  }
}
