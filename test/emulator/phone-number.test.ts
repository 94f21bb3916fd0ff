// WeChat's phone-number check as the local cloud plays it: the getPhoneNumber button's one-time
// code (POST /api/dev/phone-code) and phonenumber.getPhoneNumber through the real SDK.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { connectSdk, fixtureCloud, type Sdk } from '../support/sdk';

let t: TestCloud;
let cloud: Sdk;

before(async () => {
  t = await startTestCloud(fixtureCloud);
  cloud = connectSdk(t.url);
});
after(async () => {
  await t.close();
});

async function codeRequest(headers: Record<string, string>, body: unknown = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${t.url}/api/dev/phone-code`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('phone-number check', () => {
  it('exchanges a code once for the phone it was issued for, in WeChat’s reply shape', async () => {
    const code = await t.phoneCode('someone', '13812345678');
    const reply = await cloud.openapi.phonenumber.getPhoneNumber({ code });
    assert.equal(reply.errCode, 0);
    assert.equal(reply.phoneInfo.purePhoneNumber, '13812345678');
    assert.equal(reply.phoneInfo.phoneNumber, '13812345678');
    assert.equal(reply.phoneInfo.countryCode, '86');
    await assert.rejects(cloud.openapi.phonenumber.getPhoneNumber({ code }), (error: { errCode?: number }) => error.errCode === 40029);
  });

  it('refuses a code it never issued, and one older than five minutes', async () => {
    await assert.rejects(cloud.openapi.phonenumber.getPhoneNumber({ code: 'made-up' }), (error: { errCode?: number }) => error.errCode === 40029);
    await t.setClock('2026-11-20T10:00:00+08:00');
    const code = await t.phoneCode('someone');
    await t.setClock('2026-11-20T10:05:01+08:00');
    await assert.rejects(cloud.openapi.phonenumber.getPhoneNumber({ code }), (error: { errCode?: number }) => error.errCode === 40029);
    await t.setClock(null);
  });

  it('refuses the call to a function whose config.json does not list it, as WeChat does', async () => {
    const code = await t.phoneCode('someone', '13812345678');
    const refused = (await t.call('shop', 'phone', { code }, { openid: 'someone' })) as { ok: boolean; errCode: number };
    assert.deepEqual([refused.ok, refused.errCode], [false, -604101]);
    // The code was not spent by the refused call.
    assert.equal((await cloud.openapi.phonenumber.getPhoneNumber({ code })).phoneInfo.purePhoneNumber, '13812345678');
  });

  it('gives a code only for a known person with a phone', async () => {
    assert.equal((await codeRequest({})).status, 400, 'whose phone: x-openid is required');
    assert.equal((await codeRequest({ 'x-openid': 'nobody-known' })).status, 404);
    assert.equal((await codeRequest({ 'x-openid': 'x' }, { phone: '12; rm' })).status, 400);
    const issued = await codeRequest({ 'x-openid': 'someone' });
    assert.equal(issued.status, 200);
    assert.equal(issued.body.phone, '13812345678');
  });
});
