// A patrol in Chromium on the h5 build against the local cloud (SPEC §13): the lead has made two
// points; the area steward opens 区域巡查 from the 管家 tab, checks in at both by typing the codes
// (no camera in a browser), records a problem at the second, turns it into a ticket, and submits
// the day's log; the lead sees the log with the round and its exception. Needs `npm run build:h5`
// and Debian's chromium.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Reply } from '../../types/envelope';
import type { PatrolPoint } from '../../types/patrol';
import { type BrowserCloud, openTab, routeUrl, screenshot, startBrowserCloud, visible } from './support/browser';

describe('an area steward’s patrol, problem, ticket and log, and the lead’s review, in the browser', () => {
  let env: BrowserCloud;
  let area: Page;
  let lead: Page;
  const codes: string[] = [];

  before(async () => {
    env = await startBrowserCloud();
    for (const name of ['1栋大堂', '1栋地下车库']) {
      const reply = (await env.cloud.call('patrol', 'createPoint', { building: '1', name, kind: 'lobby' }, { openid: 'dev-lead' })) as Reply<{ point: PatrolPoint }>;
      assert.ok(reply.ok, JSON.stringify(reply));
      codes.push(reply.data.point.code as string);
    }
    area = await env.newPage({ as: 'dev-steward-2' });
    lead = await env.newPage({ as: 'dev-lead' });
  });

  after(async () => {
    await env?.close();
  });

  it('the area steward scans two points by typed code and records a problem at the second', async () => {
    await area.goto(routeUrl(env.cloud, 'pages/home/index'));
    await openTab(area, '管家');
    await visible(area, '.staff-entry-patrol').click();
    await visible(area, '.patrol-area').waitFor();
    await visible(area, '#patrol-rounds-left').waitFor();

    await visible(area, '.patrol-code input').fill(codes[0].toLowerCase().replace(/-/g, ' '));
    await visible(area, '#patrol-checkin').click();
    await visible(area, '.patrol-message', /已签到：1栋大堂/).waitFor();
    // the page reads the day again (rounds and the log) before the next scan
    await visible(area, '#patrol-checkin:not(.nut-button-disabled)').waitFor({ timeout: 30000 });

    await visible(area, '.patrol-code input').fill(codes[1]);
    await visible(area, '.patrol-problem-text textarea').fill('地下车库出口照明损坏');
    await visible(area, '#patrol-checkin').click();
    await visible(area, '.patrol-message', /已签到：1栋地下车库 .*已记录问题/).waitFor({ timeout: 30000 });
    await visible(area, '.patrol-problem', '地下车库出口照明损坏').waitFor({ timeout: 30000 });
    await visible(area, '#patrol-checkin:not(.nut-button-disabled)').waitFor({ timeout: 30000 });

    // a typed guess is refused with the reason
    await visible(area, '.patrol-code input').fill('ABCD-EFGH-JKMN-PQRS');
    await visible(area, '#patrol-checkin').click();
    await visible(area, '.patrol-message', /不是本系统/).waitFor();
    await screenshot(area, 'patrol-1-area-checked-in');
  });

  it('turns the problem into a ticket and submits the day’s log', async () => {
    await visible(area, '.patrol-problem .patrol-ticket').click();
    await visible(area, '.patrol-problem', /已转工单[\s\S]*工单 BX/).waitFor();
    const tickets = env.cloud.cloud.store.find('tickets', { channel: 'patrol' }) as Array<{ scope: string; description: string }>;
    assert.equal(tickets.length, 1);
    assert.equal(tickets[0].scope, 'public_area');
    assert.match(tickets[0].description, /地下车库出口照明损坏/);

    await visible(area, '.patrol-log', /巡楼 1 次/).waitFor();
    await visible(area, '.patrol-log-notes textarea').fill('地下车库照明已报修');
    await visible(area, '#patrol-log-submit').click();
    await visible(area, '.patrol-log', /已提交/).waitFor();
    await screenshot(area, 'patrol-2-area-log-submitted');
  });

  it('the lead sees the submitted log with the round and its exception', async () => {
    await lead.goto(routeUrl(env.cloud, 'pages/home/index'));
    await openTab(lead, '管家');
    await visible(lead, '.staff-entry-patrol-lead').click();
    await visible(lead, '.patrol-lead').waitFor();
    const card = visible(lead, '.patrol-review', '刘洋');
    await card.waitFor();
    const text = (await card.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /已提交/);
    assert.match(text, /1栋大堂、1栋地下车库/);
    assert.match(text, /地下车库出口照明损坏/);
    assert.match(text, /地下车库照明已报修/);
    await visible(lead, '#patrol-coverage', /1栋 · 刘洋/).waitFor();
    await screenshot(lead, 'patrol-3-lead');
  });
});
