// The decoration function through the real wx-server-sdk against the local cloud (SPEC §12): an
// owner applies, a steward approves with the deposit, the owner signs and pays through WeChat Pay
// (the orders' callback rules), the permit is checked at the gate, the area steward inspects every
// day (a miss told to the lead once), notices are followed to verification, 初验 and 终验, and the
// settlement refunds the deposit minus deductions under its own refund number.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { functionCalls } from '../support/calls';
import { AREA, DUTY, GUARD, LEAD, MANAGER, OTHER_OWNER, OWNER, RESIDENT } from '../support/people';
import type { Decoration, PermitRefusal } from '../../types/decoration';
import type { Reply } from '../../types/envelope';
import { sweepDecorations, type DecorationSweepResult } from '../../cloudfunctions/core/decoration/sweep';
import { LEASE_MS } from '../../cloudfunctions/core/workflow/sweep';
import { SimulatedCrash, crashAfterClaims } from '../support/faults';
import type { Database } from '../../cloudfunctions/core/sdk';
import { connectSdk } from '../support/sdk';

let cloud: TestCloud;
let clockMs = Date.parse('2026-11-24T01:00:00.000Z'); // 09:00 Shanghai, a Tuesday
async function at(ms: number): Promise<void> {
  clockMs = ms;
  await cloud.setClock(new Date(clockMs).toISOString());
}
const advance = (minutes: number) => at(clockMs + minutes * 60_000);
/** `hh:mm` Shanghai on the day `dayOffset` days after 2026-11-24. */
const shanghaiAt = (dayOffset: number, hh: number, mm = 0) =>
  Date.parse(`2026-11-24T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00.000+08:00`) + dayOffset * 86_400_000;
const iso = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().replace('Z', '+08:00');

before(async () => {
  cloud = await startTestCloud();
  await at(clockMs);
  // two more units of the same owner, and another community with its own guard
  cloud.cloud.store.insert('bindings', [
    ...['1-1-102', '1-1-103', '1-2-201', '1-2-202', '1-2-203'].map((unit) => ({
      _id: `b-${unit}`,
      openid: OWNER,
      communityId: 'yuehai',
      unit,
      role: 'owner',
      state: 'active',
      phone: '13800000001',
      name: '业主一',
      createdAt: new Date(clockMs),
      decidedAt: null,
      decidedBy: null,
      rejectReason: null,
    })),
  ]);
  cloud.cloud.store.insert('staff', [
    { _id: 'staff-ht-guard', openid: 'ht-guard', communityId: 'haitang', role: 'guard', kind: null, buildings: [], name: '海门岗', phone: '13700009998', active: true },
  ]);
});
after(() => cloud.close());

const { ok, failed } = functionCalls('decoration', () => cloud);
const inboxOf = (openid: string) => cloud.cloud.store.find('inbox', { openid }) as Array<{ template: string; title: string; body: string }>;
const stored = (id: string) => cloud.cloud.store.find('decorations', { _id: id })[0] as { state: string; nextDueAt: Date | null; alerts: Record<string, Date>; rev: number };
let requests = 0;

function application(unit = '1-1-101', extra: Record<string, unknown> = {}) {
  const today = new Date(clockMs + 8 * 3600_000).toISOString().slice(0, 10);
  const end = new Date(clockMs + 8 * 3600_000 + 30 * 86_400_000).toISOString().slice(0, 10);
  return {
    unit,
    contractor: { company: '青岛安居装饰', leader: '王工', phone: '13912345678' },
    workers: ['王工', '李师傅'],
    scope: '厨卫改造，墙面刷漆，不动承重墙',
    plannedStart: today,
    plannedEnd: end,
    ...extra,
  };
}

async function apply(unit = '1-1-101', openid = OWNER, extra: Record<string, unknown> = {}): Promise<Decoration> {
  requests += 1;
  return (await ok('apply', application(unit, extra), openid, `decoration-req-${requests}`)).decoration;
}

/** Applied, approved with a deposit, signed, and its payment started: the deposit's trade number. */
async function awaitingPayment(unit = '1-1-101', depositFen = 200_000): Promise<{ d: Decoration; outTradeNo: string }> {
  const d = await apply(unit);
  await ok('approve', { id: d.id, depositFen, rules: '每日 8:00-18:00 施工；建筑垃圾袋装清运' }, DUTY);
  await ok('signAgreement', { id: d.id }, OWNER);
  const paying = await ok('payDeposit', { id: d.id }, OWNER);
  return { d: paying.decoration, outTradeNo: paying.outTradeNo };
}

async function permitted(unit = '1-1-101'): Promise<Decoration> {
  const { d, outTradeNo } = await awaitingPayment(unit);
  const paid = (await cloud.pay(outTradeNo)) as { errcode: number };
  assert.equal(paid.errcode, 0);
  return (await ok('get', { id: d.id }, OWNER)).decoration;
}

const sweep = async () => {
  const reply = (await cloud.runTimer('decorationSweep')) as Reply<DecorationSweepResult>;
  assert.ok(reply.ok, JSON.stringify(reply));
  return reply.data;
};

async function inProgress(unit = '1-1-101'): Promise<Decoration> {
  const d = await permitted(unit);
  await sweep();
  const now = (await ok('get', { id: d.id }, OWNER)).decoration;
  assert.equal(now.state, 'in_progress', 'the sweep starts work on the permit’s first day');
  return now;
}

const PHOTO = 'cloud://local-env.6c6f/inspections/a.jpg';

describe('application to permit', () => {
  it('an owner applies; a tenant needs the owner’s written authorisation; one live application per unit', async () => {
    const d = await apply();
    assert.equal(d.state, 'applied');
    assert.match(d.no, /^ZX\d{8}-\d{4}$/);
    assert.deepEqual(d.allowed, ['cancel']);
    const refused = await failed('apply', application('1-1-101'), RESIDENT, 'decoration-r1');
    assert.equal(refused.code, 'INVALID_INPUT');
    assert.ok(refused.fields?.authorisationPhoto);
    assert.equal((await failed('apply', application('1-1-101'), OWNER, 'decoration-dup')).code, 'CONFLICT', 'the unit already has one');
    assert.equal((await failed('apply', application('2-1-202'), OWNER, 'decoration-o2')).code, 'FORBIDDEN', 'not bound to that unit');
    const again = await ok('apply', application(), OWNER, `decoration-req-${requests}`);
    assert.equal(again.decoration.id, d.id, 'the same requestId answers the first application');
    await ok('cancel', { id: d.id }, OWNER);
    const agent = (await ok('apply', application('1-1-101', { authorisationPhoto: PHOTO }), RESIDENT, 'decoration-r2')).decoration;
    assert.equal(agent.applicantRole, 'resident');
    assert.equal(agent.authorisationPhoto, PHOTO);
    assert.equal((await failed('get', { id: agent.id }, OTHER_OWNER)).code, 'NOT_FOUND');
    await ok('reject', { id: agent.id, reason: '委托书不清晰，请重新上传' }, AREA);
    assert.equal((await ok('get', { id: agent.id }, OWNER)).decoration.state, 'rejected');
  });

  it('payment: agreement first; the callback issues the permit once; replayed, out of order and wrong amounts change nothing twice', async () => {
    await advance(1);
    const d = await apply('1-1-102');
    await ok('approve', { id: d.id, depositFen: 200_000 }, DUTY);
    assert.equal((await failed('payDeposit', { id: d.id }, OWNER)).code, 'CONFLICT', 'the agreement comes first');
    await ok('signAgreement', { id: d.id }, OWNER);
    const first = await ok('payDeposit', { id: d.id }, OWNER);
    const again = await ok('payDeposit', { id: d.id }, OWNER);
    assert.equal(again.outTradeNo, first.outTradeNo, 'a repeated pay reuses the attempt');
    assert.match(first.outTradeNo, /^ZX/);
    assert.ok(first.outTradeNo.length <= 32);

    const wrong = (await cloud.pay(first.outTradeNo, { totalFee: 1 })) as { errcode: number };
    assert.equal(wrong.errcode, 0, 'recorded, so WeChat does not retry');
    let now = (await ok('get', { id: d.id }, OWNER)).decoration;
    assert.equal(now.state, 'approved', 'a wrong amount is refused');
    assert.equal(now.deposit, null);
    assert.equal(cloud.cloud.store.find('payAnomalies', { orderId: d.id }).length, 1, 'and flagged for staff');

    // a second attempt, paid; then its callback again, and the refused one again
    const second = await ok('payDeposit', { id: d.id }, OWNER);
    assert.notEqual(second.outTradeNo, first.outTradeNo, 'a refused attempt is not reused');
    await cloud.pay(second.outTradeNo);
    await cloud.pay(second.outTradeNo);
    await cloud.pay(first.outTradeNo);
    now = (await ok('get', { id: d.id }, OWNER)).decoration;
    assert.equal(now.state, 'permitted');
    assert.equal(now.deposit?.amountFen, 200_000);
    assert.match(now.permit?.no ?? '', /^XK\d{8}-\d{4}$/);
    assert.ok(now.permitCode, 'the owner holds the permit code');
    const events = now.events.filter((e) => e.action === 'permit');
    assert.equal(events.length, 1, 'one permit, however many callbacks');
    assert.equal(cloud.cloud.store.find('payments', { orderId: d.id, state: 'paid' }).length, 1);
    assert.equal((await ok('get', { id: d.id }, AREA)).decoration.permitCode, null, 'staff do not carry the code');
  });

  it('a callback for an order number never reaches a deposit, and a forged caller is refused', async () => {
    const reply = (await cloud.raw('payNotify', { outTradeNo: 'ZXnothing', totalFee: 1, returnCode: 'SUCCESS', resultCode: 'SUCCESS' }, OWNER)) as { errcode: number };
    assert.equal(reply.errcode, 403, 'only WeChat Pay may call back');
  });
});

describe('the permit at the gate', () => {
  it('valid within the working hours; refused outside them, before, after, elsewhere and forged', async () => {
    await at(shanghaiAt(0, 10));
    const d = await permitted('1-1-103');
    const code = d.permitCode ?? '';
    const verify = (who = GUARD) => ok('verifyPermit', { code }, who);
    const refusedAs = async (refusal: PermitRefusal, who = GUARD, value = code) => {
      const v = await ok('verifyPermit', { code: value }, who);
      assert.equal(v.valid, false, `expected ${refusal}: ${JSON.stringify(v)}`);
      assert.equal(v.refusal, refusal);
      assert.ok(v.message.length > 0);
      return v;
    };
    const valid = await verify();
    assert.equal(valid.valid, true, JSON.stringify(valid));
    assert.equal(valid.decoration?.unit, '1-1-103');
    await at(shanghaiAt(0, 19));
    await refusedAs('outside_hours');
    await at(shanghaiAt(0, 7, 59));
    await refusedAs('outside_hours');
    await at(shanghaiAt(31, 10));
    await refusedAs('expired');
    await at(shanghaiAt(0, 11));
    const elsewhere = await refusedAs('other_community', 'ht-guard');
    assert.equal(elsewhere.decoration, null, 'another community’s guard learns nothing of it');
    const forged = await refusedAs('forged', GUARD, 'ABCD-EFGH-JKMN-PQRS');
    assert.equal(forged.decoration, null);
    const last = code.slice(-1) === '0' ? '1' : '0';
    await refusedAs('tampered', GUARD, code.slice(0, -1) + last);
    // a pass's secret does not make a permit: the same reference signed as a pass is refused
    const { signPass } = await import('../../cloudfunctions/core/passes/token');
    const [doc] = cloud.cloud.store.find('decorations', { _id: d.id }) as Array<{ ref: string; permit: { validFrom: Date; validTo: Date } }>;
    const asPass = signPass({ id: d.id, communityId: 'yuehai', from: doc.permit.validFrom, to: doc.permit.validTo, ref: doc.ref }, 'local-dev-only-pass-secret-not-for-production');
    await refusedAs('tampered', GUARD, asPass);
    assert.equal((await failed('verifyPermit', { code }, OWNER)).code, 'FORBIDDEN', 'guards only');
    // not yet valid: a permit whose work starts tomorrow
    const later = await apply('1-2-201', OWNER, { plannedStart: '2026-11-26', plannedEnd: '2026-12-20' });
    await ok('approve', { id: later.id, depositFen: 0 }, DUTY);
    const free = (await ok('signAgreement', { id: later.id }, OWNER)).decoration;
    assert.equal(free.state, 'permitted', 'no deposit due: the permit comes with the agreement');
    await refusedAs('not_yet_valid', GUARD, free.permitCode ?? '');
    // suspended work is refused with its own reason
    await sweep();
    await ok('suspend', { id: d.id, reason: '违章拆改承重墙' }, AREA);
    await refusedAs('suspended');
  });

  it('every permit check, valid or refused, is written in the gate book the passes use', async () => {
    await at(shanghaiAt(0, 10));
    const d = await permitted('1-2-202');
    const code = d.permitCode ?? '';
    const book = () =>
      (
        cloud.cloud.store.find('passChecks', { subject: 'permit' }) as Array<{
          passId: string | null;
          passNo: string | null;
          valid: boolean;
          refusal: string | null;
          guard: string;
          kind: string;
          communityId: string;
        }>
      ).filter((c) => c.passId === d.id || c.passId === null);
    const before = book().length;
    assert.equal((await ok('verifyPermit', { code }, GUARD)).valid, true);
    await at(shanghaiAt(0, 20));
    assert.equal((await ok('verifyPermit', { code }, GUARD)).refusal, 'outside_hours');
    assert.equal((await ok('verifyPermit', { code: 'ABCD-EFGH-JKMN-PQRS' }, GUARD)).refusal, 'forged');
    const logged = book().slice(before);
    assert.equal(logged.length, 3, JSON.stringify(logged));
    const [valid, late, forged] = logged;
    assert.deepEqual([valid.valid, valid.refusal, valid.passId, valid.kind, valid.communityId], [true, null, d.id, 'verify', 'yuehai']);
    assert.match(valid.passNo ?? '', /^XK/);
    assert.deepEqual([late.valid, late.refusal, late.passId], [false, 'outside_hours', d.id]);
    assert.deepEqual([forged.valid, forged.refusal, forged.passId], [false, 'forged', null], 'a forged code names nothing');
    assert.ok(logged.every((c) => c.guard !== ''));
    // the unit is needed again below: this application leaves the stage (as the clocks' test clears its own)
    cloud.cloud.store.update('decorations', { _id: d.id }, { $set: { state: 'cancelled', nextDueAt: null, queueKey: null } }, { multi: false });
  });
});

describe('daily inspection, notices and acceptance to the refund', () => {
  it('inspects with photos, issues a notice the owner sees, verifies it, accepts twice and refunds the rest under its own number', async () => {
    await at(shanghaiAt(0, 12));
    const d = await inProgress('1-1-101');
    const queue = (await ok('list', { view: 'queue' }, AREA)).decorations;
    assert.ok(
      queue.some((x) => x.id === d.id && !x.inspectedToday),
      'today’s uninspected unit is in the queue',
    );
    const inspected = await ok(
      'inspect',
      { id: d.id, photos: [PHOTO], checklist: { waste: 'issue', alteration: 'ok', hours: 'ok', fire: 'ok' }, findings: '楼道堆放建筑垃圾' },
      AREA,
    );
    assert.equal(inspected.decoration.inspectedToday, true);
    assert.equal(inspected.inspection.photos.length, 1);
    assert.equal((await failed('inspect', { id: d.id, photos: [] }, AREA)).code, 'INVALID_INPUT', 'a photo is required');
    assert.equal((await failed('inspect', { id: d.id, photos: [PHOTO] }, OWNER)).code, 'FORBIDDEN');

    const notice = await ok('notice', { id: d.id, items: ['楼道建筑垃圾当日清运'], deadline: iso(shanghaiAt(1, 18)) }, AREA);
    const n = notice.decoration.notices[0];
    assert.equal(n.state, 'open');
    const seen = (await ok('get', { id: d.id }, OWNER)).decoration.notices;
    assert.deepEqual(seen[0].items, ['楼道建筑垃圾当日清运'], 'the owner sees the notice');
    assert.ok(
      inboxOf(OWNER).some((m) => m.body.includes(n.no)),
      'and is told',
    );
    assert.equal((await failed('requestAcceptance', { id: d.id }, OWNER)).code, 'CONFLICT', 'not while a notice is open');
    await ok('verifyRectification', { id: d.id, notice: n.no, note: '已清运' }, AREA);
    assert.equal((await failed('verifyRectification', { id: d.id, notice: n.no }, AREA)).code, 'CONFLICT');

    await ok('requestAcceptance', { id: d.id }, OWNER);
    const failedInitial = await ok('accept', { id: d.id, stage: 'initial', passed: false, items: ['卫生间闭水试验不合格'] }, AREA);
    assert.equal(failedInitial.decoration.state, 'in_progress', 'a failed 初验 sends the work back');
    await ok('requestAcceptance', { id: d.id }, OWNER);
    assert.equal((await failed('accept', { id: d.id, stage: 'final', passed: true }, AREA)).code, 'CONFLICT', '终验 after 初验');
    await ok('accept', { id: d.id, stage: 'initial', passed: true }, AREA);
    const final = await ok('accept', { id: d.id, stage: 'final', passed: true }, LEAD);
    assert.equal(final.decoration.state, 'final_accepted');

    assert.equal((await failed('settle', { id: d.id, deductions: [{ amountFen: 300_000, reason: '损坏公共设施' }] }, DUTY)).code, 'INVALID_INPUT', 'never more than the deposit');
    const settled = await ok('settle', { id: d.id, deductions: [{ amountFen: 50_000, reason: '损坏电梯轿厢壁板' }] }, DUTY);
    assert.equal(settled.decoration.state, 'settled');
    const refund = settled.decoration.refund;
    assert.equal(refund?.amountFen, 150_000);
    assert.match(refund?.no ?? '', /^ZX.+R1$/);
    const retried = await ok('settle', { id: d.id }, DUTY);
    assert.equal(retried.decoration.refund?.no, refund?.no, 'a retried settlement keeps the refund number');
    const asked = (await cloud.payments()).filter((p) => JSON.stringify(p).includes(refund?.no ?? '-'));
    assert.ok(asked.length >= 1);
    assert.equal(cloud.cloud.store.find('refunds', { orderId: d.id }).length, 1, 'one refund record');

    await cloud.refundResult(refund?.no ?? '');
    await cloud.refundResult(refund?.no ?? '');
    const closed = (await ok('get', { id: d.id }, OWNER)).decoration;
    assert.equal(closed.state, 'closed');
    assert.equal(closed.refund?.state, 'done');
    assert.equal(closed.events.filter((e) => e.action === 'close').length, 1, 'closed once, however many callbacks');
    assert.equal((await failed('settle', { id: d.id }, DUTY)).code, 'CONFLICT');
  });

  it('a failed refund is asked again under a new number; the late success of the old one changes nothing twice', async () => {
    await at(shanghaiAt(0, 13));
    const d = await inProgress('1-2-202');
    await ok('requestAcceptance', { id: d.id }, OWNER);
    await ok('accept', { id: d.id, stage: 'initial', passed: true }, AREA);
    await ok('accept', { id: d.id, stage: 'final', passed: true }, AREA);
    const first = (await ok('settle', { id: d.id }, AREA)).decoration.refund;
    assert.equal(first?.amountFen, 200_000);
    await cloud.refundResult(first?.no ?? '', 'REFUNDCLOSE');
    const failedNow = (await ok('get', { id: d.id }, AREA)).decoration;
    assert.equal(failedNow.refund?.state, 'failed');
    assert.equal(failedNow.state, 'settled');
    const second = (await ok('settle', { id: d.id }, AREA)).decoration.refund;
    assert.notEqual(second?.no, first?.no);
    assert.match(second?.no ?? '', /R2$/);
    await cloud.refundResult(second?.no ?? '');
    assert.equal((await ok('get', { id: d.id }, OWNER)).decoration.state, 'closed');
  });
});

describe('the clocks', () => {
  it('three units in progress, one not inspected by 18:00: one miss, one alert, across two runs and a run killed half-way', async () => {
    await at(shanghaiAt(2, 8, 30));
    await sweep();
    // three fresh units in progress (the earlier ones are closed or suspended)
    cloud.cloud.store.update(
      'decorations',
      { state: { $in: ['in_progress', 'permitted', 'suspended'] } },
      { $set: { state: 'cancelled', nextDueAt: null, queueKey: null } },
      { multi: true },
    );
    const units = ['1-1-102', '1-1-103', '1-2-201'];
    for (const u of units) {
      cloud.cloud.store.update('decorations', { unit: u }, { $set: { state: 'cancelled', nextDueAt: null, queueKey: null } }, { multi: true });
    }
    const ds: Decoration[] = [];
    for (const u of units) ds.push(await inProgress(u));
    const today = (await ok('list', { view: 'today' }, AREA)).decorations.map((x) => x.id);
    for (const d of ds) assert.ok(today.includes(d.id), 'each is on the area steward’s list today');
    await at(shanghaiAt(2, 10));
    await ok('inspect', { id: ds[0].id, photos: [PHOTO] }, AREA);
    await ok('inspect', { id: ds[1].id, photos: [PHOTO] }, AREA);

    const misses = () => inboxOf(LEAD).filter((m) => m.title === '装修巡查遗漏');
    const before = misses().length;
    await at(shanghaiAt(2, 18, 5));
    const database = connectSdk(cloud.url).database() as Database;
    await assert.rejects(sweepDecorations(database, { now: new Date(clockMs), budgetMs: 10_000, faults: crashAfterClaims(1) }), SimulatedCrash);
    assert.equal(misses().length, before, 'the killed run told nobody');
    const within = await sweep();
    assert.equal(within.missed + within.resumed, 0, 'a run within the lease leaves it to its holder');
    await at(clockMs + LEASE_MS);
    const [a, b] = await Promise.all([sweep(), sweep()]);
    assert.equal(a.resumed + b.resumed, 1, 'one of two runs after the lease delivers it');
    assert.equal(a.missed + b.missed, 0, 'the miss is not claimed again');
    await sweep();
    assert.equal(misses().length, before + 1, 'one alert to the lead');
    assert.ok(misses().at(-1)?.body.includes(ds[2].unit));
    const days = cloud.cloud.store.find('decorationDays', { day: '2026-11-26' }) as Array<{ decorationId: string; missed: boolean; inspected: boolean }>;
    assert.deepEqual(
      days.filter((x) => x.missed).map((x) => x.decorationId),
      [ds[2].id],
      'one miss on the ledger',
    );
    assert.equal(days.filter((x) => x.inspected && !x.missed).length, 2);
    assert.equal(cloud.cloud.store.find('alertLeases', { source: 'decoration' }).length, 0, 'no lease left');
    const idle = await sweep();
    assert.equal(idle.read, 0, 'a run with nothing due reads nothing');
  });

  it('each area steward gets today’s list once a day', async () => {
    await at(shanghaiAt(3, 8, 5));
    const lists = () => inboxOf(AREA).filter((m) => m.title === '今日装修巡查');
    const before = lists().length;
    const [a, b] = await Promise.all([sweep(), sweep()]);
    assert.ok(a.digests + b.digests >= 1);
    await sweep();
    assert.equal(lists().length, before + 1, 'one list, however many runs');
    assert.match(lists().at(-1)?.body ?? '', /3 户/);
  });

  it('a rectification past its deadline is reminded the day before and escalated once; verification stops the clock', async () => {
    await at(shanghaiAt(3, 9));
    const [d] = (await ok('list', { view: 'today' }, AREA)).decorations;
    const n = (await ok('notice', { id: d.id, items: ['违规使用电焊'], deadline: iso(shanghaiAt(5, 12)), stopWork: true }, AREA)).decoration.notices.at(-1);
    assert.ok(n);
    assert.equal(stored(d.id).state, 'suspended', 'a stop-work notice suspends the work');
    const escalations = () => inboxOf(LEAD).filter((m) => m.title === '整改逾期未复查' && m.body.includes(n.no));
    const reminders = () => inboxOf(OWNER).filter((m) => m.title === '装修：整改即将到期' && m.body.includes(n.no));
    await at(shanghaiAt(4, 12, 5));
    await sweep();
    await sweep();
    assert.equal(reminders().length, 1, 'reminded once the day before');
    assert.equal(escalations().length, 0);
    await at(shanghaiAt(5, 12, 5));
    await Promise.all([sweep(), sweep()]);
    await sweep();
    assert.equal(escalations().length, 1, 'escalated once');
    await ok('verifyRectification', { id: d.id, notice: n.no }, AREA);
    await ok('resume', { id: d.id }, AREA);
    assert.equal(stored(d.id).state, 'in_progress');
    assert.ok(!stored(d.id).alerts[`remind:${n.no}x`]);
  });
});

describe('the steward log reader', () => {
  it('inspectionsOn gives a steward’s inspections of a day, and no one else’s', async () => {
    const { inspectionsOn } = await import('../../cloudfunctions/core/decoration/inspections');
    const database = connectSdk(cloud.url).database() as Database;
    const mine = await inspectionsOn(database, AREA, '2026-11-26');
    assert.equal(mine.length, 2);
    assert.ok(mine.every((i) => i.by === AREA && i.day === '2026-11-26' && i.photos.length === 1));
    assert.equal((await inspectionsOn(database, DUTY, '2026-11-26')).length, 0);
  });
});

describe('the monthly report', () => {
  it('gains the inspection, 初验 and 终验 rates with the units behind every miss', async () => {
    // work ended without acceptance: permitted, then cancelled by a steward with the deposit back
    await at(shanghaiAt(6, 10));
    const d = await permitted('1-2-203');
    await ok('cancel', { id: d.id, reason: '业主放弃装修' }, DUTY);
    const reply = (await cloud.call('reports', 'monthly', { month: '2026-11' }, { openid: MANAGER })) as Reply<{
      figures: Array<{ key: string; numerator: number; denominator: number; rate: number | null; missed: Array<{ subject: string; id: string; unit: string; figures: string[] }> }>;
    }>;
    assert.ok(reply.ok, JSON.stringify(reply));
    const figure = (key: string) => {
      const found = reply.data.figures.find((f) => f.key === key);
      assert.ok(found, key);
      return found;
    };
    const ledger = cloud.cloud.store.find('decorationDays', { month: '2026-11' }) as Array<{ missed: boolean; decorationId: string }>;
    const inspection = figure('decorationInspection');
    assert.equal(inspection.denominator, ledger.length, 'every in-progress unit-day on the ledger');
    assert.equal(inspection.numerator, ledger.filter((x) => !x.missed).length);
    assert.ok(inspection.rate !== null && inspection.rate < 1);
    assert.ok(
      inspection.missed.some((m) => m.subject === 'decoration' && m.unit === '1-2-201'),
      'the unit behind the 18:00 miss',
    );
    const initial = figure('decorationInitial');
    const final = figure('decorationFinal');
    assert.equal(initial.denominator, 3, 'two settled, one cancelled after its permit');
    assert.equal(initial.numerator, 2);
    assert.equal(final.numerator, 2);
    assert.deepEqual(
      initial.missed.map((m) => m.id),
      [d.id],
    );
    assert.deepEqual(final.missed[0]?.figures.sort(), ['decorationFinal', 'decorationInitial']);
  });
});
