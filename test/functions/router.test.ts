// The router every function shares, exercised through the account function and the real SDK.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import type { Reply as EnvelopeReply } from '../../types/envelope';

let cloud: TestCloud;
before(async () => {
  cloud = await startTestCloud();
});
after(async () => {
  await cloud.close();
});

type Reply = EnvelopeReply<unknown>;
const call = (action: string, input: unknown, openid?: string, requestId?: string) => cloud.call('account', action, input, { openid, requestId }) as Promise<Reply>;

function errorOf(reply: Reply) {
  assert.equal(reply.ok, false, JSON.stringify(reply));
  return (reply as Extract<Reply, { ok: false }>).error;
}

const rateCounters = () => cloud.cloud.store.find('rateLimits', {});

describe('the router', () => {
  it('refuses input that breaks the schema, naming each field in Chinese', async () => {
    const error = errorOf(await call('bindUnit', { unit: '1栋101', phone: 'abc', role: 'landlord' }, 'dev-owner-1'));
    assert.equal(error.code, 'INVALID_INPUT');
    assert.deepEqual(Object.keys(error.fields ?? {}).sort(), ['phone', 'role', 'unit']);
    assert.match(error.fields?.phone ?? '', /手机号/);
  });

  it('refuses a call that is not an object with an action', async () => {
    const reply = (await cloud.raw('account', { input: {} }, 'dev-owner-1')) as Reply;
    assert.equal(errorOf(reply).code, 'INVALID_INPUT');
  });

  it('refuses an unknown action, including names every object has', async () => {
    for (const action of ['launchRocket', 'constructor', '__proto__', 'toString']) {
      const error = errorOf(await call(action, {}, 'dev-owner-1'));
      assert.equal(error.code, 'INVALID_INPUT', action);
      assert.ok(error.fields?.action, action);
    }
  });

  it('answers UNAUTHENTICATED when WeChat gives no OPENID', async () => {
    assert.equal(errorOf(await call('me', {})).code, 'UNAUTHENTICATED');
  });

  it('answers FORBIDDEN to a role the action does not admit', async () => {
    assert.equal(errorOf(await call('pendingBindings', {}, 'dev-guard')).code, 'FORBIDDEN');
    assert.equal(errorOf(await call('pendingBindings', {}, 'wx-nobody')).code, 'FORBIDDEN');
  });

  it('runs a create once for two identical concurrent calls and answers both with the first result', async () => {
    const input = { unit: '2-2-101', phone: '13677778888', role: 'resident' as const, name: '重复提交' };
    const before = (await rateCounters()).length;
    const [a, b] = await Promise.all([call('bindUnit', input, 'wx-double-tap', 'req-double-tap-0001'), call('bindUnit', input, 'wx-double-tap', 'req-double-tap-0001')]);
    assert.equal(a.ok && b.ok, true, JSON.stringify([a, b]));
    assert.deepEqual(a, b);
    const again = await call('bindUnit', input, 'wx-double-tap', 'req-double-tap-0001');
    assert.deepEqual(again, a);
    const counters = (await rateCounters()).filter((c) => String(c._id).includes('wx-double-tap'));
    assert.equal(counters.length, 1);
    assert.equal(counters[0].count, 1, 'the handler ran once');
    assert.equal((await rateCounters()).length, before + 1);
    const bindings = cloud.cloud.store.find('bindings', { openid: 'wx-double-tap' });
    assert.equal(bindings.length, 1);
  });

  it('lets a retry with the same requestId run again after the first attempt failed', async () => {
    const first = await call('bindUnit', { unit: '9-9-909', phone: '13677770000' }, 'wx-retry', 'req-retry-00000001');
    assert.equal(errorOf(first).code, 'INVALID_INPUT');
    const retried = await call('bindUnit', { unit: '2-2-102', phone: '13677770000' }, 'wx-retry', 'req-retry-00000001');
    assert.equal(retried.ok, true, JSON.stringify(retried));
  });

  it('limits creates per caller and minute, and lets them through the next minute', async () => {
    await cloud.setClock('2026-11-24T09:00:05+08:00');
    const units = [
      '1-1-201',
      '1-1-202',
      '1-1-301',
      '1-1-302',
      '1-1-1201',
      '1-1-1202',
      '1-2-101',
      '1-2-102',
      '1-2-201',
      '1-2-202',
      '1-2-301',
      '1-2-302',
      '1-2-1201',
      '1-2-1202',
      '2-1-101',
      '2-1-102',
      '2-1-201',
      '2-1-301',
      '2-1-302',
      '2-1-1201',
    ];
    for (const unit of units) {
      const reply = await call('bindUnit', { unit, phone: '13688889999', role: 'resident' }, 'wx-flood');
      assert.equal(reply.ok, true, `${unit}: ${JSON.stringify(reply)}`);
    }
    const limited = errorOf(await call('bindUnit', { unit: '2-1-1202', phone: '13688889999', role: 'resident' }, 'wx-flood'));
    assert.equal(limited.code, 'RATE_LIMITED');
    const other = await call('bindUnit', { unit: '2-1-1202', phone: '13688880000', role: 'resident' }, 'wx-calm');
    assert.equal(other.ok, true, 'another person is not limited');
    await cloud.setClock('2026-11-24T09:01:00+08:00');
    const nextMinute = await call('bindUnit', { unit: '2-1-1202', phone: '13688889999', role: 'resident' }, 'wx-flood');
    assert.equal(nextMinute.ok, true);
    await cloud.setClock(null);
  });

  it('never shows a stack trace: an unknown function is answered, not crashed', async () => {
    const reply = await cloud.raw('noSuchFunction', { action: 'me', input: {} }, 'dev-owner-1');
    assert.ok(reply && typeof reply === 'object');
    assert.doesNotMatch(JSON.stringify(reply), /at .*\.js:\d+/);
  });
});
