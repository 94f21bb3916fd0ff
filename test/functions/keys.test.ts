// The keys function through the real wx-server-sdk against the local cloud (SPEC §14; 钥匙管理 in
// the seeds): the register, the owner's entrustment and its revocation, loans of an entrusted key
// only after the owner's confirmation (in the app, or by phone as a steward records it), two keepers
// lending one key, the return check, the overdue alert once, and the monthly stock-take.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { functionCalls } from '../support/calls';
import { AREA, DUTY, ENGINEER, OTHER_OWNER, OWNER } from '../support/people';
import type { Key } from '../../types/keys';
import { keysOut } from '../../cloudfunctions/core/keys/data';
import { connectSdk } from '../support/sdk';
import type { Database } from '../../cloudfunctions/core/sdk';

let cloud: TestCloud;
let database: Database;
let clockMs = Date.parse('2026-11-24T02:00:00.000Z'); // 10:00 Shanghai
async function at(ms: number): Promise<void> {
  clockMs = ms;
  await cloud.setClock(new Date(clockMs).toISOString());
}
const advance = (minutes: number) => at(clockMs + minutes * 60_000);
const shanghai = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().replace('Z', '+08:00');

before(async () => {
  cloud = await startTestCloud();
  database = connectSdk(cloud.url).database() as Database;
  await at(clockMs);
});
after(async () => {
  await cloud.close();
});

const { ok, failed } = functionCalls('keys', () => cloud);
let seq = 0;

async function entrusted(agree = true): Promise<Key> {
  seq += 1;
  const key = (await ok('register', { tag: `1-1-101 防盗门 ${seq}`, source: 'entrusted', unit: '1-1-101', count: 2, slot: `A-${seq}` }, DUTY)).key;
  assert.equal(key.entrustment?.state, 'awaiting_owner');
  if (!agree) return key;
  return (await ok('agree', { id: key.id, terms: true }, OWNER)).key;
}
const loanInput = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  borrowerName: '王师傅',
  borrowerPhone: '13912345678',
  purpose: '维修厨房漏水',
  ticketNo: 'BX20261124-0001',
  dueBack: shanghai(clockMs + 2 * 3600_000),
  ...extra,
});

const sweep = async () => {
  const reply = (await cloud.runTimer('frontdeskSweep')) as { ok: boolean; data: { keys: { alerted: number } } };
  assert.ok(reply.ok, JSON.stringify(reply));
  return reply.data.keys;
};

describe('the entrusted key (业主委托钥匙)', () => {
  it('cannot be lent before the owner agreed to the entrustment, nor before the owner confirmed the loan; after both it can', async () => {
    const pending = await entrusted(false);
    assert.equal(pending.lendable, false);
    assert.equal((await failed('lend', loanInput(pending.id), DUTY)).code, 'CONFLICT');
    assert.equal((await failed('agree', { id: pending.id, terms: true }, OTHER_OWNER)).code, 'NOT_FOUND', 'another owner does not see it');
    const key = (await ok('agree', { id: pending.id, terms: true }, OWNER)).key;
    assert.equal(key.entrustment?.state, 'active');

    const loan = (await ok('lend', loanInput(key.id), DUTY)).loan;
    assert.equal(loan.state, 'awaiting_owner');
    assert.match(loan.no, /^YS\d{8}-\d{4}$/);
    // handing it out before the owner confirmed is refused
    assert.equal((await failed('handOut', { id: loan.id }, DUTY)).code, 'CONFLICT');
    // the owner sees the request among their keys
    const mine = await ok('mine', {}, OWNER);
    assert.ok(mine.keys.some((k) => k.id === key.id));
    assert.ok(mine.loans.some((l) => l.id === loan.id && l.state === 'awaiting_owner'));
    assert.equal((await failed('confirmLoan', { id: loan.id }, OTHER_OWNER)).code, 'NOT_FOUND');
    const confirmed = (await ok('confirmLoan', { id: loan.id }, OWNER)).loan;
    assert.equal(confirmed.state, 'confirmed');
    assert.equal(confirmed.confirmation?.method, 'app');
    const out = (await ok('handOut', { id: loan.id }, DUTY)).loan;
    assert.equal(out.state, 'out');
    assert.equal((await ok('get', { id: key.id }, DUTY)).key.state, 'out');
    // the owner was asked in their inbox
    const inbox = cloud.cloud.store.find('inbox', { openid: OWNER }) as Array<{ body: string }>;
    assert.ok(inbox.some((m) => m.body.includes(loan.borrowerName)));
  });

  it('takes a phone confirmation recorded by a steward with its time', async () => {
    const key = await entrusted();
    const loan = (await ok('lend', loanInput(key.id), DUTY)).loan;
    assert.equal((await failed('confirmLoan', { id: loan.id }, DUTY)).code, 'INVALID_INPUT', 'the time of the call is required');
    assert.equal((await failed('confirmLoan', { id: loan.id, phoneAt: shanghai(clockMs + 3600_000) }, DUTY)).code, 'INVALID_INPUT', 'not in the future');
    const confirmed = (await ok('confirmLoan', { id: loan.id, phoneAt: shanghai(clockMs - 5 * 60_000), note: '业主电话同意' }, DUTY)).loan;
    assert.equal(confirmed.confirmation?.method, 'phone');
    assert.equal(confirmed.confirmation?.at, shanghai(clockMs - 5 * 60_000));
    assert.equal((await ok('handOut', { id: loan.id }, DUTY)).loan.state, 'out');
  });

  it('blocks new loans once the owner revokes the entrustment', async () => {
    const key = await entrusted();
    const loan = (await ok('lend', loanInput(key.id), DUTY)).loan;
    await ok('confirmLoan', { id: loan.id }, OWNER);
    const revoked = (await ok('revoke', { id: key.id }, OWNER)).key;
    assert.equal(revoked.entrustment?.state, 'revoked');
    assert.equal(revoked.lendable, false);
    assert.equal((await failed('handOut', { id: loan.id }, DUTY)).code, 'CONFLICT', 'a loan confirmed before is not handed out');
    assert.equal((await failed('lend', loanInput(key.id), DUTY)).code, 'CONFLICT');
    assert.equal((await failed('revoke', { id: key.id }, OWNER)).code, 'CONFLICT');
  });

  it("is the front desk's: engineering may not register or lend it", async () => {
    assert.equal((await failed('register', { tag: '1-1-101 入户门', source: 'entrusted', unit: '1-1-101', count: 1, slot: 'B-1' }, ENGINEER)).code, 'FORBIDDEN');
    const key = await entrusted();
    assert.equal((await failed('lend', loanInput(key.id), ENGINEER)).code, 'NOT_FOUND');
  });
});

describe('two keepers lending one key at once', () => {
  it('make one loan', async () => {
    const key = (await ok('register', { tag: '2号楼 配电房', source: 'equipment_room', area: '2号楼负一层', count: 1, slot: 'E-1' }, ENGINEER)).key;
    assert.equal(key.holder, '工程部');
    const replies = await Promise.all([
      cloud.call('keys', 'lend', loanInput(key.id), { openid: DUTY }),
      cloud.call('keys', 'lend', loanInput(key.id, { borrowerName: '李师傅' }), { openid: AREA }),
    ]);
    const oks = replies.filter((r) => (r as { ok: boolean }).ok);
    assert.equal(oks.length, 1, JSON.stringify(replies));
    const loans = cloud.cloud.store.find('keyLoans', { keyId: key.id }) as Array<{ state: string }>;
    assert.equal(loans.filter((l) => l.state === 'out').length, 1, 'one loan out');
  });

  it('for an entrusted key, both confirmed: one hand-out wins', async () => {
    const key = await entrusted();
    const a = (await ok('lend', loanInput(key.id), DUTY)).loan;
    const b = (await ok('lend', loanInput(key.id, { borrowerName: '李师傅' }), AREA)).loan;
    await ok('confirmLoan', { id: a.id }, OWNER);
    await ok('confirmLoan', { id: b.id }, OWNER);
    const replies = await Promise.all([cloud.call('keys', 'handOut', { id: a.id }, { openid: DUTY }), cloud.call('keys', 'handOut', { id: b.id }, { openid: AREA })]);
    assert.equal(replies.filter((r) => (r as { ok: boolean }).ok).length, 1, JSON.stringify(replies));
    const stored = cloud.cloud.store.find('keys', { _id: key.id }) as Array<{ state: string; loanId: string }>;
    assert.equal(stored[0].state, 'out');
    assert.ok([a.id, b.id].includes(stored[0].loanId));
  });
});

describe('the return and the overdue alert', () => {
  it('checks count and condition on return', async () => {
    const key = (await ok('register', { tag: '1号楼 天台门', source: 'public_area', area: '1号楼天台', count: 3, slot: 'P-1' }, DUTY)).key;
    const loan = (await ok('lend', loanInput(key.id), DUTY)).loan;
    assert.equal(loan.state, 'out', 'a key without an entrustment goes out at once');
    assert.equal((await failed('lend', loanInput(key.id), DUTY)).code, 'CONFLICT', 'it is out');
    const back = (await ok('returnKey', { id: loan.id, count: 2, condition: 'damaged', note: '少一把' }, DUTY)).loan;
    assert.equal(back.state, 'returned');
    assert.deepEqual(back.returnCheck, { count: 2, countMatches: false, condition: 'damaged', note: '少一把' });
    assert.equal((await ok('get', { id: key.id }, DUTY)).key.state, 'in');
    assert.equal((await failed('returnKey', { id: loan.id, count: 3, condition: 'intact' }, DUTY)).code, 'CONFLICT', 'returned once');
  });

  it('alerts the keeper and the duty steward once across two sweeps, and the handover lists it', async () => {
    const key = (await ok('register', { tag: '3号楼 水泵房', source: 'equipment_room', area: '3号楼', count: 1, slot: 'E-9' }, ENGINEER)).key;
    const loan = (await ok('lend', loanInput(key.id, { dueBack: shanghai(clockMs + 30 * 60_000) }), ENGINEER)).loan;
    assert.equal((await sweep()).alerted, 0, 'not before it is due');
    await advance(31);
    const listed = await keysOut(database, 'yuehai', new Date(clockMs));
    assert.ok(listed.some((o) => o.loanId === loan.id && o.overdue));
    const [first, second] = [await sweep(), await sweep()];
    assert.equal(first.alerted + second.alerted, 1, 'told once');
    const alerts = cloud.cloud.store.find('inbox', {}) as Array<{ openid: string; title: string; body: string }>;
    const told = alerts.filter((m) => m.title === '借用钥匙逾期未还' && m.body.includes('3号楼 水泵房')).map((m) => m.openid);
    assert.ok(told.includes(ENGINEER), 'the keeper');
    assert.ok(told.includes(DUTY), 'the duty steward');
    assert.equal(told.length, new Set(told).size, 'each once');
    assert.equal((await ok('returnKey', { id: loan.id, count: 1, condition: 'intact' }, ENGINEER)).loan.returnCheck?.countMatches, true);
  });
});

describe('the monthly stock-take', () => {
  it('lists what differs between the register and the cabinet', async () => {
    const keys = (await ok('list', { limit: 50 }, DUTY)).keys;
    const inCabinet = keys.filter((k) => k.state === 'in');
    const found = inCabinet.map((k, i) => ({ id: k.id, found: i === 0 ? k.count - 1 : k.count }));
    const take = (await ok('stockTake', { found }, DUTY, 'stock-take-req-1')).stockTake;
    assert.equal(take.lines.length, keys.length);
    const missing = take.differences.find((d) => d.keyId === inCabinet[0].id);
    assert.ok(missing, 'the short slot is listed');
    assert.equal(missing.found, inCabinet[0].count - 1);
    // keys out on loan are expected absent: not a difference
    for (const k of keys.filter((x) => x.state === 'out')) assert.ok(!take.differences.some((d) => d.keyId === k.id));
    assert.equal(take.differences.length, 1);
    assert.equal((await ok('stockTake', { found }, DUTY, 'stock-take-req-1')).stockTake.id, take.id, 'one stock-take per request');
    assert.equal((await failed('stockTake', { found }, ENGINEER)).code, 'FORBIDDEN');
  });
});
