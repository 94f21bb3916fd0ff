// The monthly report in the weapp build: the lead's page shows the month's figures against their
// targets; 导出 on a weak network keeps its requestId, so the retry archives one file, which
// WeChat then downloads and opens as a spreadsheet.
// One app per file: the build's modules keep their state for the life of the process.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import type { Me } from '../../types/account';
import type { Figure, MonthlyReport, ReportArchive } from '../../types/reports';
import { launchApp, textOf, type Harness } from './support/simulate';
import { ok, stewardMe, noMock } from './support/fixtures';

const leadMe: Me = {
  ...stewardMe,
  openid: 'dev-lead',
  profile: { ...stewardMe.profile, name: '赵敏' },
  staff: [{ communityId: 'yuehai', communityName: '悦海和园', role: 'lead', kind: null, buildings: [], name: '赵敏' }],
  roles: ['lead'],
};

const figure = (over: Partial<Figure> & Pick<Figure, 'key' | 'group' | 'targetPercent'>): Figure => ({
  status: 'no_data',
  numerator: 0,
  denominator: 0,
  rate: null,
  pending: 0,
  byBuilding: [],
  bySteward: [],
  missedCount: 0,
  missed: [],
  note: null,
  ...over,
});

function reportOf(month: string): MonthlyReport {
  return {
    communityId: 'yuehai',
    communityName: '悦海和园',
    month,
    asOf: '2026-11-24T10:00:00.000+08:00',
    tickets: { total: 3, cancelled: 0, rejected: 0 },
    questions: 0,
    figures: [
      figure({
        key: 'complaintOnTime',
        group: 'complaint',
        targetPercent: 95,
        status: 'not_met',
        numerator: 1,
        denominator: 2,
        rate: 0.5,
        missedCount: 1,
        missed: [
          {
            subject: 'ticket',
            id: 't-9',
            no: 'BX20261103-0002',
            unit: '2-1-202',
            building: '2',
            kind: 'complaint',
            state: 'revisited',
            stewardName: '刘洋',
            createdAt: '2026-11-03T09:00:00.000+08:00',
            figures: ['complaintOnTime'],
          },
        ],
      }),
      figure({ key: 'repairOnTime', group: 'repair', targetPercent: 98, status: 'met', numerator: 1, denominator: 1, rate: 1 }),
    ],
    archive: { dueBy: '2026-12-05T23:59:59.999+08:00', status: 'no_data', archives: [] },
    canExport: true,
  };
}

const archive: ReportArchive = {
  id: 'a-1',
  fileID: 'cloud://env.bucket/reports/yuehai/2026-11/x.xlsx',
  url: 'https://tmp.example/reports/x.xlsx',
  fileName: '服务承诺月报-悦海和园-2026-11-20261124100000.xlsx',
  createdAt: '2026-11-24T10:00:00.000+08:00',
  byName: '赵敏',
};

describe('weapp build, the lead exports the month on a weak network', () => {
  let app: Harness;
  let exportAttempts = 0;
  const opened: Array<{ filePath: string; fileType: string }> = [];
  const downloaded: string[] = [];

  before(async () => {
    app = launchApp(
      (call) => {
        if (call.name === 'account' && call.data.action === 'me') return ok(leadMe);
        if (call.name === 'reports' && call.data.action === 'monthly') return ok(reportOf((call.data.input as { month: string }).month));
        if (call.name === 'reports' && call.data.action === 'export') {
          exportAttempts += 1;
          if (exportAttempts === 1) throw new Error('cloud.callFunction:fail timeout');
          return ok({ archive });
        }
        return noMock(call);
      },
      (mock) => {
        mock.downloadFile = (options: { url: string; success?: (r: unknown) => void; complete?: (r: unknown) => void }) => {
          downloaded.push(options.url);
          const result = { tempFilePath: 'wxfile://tmp/report.xlsx', statusCode: 200, errMsg: 'downloadFile:ok' };
          options.success?.(result);
          options.complete?.(result);
        };
        mock.openDocument = (options: { filePath: string; fileType: string; success?: (r: unknown) => void; complete?: (r: unknown) => void }) => {
          opened.push({ filePath: options.filePath, fileType: options.fileType });
          options.success?.({ errMsg: 'openDocument:ok' });
          options.complete?.({ errMsg: 'openDocument:ok' });
        };
      },
    );
    await app.settle();
  });

  it('shows the month against its targets and the missed ticket', async () => {
    const page = app.renderPage('packages/report/monthly/index');
    await app.settle();
    const text = textOf(page);
    assert.match(text, /1 \/ 2 项达标/);
    assert.match(text, /有效投诉处理及时率/);
    assert.match(text, /50\.0%/);
    assert.match(text, /未达标/);
    assert.match(text, /BX20261103-0002/);
    const monthly = app.calls.find((c) => c.name === 'reports' && c.data.action === 'monthly');
    assert.match(String((monthly?.data.input as { month: string }).month), /^\d{4}-\d{2}$/);
  });

  it('keeps the requestId when the export is lost, so the retry archives once, then opens the spreadsheet', async () => {
    const page = app.renderPage('packages/report/monthly/index');
    const button = page.querySelector('.archive__export');
    assert.ok(button, 'the export button is rendered for a lead');
    button.dispatchEvent('tap');
    await app.settle();
    assert.equal(exportAttempts, 1);
    assert.equal(opened.length, 0, 'nothing to open after a lost call');
    button.dispatchEvent('tap');
    await app.settle();
    const exports = app.calls.filter((c) => c.name === 'reports' && c.data.action === 'export');
    assert.equal(exports.length, 2);
    assert.ok(exports[0].data.requestId, 'a requestId is sent');
    assert.equal(exports[1].data.requestId, exports[0].data.requestId, 'the retry is the same request');
    assert.deepEqual(downloaded, [archive.url]);
    assert.deepEqual(opened, [{ filePath: 'wxfile://tmp/report.xlsx', fileType: 'xlsx' }]);
  });
});
