// The visitors function through the real wx-server-sdk against the local cloud (SPEC §14): an
// owner invites a visitor and forwards the code; the guard checks it (once, in its window, at its
// own community's gate, never a forged one), records the entry and the exit; the lobby's walk-in
// register; the front desk timer closes visits left open at day end and erases names after 90 days.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { functionCalls } from '../support/calls';
import { DUTY, GUARD, OTHER_OWNER, OWNER } from '../support/people';
import type { Visit, VisitorRefusal } from '../../types/visitors';

let cloud: TestCloud;
let clockMs = Date.parse('2026-11-24T02:00:00.000Z'); // 10:00 Shanghai
async function at(ms: number): Promise<void> {
  clockMs = ms;
  await cloud.setClock(new Date(clockMs).toISOString());
}
const advance = (minutes: number) => at(clockMs + minutes * 60_000);
const shanghai = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().replace('Z', '+08:00');

before(async () => {
  cloud = await startTestCloud({ functionEnv: { PASS_SECRET: 'test-secret-visitors-0123456789', PASS_SECRET_PREVIOUS: '' } });
  await at(clockMs);
});
after(async () => {
  await cloud.close();
});

const { ok, failed } = functionCalls('visitors', () => cloud);
const passes = functionCalls('passes', () => cloud);

async function invite(extra: Record<string, unknown> = {}, startIn = 0, hours = 4, openid = OWNER): Promise<Visit> {
  const from = clockMs + startIn * 60_000;
  return (
    await ok('invite', { unit: '1-1-101', name: '李四', phone: '13912340000', plate: '鲁B12345', from: shanghai(from), to: shanghai(from + hours * 3600_000), ...extra }, openid)
  ).visit;
}

async function refusedAs(code: string, refusal: VisitorRefusal, guard = GUARD) {
  const verdict = await ok('verify', { code }, guard);
  assert.equal(verdict.valid, false, `expected ${refusal}: ${JSON.stringify(verdict)}`);
  assert.equal(verdict.refusal, refusal);
  return verdict;
}

const sweep = async () => {
  const reply = (await cloud.runTimer('frontdeskSweep')) as { ok: boolean; data: { visits: { closed: number; erased: number; expired: number } } };
  assert.ok(reply.ok, JSON.stringify(reply));
  return reply.data.visits;
};

describe('an owner invites a visitor', () => {
  it('gives the host a QR code to forward; the guard lets the visitor in once and records the exit; the owner sees who visited', async () => {
    const visit = await invite();
    assert.equal(visit.state, 'invited');
    assert.ok(visit.qr, 'the host sees the code');
    assert.match(visit.no, /^FK\d{8}-\d{4}$/);
    // the guard reads it out loud in lower case with spaces: still the same code
    const typed = visit.qr.toLowerCase().replace(/-/g, ' ');
    const verdict = await ok('verify', { code: typed }, GUARD);
    assert.equal(verdict.valid, true, JSON.stringify(verdict));
    assert.equal(verdict.visit?.visitorName, '李四');

    const admitted = await ok('admit', { code: typed }, GUARD);
    assert.equal(admitted.visit.state, 'inside');
    assert.ok(admitted.visit.inAt);
    // once per invitation
    await refusedAs(visit.qr, 'used');
    assert.equal((await failed('admit', { code: visit.qr }, GUARD)).code, 'CONFLICT');
    // the guard's view no longer carries the code; the host's neither, once used
    assert.equal((await ok('get', { id: visit.id }, OWNER)).visit.qr, null);

    await advance(90);
    const out = (await ok('exit', { id: visit.id }, GUARD)).visit;
    assert.equal(out.state, 'left');
    assert.equal((await failed('exit', { id: visit.id }, GUARD)).code, 'CONFLICT', 'an exit is recorded once');

    const mine = await ok('mine', {}, OWNER);
    const seen = mine.visits.find((v) => v.id === visit.id);
    assert.ok(seen, 'the owner sees the visit');
    assert.equal(seen.visitorName, '李四');
    assert.ok(seen.inAt && seen.outAt);
    assert.equal(
      (await ok('mine', {}, OTHER_OWNER)).visits.find((v) => v.id === visit.id),
      undefined,
      "another unit's owner does not",
    );
    assert.equal((await failed('get', { id: visit.id }, OTHER_OWNER)).code, 'NOT_FOUND');
  });

  it('refuses a window longer than 24 hours, one in the past, and a unit the owner is not bound to', async () => {
    assert.equal((await failed('invite', { unit: '1-1-101', name: '王五', from: shanghai(clockMs), to: shanghai(clockMs + 25 * 3600_000) }, OWNER)).code, 'INVALID_INPUT');
    assert.equal((await failed('invite', { unit: '1-1-101', name: '王五', from: shanghai(clockMs - 3600_000), to: shanghai(clockMs) }, OWNER)).code, 'INVALID_INPUT');
    assert.equal((await failed('invite', { unit: '2-1-202', name: '王五', from: shanghai(clockMs), to: shanghai(clockMs + 3600_000) }, OWNER)).code, 'FORBIDDEN');
    assert.equal((await failed('invite', { unit: '1-1-101', name: '王五', from: shanghai(clockMs), to: shanghai(clockMs + 3600_000) }, GUARD)).code, 'FORBIDDEN');
  });

  it('makes one invitation of a repeated request', async () => {
    const input = { unit: '1-1-101', name: '赵六', from: shanghai(clockMs), to: shanghai(clockMs + 3600_000) };
    const a = (await ok('invite', input, OWNER, 'visit-req-1')).visit;
    const b = (await ok('invite', input, OWNER, 'visit-req-1')).visit;
    assert.equal(a.id, b.id);
  });
});

describe('the visitor code at the gate', () => {
  it('is refused before its window and after it', async () => {
    const early = await invite({}, 60, 2);
    await refusedAs(early.qr ?? '', 'not_yet_valid');
    assert.equal((await failed('admit', { code: early.qr }, GUARD)).code, 'CONFLICT');
    await advance(60);
    assert.equal((await ok('verify', { code: early.qr }, GUARD)).valid, true);
    await advance(121);
    await refusedAs(early.qr ?? '', 'expired');
    assert.equal((await ok('get', { id: early.id }, OWNER)).visit.state, 'expired');
  });

  it('is refused when forged, altered, revoked, or a pass code', async () => {
    await refusedAs('7KQ2-M9XD-4TZR-B1NP', 'forged');
    await refusedAs('not a code', 'forged');
    const visit = await invite();
    const code = visit.qr ?? '';
    const last = code.at(-1) === 'A' ? 'B' : 'A';
    await refusedAs(code.slice(0, -1) + last, 'tampered');
    // a pass's code is not a visitor's code, and a visitor's code is not a pass
    const pass = (
      await passes.ok(
        'apply',
        {
          unit: '1-1-101',
          items: [{ name: '纸箱', count: 1 }],
          from: shanghai(clockMs + 60_000),
          to: shanghai(clockMs + 3600_000),
          carrier: { name: '刘师傅', phone: '13912345678' },
          reason: 'moving_out',
        },
        OWNER,
      )
    ).pass;
    await passes.ok('approve', { id: pass.id }, DUTY);
    const passCode = (await passes.ok('get', { id: pass.id }, OWNER)).pass.qr ?? '';
    await refusedAs(passCode, 'forged');
    const asPass = await passes.ok('verify', { code }, GUARD);
    assert.equal(asPass.refusal, 'forged');

    await ok('revoke', { id: visit.id }, OWNER);
    await refusedAs(code, 'revoked');
  });

  it("is refused at another community's gate, and valid at its own", async () => {
    const { store } = cloud.cloud;
    store.insert('communities', [{ _id: 'fy', name: '枫叶苑', supervisionPhone: '0532-88888888', buildings: ['1'] }]);
    store.insert('units', [{ _id: 'fy:1-1-101', communityId: 'fy', unit: '1-1-101', building: '1', possession: true }]);
    store.insert('bindings', [
      {
        _id: 'b-fy-owner',
        openid: 'fy-owner',
        communityId: 'fy',
        unit: '1-1-101',
        role: 'owner',
        state: 'active',
        phone: '13800009999',
        name: '枫业主',
        createdAt: new Date(clockMs),
        decidedAt: null,
        decidedBy: null,
        rejectReason: null,
      },
    ]);
    store.insert('staff', [
      { _id: 'staff-fy-guard', openid: 'fy-guard', communityId: 'fy', role: 'guard', kind: null, buildings: [], name: '枫门岗', phone: '13700008888', active: true },
    ]);
    const visit = await invite({ communityId: 'fy' }, 0, 4, 'fy-owner');
    const verdict = await refusedAs(visit.qr ?? '', 'other_community');
    assert.equal(verdict.visit, null, "another community's visitor is not described");
    assert.equal((await failed('admit', { code: visit.qr }, GUARD)).code, 'FORBIDDEN');
    assert.equal((await ok('verify', { code: visit.qr }, 'fy-guard')).valid, true);
  });

  it('lets one visitor in once when two guards release the same code at the same moment', async () => {
    cloud.cloud.store.insert('staff', [
      { _id: 'staff-guard-2', openid: 'dev-guard-2', communityId: 'yuehai', role: 'guard', kind: null, buildings: [], name: '二号门岗', phone: '13700007777', active: true },
    ]);
    const visit = await invite();
    const replies = await Promise.all([
      cloud.call('visitors', 'admit', { code: visit.qr }, { openid: GUARD }),
      cloud.call('visitors', 'admit', { code: visit.qr }, { openid: 'dev-guard-2' }),
    ]);
    const oks = replies.filter((r) => (r as { ok: boolean }).ok);
    assert.equal(oks.length, 1, JSON.stringify(replies));
    const stored = cloud.cloud.store.find('visits', { _id: visit.id }) as Array<{ events: Array<{ action: string }> }>;
    assert.equal(stored[0].events.filter((e) => e.action === 'admit').length, 1, 'one entry recorded');
  });
});

describe('the walk-in register (来人来访记录表)', () => {
  it('records visitor, host unit, how the host agreed, badge and in/out; a permit needs its number', async () => {
    assert.equal((await failed('walkIn', { unit: '1-1-101', name: '送奶工', category: 'permit_holder', consent: 'permit' }, GUARD)).code, 'INVALID_INPUT');
    assert.equal((await failed('walkIn', { unit: '9-9-999', name: '孙七', consent: 'intercom' }, GUARD)).code, 'INVALID_INPUT');
    assert.equal((await failed('walkIn', { unit: '1-1-101', name: '孙七', consent: 'intercom' }, OWNER)).code, 'FORBIDDEN');
    const walk = (await ok('walkIn', { unit: '1-1-101', name: '孙七', phone: '13911112222', consent: 'intercom', count: 2 }, GUARD, 'walk-in-req-1')).visit;
    assert.equal(walk.state, 'inside');
    assert.equal(walk.kind, 'walk_in');
    assert.equal(walk.consent, 'intercom');
    const permit = (await ok('walkIn', { unit: '1-1-101', name: '送奶工', category: 'permit_holder', consent: 'permit', badge: 'CR-0042' }, GUARD)).visit;
    assert.equal(permit.badge, 'CR-0042');

    const inside = await ok('register', { inside: true }, GUARD);
    assert.ok(inside.visits.some((v) => v.id === walk.id));
    // staff lists mask the visitor's phone
    assert.equal(inside.visits.find((v) => v.id === walk.id)?.visitorPhone, '139****2222');
    await ok('exit', { id: permit.id }, GUARD);
    const day = await ok('register', {}, DUTY);
    assert.ok(day.visits.some((v) => v.id === permit.id && v.state === 'left'));
    assert.ok(
      (await ok('mine', {}, OWNER)).visits.some((v) => v.id === walk.id),
      'the host sees the walk-in too',
    );
    assert.equal((await failed('register', {}, OWNER)).code, 'FORBIDDEN');
  });
});

describe('the front desk timer', () => {
  it('closes and flags visits left open at the end of the day, once across two runs', async () => {
    const walk = (await ok('walkIn', { unit: '1-1-101', name: '周八', consent: 'phone' }, GUARD)).visit;
    await sweep();
    assert.equal((await ok('get', { id: walk.id }, GUARD)).visit.state, 'inside', 'not before the day ends');
    // the next Shanghai midnight
    await at(Date.parse('2026-11-24T16:00:00.000Z') + 60_000);
    const first = await sweep();
    assert.ok(first.closed >= 1);
    const closed = (await ok('get', { id: walk.id }, GUARD)).visit;
    assert.equal(closed.state, 'closed');
    assert.equal(closed.flagged, true);
    const second = await sweep();
    assert.equal(second.closed, 0, 'a second run closes nothing again');
    assert.equal(closed.events.filter((e) => e.action === 'close').length, 1);
  });

  it('erases names and phones after 90 days and keeps the counts', async () => {
    const before = (await ok('mine', { limit: 50 }, OWNER)).visits.length;
    await at(clockMs + 91 * 86_400_000);
    const result = await sweep();
    assert.ok(result.erased >= 1);
    const after = (await ok('mine', { limit: 50 }, OWNER)).visits;
    assert.equal(after.length, before, 'every visit still counts');
    for (const v of after) {
      assert.equal(v.erased, true, `${v.no} erased`);
      assert.equal(v.visitorName, null);
      assert.equal(v.visitorPhone, null);
      assert.equal(v.plate, null);
    }
    const raw = cloud.cloud.store.find('visits', {}) as Array<{ communityId: string; visitorName: unknown; visitorPhone: unknown }>;
    assert.ok(
      raw.filter((v) => v.communityId === 'yuehai').every((v) => v.visitorName === null && v.visitorPhone === null),
      'nothing left in the store',
    );
    assert.equal((await sweep()).erased, 0);
  });
});
