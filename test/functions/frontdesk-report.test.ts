// The monthly report's front desk figures (core/reports/frontdesk.ts, SPEC §14): a month with an
// invited visitor let in, two walk-ins (one never recorded leaving, closed at day end), a key loan
// returned late, one returned on time, one still out past due, and a stock-take with a difference.
// The figures count exactly those; the month before (the demo seed's visits) is counted apart.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { functionCalls } from '../support/calls';
import { DUTY, GUARD, MANAGER, OWNER } from '../support/people';

let cloud: TestCloud;
let clockMs = Date.parse('2026-12-08T02:00:00.000Z'); // 10:00 Shanghai
async function at(ms: number): Promise<void> {
  clockMs = ms;
  await cloud.setClock(new Date(clockMs).toISOString());
}
const hours = (n: number) => n * 3600_000;
const shanghai = (ms: number) => new Date(ms + hours(8)).toISOString().replace('Z', '+08:00');

before(async () => {
  cloud = await startTestCloud();
  await at(clockMs);
});
after(async () => {
  await cloud.close();
});

const visitors = functionCalls('visitors', () => cloud);
const keys = functionCalls('keys', () => cloud);
const reports = functionCalls('reports', () => cloud);

describe('the front desk in the monthly report', () => {
  it('counts the month’s visitors, walk-ins, overdue key loans and stock-take differences', async () => {
    const before = (await reports.ok('monthly', { month: '2026-12' }, MANAGER)).frontdesk;
    assert.deepEqual(before, { invitedVisitors: 0, walkIns: 0, closedWithoutExit: 0, overdueLoans: 0, overdueStillOut: 0, stockTake: null });

    // an invited visitor, let in and out
    const { visit } = await visitors.ok('invite', { unit: '1-1-101', name: '李明', from: shanghai(clockMs), to: shanghai(clockMs + hours(4)) }, OWNER, 'fd-report-invite');
    assert.ok(visit.qr);
    const admitted = await visitors.ok('admit', { code: visit.qr }, GUARD);
    await visitors.ok('exit', { id: admitted.visit.id }, GUARD);
    // an invitation never used counts no visitor
    await visitors.ok('invite', { unit: '1-1-101', name: '未到访', from: shanghai(clockMs), to: shanghai(clockMs + hours(2)) }, OWNER, 'fd-report-unused');
    // two walk-ins; the second never recorded leaving
    const walk = (await visitors.ok('walkIn', { unit: '1-1-101', name: '周八', consent: 'intercom' }, GUARD, 'fd-report-walk-1')).visit;
    await visitors.ok('exit', { id: walk.id }, GUARD);
    await visitors.ok('walkIn', { unit: '1-1-102', name: '吴九', consent: 'phone' }, GUARD, 'fd-report-walk-2');

    // three loans of public keys: back late, back on time, still out
    const key = async (tag: string) => (await keys.ok('register', { tag, source: 'public_area', area: tag, count: 1, slot: tag }, DUTY, `fd-report-key-${tag}`)).key;
    const late = await key('天台门');
    const onTime = await key('配电房');
    const out = await key('水泵房');
    const lend = async (id: string, n: number) =>
      (await keys.ok('lend', { id, borrowerName: '王师傅', purpose: '检修', dueBack: shanghai(clockMs + hours(2)) }, DUTY, `fd-report-loan-${n}`)).loan;
    const lateLoan = await lend(late.id, 1);
    const onTimeLoan = await lend(onTime.id, 2);
    await lend(out.id, 3);
    assert.equal(lateLoan.state, 'out');
    await at(clockMs + hours(1));
    await keys.ok('returnKey', { id: onTimeLoan.id, count: 1, condition: 'intact' }, DUTY);
    await at(clockMs + hours(3));
    await keys.ok('returnKey', { id: lateLoan.id, count: 1, condition: 'intact' }, DUTY);

    // the stock-take: everything where the register says, but one seeded key short
    const all = (await keys.ok('list', { limit: 50 }, DUTY)).keys;
    const short = all.find((k) => k.tag === '1-1-1201 入户门');
    assert.ok(short, 'the demo seed’s developer key');
    const found = all.map((k) => ({ id: k.id, found: k.state === 'out' ? 0 : k.id === short.id ? k.count - 1 : k.count }));
    await keys.ok('stockTake', { found }, DUTY, 'fd-report-stocktake');

    // past midnight: the walk-in still inside is closed and flagged by the timer
    await at(Date.parse('2026-12-08T16:00:00.000Z') + 60_000);
    const swept = (await cloud.runTimer('frontdeskSweep')) as { ok: boolean };
    assert.ok(swept.ok);

    const figures = (await reports.ok('monthly', { month: '2026-12' }, MANAGER)).frontdesk;
    assert.deepEqual(figures, {
      invitedVisitors: 1,
      walkIns: 2,
      closedWithoutExit: 1,
      overdueLoans: 2,
      overdueStillOut: 1,
      stockTake: { keys: all.length, differences: [{ tag: '1-1-1201 入户门', expected: short.count, found: short.count - 1 }] },
    });
    // the seeded November visits are November's
    const november = (await reports.ok('monthly', { month: '2026-11' }, MANAGER)).frontdesk;
    assert.equal(november?.invitedVisitors, 1);
    assert.equal(november?.walkIns, 1);
    assert.equal(november?.stockTake, null);
  });
});
