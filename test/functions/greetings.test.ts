// Greetings through the real wx-server-sdk against the local cloud, with a fixed clock: who is
// greeted on a holiday and a birthday, exactly once across concurrent runs and a run that dies
// half-way, the grant ledger (with, without, refused, transient failure), a 2,000-owner holiday
// over several trigger runs, and a lead's texts, previews, counts and custom dates.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { connectSdk } from '../support/sdk';
import { PROJECT_ROOT } from '../../emulator/index';
import type { Reply } from '../../types/envelope';
import type { GreetingOccasionView } from '../../types/greetings';
import type { Database } from '../../cloudfunctions/core/sdk';
import { runGreetings, STALE_MS, type GreetReport } from '../../cloudfunctions/core/greetings/run';
import { SimulatedCrash, crashAfterClaims } from '../support/faults';
import type { GreetingDoc } from '../../cloudfunctions/core/greetings/model';
import { BUDGET_MS, MAX_GREETINGS_PER_RUN, TIMEOUT_S } from '../../cloudfunctions/greetDaily/index';

const LEAD = 'dev-lead';
const OWNER1 = 'dev-owner-1'; // 王建国, 1-1-101, birthday 03-15, opted in
const OWNER2 = 'dev-owner-2'; // 李秀英, 2-1-202, opted in
const RESIDENT = 'dev-resident-1'; // a tenant, opted out

const SPRING_2026 = '2026-02-17T01:00:00.000Z'; // 09:00 Shanghai
const MIN = 60_000;

type Doc = Record<string, unknown> & { _id: string };

/** An owner with a binding, a unit (taken or not) and a profile, straight into the store. */
function addOwner(cloud: TestCloud, openid: string, opts: { unit: string; name?: string; optIn?: boolean; possession?: boolean; birthday?: string | null }): void {
  const created = new Date('2026-01-05T02:00:00.000Z');
  const { store } = cloud.cloud;
  store.insert('units', [{ _id: `yuehai:${opts.unit}`, communityId: 'yuehai', unit: opts.unit, building: opts.unit.split('-')[0], possession: opts.possession ?? true }]);
  store.insert('bindings', [
    {
      _id: `b-${openid}`,
      openid,
      communityId: 'yuehai',
      unit: opts.unit,
      role: 'owner',
      state: 'active',
      phone: '13900000000',
      name: opts.name ?? null,
      createdAt: created,
      decidedAt: created,
      decidedBy: 'roster',
      rejectReason: null,
    },
  ]);
  store.insert('people', [{ _id: openid, name: opts.name ?? null, birthday: opts.birthday ?? null, greetingsOptIn: opts.optIn ?? true, createdAt: created, updatedAt: created }]);
}

function greetingsOf(cloud: TestCloud, filter: Record<string, unknown> = {}): GreetingDoc[] {
  return cloud.cloud.store.find('greetings', filter) as unknown as GreetingDoc[];
}
function inboxOf(cloud: TestCloud, openid: string): Doc[] {
  return cloud.cloud.store.find('inbox', { openid, template: 'greeting' }) as Doc[];
}
async function outboxTo(cloud: TestCloud, openid: string): Promise<number> {
  return (await cloud.outbox()).filter((m) => m.touser === openid && m.template_id === 'local-greeting').length;
}
async function grant(cloud: TestCloud, openid: string, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) {
    const reply = (await cloud.call('account', 'grantSubscriptions', { templates: ['greeting'] }, { openid })) as Reply<unknown>;
    assert.ok(reply.ok, JSON.stringify(reply));
  }
}
async function grantsLeft(cloud: TestCloud, openid: string): Promise<number> {
  const reply = (await cloud.call('account', 'me', {}, { openid })) as Reply<{ subscriptions: Record<string, number> }>;
  assert.ok(reply.ok);
  return reply.data.subscriptions.greeting;
}
async function timer(cloud: TestCloud): Promise<GreetReport> {
  const reply = (await cloud.runTimer('greetDaily')) as Reply<GreetReport>;
  assert.ok(reply.ok, `greetDaily: ${JSON.stringify(reply)}`);
  return reply.data;
}

/** Every greeting in the ledger has exactly one inbox entry and at most one subscription message. */
async function assertOnce(cloud: TestCloud, openids: string[], occasionTitle: string): Promise<void> {
  const outbox = await cloud.outbox();
  for (const openid of openids) {
    const entries = inboxOf(cloud, openid).filter((m) => m.title === occasionTitle);
    assert.equal(entries.length, 1, `${openid}: one inbox greeting (${entries.length})`);
    const sent = outbox.filter((m) => m.touser === openid && m.template_id === 'local-greeting' && m.data.thing1?.value === occasionTitle);
    assert.ok(sent.length <= 1, `${openid}: at most one subscription message (${sent.length})`);
  }
}

describe('greetDaily on a holiday: who is greeted, and the grants', () => {
  let cloud: TestCloud;
  before(async () => {
    cloud = await startTestCloud();
    await cloud.setClock('2026-02-10T02:00:00.000Z');
    addOwner(cloud, 'owner-optout', { unit: '7-1-102', name: '赵不扰', optIn: false });
    addOwner(cloud, 'owner-not-moved-in', { unit: '7-1-201', name: '钱未入', possession: false });
    addOwner(cloud, 'owner-refuses', { unit: '7-1-202', name: '孙拒绝' });
    addOwner(cloud, 'owner-busy', { unit: '7-1-301', name: '周繁忙' });
    addOwner(cloud, 'owner-down', { unit: '7-1-302', name: '吴失联' });
    await grant(cloud, OWNER1);
    await grant(cloud, 'owner-refuses', 2);
    await grant(cloud, 'owner-busy');
    await grant(cloud, 'owner-down');
  });
  after(() => cloud.close());

  it('does nothing before 09:00 Shanghai', async () => {
    await cloud.setClock('2026-02-17T00:59:00.000Z'); // 08:59
    const report = await timer(cloud);
    assert.equal(report.skipped, 'quiet_hours');
    assert.equal(greetingsOf(cloud).length, 0);
  });

  it('greets on 春节 every owner who has taken possession and opted in, and nobody else', async () => {
    await cloud.setClock(SPRING_2026);
    await cloud.failOpenApi({ api: 'subscribeMessage.send', errcode: 43101, touser: 'owner-refuses' });
    await cloud.failOpenApi({ api: 'subscribeMessage.send', errcode: -1, errmsg: 'system error', touser: 'owner-busy' });
    await cloud.failOpenApi({ api: 'subscribeMessage.send', errcode: -1, touser: 'owner-down', times: 10 });
    const report = await timer(cloud);
    assert.equal(report.date, '2026-02-17');
    assert.deepEqual(report.occasions, ['*:birthday', 'yuehai:springFestival']);
    assert.equal(report.complete, true);
    const greeted = greetingsOf(cloud, { occasion: 'springFestival', year: 2026 })
      .map((g) => g.openid)
      .sort();
    assert.deepEqual(greeted, [OWNER1, OWNER2, 'owner-busy', 'owner-down', 'owner-refuses'].sort());
    for (const nobody of ['owner-optout', 'owner-not-moved-in', RESIDENT]) {
      assert.equal(inboxOf(cloud, nobody).length, 0, `${nobody} gets nothing`);
      assert.equal(await outboxTo(cloud, nobody), 0);
    }
    const [entry] = inboxOf(cloud, OWNER1);
    assert.equal(entry.title, '春节问候');
    assert.match(String(entry.body), /^王建国，新春快乐！悦海和园管家团队/);
  });

  it('with a grant: inbox and subscription message, the grant spent', async () => {
    assert.equal(inboxOf(cloud, OWNER1).length, 1);
    const sent = (await cloud.outbox()).filter((m) => m.touser === OWNER1);
    assert.equal(sent.length, 1);
    assert.equal(sent[0].data.thing1.value, '春节问候');
    assert.equal(sent[0].data.date3.value, '2026年2月17日');
    assert.equal(await grantsLeft(cloud, OWNER1), 0);
    assert.equal(greetingsOf(cloud, { openid: OWNER1 })[0].push, 'sent');
  });

  it('without a grant: the inbox only', async () => {
    assert.equal(inboxOf(cloud, OWNER2).length, 1);
    assert.equal(await outboxTo(cloud, OWNER2), 0);
    assert.equal(greetingsOf(cloud, { openid: OWNER2 })[0].push, 'no_grant');
  });

  it('refused by WeChat (43101): grant zeroed, the inbox greeting stays, no retry', async () => {
    assert.equal(inboxOf(cloud, 'owner-refuses').length, 1);
    assert.equal(await outboxTo(cloud, 'owner-refuses'), 0);
    assert.equal(await grantsLeft(cloud, 'owner-refuses'), 0, 'both grants gone');
    const [g] = greetingsOf(cloud, { openid: 'owner-refuses' });
    assert.equal(g.state, 'done');
    assert.equal(g.push, 'refused');
  });

  it('a transient failure keeps the grant and is retried after the backoff, once', async () => {
    let [g] = greetingsOf(cloud, { openid: 'owner-busy' });
    assert.equal(g.state, 'retry');
    assert.equal(g.attempts, 1);
    assert.equal(await grantsLeft(cloud, 'owner-busy'), 1, 'the grant came back');
    assert.equal(await outboxTo(cloud, 'owner-busy'), 0);
    // the next trigger, 2 minutes later, is before the backoff: nothing yet
    await cloud.setClock(new Date(Date.parse(SPRING_2026) + 2 * MIN).toISOString());
    assert.equal((await timer(cloud)).retried, 0);
    await cloud.setClock(new Date(Date.parse(SPRING_2026) + 6 * MIN).toISOString());
    const report = await timer(cloud);
    assert.equal(report.retried, 2, 'owner-busy, and owner-down (still failing, see below)');
    [g] = greetingsOf(cloud, { openid: 'owner-busy' });
    assert.equal(g.state, 'done');
    assert.equal(g.push, 'sent');
    assert.equal(g.attempts, 2);
    assert.equal(await outboxTo(cloud, 'owner-busy'), 1);
    assert.equal(inboxOf(cloud, 'owner-busy').length, 1, 'the inbox greeting was not written again');
    assert.equal(await grantsLeft(cloud, 'owner-busy'), 0);
  });

  it('gives up a transient failure after four tries, leaving the inbox greeting', async () => {
    // owner-down was greeted at 09:00 with the others; WeChat has been failing for them since
    let t = Date.parse(SPRING_2026) + 6 * MIN;
    for (const wait of [0, 5, 15, 45]) {
      t += wait * MIN;
      await cloud.setClock(new Date(t).toISOString());
      await timer(cloud);
    }
    const [g] = greetingsOf(cloud, { openid: 'owner-down' });
    assert.equal(g.state, 'done');
    assert.equal(g.push, 'failed');
    assert.equal(g.attempts, 4);
    assert.equal(await grantsLeft(cloud, 'owner-down'), 1, 'never spent');
    assert.equal(inboxOf(cloud, 'owner-down').length, 1);
    await cloud.setClock(new Date(t + 60 * MIN).toISOString());
    await timer(cloud);
    assert.equal(greetingsOf(cloud, { openid: 'owner-down' })[0].attempts, 4, 'no fifth try');
  });

  it('a later run the same day greets nobody again', async () => {
    await cloud.setClock('2026-02-17T03:00:00.000Z');
    const outboxBefore = (await cloud.outbox()).length;
    const report = await timer(cloud);
    assert.equal(report.greeted, 0);
    assert.equal((await cloud.outbox()).length, outboxBefore);
    await assertOnce(cloud, [OWNER1, OWNER2, 'owner-busy', 'owner-refuses', 'owner-down'], '春节问候');
  });

  it('春节 2027 falls on 6 February and is greeted again, once', async () => {
    await cloud.setClock('2027-02-05T01:00:00.000Z');
    assert.deepEqual((await timer(cloud)).occasions, ['*:birthday']);
    await cloud.setClock('2027-02-06T01:00:00.000Z');
    const report = await timer(cloud);
    assert.deepEqual(report.occasions, ['*:birthday', 'yuehai:springFestival']);
    assert.equal(greetingsOf(cloud, { occasion: 'springFestival', year: 2027 }).length, 5);
    assert.equal(inboxOf(cloud, OWNER1).length, 2, 'one for 2026, one for 2027');
  });

  it('shows a lead this year’s and last year’s counts', async () => {
    const reply = (await cloud.call('greetings', 'templates', {}, { openid: LEAD })) as Reply<{ year: number; occasions: GreetingOccasionView[] }>;
    assert.ok(reply.ok, JSON.stringify(reply));
    assert.equal(reply.data.year, 2027);
    const spring = reply.data.occasions.find((o) => o.occasion === 'springFestival');
    assert.deepEqual(spring?.counts, { thisYear: 5, lastYear: 5, thisYearPushed: 0 });
    assert.equal(spring?.nextDate, '2027-02-06');
    assert.equal(reply.data.occasions.find((o) => o.occasion === 'midAutumn')?.nextDate, '2027-09-15');
  });
});

describe('greetDaily on a birthday', () => {
  let cloud: TestCloud;
  before(async () => {
    cloud = await startTestCloud();
    addOwner(cloud, 'leap-born', { unit: '7-1-102', name: '闰日生', birthday: '02-29' });
    addOwner(cloud, 'feb28-born', { unit: '7-1-201', name: '二八生', birthday: '02-28' });
    addOwner(cloud, 'leap-optout', { unit: '7-1-202', name: '不打扰', birthday: '02-29', optIn: false });
    addOwner(cloud, 'leap-not-in', { unit: '7-1-301', name: '未入住', birthday: '02-29', possession: false });
  });
  after(() => cloud.close());

  it('greets a 29 February birthday on 28 February of a common year (2027)', async () => {
    await cloud.setClock('2027-02-28T01:00:00.000Z');
    const report = await timer(cloud);
    assert.deepEqual(report.occasions, ['*:birthday']);
    const greeted = greetingsOf(cloud, { occasion: 'birthday' })
      .map((g) => g.openid)
      .sort();
    assert.deepEqual(greeted, ['feb28-born', 'leap-born']);
    const [entry] = inboxOf(cloud, 'leap-born');
    assert.equal(entry.title, '生日祝福');
    assert.match(String(entry.body), /^亲爱的闰日生，今天是您的生日！悦海和园/);
  });

  it('greets it on the day itself in a leap year (2028), not on the 28th', async () => {
    await cloud.setClock('2028-02-28T01:00:00.000Z');
    await timer(cloud);
    assert.deepEqual(
      greetingsOf(cloud, { occasion: 'birthday', year: 2028 }).map((g) => g.openid),
      ['feb28-born'],
    );
    await cloud.setClock('2028-02-29T01:00:00.000Z');
    await timer(cloud);
    assert.deepEqual(
      greetingsOf(cloud, { occasion: 'birthday', year: 2028 })
        .map((g) => g.openid)
        .sort(),
      ['feb28-born', 'leap-born'],
    );
  });

  it('greets the seeded owner on 15 March, with the text the lead saved', async () => {
    const saved = (await cloud.call('greetings', 'saveTemplate', { occasion: 'birthday', text: '{name}，{community}祝您生日快乐！' }, { openid: LEAD })) as Reply<unknown>;
    assert.ok(saved.ok, JSON.stringify(saved));
    await cloud.setClock('2027-03-15T01:30:00.000Z');
    await timer(cloud);
    const [entry] = inboxOf(cloud, OWNER1);
    assert.equal(entry.body, '王建国，悦海和园祝您生日快乐！');
  });
});

describe('exactly once: concurrent runs and a run that dies half-way', () => {
  let cloud: TestCloud;
  let database: Database;
  const owners: string[] = [];
  before(async () => {
    cloud = await startTestCloud();
    for (let i = 0; i < 60; i++) {
      const openid = `mid-${String(i).padStart(3, '0')}`;
      addOwner(cloud, openid, { unit: `3-1-${1000 + i}`, name: `业主${i}` });
      owners.push(openid);
      if (i % 2 === 0) await grant(cloud, openid);
    }
    owners.push(OWNER1, OWNER2);
    database = connectSdk(cloud.url).database() as Database;
  });
  after(() => cloud.close());

  it('two trigger runs at once on 中秋 2026 (25 September) greet each person once', async () => {
    await cloud.setClock('2026-09-25T01:00:00.000Z');
    const [a, b] = await Promise.all([timer(cloud), timer(cloud)]);
    assert.deepEqual(a.occasions, ['*:birthday', 'yuehai:midAutumn']);
    assert.equal(a.greeted + b.greeted, owners.length, 'between them, everyone once');
    assert.equal(greetingsOf(cloud, { occasion: 'midAutumn' }).length, owners.length);
    await assertOnce(cloud, owners, '中秋问候');
    assert.equal((await cloud.outbox()).length, 30, 'one message per grant');
  });

  it('a run killed after half the batch is resumed by the next: everyone once, nobody missed', async () => {
    const day = Date.parse('2026-10-01T01:00:00.000Z'); // 国庆 09:00
    await cloud.setClock(new Date(day).toISOString());
    for (let i = 0; i < 60; i += 2) await grant(cloud, owners[i]);
    const outboxBefore = (await cloud.outbox()).length;
    // dies half-way through the page's batch of claims: the page's inbox entries are written, 31
    // of its 62 claims are in, and none of the grant holders among them has been sent anything
    await assert.rejects(runGreetings(database, { now: new Date(day), pageSize: 100, concurrency: 1, faults: crashAfterClaims(31) }), SimulatedCrash);
    const claimed = greetingsOf(cloud, { occasion: 'nationalDay' });
    assert.equal(claimed.length, 31);
    const waiting = claimed.filter((g) => g.state === 'claimed');
    assert.equal(waiting.length, 16, 'mid-000, mid-002 … mid-030 hold grants and were claimed, not sent');
    assert.equal((await cloud.outbox()).length, outboxBefore);
    // a run at once (a concurrent one) leaves the dead run's claims alone (it may still be alive)
    // and greets the other half of the page
    const early = await runGreetings(database, { now: new Date(day + 1000), concurrency: 4 });
    assert.equal(early.resumed, 0);
    assert.equal(early.greeted, owners.length - 31);
    assert.equal(early.alreadyClaimed, 31);
    assert.equal(greetingsOf(cloud, { occasion: 'nationalDay', state: 'claimed' }).length, 16);
    // the next trigger, past the point where the dead run's time limit has surely passed, finishes them
    await cloud.setClock(new Date(day + STALE_MS + 2 * MIN).toISOString());
    const next = await timer(cloud);
    assert.equal(next.resumed, 16);
    const all = greetingsOf(cloud, { occasion: 'nationalDay' });
    assert.equal(all.length, owners.length);
    assert.deepEqual(
      all.filter((g) => g.state !== 'done').map((g) => [g.openid, g.state, g.push]),
      [],
    );
    await assertOnce(cloud, owners, '国庆问候');
    assert.equal((await cloud.outbox()).length - outboxBefore, 30, 'every grant used once, none twice');
  });

  it('a run killed while WeChat was being asked is never sent again', async () => {
    const day = Date.parse('2027-01-01T01:00:00.000Z'); // 元旦 2027
    await cloud.setClock(new Date(day).toISOString());
    await grant(cloud, 'mid-000');
    await runGreetings(database, { now: new Date(day) });
    // As if the run had died between asking WeChat and recording the answer.
    const victim = greetingsOf(cloud, { occasion: 'newYear', openid: 'mid-000' })[0];
    assert.equal(victim.push, 'sent');
    cloud.cloud.store.update('greetings', { _id: victim._id }, { $set: { state: 'pushing', push: null, heldAt: new Date(day) } }, {});
    const outboxBefore = (await cloud.outbox()).length;
    await cloud.setClock(new Date(day + STALE_MS + MIN).toISOString());
    const report = await timer(cloud);
    assert.equal(report.resumed, 1);
    const settled = greetingsOf(cloud, { _id: victim._id })[0];
    assert.equal(settled.state, 'done');
    assert.equal(settled.push, 'unknown');
    assert.equal((await cloud.outbox()).length, outboxBefore, 'nothing sent again');
  });
});

describe('a holiday for 2,000 owners over several trigger runs', () => {
  let cloud: TestCloud;
  before(async () => {
    cloud = await startTestCloud();
    const created = new Date('2026-01-05T02:00:00.000Z');
    const units: Doc[] = [];
    const bindings: Doc[] = [];
    const people: Doc[] = [];
    for (let i = 0; i < 2000; i++) {
      const openid = `crowd-${String(i).padStart(5, '0')}`;
      const unit = `${5 + Math.floor(i / 500)}-1-${1000 + (i % 500)}`;
      units.push({ _id: `yuehai:${unit}`, communityId: 'yuehai', unit, building: unit.split('-')[0], possession: true });
      bindings.push({
        _id: `b-${openid}`,
        openid,
        communityId: 'yuehai',
        unit,
        role: 'owner',
        state: 'active',
        phone: '13900000000',
        name: `业主${i}`,
        createdAt: created,
        decidedAt: created,
        decidedBy: 'roster',
        rejectReason: null,
      });
      people.push({ _id: openid, name: `业主${i}`, birthday: null, greetingsOptIn: true, createdAt: created, updatedAt: created });
    }
    cloud.cloud.store.insert('units', units);
    cloud.cloud.store.insert('bindings', bindings);
    cloud.cloud.store.insert('people', people);
  });
  after(() => cloud.close());

  it('keeps config.json and the function’s budget in step', () => {
    const config = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cloudfunctions/greetDaily/config.json'), 'utf8')) as { timeout: number; triggers: Array<{ config: string }> };
    assert.equal(config.timeout, TIMEOUT_S);
    assert.ok(BUDGET_MS < TIMEOUT_S * 1000 * 0.7, 'a page in flight has room to finish');
    assert.ok(STALE_MS > TIMEOUT_S * 1000 * 2, 'a claim is presumed dead only long after any run must have ended');
    assert.equal(config.triggers[0].config, '0 * 9-11 * * * *', 'every minute from 09:00 to 11:59');
  });

  it('completes 端午 over several trigger runs, each inside the time limit, everyone once', async () => {
    let t = Date.parse('2026-06-19T01:00:00.000Z'); // 端午 2026, 09:00
    const reports: GreetReport[] = [];
    const fired = cloud.cloud.scheduler;
    assert.ok(
      fired.planned().some((p) => p.name === 'greetDaily'),
      'the timer is declared',
    );
    for (let run = 0; run < 40; run++) {
      await cloud.setClock(new Date(t).toISOString());
      // the emulator kills a run that outlives config.json's timeout: this would then reply 504
      const outcome = await cloud.cloud.runTimer('greetDaily');
      assert.ok(outcome.ok, `run ${run} over the time limit or failed: ${JSON.stringify(outcome)}`);
      const reply = outcome.result as Reply<GreetReport>;
      assert.ok(reply.ok);
      reports.push(reply.data);
      if (reply.data.complete) break;
      t += MIN;
    }
    const total = reports.reduce((n, r) => n + r.greeted, 0);
    assert.equal(total, 2002, 'the 2,000 and the two seeded owners');
    assert.equal(reports.at(-1)?.complete, true);
    const ledger = greetingsOf(cloud, { occasion: 'dragonBoat' });
    assert.equal(ledger.length, 2002);
    assert.equal(new Set(ledger.map((g) => g.openid)).size, 2002);
    assert.equal((cloud.cloud.store.find('inbox', { template: 'greeting' }) as Doc[]).length, 2002);
    console.log(`# 2,000 owners: ${reports.length} runs, greeted per run ${reports.map((r) => r.greeted).join(',')}`);
    assert.ok(reports.length >= 3, 'at most 1,000 a run: the place was kept between runs');
    assert.ok(
      reports.every((r) => r.greeted <= MAX_GREETINGS_PER_RUN + 100),
      'a run stops within a page of its bound',
    );
  });
});

describe('a lead’s texts, previews and custom dates', () => {
  let cloud: TestCloud;
  before(async () => {
    cloud = await startTestCloud();
    await cloud.setClock('2026-11-24T02:00:00.000Z');
  });
  after(() => cloud.close());

  it('lists every occasion with its default text and next date', async () => {
    const reply = (await cloud.call('greetings', 'templates', {}, { openid: LEAD })) as Reply<{ communityName: string; occasions: GreetingOccasionView[]; warning: string | null }>;
    assert.ok(reply.ok, JSON.stringify(reply));
    assert.equal(reply.data.communityName, '悦海和园');
    assert.deepEqual(
      reply.data.occasions.map((o) => o.occasion),
      ['birthday', 'newYear', 'springFestival', 'lantern', 'dragonBoat', 'midAutumn', 'nationalDay'],
    );
    const spring = reply.data.occasions.find((o) => o.occasion === 'springFestival');
    assert.equal(spring?.nextDate, '2027-02-06');
    assert.equal(spring?.isDefault, true);
    assert.equal(reply.data.warning, null);
  });

  it('is for leads and managers only', async () => {
    for (const who of [OWNER1, 'dev-steward-1']) {
      const reply = (await cloud.call('greetings', 'templates', {}, { openid: who })) as Reply<unknown>;
      assert.equal(reply.ok, false);
      if (!reply.ok) assert.equal(reply.error.code, 'FORBIDDEN');
    }
    const manager = (await cloud.call('greetings', 'templates', {}, { openid: 'dev-manager' })) as Reply<unknown>;
    assert.ok(manager.ok);
    const elsewhere = (await cloud.call('greetings', 'templates', { communityId: 'other' }, { openid: LEAD })) as Reply<unknown>;
    assert.equal(elsewhere.ok, false);
  });

  it('saves a text and refuses an unknown placeholder, naming the field', async () => {
    const bad = (await cloud.call('greetings', 'saveTemplate', { occasion: 'midAutumn', text: '{姓名}，中秋快乐！' }, { openid: LEAD })) as Reply<unknown>;
    assert.equal(bad.ok, false);
    if (!bad.ok) {
      assert.equal(bad.error.code, 'INVALID_INPUT');
      assert.ok(bad.error.fields?.text);
    }
    const good = (await cloud.call('greetings', 'saveTemplate', { occasion: 'midAutumn', text: '{name}，{community}祝您中秋团圆！' }, { openid: LEAD })) as Reply<{
      occasion: GreetingOccasionView;
    }>;
    assert.ok(good.ok, JSON.stringify(good));
    assert.equal(good.data.occasion.isDefault, false);
    assert.equal(good.data.occasion.text, '{name}，{community}祝您中秋团圆！');
  });

  it('previews as a given owner (by unit), as a sample owner, and refuses a unit without an owner', async () => {
    const asOwner = (await cloud.call('greetings', 'preview', { occasion: 'midAutumn', unit: '1-1-101' }, { openid: LEAD })) as Reply<{
      title: string;
      body: string;
      person: { name: string } | null;
      subscription: Record<string, string>;
    }>;
    assert.ok(asOwner.ok, JSON.stringify(asOwner));
    assert.equal(asOwner.data.title, '中秋问候');
    assert.equal(asOwner.data.body, '王建国，悦海和园祝您中秋团圆！');
    assert.equal(asOwner.data.person?.name, '王建国');
    assert.equal(asOwner.data.subscription.thing1, '中秋问候');
    assert.ok(Array.from(asOwner.data.subscription.thing2).length <= 20, 'fitted to WeChat’s 20 characters');
    const byOpenid = (await cloud.call('greetings', 'preview', { occasion: 'birthday', person: OWNER2 }, { openid: LEAD })) as Reply<{ body: string }>;
    assert.ok(byOpenid.ok);
    assert.match(byOpenid.data.body, /^亲爱的李秀英，/);
    const draft = (await cloud.call('greetings', 'preview', { occasion: 'newYear', text: '{name}新年好' }, { openid: LEAD })) as Reply<{ body: string; person: unknown }>;
    assert.ok(draft.ok);
    assert.equal(draft.data.body, '王先生新年好');
    assert.equal(draft.data.person, null);
    const nobody = (await cloud.call('greetings', 'preview', { occasion: 'newYear', unit: '3-2-1201' }, { openid: LEAD })) as Reply<unknown>;
    assert.equal(nobody.ok, false);
    if (!nobody.ok) assert.equal(nobody.error.code, 'NOT_FOUND');
  });

  it('adds a community date that is greeted on its day, edits it, and removes it', async () => {
    const made = (await cloud.call(
      'greetings',
      'saveCustom',
      { name: '社区周年庆', monthDay: '11-25', text: '{name}，{community}{occasion}快乐！' },
      { openid: LEAD, requestId: 'custom-1' },
    )) as Reply<{ occasion: GreetingOccasionView }>;
    assert.ok(made.ok, JSON.stringify(made));
    const again = (await cloud.call(
      'greetings',
      'saveCustom',
      { name: '社区周年庆', monthDay: '11-25', text: '{name}，{community}{occasion}快乐！' },
      { openid: LEAD, requestId: 'custom-1' },
    )) as Reply<{ occasion: GreetingOccasionView }>;
    assert.ok(again.ok);
    assert.equal(again.data.occasion.occasion, made.data.occasion.occasion, 'a repeated tap makes one date');
    const occasion = made.data.occasion.occasion;
    assert.match(occasion, /^custom-[0-9a-f]{8}$/);
    assert.equal(made.data.occasion.nextDate, '2026-11-25');
    assert.equal(made.data.occasion.kind, 'custom');

    await cloud.setClock('2026-11-25T01:00:00.000Z');
    const report = await timer(cloud);
    assert.deepEqual(report.occasions, ['*:birthday', `yuehai:${occasion}`]);
    const [entry] = inboxOf(cloud, OWNER1);
    assert.equal(entry.title, '社区周年庆问候');
    assert.equal(entry.body, '王建国，悦海和园社区周年庆快乐！');

    const edited = (await cloud.call('greetings', 'saveCustom', { occasion, name: '社区周年庆', monthDay: '11-26', text: '{name}，周年快乐！' }, { openid: LEAD })) as Reply<{
      occasion: GreetingOccasionView;
    }>;
    assert.ok(edited.ok);
    assert.equal(edited.data.occasion.counts.thisYear, 2);
    // moved to the next day: already greeted this year, so not again
    await cloud.setClock('2026-11-26T01:00:00.000Z');
    assert.equal((await timer(cloud)).greeted, 0);

    const removed = (await cloud.call('greetings', 'removeCustom', { occasion }, { openid: LEAD })) as Reply<unknown>;
    assert.ok(removed.ok);
    const gone = (await cloud.call('greetings', 'removeCustom', { occasion }, { openid: LEAD })) as Reply<unknown>;
    assert.equal(gone.ok, false);
  });

  it('refuses the timer function to a client', async () => {
    const reply = (await cloud.raw('greetDaily', {}, OWNER1)) as Reply<unknown>;
    assert.equal(reply.ok, false);
  });
});

describe('a run the cloud kills at its time limit, mid-page', () => {
  // The built greetDaily in a folder of its own, whose config.json is given a limit far below the
  // function's budget: the runner then terminates the worker wherever it is, as WeChat does.
  let cloud: TestCloud;
  let functionsDir: string;
  const owners: string[] = [];
  const setTimeoutSeconds = (seconds: number) => {
    const path = join(functionsDir, 'greetDaily', 'config.json');
    const config = JSON.parse(readFileSync(path, 'utf8')) as { timeout: number };
    writeFileSync(path, JSON.stringify({ ...config, timeout: seconds }));
  };

  before(async () => {
    // inside the project, so that the bundle finds wx-server-sdk in node_modules as in dist/
    functionsDir = mkdtempSync(join(PROJECT_ROOT, 'dist', 'greet-kill-'));
    cpSync(join(PROJECT_ROOT, 'dist/cloudfunctions/greetDaily'), join(functionsDir, 'greetDaily'), { recursive: true });
    cloud = await startTestCloud({ functionsDir });
    const created = new Date('2026-01-05T02:00:00.000Z');
    const units: Doc[] = [];
    const bindings: Doc[] = [];
    const people: Doc[] = [];
    const grants: Doc[] = [];
    for (let i = 0; i < 3000; i++) {
      const openid = `kill-${String(i).padStart(5, '0')}`;
      const unit = `${20 + Math.floor(i / 500)}-1-${1000 + (i % 500)}`;
      owners.push(openid);
      units.push({ _id: `yuehai:${unit}`, communityId: 'yuehai', unit, building: unit.split('-')[0], possession: true });
      bindings.push({
        _id: `b-${openid}`,
        openid,
        communityId: 'yuehai',
        unit,
        role: 'owner',
        state: 'active',
        phone: '13900000000',
        name: `业主${i}`,
        createdAt: created,
        decidedAt: created,
        decidedBy: 'roster',
        rejectReason: null,
      });
      people.push({ _id: openid, name: `业主${i}`, birthday: null, greetingsOptIn: true, createdAt: created, updatedAt: created });
      // one in three holds a grant, so the kill can land in the sends too
      if (i % 3 === 0) grants.push({ _id: `${openid}:greeting`, openid, template: 'greeting', count: 1, updatedAt: created });
    }
    cloud.cloud.store.insert('units', units);
    cloud.cloud.store.insert('bindings', bindings);
    cloud.cloud.store.insert('people', people);
    cloud.cloud.store.insert('grants', grants);
    owners.push(OWNER1, OWNER2);
  });
  after(async () => {
    await cloud.close();
    rmSync(functionsDir, { recursive: true, force: true });
  });

  it('is resumed by the next triggers: everyone in the inbox once, no WeChat message twice', async () => {
    let t = Date.parse('2026-10-01T01:00:00.000Z'); // 国庆 09:00
    await cloud.setClock(new Date(t).toISOString());
    // Warm a worker first (a run in the quiet hours does nothing), so that the kill falls in the
    // work rather than in loading the bundle; then limits that grow until one kills a run that has
    // claimed some but not all: wherever it lands, what follows must hold.
    await cloud.setClock(new Date(t - 2 * 60 * MIN).toISOString());
    await timer(cloud);
    await cloud.setClock(new Date(t).toISOString());
    let partial = 0;
    for (let limit = 0.2; limit < 10 && partial === 0; limit *= 1.5) {
      setTimeoutSeconds(limit);
      const killed = await cloud.cloud.runTimer('greetDaily');
      assert.equal(killed.ok, false, `the run was killed at ${limit} s`);
      if (!killed.ok) assert.equal(killed.code, 'FUNCTIONS_TIME_LIMIT_EXCEEDED');
      partial = greetingsOf(cloud, { occasion: 'nationalDay' }).length;
    }
    assert.ok(partial > 0 && partial < owners.length, `killed part-way (${partial} claimed)`);
    const inboxAtKill = (cloud.cloud.store.find('inbox', { template: 'greeting' }) as Doc[]).length;
    const heldAtKill = greetingsOf(cloud, { state: 'claimed' }).length + greetingsOf(cloud, { state: 'pushing' }).length;
    console.log(`# killed with ${inboxAtKill} inbox entries, ${partial} claims, ${heldAtKill} of them held mid-send`);

    setTimeoutSeconds(TIMEOUT_S);
    let complete = false;
    let resumed = 0;
    for (let run = 0; run < 30 && !(complete && resumed > 0 && greetingsOf(cloud, { state: 'claimed' }).length === 0); run++) {
      t += MIN;
      await cloud.setClock(new Date(t).toISOString());
      const report = await timer(cloud);
      complete = report.complete;
      resumed += report.resumed;
    }
    assert.equal(complete, true);
    const ledger = greetingsOf(cloud, { occasion: 'nationalDay' });
    assert.equal(ledger.length, owners.length, 'nobody missed');
    assert.deepEqual(
      ledger.filter((g) => g.state !== 'done').map((g) => g.openid),
      [],
      'nothing left half-done',
    );
    const inbox = cloud.cloud.store.find('inbox', { template: 'greeting' }) as Doc[];
    assert.equal(inbox.length, owners.length, 'one inbox greeting each');
    assert.equal(new Set(inbox.map((m) => m.openid)).size, owners.length);
    const outbox = (await cloud.outbox()).filter((m) => m.template_id === 'local-greeting');
    assert.equal(new Set(outbox.map((m) => m.touser)).size, outbox.length, 'no WeChat message twice');
    const sentTo = new Set(outbox.map((m) => m.touser));
    for (const g of ledger) {
      if (g.push === 'sent') assert.ok(sentTo.has(g.openid), `${g.openid}: recorded as sent, and was`);
      if (g.push === 'no_grant') assert.ok(!sentTo.has(g.openid), `${g.openid}: no grant, no message`);
    }
    // every grant holder got their message, except one whose send was cut off mid-call (`unknown`)
    const unknown = ledger.filter((g) => g.push === 'unknown').length;
    assert.ok(unknown <= 8, 'at most the sends in flight when killed');
    assert.equal(outbox.length + unknown >= 1000, true);
  });
});
