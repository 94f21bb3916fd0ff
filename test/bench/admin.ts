// Figures for setting up a community (SPEC §11): importing 5,000 units and then their 5,000-line
// owner roster from one .xlsx, each in one call of the admin function (config.json timeout 60 s),
// on a SQLite-file local cloud: the time of each call, its SDK round trips (the local cloud's
// x-round-trips count of /admin requests) and the documents it wrote.
import ExcelJS from 'exceljs';
import { IMPORT_COLUMNS } from '../../types/admin';
import { type Print, runAlone, withFileCloud } from './support';

const UNITS = 5000;

async function sheet(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet('房屋与业主');
  ws.addRow([...IMPORT_COLUMNS]);
  for (let n = 0; n < UNITS; n += 1) {
    const building = 10 + Math.floor(n / 500);
    const i = n % 500;
    ws.addRow([String(building), String(1 + (i % 4)), String(101 + i), `业主${n}`, `139${String(n).padStart(8, '0')}`, n % 3 === 0 ? '是' : '否']);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function bench(print: Print): Promise<void> {
  await withFileCloud('admin', {}, async (cloud) => {
    const bytes = await sheet();
    const up = await fetch(`${cloud.url}/api/upload?name=units.xlsx&folder=imports`, { method: 'POST', body: new Uint8Array(bytes) });
    const { fileID } = (await up.json()) as { fileID: string };
    for (const action of ['importUnits', 'importRoster'] as const) {
      const started = performance.now();
      const res = await fetch(`${cloud.url}/api/fn/admin`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-openid': 'dev-manager' },
        body: JSON.stringify({ action, input: { communityId: 'yuehai', fileID }, requestId: `bench-${action}-0001` }),
      });
      const ms = performance.now() - started;
      const reply = (await res.json()) as { ok: boolean; data?: { add: number; written: number }; error?: unknown };
      if (!reply.ok || !reply.data) throw new Error(`${action}: ${JSON.stringify(reply)}`);
      if (reply.data.add !== UNITS) throw new Error(`${action} added ${reply.data.add}, not ${UNITS}`);
      const name = action === 'importUnits' ? 'admin_import_5000_units' : 'admin_import_5000_roster_lines';
      print(`${name}_time`, ms, 'ms');
      print(`${name}_round_trips`, Number(res.headers.get('x-round-trips') ?? -1), 'round-trips');
      print(`${name}_documents_written`, reply.data.written, 'documents');
    }
    print('admin_import_sheet_size', Math.round(bytes.length / 1024), 'KB');
  });
}

if (require.main === module) runAlone(bench);
