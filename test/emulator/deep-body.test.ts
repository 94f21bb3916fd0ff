// A call's data is bounded before it reaches a worker: bodies nested 5,000 deep (30 KB) once
// overflowed the stack in worker.postMessage after the worker was marked busy, stalled the pool
// and, from the timeout callback, ended the process. These run the cloud in this process, so a
// throw out of a timer would end the test run itself.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CALL_DATA_MAX_BYTES, CALL_DATA_MAX_DEPTH } from '../../emulator/runner';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { connectSdk, fixtureCloud } from '../support/sdk';

let t: TestCloud;

before(async () => {
  // A small pool: two stuck workers would stall every call.
  t = await startTestCloud({ ...fixtureCloud, maxWorkers: 2 });
});
after(async () => {
  await t.close();
});

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

async function post(path: string, body: string, openid?: string): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (openid) headers['x-openid'] = openid;
  const res = await fetch(`${t.url}${path}`, { method: 'POST', headers, body });
  return { status: res.status, body: (await res.json()) as unknown };
}

type Who = { after: Record<string, string> };

describe('call data bounds', () => {
  it('answers five 5,000-deep bodies with INVALID_INPUT, and the next call still answers', async () => {
    // Written out: JSON.stringify itself would overflow on it.
    const deep = `{"action":"me","input":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
    assert.ok(deep.length > 25_000 && deep.length < CALL_DATA_MAX_BYTES);
    const replies = await Promise.all(Array.from({ length: 5 }, () => post('/api/fn/whoami', deep, 'deep-caller')));
    for (const reply of replies) {
      assert.equal(reply.status, 400);
      assert.deepEqual(reply.body, { ok: false, error: { code: 'INVALID_INPUT', message: `请求数据层级过深（不超过 ${CALL_DATA_MAX_DEPTH} 层）` } });
    }
    assert.deepEqual(t.cloud.runner.poolStats().busy, 0);
    assert.equal(((await t.call('whoami', 'me', {}, { openid: 'after-deep' })) as Who).after.OPENID, 'after-deep');
  });

  it('lets data up to the bound through', async () => {
    const ok = (await t.call('whoami', 'me', nested(CALL_DATA_MAX_DEPTH - 3), { openid: 'at-bound' })) as Who;
    assert.equal(ok.after.OPENID, 'at-bound');
  });

  it('answers a body over the size bound with INVALID_INPUT (413)', async () => {
    const big = JSON.stringify({ action: 'me', input: { text: 'x'.repeat(CALL_DATA_MAX_BYTES) } });
    const reply = await post('/api/fn/whoami', big);
    assert.equal(reply.status, 413);
    assert.equal((reply.body as { error: { code: string } }).error.code, 'INVALID_INPUT');
    assert.equal(((await t.call('whoami', 'me', {}, { openid: 'after-big' })) as Who).after.OPENID, 'after-big');
  });

  it('refuses deep data from another caller of the runner (the SDK, in process) without holding a worker', async () => {
    for (let i = 0; i < 5; i++) {
      const outcome = await t.cloud.invoke('whoami', { action: 'me', input: nested(5000) }, { openid: 'x' });
      assert.equal(outcome.ok, false);
      assert.match(outcome.ok ? '' : outcome.message, /nests deeper than 64/);
    }
    // Through wx-server-sdk's callFunction (the /admin endpoint) it rejects the same way.
    // (The SDK's own cycle check gives up on 5,000 levels, so 200 here.)
    await assert.rejects(connectSdk(t.url).callFunction({ name: 'whoami', data: nested(200) }), /nests deeper|-501007|INVALID_PARAM/);
    assert.equal(t.cloud.runner.poolStats().busy, 0);
    assert.equal(((await t.call('whoami', 'me', {}, { openid: 'after-sdk' })) as Who).after.OPENID, 'after-sdk');
  });

  it('frees the worker and answers when the hand-off itself fails', async () => {
    // A function cannot be cloned to a worker: postMessage throws after start() took a worker.
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => t.cloud.invoke('whoami', { action: 'me', input: { f: () => 1 } }, { openid: 'x' })));
    for (const outcome of outcomes) {
      assert.equal(outcome.ok, false);
      assert.match(outcome.ok ? '' : outcome.message, /could not be handed to the function/);
    }
    assert.deepEqual(t.cloud.runner.poolStats(), { workers: t.cloud.runner.poolStats().workers, busy: 0, queued: 0 });
    assert.equal(((await t.call('whoami', 'me', {}, { openid: 'after-clone' })) as Who).after.OPENID, 'after-clone');
  });
});
