// The passes function through the real wx-server-sdk against the local cloud (SPEC §5): an owner
// or tenant applies, the owner confirms a tenant's pass, a steward decides within 15 minutes, and
// the guard checks the code at the gate — every refusal with its own reason, every check logged.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { functionCalls } from '../support/calls';
import { OWNER, OTHER_OWNER, RESIDENT, DUTY, AREA, LEAD, GUARD } from '../support/people';
import type { ActionName } from '../../types/contract';
import type { Reply } from '../../types/envelope';
import type { GateVerdict, Pass, PassRefusal } from '../../types/passes';
import { sweepPasses } from '../../cloudfunctions/core/passes/sweep';
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
const shanghai = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().replace('Z', '+08:00');

const SECRET_A = 'test-secret-a-0123456789abcdef';
const SECRET_B = 'test-secret-b-0123456789abcdef';
const SECRET_C = 'test-secret-c-0123456789abcdef';

before(async () => {
  cloud = await startTestCloud({ functionEnv: { PASS_SECRET: SECRET_A, PASS_SECRET_PREVIOUS: '' } });
  await at(clockMs);
});
after(async () => {
  await cloud.close();
});

type Action = ActionName<'passes'>;

const { call, ok, failed } = functionCalls('passes', () => cloud);

/** An application starting `startIn` minutes from now and lasting `hours`. */
function application(extra: Record<string, unknown> = {}, startIn = 5, hours = 3) {
  const from = clockMs + startIn * 60_000;
  return {
    unit: '1-1-101',
    items: [
      { name: '双人床', count: 1 },
      { name: '纸箱', count: 12 },
    ],
    from: shanghai(from),
    to: shanghai(from + hours * 3600_000),
    carrier: { name: '刘师傅', phone: '13912345678', plate: '鲁B12345' },
    reason: 'moving_out',
    ...extra,
  };
}

async function apply(openid = OWNER, extra: Record<string, unknown> = {}, startIn = 5, hours = 3): Promise<Pass> {
  return (await ok('apply', application(extra, startIn, hours), openid)).pass;
}

/** An owner's pass approved by the duty steward, and its code as the owner's page shows it. */
async function approved(startIn = 5, hours = 3): Promise<{ pass: Pass; code: string }> {
  const pass = await apply(OWNER, {}, startIn, hours);
  await ok('approve', { id: pass.id }, DUTY);
  const shown = (await ok('get', { id: pass.id }, OWNER)).pass;
  assert.ok(shown.qr, 'the owner sees the code once approved');
  return { pass: shown, code: shown.qr };
}

const verify = async (code: string, openid = GUARD) => ok('verify', { code }, openid);
async function refusedAs(code: string, refusal: PassRefusal): Promise<GateVerdict> {
  const verdict = await verify(code);
  assert.equal(verdict.valid, false, `expected ${refusal}, got ${JSON.stringify(verdict)}`);
  assert.equal(verdict.refusal, refusal);
  return verdict;
}
const checks = () => cloud.cloud.store.find('passChecks', {}) as Array<{ kind: string; valid: boolean; refusal: string | null; passId: string | null; guard: string }>;
const inboxOf = (openid: string) => cloud.cloud.store.find('inbox', { openid }) as Array<{ template: string; title: string; body: string }>;

/** Flip one character of the signature part to another of the alphabet. */
function tamper(code: string): string {
  const last = code[code.length - 1];
  return code.slice(0, -1) + (last === 'Z' ? 'Y' : 'Z');
}

describe('applying', () => {
  it("takes an owner's application and starts the 15-minute decision clock at once", async () => {
    await advance(1);
    const pass = await apply();
    assert.equal(pass.state, 'pending');
    assert.equal(pass.needsOwner, false);
    assert.match(pass.no, /^FX20261124-\d{4}$/);
    assert.equal(Date.parse(pass.decideBy ?? ''), clockMs + 15 * 60_000);
    assert.deepEqual(pass.due, { at: pass.decideBy, level: 'ok' });
    assert.equal(pass.qr, null, 'no code before approval');
    assert.ok(
      inboxOf(DUTY).some((m) => m.template === 'staffAlert' && m.body.includes(pass.no)),
      'the duty steward is told',
    );
    assert.ok(
      inboxOf(AREA).some((m) => m.body.includes(pass.no)),
      "the building's area steward is told",
    );
  });

  it('refuses a window in the past, too long or inverted, and a carrier with no way to reach them', async () => {
    await advance(1);
    const past = await failed('apply', application({}, -30), OWNER);
    assert.equal(past.code, 'INVALID_INPUT');
    assert.ok(past.fields?.from);
    const long = await failed('apply', application({}, 5, 13), OWNER);
    assert.equal(long.code, 'INVALID_INPUT');
    assert.ok(long.fields?.to);
    const base = application();
    const inverted = await failed('apply', { ...base, to: base.from }, OWNER);
    assert.ok(inverted.fields?.to);
    const noContact = await failed('apply', application({ carrier: { name: '刘师傅' } }), OWNER);
    assert.ok(noContact.fields?.['carrier.phone']);
    const noItems = await failed('apply', application({ items: [] }), OWNER);
    assert.ok(noItems.fields?.items);
    const otherWithoutNote = await failed('apply', application({ reason: 'other' }), OWNER);
    assert.ok(otherWithoutNote.fields?.reasonNote);
  });

  it('refuses a unit the applicant is not bound to', async () => {
    const error = await failed('apply', application({ unit: '2-1-202' }), OWNER);
    assert.equal(error.code, 'FORBIDDEN');
  });

  it('makes one pass of a double tap (same requestId)', async () => {
    await advance(1);
    const input = application({ items: [{ name: '旧沙发', count: 1 }] });
    const [a, b] = await Promise.all([call('apply', input, OWNER, 'req-pass-double-1'), call('apply', input, OWNER, 'req-pass-double-1')]);
    assert.ok(a.ok && b.ok);
    assert.equal((a.data as { pass: Pass }).pass.id, (b.data as { pass: Pass }).pass.id);
    assert.equal(cloud.cloud.store.find('passes', { 'items.name': '旧沙发' }).length, 1);
  });
});

describe("a tenant's pass and the owner's confirmation", () => {
  it('cannot be approved before the owner confirms', async () => {
    await advance(1);
    const pass = await apply(RESIDENT);
    assert.equal(pass.needsOwner, true);
    assert.equal(pass.decideBy, null, 'no decision clock while the owner has not confirmed');
    assert.ok(
      inboxOf(OWNER).some((m) => m.template === 'passDecision' && m.body.includes(pass.no)),
      'the owner is asked',
    );
    const early = await failed('approve', { id: pass.id }, DUTY);
    assert.equal(early.code, 'CONFLICT');
    assert.match(early.message, /业主确认/);
    const stored = (await ok('get', { id: pass.id }, DUTY)).pass;
    assert.equal(stored.state, 'pending');
    assert.deepEqual(stored.allowed.sort(), ['ownerConfirm', 'reject', 'revoke']);
  });

  it('cannot be confirmed by the owner of another unit, nor by the tenant', async () => {
    await advance(1);
    const pass = await apply(RESIDENT);
    assert.equal((await failed('ownerConfirm', { id: pass.id }, OTHER_OWNER)).code, 'NOT_FOUND');
    assert.equal((await failed('ownerConfirm', { id: pass.id }, RESIDENT)).code, 'FORBIDDEN');
    assert.equal((await ok('get', { id: pass.id }, RESIDENT)).pass.state, 'pending');
  });

  it('is confirmed by the owner in the app, then approved within the clock that starts then', async () => {
    await advance(1);
    const pass = await apply(RESIDENT);
    await advance(20);
    const confirmed = (await ok('ownerConfirm', { id: pass.id }, OWNER)).pass;
    assert.equal(confirmed.state, 'owner_confirmed');
    assert.equal(confirmed.ownerConfirmation?.method, 'app');
    assert.equal(Date.parse(confirmed.decideBy ?? ''), clockMs + 15 * 60_000, 'the 15 minutes run from the confirmation');
    assert.equal((await failed('ownerConfirm', { id: pass.id }, OWNER)).code, 'CONFLICT', 'confirmed once');
    const done = (await ok('approve', { id: pass.id }, DUTY)).pass;
    assert.equal(done.state, 'approved');
    assert.equal(done.due, null, 'the clock is met');
    assert.ok(
      inboxOf(RESIDENT).some((m) => m.title.includes('已批准') && m.body.includes(pass.no)),
      'the tenant is told',
    );
    assert.ok((await ok('get', { id: pass.id }, RESIDENT)).pass.qr, 'the tenant sees the code');
  });

  it('is declined by the owner with a reason the tenant reads; nobody else declines for the owner', async () => {
    await advance(1);
    const pass = await apply(RESIDENT);
    assert.ok((await ok('get', { id: pass.id }, OWNER)).pass.allowed.includes('ownerDecline'), 'the owner is offered it');
    assert.equal((await failed('ownerDecline', { id: pass.id, reason: '   ' }, OWNER)).code, 'INVALID_INPUT', 'not without a reason');
    assert.equal((await failed('ownerDecline', { id: pass.id, reason: '不同意' }, RESIDENT)).code, 'FORBIDDEN');
    assert.equal((await failed('ownerDecline', { id: pass.id, reason: '不同意' }, DUTY)).code, 'FORBIDDEN', 'a steward rejects in their own name');
    assert.equal((await failed('ownerDecline', { id: pass.id, reason: '不同意' }, OTHER_OWNER)).code, 'NOT_FOUND');
    const declined = (await ok('ownerDecline', { id: pass.id, reason: '冰箱是房东的，不能搬走' }, OWNER)).pass;
    assert.equal(declined.state, 'rejected');
    assert.equal(declined.decision?.approved, false);
    assert.equal(declined.decision?.reason, '冰箱是房东的，不能搬走');
    assert.ok(
      inboxOf(RESIDENT).some((m) => m.title.includes('业主未同意') && m.body.includes('冰箱是房东的')),
      'the tenant is told why',
    );
    assert.equal((await failed('approve', { id: pass.id }, DUTY)).code, 'CONFLICT', 'nothing left to approve');
    const own = await apply(OWNER);
    assert.equal((await failed('ownerDecline', { id: own.id, reason: '不要了' }, OWNER)).code, 'CONFLICT', "an owner's own pass is revoked, not declined");
  });

  it("is confirmed by a steward on the owner's behalf after a phone call", async () => {
    await advance(1);
    const pass = await apply(RESIDENT);
    const forSteward = (await ok('get', { id: pass.id }, DUTY)).pass;
    assert.deepEqual(forSteward.ownerContacts, [{ name: '王建国', phone: '13800000001' }], 'the steward sees whom to call');
    const confirmed = (await ok('ownerConfirm', { id: pass.id, note: '电话联系王先生，同意搬出' }, DUTY)).pass;
    assert.equal(confirmed.ownerConfirmation?.method, 'phone');
    assert.equal(confirmed.ownerConfirmation?.byName, '陈静');
    assert.equal((await ok('approve', { id: pass.id }, AREA)).pass.state, 'approved');
  });
});

describe('deciding', () => {
  it('lists undecided passes by urgency, those awaiting the owner last, coloured as the clock runs', async () => {
    await advance(30);
    const first = await apply(OWNER, { items: [{ name: '冰箱', count: 1 }] });
    await advance(2);
    const waiting = await apply(RESIDENT, { items: [{ name: '书桌', count: 1 }] });
    await advance(2);
    const second = await apply(OWNER, { items: [{ name: '洗衣机', count: 1 }] });
    await advance(9); // first: 13 of 15 minutes gone
    const { passes } = await ok('list', { view: 'queue', limit: 50 }, DUTY);
    const ids = passes.map((p) => p.id);
    assert.ok(ids.indexOf(first.id) < ids.indexOf(second.id), 'the older clock first');
    assert.ok(ids.indexOf(second.id) < ids.indexOf(waiting.id), 'awaiting the owner after every running clock');
    const due = (id: string) => passes.find((p) => p.id === id)?.due?.level;
    assert.equal(due(first.id), 'near');
    assert.equal(due(second.id), 'ok');
    assert.equal(passes.find((p) => p.id === waiting.id)?.due, null);
    await advance(5);
    const later = await ok('list', { view: 'queue', limit: 50 }, DUTY);
    assert.equal(later.passes.find((p) => p.id === first.id)?.due?.level, 'breached');
    assert.equal(later.passes.find((p) => p.id === first.id)?.applicantPhone, '138****0001', 'phones masked in the list');
    for (const p of [first, second, waiting]) await ok('revoke', { id: p.id }, p.id === waiting.id ? RESIDENT : OWNER);
  });

  it("shows an area steward their buildings' passes first, then the rest, across pages", async () => {
    const now = new Date(clockMs);
    cloud.cloud.store.insert('bindings', [
      {
        _id: 'binding-b3-owner',
        openid: 'b3-owner',
        communityId: 'yuehai',
        unit: '3-1-301',
        role: 'owner',
        state: 'active',
        phone: '13800003301',
        name: '三号楼业主',
        createdAt: now,
        decidedAt: now,
        decidedBy: 'roster',
        rejectReason: null,
      },
    ]);
    await advance(1);
    const elsewhere = await apply('b3-owner', { unit: '3-1-301', items: [{ name: '钢琴', count: 1 }] });
    await advance(1);
    const own = await apply(OWNER, { items: [{ name: '衣柜', count: 1 }] });
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { passes: Array<{ id: string; building: string }>; nextCursor: string | null } = await ok(
        'list',
        { view: 'queue', limit: 2, ...(cursor ? { cursor } : {}) },
        AREA,
      );
      all.push(...page.passes.map((p) => `${p.building}:${p.id}`));
      cursor = page.nextCursor;
    } while (cursor);
    assert.equal(new Set(all).size, all.length, 'no pass twice across pages');
    const firstOther = all.findIndex((entry) => entry.startsWith('3:'));
    assert.ok(firstOther > 0 && all.slice(firstOther).every((entry) => entry.startsWith('3:')), `own buildings first: ${all.join(' ')}`);
    assert.ok(all.includes(`3:${elsewhere.id}`) && all.includes(`1:${own.id}`), 'nothing hidden');
    const duty = (await ok('list', { view: 'queue', limit: 50 }, DUTY)).passes.map((p) => p.id);
    assert.ok(duty.indexOf(elsewhere.id) < duty.indexOf(own.id), 'the duty steward sees the plain order by deadline');
    await ok('revoke', { id: elsewhere.id }, 'b3-owner');
    await ok('revoke', { id: own.id }, OWNER);
  });

  it('rejects with a reason the applicant reads, and not without one', async () => {
    await advance(1);
    const pass = await apply();
    const missing = await failed('reject', { id: pass.id, reason: '  ' }, DUTY);
    assert.equal(missing.code, 'INVALID_INPUT');
    const rejected = (await ok('reject', { id: pass.id, reason: '请补充物品照片后重新申请' }, DUTY)).pass;
    assert.equal(rejected.state, 'rejected');
    assert.equal(rejected.decision?.reason, '请补充物品照片后重新申请');
    assert.ok(inboxOf(OWNER).some((m) => m.title.includes('未批准') && m.body.includes('请补充物品照片')));
    assert.equal((await failed('approve', { id: pass.id }, DUTY)).code, 'CONFLICT');
  });

  it('lets exactly one of two stewards deciding at once win', async () => {
    await advance(1);
    const pass = await apply();
    const [a, b] = await Promise.all([call('approve', { id: pass.id }, DUTY), call('reject', { id: pass.id, reason: '时间冲突' }, AREA)]);
    assert.equal([a, b].filter((r) => r.ok).length, 1);
    const loser = [a, b].find((r) => !r.ok);
    assert.equal(loser && !loser.ok ? loser.error.code : null, 'CONFLICT');
  });

  it('shows the code only to the applicant and the owner, never in lists or to staff', async () => {
    await advance(1);
    const { pass, code } = await approved();
    assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    assert.equal((await ok('get', { id: pass.id }, DUTY)).pass.qr, null);
    assert.equal((await ok('get', { id: pass.id }, RESIDENT)).pass.qr, null, "another person of the unit does not get the owner's code");
    assert.equal((await failed('get', { id: pass.id }, OTHER_OWNER)).code, 'NOT_FOUND');
  });
});

describe('at the gate', () => {
  it('shows the guard the unit, applicant, items and window, then releases once', async () => {
    await advance(1);
    const { pass, code } = await approved();
    await advance(10);
    const verdict = await verify(code);
    assert.equal(verdict.valid, true);
    assert.equal(verdict.pass?.unit, '1-1-101');
    assert.equal(verdict.pass?.applicantName, '王建国');
    assert.deepEqual(
      verdict.pass?.items.map((i) => `${i.name}×${i.count}`),
      ['双人床×1', '纸箱×12'],
    );
    assert.equal(verdict.pass?.from, pass.from);
    // read aloud: lower case, spaces instead of dashes, O for 0 all still work
    const spoken = code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o');
    assert.equal((await verify(spoken)).valid, true);
    const released = await ok('release', { code, match: true }, GUARD);
    assert.equal(released.pass.state, 'used');
    assert.equal(released.pass.gate?.byName, '周勇');
    assert.ok(inboxOf(OWNER).some((m) => m.title.includes('已放行') && m.body.includes(pass.no)));
  });

  it('refuses a reused code as used, at verify and at release', async () => {
    await advance(1);
    const { code } = await approved();
    await advance(6);
    await ok('release', { code, match: true }, GUARD);
    await refusedAs(code, 'used');
    const again = await failed('release', { code, match: true }, GUARD);
    assert.equal(again.code, 'CONFLICT');
    assert.match(again.message, /已使用/);
  });

  it('lets exactly one of two guards releasing at the same moment succeed', async () => {
    await advance(1);
    const { pass, code } = await approved();
    await advance(6);
    const before = checks().length;
    const replies = await Promise.all([call('release', { code, match: true }, GUARD), call('release', { code, match: true }, 'dev-manager')]);
    assert.equal(replies.filter((r) => r.ok).length, 1, JSON.stringify(replies));
    const loser = replies.find((r) => !r.ok);
    assert.equal(loser && !loser.ok ? loser.error.code : null, 'CONFLICT');
    const stored = cloud.cloud.store.find('passes', { _id: pass.id })[0] as { state: string; events: Array<{ action: string }> };
    assert.equal(stored.state, 'used');
    assert.equal(stored.events.filter((e) => e.action === 'release').length, 1);
    assert.equal(checks().length, before + 2, 'both attempts are logged');
  });

  it('refuses a forged code', async () => {
    await refusedAs('ABCD-EFGH-JKMN-PQRS', 'forged');
    await refusedAs('not a pass code', 'forged');
    const verdict = await refusedAs('12', 'forged');
    assert.equal(verdict.pass, null, 'a forged code says nothing about any pass');
    assert.match(verdict.message, /无效放行码/);
  });

  it('refuses a tampered code, and a code whose pass was changed after signing', async () => {
    await advance(1);
    const { pass, code } = await approved();
    await advance(6);
    const verdict = await refusedAs(tamper(code), 'tampered');
    assert.equal(verdict.pass, null);
    assert.equal((await failed('release', { code: tamper(code), match: true }, GUARD)).code, 'INVALID_INPUT');
    // the window is bound by the signature: stretching it in the database voids the code
    const [stored] = cloud.cloud.store.find('passes', { _id: pass.id }) as Array<{ to: Date }>;
    cloud.cloud.store.update('passes', { _id: pass.id }, { $set: { to: new Date(stored.to.getTime() + 24 * 3600_000) } }, {});
    await refusedAs(code, 'tampered');
  });

  it('refuses a code before its window and after it', async () => {
    await advance(1);
    const { pass, code } = await approved(120, 2);
    const early = await refusedAs(code, 'not_yet_valid');
    assert.equal(early.pass?.id, pass.id, 'the guard sees which pass it is');
    await advance(120 + 2 * 60 + 1);
    await refusedAs(code, 'expired');
    assert.equal((await ok('get', { id: pass.id }, OWNER)).pass.state, 'expired');
    assert.equal((cloud.cloud.store.find('passes', { _id: pass.id })[0] as { state: string }).state, 'expired', 'written down at the check');
    assert.equal((await failed('release', { code, match: true }, GUARD)).code, 'CONFLICT');
  });

  it('refuses a revoked code; the owner may revoke an approved, unused pass', async () => {
    await advance(1);
    const { pass, code } = await approved();
    assert.equal((await failed('revoke', { id: pass.id }, OTHER_OWNER)).code, 'NOT_FOUND');
    assert.equal((await failed('revoke', { id: pass.id }, RESIDENT)).code, 'FORBIDDEN', 'a tenant revokes only their own');
    const revoked = (await ok('revoke', { id: pass.id, reason: '改期搬家' }, OWNER)).pass;
    assert.equal(revoked.state, 'revoked');
    assert.equal(revoked.qr, null);
    await advance(6);
    await refusedAs(code, 'revoked');
  });

  it('refuses a code of a pass not approved', async () => {
    await advance(1);
    const pass = await apply();
    // only the server can sign; the stored reference plus a signature made here stands in for a
    // code that leaked before the decision
    const { signPass } = await import('../../cloudfunctions/core/passes/token');
    const [stored] = cloud.cloud.store.find('passes', { _id: pass.id }) as Array<{ ref: string; from: Date; to: Date; communityId: string }>;
    const code = signPass({ id: pass.id, communityId: stored.communityId, from: stored.from, to: stored.to, ref: stored.ref }, SECRET_A);
    await refusedAs(code, 'not_approved');
    await ok('reject', { id: pass.id, reason: '物品描述不清' }, DUTY);
    await refusedAs(code, 'not_approved');
  });

  it("refuses another community's code and tells nothing about its pass", async () => {
    const store = cloud.cloud.store;
    const now = new Date(clockMs);
    store.insert('communities', [{ _id: 'haitang', name: '海棠湾', supervisionPhone: '0532-80000000', buildings: ['1'] }]);
    store.insert('units', [{ _id: 'haitang:1-1-101', communityId: 'haitang', unit: '1-1-101', building: '1', possession: true }]);
    store.insert('bindings', [
      {
        _id: 'binding-ht-owner',
        openid: 'ht-owner',
        communityId: 'haitang',
        unit: '1-1-101',
        role: 'owner',
        state: 'active',
        phone: '13800009999',
        name: '海业主',
        createdAt: now,
        decidedAt: now,
        decidedBy: 'roster',
        rejectReason: null,
      },
    ]);
    store.insert('staff', [
      { _id: 'staff-ht-steward', openid: 'ht-steward', communityId: 'haitang', role: 'steward', kind: 'duty', buildings: [], name: '海管家', phone: '13700009999', active: true },
      { _id: 'staff-ht-guard', openid: 'ht-guard', communityId: 'haitang', role: 'guard', kind: null, buildings: [], name: '海门岗', phone: '13700009998', active: true },
    ]);
    await advance(1);
    const pass = await apply('ht-owner', { communityId: 'haitang' });
    await ok('approve', { id: pass.id }, 'ht-steward');
    assert.equal((await failed('approve', { id: pass.id }, DUTY)).code, 'NOT_FOUND', "yuehai's steward cannot see haitang's pass");
    const code = (await ok('get', { id: pass.id }, 'ht-owner')).pass.qr ?? '';
    await advance(6);
    const verdict = await refusedAs(code, 'other_community');
    assert.equal(verdict.pass, null);
    assert.equal((await failed('release', { code, match: true }, GUARD)).code, 'FORBIDDEN');
    assert.equal((await verify(code, 'ht-guard')).valid, true, "valid at its own community's gate");
  });

  it('refuses at the gate when the goods do not match, and the code is then refused_at_gate', async () => {
    await advance(1);
    const { pass, code } = await approved();
    await advance(6);
    const noNote = await failed('release', { code, match: false }, GUARD);
    assert.equal(noNote.code, 'INVALID_INPUT');
    assert.ok(noNote.fields?.note);
    const refused = await ok('release', { code, match: false, note: '实际多出一台冰箱' }, GUARD);
    assert.equal(refused.pass.state, 'refused_at_gate');
    assert.equal(refused.pass.gate?.note, '实际多出一台冰箱');
    assert.ok(
      inboxOf(OWNER).some((m) => m.body.includes(pass.no) && m.body.includes('重新申请')),
      'the owner is told to apply again',
    );
    const verdict = await refusedAs(code, 'refused_at_gate');
    assert.match(verdict.message, /重新申请/);
  });

  it('logs every check with its result', async () => {
    await advance(1);
    const { pass, code } = await approved();
    await advance(6);
    const before = checks().length;
    await verify(code);
    await verify(tamper(code));
    await verify('ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    await ok('release', { code, match: true }, GUARD);
    await failed('release', { code, match: true }, GUARD);
    const logged = checks().slice(before);
    assert.deepEqual(
      logged.map((c) => [c.kind, c.valid, c.refusal, c.passId === pass.id]),
      [
        ['verify', true, null, true],
        ['verify', false, 'tampered', true],
        ['verify', false, 'forged', false],
        ['release', true, null, true],
        ['release', false, 'used', true],
      ],
    );
    assert.ok(logged.every((c) => c.guard === GUARD));
    const stored = JSON.stringify(cloud.cloud.store.find('passChecks', {}));
    assert.ok(!stored.includes(code.replace(/-/g, '').slice(8)), 'the log never holds a signature');
  });
});

describe('roles', () => {
  it('lets the guard verify and release and nothing else', async () => {
    await advance(1);
    const pass = await apply();
    for (const [action, input] of [
      ['apply', application()],
      ['approve', { id: pass.id }],
      ['reject', { id: pass.id, reason: '不行' }],
      ['ownerConfirm', { id: pass.id }],
      ['revoke', { id: pass.id }],
    ] as Array<[Action, unknown]>) {
      assert.equal((await failed(action, input, GUARD)).code, 'FORBIDDEN', action);
    }
    assert.equal((await failed('get', { id: pass.id }, GUARD)).code, 'NOT_FOUND');
    assert.equal((await failed('list', { view: 'queue' }, GUARD)).code, 'FORBIDDEN');
    assert.equal((await failed('list', { view: 'log' }, GUARD)).code, 'FORBIDDEN');
    assert.deepEqual((await ok('list', { view: 'mine' }, GUARD)).passes, [], 'a guard has no units of their own');
    await ok('revoke', { id: pass.id }, OWNER);
  });

  it('lets neither an owner nor a steward verify or release', async () => {
    await advance(1);
    const { code } = await approved();
    for (const who of [OWNER, RESIDENT, DUTY, LEAD, 'dev-engineer']) {
      assert.equal((await failed('verify', { code }, who)).code, 'FORBIDDEN', who);
      assert.equal((await failed('release', { code, match: true }, who)).code, 'FORBIDDEN', who);
    }
  });
});

describe('the register (物品放行条登记)', () => {
  it('filters by date, building and state, including passes that lapsed unused', async () => {
    await at(Date.parse('2026-11-26T01:00:00.000Z')); // 09:00 on the 26th
    const lapsed = await approved(5, 1);
    const fresh = await approved(60, 2);
    await advance(70); // the first window has ended, the second runs
    const log = async (filter: Record<string, unknown>) => (await ok('list', { view: 'log', limit: 50, ...filter }, DUTY)).passes.map((p) => p.id);
    const day = await log({ date: '2026-11-26' });
    assert.deepEqual(day.sort(), [lapsed.pass.id, fresh.pass.id].sort());
    assert.deepEqual(await log({ date: '2026-11-26', state: 'expired' }), [lapsed.pass.id]);
    assert.deepEqual(await log({ date: '2026-11-26', state: 'approved' }), [fresh.pass.id]);
    assert.deepEqual(await log({ date: '2026-11-26', building: '2' }), []);
    assert.deepEqual(await log({ date: '2026-11-26', building: '1' }), [fresh.pass.id, lapsed.pass.id], 'latest window first');
    const page1 = await ok('list', { view: 'log', date: '2026-11-26', limit: 1 }, DUTY);
    assert.ok(page1.nextCursor);
    const page2 = await ok('list', { view: 'log', date: '2026-11-26', limit: 1, cursor: page1.nextCursor }, DUTY);
    assert.deepEqual(
      [...page1.passes, ...page2.passes].map((p) => p.id),
      [fresh.pass.id, lapsed.pass.id],
    );
    assert.equal(page2.nextCursor, null);
  });

  it("shows an owner their unit's passes, a tenant's among them, newest first", async () => {
    await advance(1);
    const mine = await apply(RESIDENT, { items: [{ name: '行李箱', count: 3 }] });
    const { passes } = await ok('list', { view: 'mine', limit: 5 }, OWNER);
    assert.equal(passes[0].id, mine.id);
    assert.deepEqual(passes[0].allowed.sort(), ['ownerConfirm', 'ownerDecline', 'revoke'], 'the owner agrees, declines or withdraws it');
    assert.ok((await ok('list', { view: 'mine', limit: 50 }, OTHER_OWNER)).passes.every((p) => p.unit === '2-1-202'));
  });
});

describe('the signing secret', () => {
  it('keeps codes signed with the previous secret valid until they expire, and refuses an unknown one', async () => {
    await at(Date.parse('2026-11-27T01:00:00.000Z'));
    const { pass, code: signedWithA } = await approved(5, 2);
    await advance(10);
    cloud.cloud.setFunctionEnv({ PASS_SECRET: SECRET_B, PASS_SECRET_PREVIOUS: SECRET_A });
    try {
      assert.equal((await verify(signedWithA)).valid, true, 'the previous secret still verifies');
      const signedWithB = (await ok('get', { id: pass.id }, OWNER)).pass.qr ?? '';
      assert.notEqual(signedWithB, signedWithA, "the owner's page now shows a code signed with the new secret");
      assert.equal(signedWithB.slice(0, 9), signedWithA.slice(0, 9), 'same pass reference');
      assert.equal((await verify(signedWithB)).valid, true);

      cloud.cloud.setFunctionEnv({ PASS_SECRET: SECRET_C, PASS_SECRET_PREVIOUS: SECRET_B });
      await refusedAs(signedWithA, 'tampered'); // signed with a secret no longer known
      assert.equal((await verify(signedWithB)).valid, true);

      cloud.cloud.setFunctionEnv({ PASS_SECRET: SECRET_B, PASS_SECRET_PREVIOUS: SECRET_A });
      await advance(2 * 60);
      await refusedAs(signedWithA, 'expired'); // the previous secret's codes end with their window
    } finally {
      cloud.cloud.setFunctionEnv({ PASS_SECRET: SECRET_A, PASS_SECRET_PREVIOUS: '' });
    }
  });

  it('refuses to sign or check without a secret in the environment', async () => {
    await advance(1);
    const { pass, code } = await approved();
    cloud.cloud.setFunctionEnv({ PASS_SECRET: '' });
    try {
      assert.equal((await failed('verify', { code }, GUARD)).code, 'INTERNAL');
      assert.equal((await failed('get', { id: pass.id }, OWNER)).code, 'INTERNAL');
    } finally {
      cloud.cloud.setFunctionEnv({ PASS_SECRET: SECRET_A });
    }
    await advance(6);
    assert.equal((await verify(code)).valid, true, 'checked again once the secret is back');
  });
});

describe('the pass sweep (passSweep, every minute)', () => {
  const sweep = async () => (await cloud.runTimer('passSweep')) as { ok: boolean; data: { read: number; alerted: number; expired: number; resumed: number } };

  it('tells the lead and the stewards once when the 15 minutes run out undecided', async () => {
    await at(Date.parse('2026-11-28T01:00:00.000Z'));
    await sweep(); // whatever earlier tests left due
    const pass = await apply(OWNER, { items: [{ name: '跑步机', count: 1 }] });
    await advance(14);
    assert.equal((await sweep()).data.alerted, 0, 'not before the deadline');
    await advance(2);
    const first = await sweep();
    assert.ok(first.ok);
    assert.equal(first.data.alerted, 1);
    const alerts = (who: string) => inboxOf(who).filter((m) => m.title === '放行审批已超时' && m.body.includes(pass.no));
    assert.equal(alerts(LEAD).length, 1, 'the lead is told');
    assert.equal(alerts(DUTY).length, 1, 'the duty steward is told');
    const [second, third] = await Promise.all([sweep(), sweep()]);
    assert.equal(second.data.alerted + third.data.alerted, 0, 'never twice, even two runs at once');
    assert.equal(alerts(LEAD).length, 1);
    assert.equal((await ok('approve', { id: pass.id }, DUTY)).pass.state, 'approved', 'still decidable after the alert');
  });

  it('writes expired on a pass whose window ended unused, reading only what is due', async () => {
    await advance(1);
    const { pass } = await approved(5, 1);
    const stored = () => cloud.cloud.store.find('passes', { _id: pass.id })[0] as { state: string; nextDueAt: Date | null };
    assert.ok(stored().nextDueAt, 'due at the end of its window');
    await advance(70);
    const run = await sweep();
    assert.ok(run.data.expired >= 1);
    assert.equal(stored().state, 'expired');
    assert.equal(stored().nextDueAt, null, 'nothing left to do');
    const idle = await sweep();
    assert.equal(idle.data.read, 0, 'a run with nothing due reads nothing');
  });

  it("tells the tenant and the owner once each when a tenant's pass lapses before anyone decided it", async () => {
    await advance(1);
    const pass = await apply(RESIDENT, {}, 5, 1);
    const told = (openid: string) => inboxOf(openid).filter((m) => m.title.includes('已过期') && m.body.includes(pass.no));
    await advance(70);
    await Promise.all([sweep(), sweep(), ok('get', { id: pass.id }, OWNER)]);
    assert.equal(told(RESIDENT).length, 1, 'the tenant hears it once');
    assert.equal(told(OWNER).length, 1, 'the owner who never answered hears it once');
    assert.match(told(OWNER)[0].body, /业主确认/, 'says what it was waiting for');
    const { pass: used } = await approved(5, 1);
    await advance(70);
    await sweep();
    assert.equal(inboxOf(OWNER).filter((m) => m.title.includes('已过期') && m.body.includes(used.no)).length, 0, 'an approved pass that lapsed unused is no news');
  });

  it('a run dies after its claim; one of two runs after the lease delivers it, once to each', async () => {
    // the lead accepts subscription messages, so the push (or a second one) shows in the outbox
    for (let i = 0; i < 3; i++) await cloud.call('account', 'grantSubscriptions', { templates: ['staffAlert'] }, { openid: LEAD });
    await advance(1);
    await sweep(); // whatever earlier tests left due
    const pass = await apply(OWNER, { items: [{ name: '冰箱', count: 1 }] });
    await advance(16);
    const alerts = (who: string) => inboxOf(who).filter((m) => m.title === '放行审批已超时' && m.body.includes(pass.no));
    const pushes = async () => (await cloud.outbox()).filter((m) => m.template_id === 'local-staffAlert' && m.page?.includes(pass.id));
    const database = connectSdk(cloud.url).database() as Database;
    await assert.rejects(sweepPasses(database, { now: new Date(clockMs), budgetMs: 10_000, faults: crashAfterClaims(1) }), SimulatedCrash);
    const stored = cloud.cloud.store.find('passes', { _id: pass.id })[0] as { alerts: Record<string, Date>; nextDueAt: Date | null };
    assert.ok(stored.alerts.breach, 'the claim landed');
    assert.equal(cloud.cloud.store.find('alertLeases', { passId: pass.id }).length, 1, 'and its lease is there');
    for (const person of [LEAD, DUTY, AREA]) assert.equal(alerts(person).length, 0, `nothing sent to ${person}`);

    await advance(1);
    const within = await sweep();
    assert.deepEqual([within.data.alerted, within.data.resumed], [0, 0], 'a run within the lease leaves it to its holder');
    for (const person of [LEAD, DUTY, AREA]) assert.equal(alerts(person).length, 0, `still nothing to ${person}`);
    assert.equal((await pushes()).length, 0);

    await at(clockMs + LEASE_MS);
    const [a, b] = await Promise.all([sweep(), sweep()]);
    assert.ok(a.ok && b.ok);
    assert.equal(a.data.resumed + b.data.resumed, 1, 'one of two runs after the lease delivers it');
    assert.equal(a.data.alerted + b.data.alerted, 0, 'it is not claimed again');
    const last = await sweep();
    assert.deepEqual([last.data.alerted, last.data.resumed], [0, 0]);
    for (const person of [LEAD, DUTY, AREA]) assert.equal(alerts(person).length, 1, `${person} is told once`);
    assert.equal((await pushes()).filter((m) => m.touser === LEAD).length, 1, 'one push to the lead, none twice');
    assert.equal(cloud.cloud.store.find('alertLeases', { source: 'passes' }).length, 0, 'no lease left');
    assert.equal((await ok('approve', { id: pass.id }, DUTY)).pass.state, 'approved', 'still decidable after the alert');
  });
});

describe('privacy', () => {
  it("counts and erases an applicant's details, keeping the register", async () => {
    await advance(1);
    const pass = await apply(RESIDENT, { items: [{ name: '电视机', count: 1 }] });
    await ok('ownerConfirm', { id: pass.id }, OWNER);
    const held = (await cloud.call('account', 'myData', {}, { openid: RESIDENT })) as Reply<{ records: Record<string, number> }>;
    assert.ok(held.ok);
    const count = held.data.records.passes;
    assert.ok(count >= 1);
    const erased = (await cloud.call('account', 'deleteMyData', { confirm: true }, { openid: RESIDENT })) as Reply<{ deleted: Record<string, number> }>;
    assert.ok(erased.ok);
    assert.equal(erased.data.deleted.passes, count);
    const [stored] = cloud.cloud.store.find('passes', { _id: pass.id }) as Array<{
      applicant: string;
      applicantName: string | null;
      applicantPhone: string | null;
      carrier: { name: string | null; phone: string | null };
      items: unknown[];
      events: Array<{ actorId: string }>;
    }>;
    assert.equal(stored.applicant, 'erased');
    assert.equal(stored.applicantName, null);
    assert.equal(stored.applicantPhone, null);
    assert.deepEqual([stored.carrier.name, stored.carrier.phone], [null, null]);
    assert.equal(stored.items.length, 1, 'the register keeps what left');
    assert.ok(!stored.events.some((e) => e.actorId === RESIDENT));
    assert.equal(cloud.cloud.store.find('passes', { applicant: RESIDENT }).length, 0);
  });
});
