// Community life in the h5 build (SPEC §15): a steward drafts a notice and submits it, the manager
// approves it (numbered after the seeded 〔2026〕第 1 号), the owner sees it on 首页 and, once the
// fan-out timer ran, in 消息; the owner signs up for the seeded event and answers the quarter's
// survey. Each page is photographed at 375 × 812.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openTab, openedId, routeUrl, screenshot, startBrowserCloud, visible, type BrowserCloud } from './support/browser';
import { DUTY, LEAD, MANAGER, OWNER } from '../support/people';

describe('h5 社区公告、活动与意见征询', () => {
  let env: BrowserCloud;
  let steward: Page;
  let manager: Page;
  let owner: Page;
  let noticeId = '';
  const TITLE = '关于冬季消防安全检查的通知';

  before(async () => {
    env = await startBrowserCloud();
    await env.cloud.setClock('2026-12-03T02:00:00.000Z');
    steward = await env.newPage({ as: DUTY });
    manager = await env.newPage({ as: MANAGER });
    owner = await env.newPage({ as: OWNER });
  });

  after(async () => {
    await env?.close();
  });

  it('a steward drafts a notice in the fixed format and submits it', async () => {
    await steward.goto(routeUrl(env.cloud, 'packages/community/notices/index'));
    await visible(steward, '#cm-notice-new').click();
    await steward.waitForURL(/packages\/community\/draft\/index/);
    await visible(steward, '.cm-title input').fill(TITLE);
    await visible(steward, '.cm-body textarea').fill('尊敬的各位业主：管理处将于 12 月 8 日起对各楼栋消防设施进行检查，请予以配合。');
    await visible(steward, '#cm-draft-save').click();
    await steward.waitForURL(/packages\/community\/notice\/index/);
    noticeId = openedId(steward);
    await visible(steward, '.cm-notice__title', TITLE).waitFor();
    await screenshot(steward, 'h5-community-draft-saved');
    await visible(steward, '#cm-notice-submit').click();
    await visible(steward, '.cm-state', '待审批').waitFor();
  });

  it('the manager approves it: numbered, dated and published', async () => {
    await manager.goto(routeUrl(env.cloud, `packages/community/notice/index?id=${encodeURIComponent(noticeId)}`));
    await visible(manager, '#cm-notice-approve').click();
    await visible(manager, '.cm-notice__no', '〔2026〕第 2 号').waitFor();
    await visible(manager, '.cm-state', '已发布').waitFor();
    await screenshot(manager, 'h5-community-notice-approved');
  });

  it('the owner sees it on 首页 and, after the fan-out, in 消息', async () => {
    await owner.goto(routeUrl(env.cloud, 'pages/home/index'));
    await visible(owner, '.home-notices .home-notice', TITLE).waitFor();
    await screenshot(owner, 'h5-community-home');
    const run = (await env.cloud.runTimer('noticeSweep')) as { ok: boolean };
    assert.equal(run.ok, true);
    await openTab(owner, '消息');
    await visible(owner, '.page', TITLE).waitFor();
    await screenshot(owner, 'h5-community-inbox');
    await owner.goto(routeUrl(env.cloud, `packages/community/notice/index?id=${encodeURIComponent(noticeId)}`));
    await visible(owner, '.cm-notice__no', '〔2026〕第 2 号').waitFor();
    assert.equal(await owner.locator('#cm-notice-approve').count(), 0, 'an owner has no staff buttons');
    await screenshot(owner, 'h5-community-notice-owner');
  });

  it('the owner signs up for the event and gets a check-in code', async () => {
    await owner.goto(routeUrl(env.cloud, 'packages/community/events/index'));
    await visible(owner, '.cm-event-card', '元旦迎新游园会').click();
    await owner.waitForURL(/packages\/community\/event\/index/);
    await visible(owner, '#cm-event-signup').click();
    await visible(owner, '.cm-mine', '已报名').waitFor();
    await visible(owner, '.cm-code').waitFor();
    await screenshot(owner, 'h5-community-event-signed');
  });

  it('the owner answers the quarter’s survey once', async () => {
    await owner.goto(routeUrl(env.cloud, 'packages/community/survey/index'));
    for (const area of ['customer_service', 'repairs', 'security', 'cleaning', 'greening']) {
      await visible(owner, `.cm-area--${area} .cm-score-${area === 'cleaning' ? 2 : 5}`).click();
    }
    await visible(owner, '.cm-warning', '回访').waitFor();
    await screenshot(owner, 'h5-community-survey');
    await visible(owner, '#cm-survey-submit').click();
    await visible(owner, '.page-state', '感谢您的反馈').waitFor();
  });

  it('stewards see the results, the follow-up it opened, the plan and the visit register', async () => {
    const lead = await env.newPage({ as: LEAD });
    await lead.goto(routeUrl(env.cloud, 'packages/community/results/index'));
    await visible(lead, '.cm-results-total', '1/').waitFor();
    await screenshot(lead, 'h5-community-results');
    await lead.goto(routeUrl(env.cloud, 'packages/community/followups/index'));
    await visible(lead, '.cm-followup', '环境卫生 2 分').waitFor();
    await screenshot(lead, 'h5-community-followups');
    await lead.goto(routeUrl(env.cloud, 'packages/community/events/index'));
    await visible(lead, '.cm-plan-warning').waitFor();
    await screenshot(lead, 'h5-community-plan');
    await lead.goto(routeUrl(env.cloud, 'packages/community/visits/index'));
    await visible(lead, '.cm-coverage').waitFor();
    await screenshot(lead, 'h5-community-visits');
  });
});
