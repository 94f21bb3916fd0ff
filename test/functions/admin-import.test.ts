// Importing units and the owner roster from a spreadsheet (SPEC §11), through the real SDK: the
// template round-trips, every kind of bad row is refused with its row number, a bad file writes
// nothing, a real run twice leaves one copy, and 5,000 units go in within one call's time limit
// (the admin function's config.json timeout, 60 s, which the local cloud enforces).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { functionCalls } from '../support/calls';
import { LEAD, MANAGER } from '../support/people';
import { connectSdk, type Sdk } from '../support/sdk';
import { IMPORT_COLUMNS } from '../../types/admin';

let cloud: TestCloud;
let db: Sdk;
let clockMs = Date.parse('2026-11-24T01:00:00.000Z');
/** Each test in its own minute: the per-minute create limit counts imports too. */
async function nextMinute(): Promise<void> {
  clockMs += 60_000;
  await cloud.setClock(new Date(clockMs).toISOString());
}

before(async () => {
  cloud = await startTestCloud({ functionEnv: { PASS_SECRET: 'test-secret-admin-0123456789abcdef' } });
  db = connectSdk(cloud.url).database();
  await nextMinute();
});
after(async () => {
  await cloud.close();
});

const admin = functionCalls('admin', () => cloud);

type Row = Array<string | number>;

async function sheet(rows: Row[], header: readonly string[] = IMPORT_COLUMNS): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet('导入');
  ws.addRow([...header]);
  for (const row of rows) ws.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function upload(bytes: Buffer, name = 'import.xlsx'): Promise<string> {
  const res = await fetch(`${cloud.url}/api/upload?name=${encodeURIComponent(name)}&folder=imports`, { method: 'POST', body: new Uint8Array(bytes) });
  const body = (await res.json()) as { fileID: string };
  assert.ok(body.fileID, JSON.stringify(body));
  return body.fileID;
}

async function count(collection: string, where: Record<string, unknown>): Promise<number> {
  return (await db.collection(collection).where(where).count()).total;
}

describe('the import template', () => {
  it('downloads, and imports as it is', async () => {
    await nextMinute();
    const { url } = await admin.ok('importTemplate', {}, MANAGER);
    const res = await fetch(url.startsWith('http') ? url : `${cloud.url}${url}`);
    assert.equal(res.status, 200);
    const bytes = Buffer.from(await res.arrayBuffer());
    const fileID = await upload(bytes);
    const dry = await admin.ok('importUnits', { communityId: 'yuehai', fileID, dryRun: true }, MANAGER);
    assert.deepEqual(dry.refused, []);
    assert.equal(dry.add + dry.change + dry.unchanged, 2);
    const roster = await admin.ok('importRoster', { communityId: 'yuehai', fileID, dryRun: true }, MANAGER);
    // the template's second example has no owner: the roster import says so, with its row
    assert.deepEqual(
      roster.refused.map((r) => r.row),
      [3],
    );
  });
});

describe('bad rows and bad files', () => {
  it('refuses each bad row with its row number and reason, and a real run writes nothing', async () => {
    await nextMinute();
    const fileID = await upload(
      await sheet([
        ['7', '1', '101', '甲', '13811110001', '是'], // row 2: fine
        ['A', '1', '101', '乙', '13811110002', '否'], // row 3: not a unit label
        ['7', '1', '102', '丙', '1381111', '是'], // row 4: not a phone
        ['7', '1', '101', '丁', '13811110004', '是'], // row 5: duplicate of row 2
        ['7', '1', '103', '戊', '13811110005', '也许'], // row 6: possession neither yes nor no
        ['7', '1', '104', '', '13811110006', '否'], // row 7: a phone without a name
        ['7栋', '2单元', '201室', '己', '138-1111-0007', '已交房'], // row 8: fine as people type it
      ]),
    );
    const before = await count('units', { communityId: 'yuehai' });
    const dry = await admin.ok('importUnits', { communityId: 'yuehai', fileID, dryRun: true }, MANAGER);
    assert.equal(dry.add, 2);
    assert.deepEqual(
      dry.refused.map((r) => r.row),
      [3, 4, 5, 6, 7],
    );
    assert.match(dry.refused[0].reason, /栋-单元-房号/);
    assert.match(dry.refused[1].reason, /手机号/);
    assert.match(dry.refused[2].reason, /第 2 行重复/);
    assert.match(dry.refused[3].reason, /是否已交房/);
    assert.match(dry.refused[4].reason, /姓名/);
    const real = await admin.failed('importUnits', { communityId: 'yuehai', fileID }, MANAGER, 'bad-rows-real-1');
    assert.equal(real.code, 'INVALID_INPUT');
    assert.match(real.message, /5 行不能导入/);
    assert.ok(real.fields?.row3);
    assert.equal(await count('units', { communityId: 'yuehai' }), before, 'nothing half-written');
  });

  it('refuses a file that is not a spreadsheet', async () => {
    await nextMinute();
    const fileID = await upload(Buffer.from('栋,单元,房号\n1,1,101\n'), 'units.csv');
    const refused = await admin.failed('importUnits', { communityId: 'yuehai', fileID, dryRun: true }, MANAGER);
    assert.equal(refused.code, 'INVALID_INPUT');
    assert.match(refused.message, /不是 Excel/);
    const broken = await upload(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]));
    assert.match((await admin.failed('importUnits', { communityId: 'yuehai', fileID: broken, dryRun: true }, MANAGER)).message, /无法读取/);
  });

  it('refuses the wrong columns, naming the first wrong one', async () => {
    await nextMinute();
    const fileID = await upload(await sheet([['1', '1', '101', '甲', '13811110001', '是']], ['楼号', '单元', '房号', '姓名', '电话', '交房']));
    const refused = await admin.failed('importUnits', { communityId: 'yuehai', fileID, dryRun: true }, MANAGER);
    assert.equal(refused.code, 'INVALID_INPUT');
    assert.match(refused.message, /表头/);
    assert.match(refused.message, /第 1 列是「楼号」/);
  });

  it('refuses 50,000 rows as a whole', async () => {
    await nextMinute();
    const rows: Row[] = [];
    for (let i = 0; i < 50_000; i += 1) rows.push([String(100 + (i % 500)), '1', String(1000 + Math.floor(i / 500)), '', '', '否']);
    const fileID = await upload(await sheet(rows));
    const refused = await admin.failed('importUnits', { communityId: 'yuehai', fileID, dryRun: true }, MANAGER);
    assert.equal(refused.code, 'INVALID_INPUT');
    assert.match(refused.message, /50000 行数据/);
  });

  it('refuses an unknown file, another community, and a lead', async () => {
    await nextMinute();
    const fileID = await upload(await sheet([['1', '1', '101', '', '', '是']]));
    assert.equal((await admin.failed('importUnits', { communityId: 'yuehai', fileID: 'cloud://local-env.x/imports/none.xlsx', dryRun: true }, MANAGER)).code, 'INVALID_INPUT');
    assert.equal((await admin.failed('importUnits', { communityId: 'other', fileID, dryRun: true }, MANAGER)).code, 'NOT_FOUND');
    assert.equal((await admin.failed('importUnits', { communityId: 'yuehai', fileID, dryRun: true }, LEAD)).code, 'FORBIDDEN');
  });
});

describe('a real import', () => {
  it('twice, with the same and a new requestId, leaves one copy of each unit and roster line', async () => {
    await nextMinute();
    const rows: Row[] = [
      ['8', '1', '101', '赵一', '13822220001', '是'],
      ['8', '1', '102', '赵二', '13822220002', '否'],
      ['8', '2', '201', '赵三', '13822220003', '否'],
    ];
    const fileID = await upload(await sheet(rows));
    const first = await admin.ok('importUnits', { communityId: 'yuehai', fileID }, MANAGER, 'units-run-1');
    assert.deepEqual({ add: first.add, change: first.change, refused: first.refused.length }, { add: 3, change: 0, refused: 0 });
    assert.equal(first.written, 4, 'three units and the community’s new building');
    const same = await admin.ok('importUnits', { communityId: 'yuehai', fileID }, MANAGER, 'units-run-1');
    assert.deepEqual(same, first);
    const again = await admin.ok('importUnits', { communityId: 'yuehai', fileID }, MANAGER, 'units-run-2');
    assert.deepEqual({ add: again.add, change: again.change, unchanged: again.unchanged, written: again.written }, { add: 0, change: 0, unchanged: 3, written: 0 });
    assert.equal(await count('units', { communityId: 'yuehai', building: '8' }), 3);
    const { communities } = await admin.ok('communities', {}, MANAGER);
    assert.ok(communities.find((c) => c.id === 'yuehai')!.buildings.includes('8'));

    const roster = await admin.ok('importRoster', { communityId: 'yuehai', fileID }, MANAGER, 'roster-run-1');
    assert.equal(roster.add, 3);
    await admin.ok('importRoster', { communityId: 'yuehai', fileID }, MANAGER, 'roster-run-2');
    assert.equal(await count('roster', { communityId: 'yuehai', unit: db.command.in(['8-1-101', '8-1-102', '8-2-201']) }), 3);

    // a changed name and a handed-over unit are changes, nothing else
    await nextMinute();
    const changed = await upload(
      await sheet([
        ['8', '1', '101', '赵一', '13822220001', '是'],
        ['8', '1', '102', '赵贰', '13822220002', '是'],
        ['8', '2', '201', '赵三', '13822220003', '否'],
      ]),
    );
    const units = await admin.ok('importUnits', { communityId: 'yuehai', fileID: changed }, MANAGER, 'units-run-3');
    assert.deepEqual({ add: units.add, change: units.change, unchanged: units.unchanged }, { add: 0, change: 1, unchanged: 2 });
    const names = await admin.ok('importRoster', { communityId: 'yuehai', fileID: changed }, MANAGER, 'roster-run-3');
    assert.deepEqual({ add: names.add, change: names.change, unchanged: names.unchanged }, { add: 0, change: 1, unchanged: 2 });
    const line = (await db.collection('roster').where({ communityId: 'yuehai', unit: '8-1-102' }).get()).data;
    assert.deepEqual(
      line.map((l: { name: string }) => l.name),
      ['赵贰'],
    );
  });

  it('refuses roster lines for units the community does not have', async () => {
    await nextMinute();
    const fileID = await upload(await sheet([['99', '1', '101', '某人', '13833330001', '否']]));
    const dry = await admin.ok('importRoster', { communityId: 'yuehai', fileID, dryRun: true }, MANAGER);
    assert.equal(dry.refused[0].row, 2);
    assert.match(dry.refused[0].reason, /请先导入房屋/);
  });

  it('imports 5,000 units and their roster within one call’s time limit', async () => {
    await nextMinute();
    const rows: Row[] = [];
    for (let b = 0; b < 10; b += 1) {
      for (let i = 0; i < 500; i += 1) {
        const n = b * 500 + i;
        rows.push([String(20 + b), String(1 + (i % 4)), String(101 + i), `业主${n}`, `139${String(n).padStart(8, '0')}`, n % 3 === 0 ? '是' : '否']);
      }
    }
    const fileID = await upload(await sheet(rows));
    const units = await admin.ok('importUnits', { communityId: 'yuehai', fileID }, MANAGER, 'big-units-1');
    assert.equal(units.add, 5000);
    const roster = await admin.ok('importRoster', { communityId: 'yuehai', fileID }, MANAGER, 'big-roster-1');
    assert.equal(roster.add, 5000);
    assert.equal(await count('units', { communityId: 'yuehai', building: db.command.in(['20', '29']) }), 1000);
  });
});
