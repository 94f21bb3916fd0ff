// The local cloud's file store on disk: no path a caller sends (URL, cloudPath or fileID) reads,
// writes or deletes anything outside the store's folder, whatever encoding of `..` it uses.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { FileStore } from '../../emulator/files';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { connectSdk, fixtureCloud, type Sdk } from '../support/sdk';

// root/                    <- planted: root/secret.txt
//   cloud/                 <- the SQLite file; planted: cloud/secret.txt
//     files/               <- the store's folder
const root = mkdtempSync(join(tmpdir(), 'guanjia-files-'));
const cloudDir = join(root, 'cloud');
const storeDir = join(cloudDir, 'files');
const SECRET = 'SECRET-do-not-touch';
const planted = [join(root, 'secret.txt'), join(cloudDir, 'secret.txt')];

let t: TestCloud;
let cloud: Sdk;

/** Every file outside the store's folder except the database's own, with its bytes. */
function outside(dir = root): Map<string, string> {
  const found = new Map<string, string>();
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (path === storeDir || name.startsWith('db.sqlite')) continue;
    if (statSync(path).isDirectory()) for (const [k, v] of outside(path)) found.set(k, v);
    else found.set(relative(root, path), readFileSync(path, 'utf8'));
  }
  return found;
}

/** A request with its path sent byte for byte (fetch would resolve `..` and `%2e%2e` itself). */
function raw(method: string, path: string, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolvePromise, reject) => {
    const { hostname, port } = new URL(t.url);
    const req = request({ hostname, port, method, path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

// What a caller may put after /files/ or /upload/, each aiming at a planted file.
const abs = join(root, 'secret.txt');
const URL_PATHS = [
  '..%2Fsecret.txt',
  'a%2F..%2F..%2Fsecret.txt',
  '..%5Csecret.txt',
  'a%5C..%5C..%5Csecret.txt',
  'a%5C..%5C..%5C..%5Csecret.txt',
  '%2e%2e%2Fsecret.txt',
  '%2E%2E%5Csecret.txt',
  'a/%2e%2e%5C%2e%2e%5Csecret.txt',
  '%2e%2e/secret.txt',
  'a/../../secret.txt',
  '%252e%252e%252Fsecret.txt',
  'a%252F..%252F..%252Fsecret.txt',
  'a%2F..%5C..%2Fsecret.txt',
  'a/..%5C..%5Csecret.txt',
  'a%5C..%2F..%5Csecret.txt',
  `%2F${abs.split('/').slice(1).join('%2F')}`,
  `/${abs.split('/').slice(1).join('/')}`,
  `%5C${abs.split('/').slice(1).join('%5C')}`,
  'C:%5C..%5C..%5Csecret.txt',
  'C:%5Csecret.txt',
  'secret.txt%00',
  'a%2F..%2F..%2Fsecret.txt%00.jpg',
];

// The same aims as cloud paths and fileIDs (never URL-decoded on the way).
const CLOUD_PATHS = [
  '../secret.txt',
  'a/../../secret.txt',
  '..\\secret.txt',
  'a\\..\\..\\secret.txt',
  'a\\..\\..\\..\\secret.txt',
  'a/..\\../secret.txt',
  'a\\../..\\secret.txt',
  '%2e%2e/secret.txt',
  abs,
  abs.replace(/\//g, '\\'),
  'C:\\secret.txt',
  'C:/../../secret.txt',
  'secret.txt\0',
  '.',
];

before(async () => {
  mkdirSync(cloudDir);
  for (const file of planted) writeFileSync(file, SECRET);
  t = await startTestCloud({ ...fixtureCloud, dbPath: join(cloudDir, 'db.sqlite') });
  cloud = connectSdk(t.url);
});
// Each test starts from the planted files as they were (a failing one may have changed them).
beforeEach(() => {
  for (const file of planted) writeFileSync(file, SECRET);
});
after(async () => {
  await t.close();
  rmSync(root, { recursive: true, force: true });
});

function assertUntouched(before: Map<string, string>, what: string): void {
  assert.deepEqual(outside(), before, `${what}: something outside the store changed`);
  for (const file of planted) assert.equal(readFileSync(file, 'utf8'), SECRET, `${what}: ${file} was overwritten`);
}

describe('file store on disk', () => {
  it('still stores, serves and deletes a file inside its folder', async () => {
    const up = await cloud.uploadFile({ cloudPath: 'photos/a b.txt', fileContent: Buffer.from('hello') });
    assert.equal(readFileSync(join(storeDir, 'photos', 'a b.txt'), 'utf8'), 'hello');
    assert.equal((await raw('GET', '/files/photos/a%20b.txt')).body, 'hello');
    assert.equal((await cloud.downloadFile({ fileID: up.fileID })).fileContent.toString(), 'hello');
    assert.equal((await cloud.deleteFile({ fileList: [up.fileID] })).fileList[0].status, 0);
    assert.equal(existsSync(join(storeDir, 'photos', 'a b.txt')), false);
  });

  it('serves nothing outside its folder over GET /files/, whatever the encoding', async () => {
    for (const path of URL_PATHS) {
      const res = await raw('GET', `/files/${path}`);
      assert.doesNotMatch(res.body, new RegExp(SECRET), `GET /files/${path} read a file outside the store`);
      assert.ok(res.status === 404 || res.status === 400 || res.status === 200, `GET /files/${path}: ${res.status}`);
    }
  });

  it('writes nothing outside its folder over PUT /upload/', async () => {
    const before = outside();
    for (const path of URL_PATHS) {
      await raw('PUT', `/upload/${path}`, 'PWNED');
      assertUntouched(before, `PUT /upload/${path}`);
    }
    // New names outside the store are refused too, not only the planted ones.
    for (const path of ['..%2Fnew.txt', 'a%5C..%5C..%5Cnew.txt', 'C:%5Cnew.txt']) {
      await raw('PUT', `/upload/${path}`, 'PWNED');
      assertUntouched(before, `PUT /upload/${path}`);
    }
  });

  it('deletes nothing outside its folder through cloud.deleteFile (storage.batchDeleteFile)', async () => {
    const before = outside();
    for (const path of CLOUD_PATHS) {
      const fileID = `cloud://local-env.local-bucket/${path}`;
      const res = await cloud.deleteFile({ fileList: [fileID] }).catch((error: unknown) => error);
      assertUntouched(before, `deleteFile ${JSON.stringify(fileID)}`);
      if (!(res instanceof Error)) assert.notEqual(res.fileList[0].status, 0, `deleteFile ${JSON.stringify(fileID)} said it deleted`);
    }
  });

  it('reads nothing outside its folder through downloadFile and getTempFileURL', async () => {
    for (const path of CLOUD_PATHS) {
      const fileID = `cloud://local-env.local-bucket/${path}`;
      const down = await cloud.downloadFile({ fileID }).catch((error: unknown) => error);
      if (!(down instanceof Error)) assert.doesNotMatch(down.fileContent.toString(), new RegExp(SECRET), `downloadFile ${JSON.stringify(fileID)}`);
      const temp = await cloud.getTempFileURL({ fileList: [fileID] }).catch((error: unknown) => error);
      if (!(temp instanceof Error)) assert.notEqual(temp.fileList[0].status, 0, `getTempFileURL ${JSON.stringify(fileID)} gave a URL`);
    }
  });

  it('writes nothing outside its folder through cloud.uploadFile', async () => {
    const before = outside();
    for (const path of [...CLOUD_PATHS, '../new.txt', 'a\\..\\..\\new.txt']) {
      await cloud.uploadFile({ cloudPath: path, fileContent: Buffer.from('PWNED') }).catch((error: unknown) => error);
      assertUntouched(before, `uploadFile ${JSON.stringify(path)}`);
    }
  });
});

describe('FileStore.clean', () => {
  it('keeps ordinary cloud paths and refuses every way out', () => {
    assert.equal(FileStore.clean('photos/a b.txt'), 'photos/a b.txt');
    assert.equal(FileStore.clean('photos//./a.txt'), 'photos/a.txt');
    assert.equal(FileStore.clean('tickets\\a.jpg'), 'tickets/a.jpg');
    assert.equal(FileStore.clean('%2e%2e/a.txt'), '%2e%2e/a.txt');
    for (const path of [...CLOUD_PATHS.filter((p) => !p.startsWith('%')), '', '/', '..', 'a/..', 'a/../b', '\\\\host\\share\\x', 'c:x']) {
      assert.equal(FileStore.clean(path), null, JSON.stringify(path));
    }
  });

  it('keeps the in-memory store to the same keys', () => {
    const store = new FileStore(null);
    assert.equal(store.put('a\\b.txt', Buffer.from('x')), true);
    assert.equal(store.get('a/b.txt')?.toString(), 'x');
    assert.equal(store.put('../b.txt', Buffer.from('x')), false);
    assert.equal(store.delete('a/./b.txt'), true);
  });
});
