// The service levels in Chromium on the h5 build (issue 13 item 2): a lead changes 悦海和园's first
// response to 30 hours; then 首页, the report form and the inbox notice of a ticket reported after
// it all promise 30 小时, and 1 小时 appears on none of them. Needs `npm run build:h5` and chromium.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { type BrowserCloud, routeUrl, screenshot, startBrowserCloud, visible } from './support/browser';

const OWNER = 'dev-owner-1';
const LEAD = 'dev-lead';

/** The text of the page on screen (h5 keeps earlier pages in the DOM, hidden). */
async function shown(page: Page, selector: string): Promise<string> {
  return (await visible(page, selector).innerText()).replace(/\s+/g, ' ');
}

describe("a community's first-response span, changed by a lead, on every page that promises it", () => {
  let env: BrowserCloud;
  let owner: Page;

  before(async () => {
    env = await startBrowserCloud();
    owner = await env.newPage({ as: OWNER });
  });

  after(async () => {
    await env?.close();
  });

  it('首页 promises the default 1 小时 before the change', async () => {
    await owner.goto(routeUrl(env.cloud, 'pages/home/index'));
    await visible(owner, '.home-commitments-entry').waitFor();
    assert.match(await shown(owner, '.home-commitments-entry'), /所有诉求 1 小时内响应/);
    await visible(owner, '.home-commitments-entry').click();
    await visible(owner, '.home-commitment--respond').waitFor();
    assert.match(await shown(owner, '.home-commitment--respond'), /1 小时 所有诉求 1 小时内有效响应/);
  });

  it('after the lead saves 30 hours, 首页 says 30 小时 and no longer 1 小时', async () => {
    const policy = (await env.cloud.call('tickets', 'policy', {}, { openid: LEAD })) as { ok: true; data: { version: string } };
    const saved = (await env.cloud.call(
      'tickets',
      'savePolicy',
      { baseVersion: policy.data.version, override: { version: 'yuehai-2026.2', respond: { span: { unit: 'hours', amount: 30 } } } },
      { openid: LEAD },
    )) as { ok: boolean };
    assert.equal(saved.ok, true, JSON.stringify(saved));

    // a new launch of the app (account.me is read once at launch)
    owner = await env.newPage({ as: OWNER });
    await owner.goto(routeUrl(env.cloud, 'pages/home/index'));
    await visible(owner, '.home-commitments-entry', /30 小时/).waitFor();
    await visible(owner, '.home-commitments-entry').click();
    await visible(owner, '.home-commitment--respond', /30 小时/).waitFor();
    assert.match(await shown(owner, '.home-commitment--respond'), /30 小时 所有诉求 30 小时内有效响应/);
    assert.doesNotMatch(await shown(owner, '.home-commitments'), /(^|[^\d])1 小时/);
    await screenshot(owner, 'service-levels-0-home');
  });

  it('the report form promises 30 小时, and the notice of the ticket reported says it too', async () => {
    await owner.goto(routeUrl(env.cloud, 'pages/home/index'));
    await visible(owner, '.home-entry-report').click();
    await visible(owner, '.report-promise').waitFor();
    assert.equal(await shown(owner, '.report-promise'), '提交后管家将在 30 小时内响应。');
    assert.doesNotMatch(await shown(owner, '.report'), /(^|[^\d])1 小时/);
    await visible(owner, '.report-description textarea').fill('楼道声控灯坏了，晚上看不见台阶');
    await screenshot(owner, 'service-levels-1-report');
    await visible(owner, '#ticket-submit').click();
    await owner.waitForURL(/packages\/ticket\/detail\/index\?id=/);
    const no = /BX\d{8}-\d{4}/.exec(await shown(owner, '.ticket-detail'))?.[0] ?? '';
    assert.notEqual(no, '');

    await owner.goto(routeUrl(env.cloud, 'pages/inbox/index'));
    const notice = visible(owner, '.inbox-item', no);
    await notice.waitFor();
    const text = (await notice.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /管家将在 30 小时内响应/);
    assert.doesNotMatch(text, /(^|[^\d])1 小时/);
    await screenshot(owner, 'service-levels-2-inbox');
  });
});
