// The h5 build's photo upload: a browser has no wx.cloud, so it posts the bytes to the local
// cloud, gets a fileID like the SDK's, and shows it through /api/file. Functions then read the
// same file through the real SDK.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { connectSdk, fixtureCloud } from '../support/sdk';

let t: TestCloud;

before(async () => {
  t = await startTestCloud(fixtureCloud);
});
after(async () => {
  await t.close();
});

async function upload(bytes: Buffer, query = 'name=photo.jpg&folder=tickets'): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${t.url}/api/upload?${query}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array(bytes) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('browser upload', () => {
  it('stores the raw bytes and answers a fileID of this environment under the asked folder', async () => {
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
    const { status, body } = await upload(bytes);
    assert.equal(status, 200);
    assert.match(String(body.fileID), /^cloud:\/\/local-env\.[^/]+\/tickets\/[a-z0-9]+-[0-9a-f]{12}\.jpg$/);

    // What a function sees through wx-server-sdk is the same file.
    const down = await connectSdk(t.url).downloadFile({ fileID: String(body.fileID) });
    assert.deepEqual(down.fileContent, bytes);

    // An <img src> gets there through /api/file, with the image's content type.
    const shown = await fetch(`${t.url}/api/file?id=${encodeURIComponent(String(body.fileID))}`);
    assert.equal(shown.status, 200);
    assert.equal(shown.headers.get('content-type'), 'image/jpeg');
    assert.deepEqual(Buffer.from(await shown.arrayBuffer()), bytes);
  });

  it('gives two uploads of the same name two files', async () => {
    const a = await upload(Buffer.from('a'));
    const b = await upload(Buffer.from('b'));
    assert.notEqual(a.body.fileID, b.body.fileID);
  });

  it('keeps a path out of the folder name and drops extensions that are not images', async () => {
    const { body } = await upload(Buffer.from('x'), 'name=evil.html&folder=../../etc');
    assert.match(String(body.fileID), /\/etc\/[a-z0-9]+-[0-9a-f]{12}$/);
  });

  it('refuses an empty body, and answers 404 for an unknown or foreign id', async () => {
    assert.equal((await upload(Buffer.alloc(0))).status, 400);
    assert.equal((await fetch(`${t.url}/api/file?id=${encodeURIComponent('cloud://local-env.b/none.jpg')}`)).status, 404);
    assert.equal((await fetch(`${t.url}/api/file?id=http://elsewhere/x.jpg`)).status, 404);
  });
});
