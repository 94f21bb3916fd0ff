// Move-in (入伙, SPEC §11) through the real SDK: a steward records the handover; each defect is a
// warranty ticket at once with its 7 / 14 working-day deadline; the owner sees and confirms the
// record; binding and greetings follow the recorded possession.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { functionCalls } from '../support/calls';
import { DUTY, GUARD, OTHER_OWNER } from '../support/people';

let cloud: TestCloud;
const START = Date.parse('2026-11-24T01:00:00.000Z'); // Tuesday 09:00 Shanghai

before(async () => {
  cloud = await startTestCloud({ functionEnv: { PASS_SECRET: 'test-secret-admin-0123456789abcdef' } });
  await cloud.setClock(new Date(START).toISOString());
});
after(async () => {
  await cloud.close();
});

const admin = functionCalls('admin', () => cloud);
const tickets = functionCalls('tickets', () => cloud);
const account = functionCalls('account', () => cloud);

const NEWCOMER = 'dev-newcomer-movein';
const PHONE = '13912340001';

function handover(extra: Record<string, unknown> = {}) {
  return {
    communityId: 'yuehai',
    unit: '3-2-1202',
    ownerName: '孙丽',
    ownerPhone: PHONE,
    keysHandedOn: '2026-11-24',
    meters: [
      { kind: 'water', reading: 12.5, photos: [] },
      { kind: 'electricity', reading: 305, photos: [] },
    ],
    checklist: [
      { room: '客厅', item: '墙面', ok: true },
      { room: '卫生间', item: '给排水', ok: false, note: '地漏返水' },
    ],
    defects: [
      { room: '卫生间', description: '地漏返水，需要检查排水坡度', severity: 'minor' },
      { room: '主卧', description: '窗框渗水，墙面起皮', severity: 'major' },
    ],
    ...extra,
  };
}

describe('move-in', () => {
  let recordId = '';

  it('binding waits before the move-in (no roster line, no possession)', async () => {
    const code = await cloud.phoneCode(NEWCOMER, PHONE);
    const { binding } = await account.ok('bindUnit', { unit: '3-2-1202', role: 'owner', phoneCode: code }, NEWCOMER, 'bind-before-0001');
    assert.equal(binding.state, 'pending');
    assert.equal(binding.possession, false);
  });

  it('a steward records it; each defect is a warranty ticket with its working-day deadline', async () => {
    const { record } = await admin.ok('moveIn', handover(), DUTY, 'movein-3-2-1202');
    recordId = record.id;
    assert.equal(record.state, 'recorded');
    assert.equal(record.defects.length, 2);
    const [minor, major] = await Promise.all(record.defects.map((d) => tickets.ok('get', { id: d.ticketId }, DUTY)));
    assert.equal(minor.ticket.kind, 'warranty');
    assert.equal(minor.ticket.state, 'submitted');
    assert.match(minor.ticket.description, /入伙验收（卫生间）/);
    // 7 working days from Tuesday 24 November 09:00: Thursday 3 December; 14: Monday 14 December
    assert.equal(minor.ticket.deadlines.resolveBy, '2026-12-03T09:00:00.000+08:00');
    assert.equal(major.ticket.deadlines.resolveBy, '2026-12-14T09:00:00.000+08:00');
    assert.equal(record.defects[0].ticketNo, minor.ticket.no);
    // the same request again: the same record, no third ticket
    const again = await admin.ok('moveIn', handover(), DUTY, 'movein-3-2-1202');
    assert.equal(again.record.id, record.id);
    const list = await tickets.ok('list', { kind: 'warranty', building: '3' }, DUTY);
    assert.equal(list.tickets.filter((t) => t.unit === '3-2-1202').length, 2);
    // a second handover of the same unit is refused
    assert.equal((await admin.failed('moveIn', handover(), DUTY, 'movein-3-2-1202-b')).code, 'CONFLICT');
  });

  it('binding follows the recorded possession: the verified phone now matches the roster', async () => {
    const code = await cloud.phoneCode(NEWCOMER, PHONE);
    const { binding } = await account.ok('bindUnit', { unit: '3-2-1202', role: 'owner', phoneCode: code }, NEWCOMER, 'bind-after-0001');
    assert.equal(binding.state, 'active');
    assert.equal(binding.possession, true);
  });

  it('the owner sees the record and confirms it, once; others see nothing', async () => {
    const { records } = await admin.ok('moveIns', {}, NEWCOMER);
    assert.deepEqual(
      records.map((r) => r.id),
      [recordId],
    );
    assert.equal(records[0].canConfirm, true);
    assert.equal(records[0].ownerPhone, PHONE);
    assert.equal((await admin.failed('moveInRecord', { id: recordId }, OTHER_OWNER)).code, 'NOT_FOUND');
    assert.equal((await admin.failed('moveInRecord', { id: recordId }, GUARD)).code, 'NOT_FOUND');
    assert.equal((await admin.failed('confirmMoveIn', { id: recordId }, OTHER_OWNER)).code, 'NOT_FOUND');
    const { record } = await admin.ok('confirmMoveIn', { id: recordId }, NEWCOMER);
    assert.equal(record.state, 'confirmed');
    assert.ok(record.confirmedAt);
    assert.equal((await admin.failed('confirmMoveIn', { id: recordId }, NEWCOMER)).code, 'CONFLICT');
  });

  it('greetings follow the recorded possession: the new owner is greeted on their birthday', async () => {
    await account.ok('setProfile', { birthday: '11-25', greetingsOptIn: true }, NEWCOMER);
    await cloud.setClock('2026-11-25T01:00:00.000Z');
    await cloud.runTimer('greetDaily');
    const { items } = await account.ok('inbox', {}, NEWCOMER);
    assert.ok(
      items.some((i) => /生日/.test(i.title + i.body)),
      JSON.stringify(items.map((i) => i.title)),
    );
    await cloud.setClock(new Date(START).toISOString());
  });

  it('refuses a future key date, an unknown unit, and a guard', async () => {
    assert.equal((await admin.failed('moveIn', handover({ unit: '3-1-1201', keysHandedOn: '2026-11-30' }), DUTY, 'movein-future-1')).code, 'INVALID_INPUT');
    assert.equal((await admin.failed('moveIn', handover({ unit: '9-9-999', defects: [] }), DUTY, 'movein-unknown-1')).code, 'INVALID_INPUT');
    assert.equal((await admin.failed('moveIn', handover({ unit: '3-1-1201' }), GUARD, 'movein-guard-1')).code, 'FORBIDDEN');
  });
});
