// The function runner: identity per call, timeouts, the fixed clock, timers in Asia/Shanghai,
// calls between functions, cloud pay and subscription messages, and bad input answered.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { connectSdk, fixtureCloud, type Sdk } from '../support/sdk';

let t: TestCloud;
let db: Sdk;

before(async () => {
  t = await startTestCloud(fixtureCloud);
  db = connectSdk(t.url).database();
});
after(async () => {
  await t.close();
});

type Who = { before: Record<string, string>; after: Record<string, string>; event: Record<string, unknown> };

async function post(path: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${t.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: res.status, body: parsed };
}

describe('identity', () => {
  it('does not leak between 20 concurrent calls', async () => {
    const openids = Array.from({ length: 20 }, (_x, i) => `user-${i}`);
    const replies = (await Promise.all(openids.map((openid) => t.call('whoami', 'me', { i: openid }, { openid })))) as Who[];
    replies.forEach((reply, i) => {
      assert.equal(reply.before.OPENID, openids[i]);
      assert.equal(reply.after.OPENID, openids[i]);
      assert.equal(reply.after.SOURCE, 'wx_client');
      assert.ok(reply.after.APPID);
      assert.deepEqual(reply.event.input, { i: openids[i] });
      assert.equal((reply.event.userInfo as { openId: string }).openId, openids[i]);
    });
  });

  it('queues beyond the pool bound and reuses its workers', async () => {
    const small = await startTestCloud({ ...fixtureCloud, maxWorkers: 2 });
    try {
      // In-process invoke: the calls are queued synchronously, so the pool can be inspected.
      const calls = Array.from({ length: 8 }, (_x, i) => small.cloud.invoke('whoami', {}, { openid: `q-${i}`, source: 'wx_client' }));
      assert.deepEqual(small.cloud.runner.poolStats(), { workers: 2, busy: 2, queued: 6 });
      const replies = await Promise.all(calls);
      assert.deepEqual(
        replies.map((r) => (r.ok ? (r.result as Who).after.OPENID : r.message)),
        Array.from({ length: 8 }, (_x, i) => `q-${i}`),
      );
      assert.deepEqual(small.cloud.runner.poolStats(), { workers: 2, busy: 0, queued: 0 });
    } finally {
      await small.close();
    }
  });

  it('gives a call without x-openid no OPENID', async () => {
    const reply = (await t.call('whoami', 'me', {})) as Who;
    assert.equal(reply.after.OPENID, undefined);
  });

  it('passes the caller on when a function calls another, with SOURCE scf', async () => {
    // caller reads event.name: call it raw so the event has it.
    const raw = (await t.raw('caller', { name: 'whoami', data: { hello: 1 } }, 'user-x')) as { ok: boolean; result: Who };
    assert.equal(raw.ok, true);
    assert.equal(raw.result.after.OPENID, 'user-x');
    assert.equal(raw.result.after.SOURCE, 'scf');
    assert.deepEqual(raw.result.event, { hello: 1 });
  });
});

describe('failures', () => {
  it('enforces the timeout from config.json and answers like WeChat', async () => {
    const res = await post('/api/fn/sleeper', JSON.stringify({ action: 'x' }));
    assert.equal(res.status, 504);
    assert.deepEqual(res.body, { errCode: -504003, errMsg: 'Invoking task timed out after 1 seconds', code: 'FUNCTIONS_TIME_LIMIT_EXCEEDED' });
    // The pool replaced the killed worker: calls still work.
    assert.equal(((await t.call('whoami', 'me', {}, { openid: 'after-timeout' })) as Who).after.OPENID, 'after-timeout');
  });

  it('a timed-out callee makes callFunction reject in the caller', async () => {
    const raw = (await t.raw('caller', { name: 'sleeper' })) as { ok: boolean; message: string };
    assert.equal(raw.ok, false);
    assert.match(raw.message, /-504003|timed out/);
  });

  it('answers a throwing function and one that exits, and keeps serving', async () => {
    const thrown = await post('/api/fn/thrower', JSON.stringify({ action: 'throw' }));
    assert.equal(thrown.status, 500);
    assert.equal((thrown.body as { errCode: number }).errCode, -504002);
    assert.match((thrown.body as { errMsg: string }).errMsg, /boom/);
    const exited = await post('/api/fn/thrower', JSON.stringify({ action: 'exit' }));
    assert.equal(exited.status, 500);
    const viaSdk = (await t.raw('caller', { name: 'thrower' })) as { ok: boolean; code: string };
    assert.equal(viaSdk.ok, false);
    assert.equal(viaSdk.code, 'FUNCTIONS_EXECUTE_FAIL');
    assert.equal(((await t.call('whoami', 'me', {}, { openid: 'still-up' })) as Who).after.OPENID, 'still-up');
  });

  it('answers bad input without going down', async () => {
    assert.equal((await post('/api/fn/whoami', '{not json')).status, 400);
    assert.equal((await post('/api/fn/whoami', '[1,2]')).status, 400);
    const missing = await post('/api/fn/noSuchFunction', '{}');
    assert.equal(missing.status, 404);
    assert.equal((missing.body as { errCode: number }).errCode, -501000);
    assert.equal((await post('/api/fn/..%2F..%2Fetc', '{}')).status, 404);
    assert.equal((await post('/api/nowhere', '{}')).status, 404);
    assert.equal((await post('/api/clock', JSON.stringify({ now: 'yesterday' }))).status, 400);
    assert.equal((await post('/api/pay/no-such-order', '{}')).status, 404);
    // /admin: malformed JSON, unknown action, unknown collection, a query the cloud refuses.
    const admin = async (body: string) => (await post('/admin', body)).body as { code?: string; data?: unknown };
    assert.equal((await admin('{oops')).code, 'INVALID_PARAM');
    assert.equal((await admin('"a string"')).code, 'INVALID_PARAM');
    assert.equal((await admin(JSON.stringify({ action: 'database.launchRocket' }))).code, 'INVALID_ACTION');
    assert.equal((await admin(JSON.stringify({ action: 'database.getDocument', collectionName: 'nope' }))).code, 'DATABASE_COLLECTION_NOT_EXIST');
    assert.equal((await admin(JSON.stringify({ action: 'database.getDocument', collectionName: 'people', query: '{"a":{"$frobnicate":1}}' }))).code, 'INVALID_PARAM');
    assert.equal((await admin(JSON.stringify({ action: 'database.getDocument', collectionName: 'people', query: '{bad' }))).code, 'INVALID_PARAM');
    assert.equal((await admin(JSON.stringify({ action: 'database.commitTransaction', transactionId: 'nope' }))).code, 'DATABASE_TRANSACTION_FAIL');
    assert.equal((await admin(JSON.stringify({ action: 'functions.invokeFunction', function_name: 'nope' }))).code, 'ResourceNotFound.Function');
    // Through the SDK the codes surface on the thrown error.
    await assert.rejects(db.collection('nope').get(), (error: { code?: string; errMsg?: string; message?: string }) => {
      // The SDK turns the cloud's DATABASE_COLLECTION_NOT_EXIST into errCode -502005.
      assert.match(`${error.code ?? ''} ${error.errMsg ?? ''} ${error.message ?? ''}`, /-502005|DATABASE_COLLECTION_NOT_EXIST/);
      return true;
    });
    // Still up.
    assert.equal(((await t.call('whoami', 'me', {}, { openid: 'ok' })) as Who).after.OPENID, 'ok');
  });
});

describe('the clock', () => {
  it('is what the function sees from Date and serverDate while fixed', async () => {
    await t.setClock('2026-02-16T23:59:30.000+08:00');
    try {
      const seen = (await t.call('clock', 'now', {})) as Record<string, unknown>;
      assert.equal(seen.newDate, '2026-02-16T15:59:30.000Z');
      assert.equal(seen.dateNow, Date.parse('2026-02-16T15:59:30.000Z'));
      assert.match(String(seen.dateCall), /Mon Feb 16 2026 15:59:30/);
      assert.equal(seen.isDate, true);
      assert.equal(seen.parsed, '2020-01-01T00:00:00.000Z');
      assert.equal(seen.serverDate, '2026-02-16T15:59:30.000Z');
      assert.equal(seen.serverDateLater, '2026-02-16T16:00:30.000Z');
    } finally {
      await t.setClock(null);
    }
    const released = (await t.call('clock', 'now', {})) as { dateNow: number };
    assert.ok(released.dateNow > Date.parse('2026-02-17T00:00:00Z') || released.dateNow < Date.parse('2026-02-16T00:00:00Z'));
  });
});

describe('timers', () => {
  it('fire on their cron in Asia/Shanghai while the process is in UTC', async () => {
    assert.equal(new Date(2026, 0, 1).getTimezoneOffset(), 0, 'the test runner sets TZ=UTC');
    const { scheduler } = t.cloud;
    // ticker fires at 09:30:00 Shanghai = 01:30:00 UTC.
    scheduler.load(new Date('2026-03-01T00:00:00Z'));
    assert.deepEqual(
      scheduler.nextRuns('ticker', 2, new Date('2026-03-01T00:00:00Z')).map((d) => d.toISOString()),
      ['2026-03-01T01:30:00.000Z', '2026-03-02T01:30:00.000Z'],
    );
    assert.deepEqual(await scheduler.tick(new Date('2026-03-01T01:29:59Z')), []);
    const fired = await scheduler.tick(new Date('2026-03-01T01:30:00Z'));
    assert.equal(fired.length, 1);
    assert.equal(fired[0].name, 'ticker');
    assert.ok(fired[0].outcome.ok);
    const result = (fired[0].outcome as { result: { event: Record<string, unknown>; source: string } }).result;
    assert.deepEqual(result.event, { Type: 'Timer', TriggerName: 'morning', Time: '2026-03-01T01:30:00Z', Message: '' });
    assert.equal(result.source, 'wx_trigger');
    // Not again until the next morning.
    assert.deepEqual(await scheduler.tick(new Date('2026-03-01T12:00:00Z')), []);
    assert.equal((await scheduler.tick(new Date('2026-03-02T01:30:01Z'))).length, 1);
  });

  it('POST /api/timer/:name runs one now, with the clock’s time', async () => {
    await t.setClock('2026-05-01T00:00:00Z');
    try {
      const reply = (await t.runTimer('ticker')) as { event: Record<string, unknown>; source: string };
      assert.deepEqual(reply.event, { Type: 'Timer', TriggerName: 'morning', Time: '2026-05-01T00:00:00Z', Message: '' });
      assert.equal(reply.source, 'wx_trigger');
    } finally {
      await t.setClock(null);
    }
  });
});

describe('WeChat services', () => {
  it('records a unified order, answers payment params, and delivers the paid callback', async () => {
    const order = (await t.call('shop', 'order', { outTradeNo: 'T-001', totalFee: 1200 }, { openid: 'payer-1' })) as Record<string, unknown>;
    assert.equal(order.returnCode, 'SUCCESS');
    assert.equal(order.resultCode, 'SUCCESS');
    const payment = order.payment as Record<string, string>;
    assert.deepEqual(Object.keys(payment).sort(), ['appId', 'nonceStr', 'package', 'paySign', 'signType', 'timeStamp']);
    assert.match(payment.package, /^prepay_id=/);
    const payments = await t.payments();
    assert.equal(payments.length, 1);
    assert.equal(payments[0].api, 'unifiedOrder');
    assert.equal(payments[0].request.out_trade_no, 'T-001');
    assert.equal(payments[0].request.total_fee, 1200);
    assert.equal(payments[0].openid, 'payer-1');

    await t.setClock('2026-06-01T04:05:06Z');
    try {
      assert.deepEqual(await t.pay('T-001'), { errcode: 0, errmsg: 'OK' });
      assert.deepEqual(await t.pay('T-001'), { errcode: 0, errmsg: 'OK' }, 'may be repeated');
    } finally {
      await t.setClock(null);
    }
    const { data } = await db.collection('events').where({ kind: 'paid' }).get();
    assert.equal(data.length, 2);
    const callback = data[0].event as Record<string, unknown>;
    assert.equal(data[0].source, 'wx_paycallback');
    assert.equal(data[0].openid, 'payer-1');
    assert.equal(callback.outTradeNo, 'T-001');
    assert.equal(callback.totalFee, 1200);
    assert.equal(callback.resultCode, 'SUCCESS');
    assert.equal(callback.subOpenid, 'payer-1');
    assert.equal(callback.timeEnd, '20260601120506');
    assert.equal(callback.transactionId, (data[1].event as Record<string, unknown>).transactionId);

    const query = (await t.call('shop', 'query', { outTradeNo: 'T-001' })) as Record<string, unknown>;
    assert.equal(query.tradeState, 'SUCCESS');
    const refund = (await t.call('shop', 'refund', { outTradeNo: 'T-001', outRefundNo: 'R-001', totalFee: 1200 })) as Record<string, unknown>;
    assert.equal(refund.resultCode, 'SUCCESS');
    assert.deepEqual(
      (await t.payments()).map((p) => p.api),
      ['unifiedOrder', 'queryOrder', 'refund'],
    );
  });

  it('records subscription messages and refuses them when told to', async () => {
    const sent = (await t.call('shop', 'notify', { touser: 'reader-1' })) as { sent: boolean; res: { errCode: number } };
    assert.equal(sent.sent, true);
    const outbox = await t.outbox();
    const mine = outbox.filter((m) => m.touser === 'reader-1');
    assert.equal(mine.length, 1);
    assert.equal(mine[0].template_id, 'tpl-1');
    assert.equal(mine[0].page, 'pages/index/index');
    assert.deepEqual(mine[0].data, { thing1: { value: '水管漏水' } });

    await t.failOpenApi({ api: 'subscribeMessage.send', errcode: 43101, touser: 'reader-2', times: 2 });
    const refused = (await t.call('shop', 'notify', { touser: 'reader-2' })) as { sent: boolean; errCode: number };
    assert.deepEqual([refused.sent, refused.errCode], [false, 43101]);
    // Someone else is not affected; the second refusal is still queued for reader-2.
    assert.equal(((await t.call('shop', 'notify', { touser: 'reader-3' })) as { sent: boolean }).sent, true);
    assert.equal(((await t.call('shop', 'notify', { touser: 'reader-2' })) as { sent: boolean }).sent, false);
    assert.equal(((await t.call('shop', 'notify', { touser: 'reader-2' })) as { sent: boolean }).sent, true);
    assert.equal((await t.outbox()).filter((m) => m.touser === 'reader-2').length, 1);
  });

  it('stores uploaded files and serves them at their temp URL', async () => {
    const cloud = connectSdk(t.url);
    const up = await cloud.uploadFile({ cloudPath: 'photos/a b.txt', fileContent: Buffer.from('hello 管家') });
    assert.match(up.fileID, /^cloud:\/\/local-env\..+\/photos\/a b\.txt$/);
    const { fileList } = await cloud.getTempFileURL({ fileList: [up.fileID, 'cloud://local-env.x/none.txt'] });
    assert.equal(fileList[0].status, 0);
    assert.equal(await (await fetch(fileList[0].tempFileURL)).text(), 'hello 管家');
    assert.equal(fileList[1].status, -503003);
    const down = await cloud.downloadFile({ fileID: up.fileID });
    assert.equal(down.fileContent.toString(), 'hello 管家');
    const del = await cloud.deleteFile({ fileList: [up.fileID] });
    assert.equal(del.fileList[0].status, 0);
    assert.equal((await fetch(fileList[0].tempFileURL)).status, 404);
  });
});

describe('static and dev endpoints', () => {
  it('serves a note when there is no h5 build, and the dev people', async () => {
    const other = await startTestCloud({ ...fixtureCloud, staticDir: '/nonexistent', seedDir: `${process.cwd()}/test/fixtures/seed` });
    try {
      const page = await fetch(`${other.url}/some/route`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /npm run build:h5/);
      const people = await (await fetch(`${other.url}/api/dev/people`)).json();
      assert.deepEqual(people, [{ openid: 'fixture-1', name: '测试', label: 'fixture person' }]);
      assert.equal(other.cloud.store.count('people', {}), 1);
    } finally {
      await other.close();
    }
  });

  it('serves the h5 build, falling back to index.html for app routes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guanjia-h5-'));
    mkdirSync(join(dir, 'js'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>h5</title>');
    writeFileSync(join(dir, 'js', 'app.js'), 'console.log(1)');
    const other = await startTestCloud({ ...fixtureCloud, staticDir: dir });
    try {
      const asset = await fetch(`${other.url}/js/app.js`);
      assert.match(String(asset.headers.get('content-type')), /javascript/);
      assert.equal(await asset.text(), 'console.log(1)');
      assert.equal(await (await fetch(`${other.url}/pages/tickets/detail?id=1`)).text(), '<!doctype html><title>h5</title>');
      assert.equal(await (await fetch(`${other.url}/../../etc/passwd`)).text(), '<!doctype html><title>h5</title>');
    } finally {
      await other.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
