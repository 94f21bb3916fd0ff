// The archives function through the real wx-server-sdk against the local cloud (SPEC §14;
// 住户档案管理规定 in 004_…txt): the index per unit, looks only with a reason and every look
// logged for the manager, borrowing with the manager's approval, and destruction past retention
// approved by the manager and confirmed by two different staff.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { functionCalls } from '../support/calls';
import { AREA, DUTY, ENGINEER, GUARD, MANAGER, OWNER } from '../support/people';
import type { ArchiveFile } from '../../types/archives';

let cloud: TestCloud;
before(async () => {
  cloud = await startTestCloud();
  await cloud.setClock('2026-11-24T02:00:00.000Z');
});
after(async () => {
  await cloud.close();
});

const { ok, failed } = functionCalls('archives', () => cloud);

async function file(kind: string, dated: string, extra: Record<string, unknown> = {}): Promise<ArchiveFile> {
  return (await ok('file', { unit: '1-1-101', kind, location: '档案柜 A-03', dated, ...extra }, DUTY)).file;
}

describe('looking an owner archive up', () => {
  it('is refused without a reason; with one it shows the index and the manager sees the look', async () => {
    const service = await file('service_agreement', '2024-05-01');
    assert.equal(service.title, '前期物业管理服务协议');
    assert.equal(service.retainUntil, '2034-05-01');
    for (const input of [{ unit: '1-1-101' }, { unit: '1-1-101', reason: '' }, { unit: '1-1-101', reason: ' ' }]) {
      assert.equal((await failed('open', input, DUTY)).code, 'INVALID_INPUT');
    }
    assert.equal((await failed('open', { unit: '1-1-101', reason: '核对业主电话' }, OWNER)).code, 'FORBIDDEN');
    assert.equal((await failed('open', { unit: '1-1-101', reason: '核对业主电话' }, GUARD)).code, 'FORBIDDEN');
    const opened = await ok('open', { unit: '1-1-101', reason: '核对业主联系电话' }, AREA);
    assert.ok(opened.files.some((f) => f.id === service.id));
    const looks = (await ok('looks', {}, MANAGER)).looks;
    assert.equal(looks[0].reason, '核对业主联系电话');
    assert.equal(looks[0].unit, '1-1-101');
    assert.equal(looks[0].byName, '刘洋');
    assert.equal(looks.length, 1, 'refused looks show nothing and log nothing');
    assert.equal((await failed('looks', {}, DUTY)).code, 'FORBIDDEN', 'the look log is the manager’s');
  });
});

describe('borrowing a paper file (文件借阅登记表)', () => {
  it('needs the manager’s approval and is registered with its return; personal documents are never lent', async () => {
    const idCopy = await file('id_copy', '2024-05-01');
    assert.equal((await failed('requestBorrow', { id: idCopy.id, reason: '办理产权', returnBy: '2026-11-30' }, DUTY)).code, 'CONFLICT');
    const covenant = await file('covenant', '2024-05-01');
    const asked = (await ok('requestBorrow', { id: covenant.id, reason: '业主大会核对', returnBy: '2026-11-30' }, DUTY)).file;
    assert.equal(asked.state, 'borrow_requested');
    assert.equal((await failed('decideBorrow', { id: covenant.id, approve: true }, AREA)).code, 'FORBIDDEN', 'a steward cannot approve');
    const lent = (await ok('decideBorrow', { id: covenant.id, approve: true }, MANAGER)).file;
    assert.equal(lent.state, 'lent');
    assert.equal(lent.borrow?.approvedByName, '吴涛');
    const back = (await ok('returnFile', { id: covenant.id }, DUTY)).file;
    assert.equal(back.state, 'filed');
    assert.ok(back.borrow?.returnedAt);
    assert.ok((await ok('pending', {}, MANAGER)).files.every((f) => f.id !== covenant.id));
  });
});

describe('destroying a file past its retention (过期文件处理登记表)', () => {
  it('is refused before retention ends; the manager approves; one person confirming twice is refused; two different people destroy it', async () => {
    const young = await file('owner_register', '2024-05-01');
    assert.equal((await failed('proposeDestruction', { id: young.id }, DUTY)).code, 'CONFLICT');
    const old = await file('lease_contract', '2015-03-01');
    assert.equal(old.retainUntil, '2018-03-01');
    assert.equal((await ok('proposeDestruction', { id: old.id, note: '租赁已结束' }, DUTY)).file.state, 'proposed');
    assert.equal((await failed('confirmDestruction', { id: old.id }, DUTY)).code, 'CONFLICT', 'not before the manager approves');
    assert.ok((await ok('pending', {}, MANAGER)).files.some((f) => f.id === old.id));
    assert.equal((await ok('decideDestruction', { id: old.id, approve: true }, MANAGER)).file.state, 'approved');
    const first = (await ok('confirmDestruction', { id: old.id }, DUTY)).file;
    assert.equal(first.state, 'approved');
    assert.equal(first.destruction?.confirmations.length, 1);
    assert.equal((await failed('confirmDestruction', { id: old.id }, DUTY)).code, 'CONFLICT', 'the same person twice');
    assert.equal((await failed('confirmDestruction', { id: old.id }, ENGINEER)).code, 'FORBIDDEN');
    const done = (await ok('confirmDestruction', { id: old.id }, AREA)).file;
    assert.equal(done.state, 'destroyed');
    assert.deepEqual(
      done.destruction?.confirmations.map((c) => c.byName),
      ['陈静', '刘洋'],
    );
    assert.ok(done.destruction?.destroyedAt);
  });

  it('lets only one of two confirmations at once be the first', async () => {
    const old = await file('fee_settlement', '2015-03-01');
    await ok('proposeDestruction', { id: old.id }, DUTY);
    await ok('decideDestruction', { id: old.id, approve: true }, MANAGER);
    const replies = (await Promise.all([
      cloud.call('archives', 'confirmDestruction', { id: old.id }, { openid: DUTY }),
      cloud.call('archives', 'confirmDestruction', { id: old.id }, { openid: DUTY }),
    ])) as Array<{ ok: boolean }>;
    assert.equal(replies.filter((r) => r.ok).length, 1, JSON.stringify(replies));
    const stored = cloud.cloud.store.find('archiveFiles', { _id: old.id }) as Array<{ state: string; destruction: { confirmations: unknown[] } }>;
    assert.equal(stored[0].state, 'approved');
    assert.equal(stored[0].destruction.confirmations.length, 1);
  });
});
