// A call nested thousands deep is INVALID_INPUT from the router itself, not a stack overflow or
// INTERNAL: through the local cloud (within its own bound) and, beyond that bound, by calling a
// built function's main in this process as WeChat would with whatever event it was given.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PROJECT_ROOT, sdkEnv } from '../../emulator/index';
import type { Reply } from '../../types/envelope';
import { startTestCloud, type TestCloud } from '../support/cloud';

let cloud: TestCloud;
before(async () => {
  cloud = await startTestCloud();
});
after(async () => {
  await cloud.close();
});

function nested(depth: number, leaf: unknown = 1): unknown {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

const DEPTH_ERROR = { code: 'INVALID_INPUT', message: '请求数据层级过深', fields: { input: '数据层级不能超过 32 层' } };

describe('deeply nested input', () => {
  it('is refused by the router within the local cloud’s bound, for every function', async () => {
    for (const [fn, action] of [
      ['account', 'bindUnit'],
      ['tickets', 'create'],
      ['tickets', 'get'],
      ['passes', 'list'],
      ['orders', 'list'],
    ] as const) {
      const reply = (await cloud.call(fn, action, { note: nested(40) }, { openid: 'dev-owner-1' })) as Reply<unknown>;
      assert.deepEqual(reply, { ok: false, error: DEPTH_ERROR }, `${fn}.${action}`);
    }
    // Just inside the bound the schema speaks as before.
    const shallow = (await cloud.call('tickets', 'get', { id: nested(28, 'x') }, { openid: 'dev-owner-1' })) as Reply<unknown>;
    assert.equal(shallow.ok, false);
    assert.equal((shallow as { error: { code: string; fields?: Record<string, string> } }).error.fields?.id !== undefined, true);
  });

  it('is refused by a function’s main however deep it goes', async () => {
    Object.assign(process.env, sdkEnv(cloud.url), { WX_OPENID: 'dev-owner-1', WX_APPID: 'wx0000000000local', WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID' });
    const load = createRequire(join(PROJECT_ROOT, 'package.json'));
    const { main } = load(join(PROJECT_ROOT, 'dist/cloudfunctions/tickets/index.js')) as { main(event: unknown): Promise<unknown> };
    for (const depth of [100, 10_000, 200_000]) {
      assert.deepEqual(await main({ action: 'create', input: { kind: 'repair', text: nested(depth) } }), { ok: false, error: DEPTH_ERROR }, String(depth));
    }
  });
});
