// The SLA sweep with a fixed clock, through the real wx-server-sdk against the local cloud:
// alerts exactly once across concurrent runs, across a run killed half-way and one that died between
// a claim and its notices (resumed from its lease), revisit sampling,
// reads bounded by what is due, and a complaint that breaches and escalates.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { PROJECT_ROOT } from '../../emulator/index';
import { connectSdk } from '../support/sdk';
import type { Reply } from '../../types/envelope';
import type { Ticket } from '../../types/tickets';
import type { Database } from '../../cloudfunctions/core/sdk';
import { LEASE_MS, sweep } from '../../cloudfunctions/core/tickets/sweep';
import { SimulatedCrash, crashAfterClaims } from '../support/faults';

const OWNER = 'dev-owner-1';
const DUTY = 'dev-steward-1';
const ENGINEER = 'dev-engineer';
const LEAD = 'dev-lead';
const MANAGER = 'dev-manager';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

interface Harness {
  cloud: TestCloud;
  at(ms: number): Promise<void>;
  ok(action: string, input: unknown, openid: string): Promise<Ticket>;
  report(input?: Record<string, unknown>): Promise<Ticket>;
  inbox(openid: string): Promise<Array<{ title: string; page: string | null; body: string }>>;
  sweepRun(): Promise<{ read: number; sent: number; closed: number }>;
}

async function harness(): Promise<Harness> {
  return harnessOn(await startTestCloud());
}

async function harnessOn(cloud: TestCloud): Promise<Harness> {
  let now = 0;
  const h: Harness = {
    cloud,
    async at(ms) {
      now = ms;
      await cloud.setClock(new Date(ms).toISOString());
    },
    async ok(action, input, openid) {
      const reply = (await cloud.call('tickets', action, input, { openid })) as Reply<{ ticket: Ticket }>;
      assert.ok(reply.ok, `${action}: ${JSON.stringify(reply)}`);
      return reply.data.ticket;
    },
    async report(input = {}) {
      // a minute per report keeps clear of the 20-a-minute limit on creates
      await h.at(now + MIN);
      return h.ok('create', { kind: 'repair', scope: 'in_home', unit: '1-1-101', description: '卫生间水龙头漏水', ...input }, OWNER);
    },
    async inbox(openid) {
      const reply = (await cloud.call('account', 'inbox', { limit: 50 }, { openid })) as Reply<{ items: Array<{ title: string; page: string | null; body: string }> }>;
      assert.ok(reply.ok);
      return reply.data.items;
    },
    async sweepRun() {
      const reply = (await cloud.runTimer('slaSweep')) as Reply<{ read: number; sent: number; closed: number }>;
      assert.ok(reply.ok, JSON.stringify(reply));
      return reply.data;
    },
  };
  return h;
}

const T0 = Date.parse('2026-11-24T01:00:00.000Z'); // Tuesday 09:00 in Shanghai
const about = <M extends { page: string | null }>(items: M[], id: string): M[] => items.filter((m) => m.page?.endsWith(id));

describe('warnings and escalations, exactly once', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
    await h.at(T0);
  });
  after(() => h.cloud.close());

  it('warns at 75 % of the response time and escalates at breach once, with two runs at once', async () => {
    const t = await h.report();
    const created = Date.parse(t.createdAt);
    await h.at(created + 46 * MIN); // past 45 minutes of the hour
    await Promise.all([h.sweepRun(), h.sweepRun()]);
    await h.sweepRun();
    let duty = about(await h.inbox(DUTY), t.id);
    assert.equal(duty.filter((m) => m.title === '响应时限将到').length, 1, 'one warning');
    assert.equal(about(await h.inbox(LEAD), t.id).length, 0, 'nothing for the lead before the breach');

    await h.at(created + HOUR + MIN);
    await Promise.all([h.sweepRun(), h.sweepRun(), h.sweepRun()]);
    duty = about(await h.inbox(DUTY), t.id);
    assert.equal(duty.filter((m) => m.title === '响应时限已超时').length, 1);
    const lead = about(await h.inbox(LEAD), t.id);
    assert.deepEqual(
      lead.map((m) => m.title),
      ['响应时限已超时'],
      'the lead is told at breach, once',
    );
    assert.equal(about(await h.inbox(MANAGER), t.id).length, 0, 'an ordinary repair does not reach the manager');
    const stored = h.cloud.cloud.store.find('tickets', { _id: t.id })[0] as { nextDueAt: Date | null };
    assert.ok(stored.nextDueAt && stored.nextDueAt.getTime() > created + HOUR, 'nextDueAt moved on');
  });

  it('tells the owner once that their ticket went up to the lead, and not of the warning before', async () => {
    const t = await h.report({ description: '楼道灯不亮，晚上看不见' });
    const created = Date.parse(t.createdAt);
    await h.at(created + 46 * MIN);
    await h.sweepRun();
    const escalations = async () => about(await h.inbox(OWNER), t.id).filter((m) => m.body.includes('已升级'));
    assert.equal((await escalations()).length, 0, 'a warning is the staff’s business');
    await h.at(created + HOUR + MIN);
    await Promise.all([h.sweepRun(), h.sweepRun(), h.sweepRun()]);
    await h.sweepRun();
    const told = await escalations();
    assert.equal(told.length, 1, 'the owner is told once, however many runs');
    assert.match(told[0].body, new RegExp(`${t.no} 响应时限已超时，已升级由客服主管督办`));
  });

  it('sends nothing twice after a run killed half-way, and nothing for a ticket no longer open', async () => {
    const tickets: Ticket[] = [];
    for (let i = 0; i < 6; i++) tickets.push(await h.report({ description: `第 ${i} 户阳台漏水` }));
    const cancelled = await h.report({ description: '已自行修好的漏水' });
    await h.ok('cancel', { id: cancelled.id }, OWNER);
    const last = Date.parse(tickets[tickets.length - 1].createdAt);
    const runAt = new Date(last + HOUR + MIN);
    await h.at(runAt.getTime());
    const sdk = connectSdk(h.cloud.url);
    const database = sdk.database() as Database;
    const first = await sweep(database, { now: runAt, maxTickets: 3, batchSize: 2 });
    assert.equal(first.stoppedEarly, true);
    const second = await sweep(database, { now: runAt, batchSize: 2 });
    assert.equal(second.stoppedEarly, false);
    const again = await sweep(database, { now: runAt });
    assert.equal(again.sent, 0, 'a third run finds nothing left to send');
    const lead = await h.inbox(LEAD);
    for (const t of tickets) {
      assert.equal(about(lead, t.id).filter((m) => m.title === '响应时限已超时').length, 1, `${t.no}: one escalation`);
      // the warning came due with the breach in one late run: only the breach is sent
      assert.equal(about(await h.inbox(DUTY), t.id).filter((m) => m.title === '响应时限将到').length, 0);
    }
    assert.equal(about(lead, cancelled.id).length, 0, 'no alert for a cancelled ticket');
  });
});

describe('revisits', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
    await h.at(Date.parse('2026-12-01T01:00:00.000Z'));
  });
  after(() => h.cloud.close());

  it('invites every owner, samples at least half of the repairs for a staff revisit, and closes the rest', async () => {
    const resolved: Ticket[] = [];
    for (let i = 0; i < 6; i++) {
      const t = await h.report({ description: `第 ${i} 号报修：灯不亮` });
      await h.ok('accept', { id: t.id }, DUTY);
      await h.ok('assign', { id: t.id, assignee: ENGINEER }, DUTY);
      await h.ok('arrive', { id: t.id }, ENGINEER);
      resolved.push(await h.ok('resolve', { id: t.id, note: '已更换灯泡' }, ENGINEER));
    }
    const sampled = resolved.filter((t) => t.revisitRequired);
    assert.ok(sampled.length * 2 >= resolved.length, `sampled ${sampled.length} of ${resolved.length}`);
    const rated = resolved.find((t) => !t.revisitRequired);
    assert.ok(rated, 'some repair is not sampled');
    await h.ok('rate', { id: rated.id, score: 5 }, OWNER); // a rated repair counts as revisited

    await Promise.all([h.sweepRun(), h.sweepRun()]);
    const owner = await h.inbox(OWNER);
    for (const t of resolved) {
      const invites = about(owner, t.id).filter((m) => m.title === '请为本次服务评价');
      assert.equal(invites.length, t.id === rated.id ? 0 : 1, `${t.no}: one invitation, none once rated`);
    }

    const last = Date.parse(resolved[resolved.length - 1].updatedAt);
    await h.at(last + 3 * DAY + HOUR); // every revisit window has ended; the rated one is past its grace too
    await Promise.all([h.sweepRun(), h.sweepRun()]);
    const states = new Map<string, string>();
    for (const t of resolved) states.set(t.id, (await h.ok('get', { id: t.id }, DUTY)).state);
    for (const t of resolved) {
      if (t.id === rated.id) assert.equal(states.get(t.id), 'closed', 'revisited then closed after the grace');
      else if (t.revisitRequired) assert.equal(states.get(t.id), 'resolved', 'a sampled repair waits for its revisit');
      else assert.equal(states.get(t.id), 'closed', 'an unsampled, unrated repair closes when its window ends');
    }
    const lead = await h.inbox(LEAD);
    for (const t of sampled) assert.equal(about(lead, t.id).filter((m) => m.title === '回访时限已超时').length, 1, 'a missed revisit goes to the lead');
    const closedEvent = (await h.ok('get', { id: rated.id }, OWNER)).events.at(-1);
    assert.deepEqual(closedEvent && [closedEvent.action, closedEvent.actorRole], ['close', 'system']);
  });

  it('samples half of the day’s resolved repairs however other kinds fall between them in the numbering', async () => {
    await h.at(Date.parse('2026-12-02T01:00:00.000Z')); // a new day: numbering starts at 1
    const repairs: Ticket[] = [];
    for (let i = 0; i < 4; i++) {
      // a suggestion takes every odd number of the day, each repair an even one
      await h.report({ kind: 'suggestion', scope: 'public_area', description: `第 ${i} 条建议：增加快递柜` });
      repairs.push(await h.report({ description: `第 ${i} 户：卧室灯不亮` }));
    }
    assert.ok(
      repairs.every((t) => Number(t.no.slice(-4)) % 2 === 0),
      'every repair has an even number',
    );
    let sampled = 0;
    for (const t of repairs) {
      await h.ok('accept', { id: t.id }, DUTY);
      await h.ok('assign', { id: t.id, assignee: ENGINEER }, DUTY);
      await h.ok('arrive', { id: t.id }, ENGINEER);
      const resolved = await h.ok('resolve', { id: t.id, note: '已更换灯泡' }, ENGINEER);
      if (resolved.revisitRequired) sampled += 1;
      assert.ok(sampled * 2 >= repairs.indexOf(t) + 1, 'at least half of those resolved so far');
    }
    assert.equal(sampled, 2, 'two of four repairs resolved today are revisited by staff');
  });

  it('follows an open repair up weekly', async () => {
    const t = await h.report({ description: '外墙空调孔渗水，需要等材料' });
    await h.ok('accept', { id: t.id }, DUTY);
    const created = Date.parse(t.createdAt);
    await h.at(created + 7 * DAY + MIN);
    await Promise.all([h.sweepRun(), h.sweepRun()]);
    await h.at(created + 14 * DAY + MIN);
    await h.sweepRun();
    const followUps = about(await h.inbox(DUTY), t.id).filter((m) => m.title === '报修每周跟进');
    assert.equal(followUps.length, 2, 'one a week');
  });
});

describe('what the sweep reads', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
    await h.at(Date.parse('2027-03-02T01:00:00.000Z'));
  });
  after(() => h.cloud.close());

  it('reads the due tickets, not the ones stored', async () => {
    const model = await h.report();
    const now = Date.parse(model.createdAt) + 10 * MIN;
    await h.at(now);
    await h.sweepRun(); // nothing due yet: the model ticket is 10 minutes old
    const [doc] = h.cloud.cloud.store.find('tickets', { _id: model.id });
    const clone = (i: number, due: boolean) => ({
      ...doc,
      _id: `bulk-${i}`,
      no: `BX20270302-${9000 + i}`,
      // due ones are well past their response time; the rest are far from anything
      nextDueAt: new Date(due ? now - 2 * HOUR : now + 30 * DAY),
      clocks: due ? { respondBy: { start: new Date(now - 3 * HOUR), at: new Date(now - 2 * HOUR), metAt: null } } : doc.clocks,
    });
    const notDue = Array.from({ length: 3000 }, (_, i) => clone(i, false));
    h.cloud.cloud.store.insert('tickets', notDue);

    h.cloud.cloud.store.stats.resetRowsRead();
    let report = await h.sweepRun();
    const idle = h.cloud.cloud.store.stats.rowsRead;
    assert.equal(report.read, 0);
    assert.ok(idle <= 5, `an idle sweep over 3,000 stored tickets read ${idle} documents`);

    const due = 40;
    h.cloud.cloud.store.insert(
      'tickets',
      Array.from({ length: due }, (_, i) => clone(10_000 + i, true)),
    );
    h.cloud.cloud.store.stats.resetRowsRead();
    report = await h.sweepRun();
    const busy = h.cloud.cloud.store.stats.rowsRead;
    assert.equal(report.read, due);
    // per due ticket: the query, the claim, the schedule update, and the notices' own documents
    assert.ok(busy <= due * 12 + 20, `read ${busy} documents for ${due} due tickets`);
  });
});

describe('a complaint that breaches', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
    await h.at(T0);
  });
  after(() => h.cloud.close());

  it('tells the manager at once, and escalates to lead and manager at breach, inbox and subscription messages alike', async () => {
    for (const person of [LEAD, MANAGER]) {
      await h.cloud.call('account', 'grantSubscriptions', { templates: ['staffAlert'] }, { openid: person });
      await h.cloud.call('account', 'grantSubscriptions', { templates: ['staffAlert'] }, { openid: person });
    }
    const t = await h.report({ kind: 'complaint', complaintClass: 'major', scope: 'public_area', description: '多户业主联名投诉地下车库长期积水' });
    assert.equal(t.deadlines.resolveBy, '2026-12-03T09:01:00.000+08:00', 'a major complaint: 7 working days');
    let manager = about(await h.inbox(MANAGER), t.id);
    assert.deepEqual(
      manager.map((m) => m.title),
      ['重大投诉，请立即牵头处理'],
    );

    await h.ok('accept', { id: t.id }, DUTY);
    await h.ok('assign', { id: t.id, assignee: DUTY }, DUTY);
    await h.at(Date.parse('2026-12-03T01:02:00.000Z')); // one minute past the resolution deadline
    await Promise.all([h.sweepRun(), h.sweepRun()]);
    await h.sweepRun();

    manager = about(await h.inbox(MANAGER), t.id);
    assert.deepEqual(manager.map((m) => m.title).sort(), ['处理时限已超时', '重大投诉，请立即牵头处理'].sort());
    const lead = about(await h.inbox(LEAD), t.id);
    assert.deepEqual(
      lead.map((m) => m.title),
      ['处理时限已超时'],
    );
    assert.ok(
      (await h.inbox(DUTY)).some((m) => m.page?.endsWith(t.id) && m.title === '处理时限已超时'),
      'the assignee hears of it too',
    );

    const sent = (await h.cloud.outbox()).filter((m) => m.template_id === 'local-staffAlert' && (m.touser === LEAD || m.touser === MANAGER));
    assert.equal(sent.filter((m) => m.touser === MANAGER).length, 2, 'manager: at filing and at breach');
    assert.equal(sent.filter((m) => m.touser === LEAD).length, 1, 'lead: at breach');
    assert.equal(sent.find((m) => m.touser === LEAD)?.data.character_string2.value, t.no);
  });
});

describe('a sweep killed by the function time limit', () => {
  let h: Harness;
  let functionsDir: string;
  before(async () => {
    // A copy of the built functions whose slaSweep config we can change between runs, as a
    // redeploy with another timeout would: the local cloud kills a run that outlives it.
    // (inside the project, so the bundles find wx-server-sdk in its node_modules; .cache is ignored)
    mkdirSync(join(PROJECT_ROOT, '.cache'), { recursive: true });
    functionsDir = mkdtempSync(join(PROJECT_ROOT, '.cache', 'sweep-kill-'));
    cpSync(join(PROJECT_ROOT, 'dist/cloudfunctions'), functionsDir, { recursive: true });
    const cloud = await startTestCloud({ functionsDir });
    h = await harnessOn(cloud);
    await h.at(T0);
  });
  after(async () => {
    await h.cloud.close();
    rmSync(functionsDir, { recursive: true, force: true });
  });

  const setTimeoutSeconds = (seconds: number) => {
    const path = join(functionsDir, 'slaSweep', 'config.json');
    const config = JSON.parse(readFileSync(path, 'utf8')) as { timeout: number };
    writeFileSync(path, JSON.stringify({ ...config, timeout: seconds }));
  };

  it('escalates every due ticket exactly once after a run killed mid-way, resuming what it had in hand once its lease expires', async () => {
    const model = await h.report({ description: '楼道声控灯不亮' });
    const now = Date.parse(model.createdAt) + 2 * HOUR;
    const [doc] = h.cloud.cloud.store.find('tickets', { _id: model.id });
    // enough due tickets that the run cannot finish in the 2 seconds it is given
    const due = 400;
    h.cloud.cloud.store.insert(
      'tickets',
      Array.from({ length: due }, (_, i) => ({
        ...doc,
        _id: `kill-${i}`,
        no: `BX20261124-${5000 + i}`,
        nextDueAt: new Date(now - HOUR + i),
        clocks: { respondBy: { start: new Date(now - 2 * HOUR), at: new Date(now - HOUR), metAt: null } },
      })),
    );
    // the lead accepts plenty of subscription messages, so the pushes show in the outbox
    h.cloud.cloud.store.insert('grants', [{ _id: `${LEAD}:staffAlert`, openid: LEAD, template: 'staffAlert', count: 1000, updatedAt: new Date(now) }]);
    await h.at(Date.parse(model.createdAt) + MIN);
    await h.sweepRun(); // nothing due yet: loads the function, so the timed run starts working at once
    await h.at(now);

    const escalated = () => {
      const lead = h.cloud.cloud.store.find('inbox', { openid: LEAD, title: '响应时限已超时' }) as Array<{ page: string | null }>;
      const perTicket = new Map<string, number>();
      for (const m of lead) {
        const id = /id=(kill-\d+)$/.exec(m.page ?? '')?.[1];
        if (id) perTicket.set(id, (perTicket.get(id) ?? 0) + 1);
      }
      return perTicket;
    };
    const leases = () => h.cloud.cloud.store.find('alertLeases', { ticketId: { $regex: '^kill-' } }) as Array<{ ticketId: string }>;

    setTimeoutSeconds(2);
    const killed = (await h.cloud.runTimer('slaSweep')) as { ok?: boolean; code?: string } | null;
    assert.equal(killed?.code, 'FUNCTIONS_TIME_LIMIT_EXCEEDED', `the first run must be killed: ${JSON.stringify(killed)}`);
    const afterKill = escalated().size;
    assert.ok(afterKill < due, `killed mid-way: ${afterKill} of ${due} tickets escalated`);

    setTimeoutSeconds(60);
    const [second, third] = await Promise.all([h.sweepRun(), h.sweepRun()]);
    assert.equal(second.sent + third.sent + afterKill + leases().length >= due, true, 'every ticket is escalated or held in a lease');
    const held = new Set(leases().map((l) => l.ticketId));
    for (let i = 0; i < due; i++) {
      assert.ok(escalated().has(`kill-${i}`) || held.has(`kill-${i}`), `kill-${i}: escalated, or in a lease that will be resumed`);
    }
    assert.ok(held.size <= 8, `at most the tickets in hand at the kill are held (${held.size})`);

    // once the dead run's leases have expired, the next run finishes them
    await h.at(now + 2 * MIN + 1000);
    const resuming = (await h.sweepRun()) as { sent: number; resumed?: number };
    // resumed: claimed by the dead run; sent: leased but not yet claimed by it, swept afresh
    assert.equal((resuming.resumed ?? 0) + resuming.sent, held.size, 'the dead run’s alerts in hand are finished');
    const again = (await h.sweepRun()) as { sent: number; resumed?: number };
    assert.deepEqual([again.sent, again.resumed], [0, 0], 'nothing left to send');
    assert.equal(leases().length, 0, 'no lease left');

    const perTicket = escalated();
    assert.equal(perTicket.size, due, 'every due ticket escalated');
    assert.ok(
      [...perTicket.values()].every((n) => n === 1),
      'no ticket escalated twice',
    );
    const pushed = new Map<string, number>();
    for (const m of await h.cloud.outbox()) {
      if (m.touser !== LEAD || !m.page?.includes('id=kill-')) continue;
      pushed.set(m.page, (pushed.get(m.page) ?? 0) + 1);
    }
    assert.ok(
      [...pushed.values()].every((n) => n === 1),
      'no subscription message twice',
    );
    // at most once: only a push whose WeChat call was in flight when the run died can be missing
    assert.ok(pushed.size >= due - 8, `${pushed.size} of ${due} pushed`);
  });
});

describe('a sweep that dies between a claim and its notices', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
    await h.at(T0);
  });
  after(() => h.cloud.close());

  it('leaves the alert in a lease, and the first run after the lease delivers it, once', async () => {
    for (let i = 0; i < 3; i++) await h.cloud.call('account', 'grantSubscriptions', { templates: ['staffAlert'] }, { openid: LEAD });
    const tickets: Ticket[] = [];
    for (let i = 0; i < 3; i++) tickets.push(await h.report({ description: `第 ${i} 户厨房下水道堵塞` }));
    const runAt = Date.parse(tickets[2].createdAt) + HOUR + MIN;
    await h.at(runAt);
    const database = connectSdk(h.cloud.url).database() as Database;
    await assert.rejects(sweep(database, { now: new Date(runAt), concurrency: 1, faults: crashAfterClaims(2) }), SimulatedCrash);
    const escalations = async (t: Ticket) => about(await h.inbox(LEAD), t.id).filter((m) => m.title === '响应时限已超时').length;
    assert.deepEqual([await escalations(tickets[0]), await escalations(tickets[1]), await escalations(tickets[2])], [1, 0, 0], 'the second died claimed, unsent');
    const stored = h.cloud.cloud.store.find('tickets', { _id: tickets[1].id })[0] as { alerts: Record<string, Date>; nextDueAt: Date | null };
    assert.ok('c0-breach-respondBy' in stored.alerts, 'its claim landed');
    assert.equal(h.cloud.cloud.store.find('alertLeases', { ticketId: tickets[1].id }).length, 1, 'and its lease is there');

    // a run within the lease leaves it alone (its holder may still be working)
    const within = await sweep(database, { now: new Date(runAt + MIN) });
    assert.deepEqual([within.sent, within.resumed], [1, 0], 'only the third ticket, not yet claimed');
    assert.equal(await escalations(tickets[1]), 0);

    // two runs at once after the lease: one of them finishes it
    const late = new Date(runAt + LEASE_MS + MIN);
    const [a, b] = await Promise.all([sweep(database, { now: late }), sweep(database, { now: late })]);
    assert.equal(a.resumed + b.resumed, 1, 'resumed by one run');
    for (const t of tickets) assert.equal(await escalations(t), 1, `${t.no}: escalated once`);
    const pushed = (await h.cloud.outbox()).filter((m) => m.touser === LEAD && m.template_id === 'local-staffAlert');
    assert.deepEqual(pushed.map((m) => m.data.character_string2?.value).sort(), tickets.map((t) => t.no).sort(), 'one push for each, none twice');
    const last = await sweep(database, { now: new Date(late.getTime() + LEASE_MS + MIN) });
    assert.deepEqual([last.sent, last.resumed], [0, 0]);
    assert.equal(h.cloud.cloud.store.find('alertLeases', {}).length, 0);
  });
});

describe('push markers', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
    await h.at(T0);
  });
  after(() => h.cloud.close());

  it('are removed by the sweep after a week, not before', async () => {
    const week = 7 * DAY;
    const marker = (i: number, at: number) => ({ _id: `dl-test-${i}`, template: 'staffAlert', at: new Date(at) });
    h.cloud.cloud.store.insert('deliveries', [marker(1, T0 - week - MIN), marker(2, T0 - week - HOUR), marker(3, T0 - week + MIN), marker(4, T0)]);
    const run = (await h.cloud.runTimer('slaSweep')) as Reply<{ deliveries: number }>;
    assert.ok(run.ok, JSON.stringify(run));
    assert.equal(run.data.deliveries, 2);
    const left = (h.cloud.cloud.store.find('deliveries', { _id: { $regex: '^dl-test-' } }) as Array<{ _id: string }>).map((d) => d._id).sort();
    assert.deepEqual(left, ['dl-test-3', 'dl-test-4']);
  });
});
