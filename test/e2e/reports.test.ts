// The monthly commitments report in Chromium on the h5 build (SPEC §2, §8): the lead opens
// 服务承诺月报 from the 管家 tab, steps back to last month, reads a missed figure, opens a missed
// ticket's detail in one tap, comes back and exports the month. An owner is refused the page's
// data. Needs `npm run build` and Debian's chromium.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { ticketDoc } from '../support/ticket-docs';
import { type BrowserCloud, routeUrl, screenshot, startBrowserCloud, visible } from './support/browser';

/** Last month as the browser sees it (the page opens on the current Shanghai month). */
function lastMonth(): { month: string; day: (d: number, hm: string) => string } {
  const now = new Date(Date.now() + 8 * 3600_000);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const month = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  return { month, day: (n, hm) => `${month}-${String(n).padStart(2, '0')} ${hm}` };
}

describe('the monthly report, in the browser', () => {
  let env: BrowserCloud;
  let lead: Page;
  const { month, day } = lastMonth();

  before(async () => {
    env = await startBrowserCloud();
    // The month is built from scratch: the demo seed's own tickets and questions carry fixed dates, and when the
    // wall clock makes their month "last month" they would change every figure below.
    const [year, mon] = month.split('-').map(Number);
    const from = new Date(Date.UTC(year, mon - 1, 1) - 8 * 3600_000);
    const to = new Date(Date.UTC(year, mon, 1) - 8 * 3600_000);
    env.cloud.cloud.store.remove('tickets', { createdAt: { $gte: from, $lt: to } }, { multi: true });
    env.cloud.cloud.store.remove('questions', { askedMonth: month }, { multi: true });
    // last month: one complaint handled in time, one breached then resolved (missed)
    env.cloud.cloud.store.insert('tickets', [
      ticketDoc({
        id: 'E2E-C1',
        kind: 'complaint',
        state: 'closed',
        created: day(3, '09:00'),
        steward: 'dev-steward-1',
        building: '1',
        resolve: { at: day(6, '09:00'), met: day(4, '10:00') },
        revisit: { at: day(11, '10:00'), met: day(5, '10:00') },
        revisitRecord: { method: 'on_site', score: 5, at: day(5, '10:00') },
      }),
      ticketDoc({
        id: 'E2E-C2',
        kind: 'complaint',
        state: 'revisited',
        created: day(10, '09:00'),
        steward: 'dev-steward-2',
        building: '2',
        resolve: { at: day(13, '09:00'), met: day(14, '15:00') },
        revisit: { at: day(21, '15:00'), met: day(15, '10:00') },
        revisitRecord: { method: 'phone', score: 4, at: day(15, '10:00') },
      }),
    ]);
    lead = await env.newPage({ as: 'dev-lead' });
  });

  after(async () => {
    await env?.close();
  });

  it('opens from the 管家 tab on this month, then shows last month against its targets', async () => {
    await lead.goto(routeUrl(env.cloud, 'pages/staff/index'));
    await visible(lead, '.staff-entry-report').click();
    await visible(lead, '.month-picker__title').waitFor();
    await visible(lead, '.report-summary').waitFor();
    await visible(lead, '.month-picker__step', '上月').click();
    const [y, m] = month.split('-');
    await visible(lead, '.month-picker__title', `${y}年${Number(m)}月`).waitFor();
    const onTime = visible(lead, '#figure-complaintOnTime');
    await onTime.waitFor();
    // 1 of 2 complaints in time: 50 %, below the 95 % target
    assert.match(await onTime.innerText(), /50\.0%/);
    assert.match(await onTime.innerText(), /1\/2/);
    assert.match(await onTime.innerText(), /未达标/);
    assert.match(await visible(lead, '#figure-complaintHandled').innerText(), /达标/);
    assert.match(await visible(lead, '#figure-infoFeedback').innerText(), /暂无数据/);
    await screenshot(lead, 'reports-0-last-month');
  });

  it('shows the split by building as bars and opens a missed ticket in one tap', async () => {
    const onTime = visible(lead, '#figure-complaintOnTime');
    await onTime.locator('.figure__more').click();
    await visible(lead, '#figure-complaintOnTime .split', '2栋').waitFor();
    await screenshot(lead, 'reports-1-split');
    await visible(lead, '#figure-complaintOnTime .missed', 'BX-E2E-C2').click();
    await visible(lead, '.ticket-detail', 'BX-E2E-C2').waitFor();
    await screenshot(lead, 'reports-2-missed-ticket');
    await lead.goBack();
    await visible(lead, '#figure-complaintOnTime').waitFor();
  });

  it('exports the month: the archive lists the file and its link downloads the spreadsheet', async () => {
    // The browser would download the file in a new tab; keep the link the page opens instead.
    await lead.evaluate(() => {
      const opened: string[] = [];
      (window as unknown as { opened: string[] }).opened = opened;
      window.open = (url?: string | URL) => {
        opened.push(String(url));
        return null;
      };
    });
    await visible(lead, '.archive__export').click();
    await lead.waitForFunction(() => (window as unknown as { opened: string[] }).opened.length > 0);
    const url = await lead.evaluate(() => (window as unknown as { opened: string[] }).opened[0]);
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.ok((await res.arrayBuffer()).byteLength > 1000, 'an .xlsx file');
    await visible(lead, '.archive__file', `服务承诺月报-悦海和园-${month}`).waitFor();
    await screenshot(lead, 'reports-3-archived');
  });

  it('tells an owner the report is not for them', async () => {
    const owner = await env.newPage({ as: 'dev-owner-1' });
    await owner.goto(routeUrl(env.cloud, 'packages/report/monthly/index'));
    await visible(owner, '.page-state', '仅管家、班长和项目经理可查看').waitFor();
  });
});
