// Setting up a community in Chromium on the h5 build against the local cloud (SPEC §11): the
// manager opens 社区设置 from the 管家 tab, imports the demo sheet (dry run shown, then the real run),
// invites a steward and gets a QR code; the new steward opens the invitation from another browser
// context (their own phone), sees which post they accept, accepts, and has the 管家 tab. Needs
// `npm run build` and Debian's chromium.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { IMPORT_COLUMNS } from '../../types/admin';
import { type BrowserCloud, RESULTS, routeUrl, screenshot, startBrowserCloud, tabTitles, visible } from './support/browser';

/** The demo sheet: building 5, two entrances, four owners, one unit not yet handed over. */
async function demoSheet(): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet('房屋与业主');
  ws.addRow([...IMPORT_COLUMNS]);
  ws.addRow(['5', '1', '101', '周明', '13866660001', '是']);
  ws.addRow(['5', '1', '102', '吴芳', '13866660002', '是']);
  ws.addRow(['5', '2', '201', '郑伟', '13866660003', '是']);
  ws.addRow(['5', '2', '202', '王丽', '13866660004', '否']);
  const dir = join(RESULTS, 'fixtures');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'admin-demo-units.xlsx');
  writeFileSync(path, Buffer.from(await workbook.xlsx.writeBuffer()));
  return path;
}

async function importSheet(manager: Page, path: string, kind: 'importUnits' | 'importRoster', shot: string): Promise<void> {
  await visible(manager, `#admin-import-kind-${kind}`).click();
  const chooser = manager.waitForEvent('filechooser');
  await visible(manager, '#admin-import-pick').click();
  await (await chooser).setFiles(path);
  await visible(manager, '.admin-import', 'admin-demo-units.xlsx').waitFor();
  await visible(manager, '#admin-import-dry').click();
  const dry = visible(manager, '#admin-import-result-dry');
  await dry.waitFor();
  const figures = (await dry.innerText()).replace(/\s+/g, ' ');
  assert.match(figures, /预检结果（尚未写入） 4 新增 0 变更 0 不变 0 不能导入/);
  await screenshot(manager, `${shot}-dry`);
  await visible(manager, '#admin-import-run').click();
  const done = visible(manager, '#admin-import-result-done');
  await done.waitFor();
  assert.match((await done.innerText()).replace(/\s+/g, ' '), /导入完成 4 新增/);
  await screenshot(manager, `${shot}-done`);
}

describe('setting up a community in the browser', () => {
  let env: BrowserCloud;
  let manager: Page;
  let newcomer: Page;
  let code = '';

  before(async () => {
    env = await startBrowserCloud();
    manager = await env.newPage({ as: 'dev-manager' });
    newcomer = await env.newPage({ as: 'wx-new-steward' });
  });

  after(async () => {
    await env?.close();
  });

  it('the manager imports the demo sheet: units, then the owner roster, each dry run first', async () => {
    const path = await demoSheet();
    await manager.goto(routeUrl(env.cloud, 'pages/staff/index'));
    await visible(manager, '.staff-entry-admin-settings').click();
    await visible(manager, '.admin-settings').waitFor();
    await screenshot(manager, 'admin-1-community');
    await visible(manager, '#admin-tab-import').click();
    await importSheet(manager, path, 'importUnits', 'admin-2-units');
    await importSheet(manager, path, 'importRoster', 'admin-3-roster');
    // the community now has building 5 and its units
    await visible(manager, '#admin-tab-community').click();
    await visible(manager, '.admin-settings', /已登记 \d+ 套房屋/).waitFor();
  });

  it('the manager invites a steward and gets a one-time code with its QR', async () => {
    await visible(manager, '#admin-tab-invite').click();
    await visible(manager, '#admin-invite-role-steward').click();
    await visible(manager, '.admin-invite-post input').fill('5 号楼值班管家');
    await visible(manager, '#admin-invite-submit').click();
    const text = visible(manager, '#admin-invite-code');
    await text.waitFor();
    code = (await text.innerText()).trim();
    assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    const rows = await manager.locator('#admin-invitation .qr__row:visible').count();
    assert.ok(rows >= 21, `a QR symbol is at least 21 modules high, got ${rows}`);
    await screenshot(manager, 'admin-4-invite');
  });

  it('the steward accepts from their own phone, seeing the post first, and has the 管家 tab', async () => {
    await newcomer.goto(routeUrl(env.cloud, 'pages/me/index'));
    assert.ok(!(await tabTitles(newcomer)).includes('管家'), 'no staff tab before accepting');
    await newcomer.goto(routeUrl(env.cloud, `packages/admin/accept/index?code=${encodeURIComponent(code)}`));
    const post = visible(newcomer, '#admin-accept-post');
    await post.waitFor();
    assert.match(await post.innerText(), /悦海和园 · 5 号楼值班管家/);
    assert.match(await post.innerText(), /管家（值班管家）/);
    await visible(newcomer, '.admin-accept-name input').fill('冯晨');
    await visible(newcomer, '.admin-accept-phone input').fill('13555550001');
    await screenshot(newcomer, 'admin-5-accept');
    await visible(newcomer, '#admin-accept-submit').click();
    await newcomer.waitForURL(/pages\/staff\/index/);
    await newcomer.locator('.tab-bar:visible').waitFor();
    assert.ok((await tabTitles(newcomer)).includes('管家'));
    await screenshot(newcomer, 'admin-6-staff-tab');
    // the code is spent: the manager's list shows it accepted
    await visible(manager, '.admin-settings', '冯晨 已接受')
      .waitFor({ timeout: 1000 })
      .catch(async () => {
        await visible(manager, '#admin-tab-staff').click();
        await visible(manager, '#admin-tab-invite').click();
      });
    await visible(manager, '.admin-settings', '冯晨 已接受').waitFor();
  });
});
