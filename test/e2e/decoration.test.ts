// A decoration in Chromium on the h5 build against the local cloud (SPEC §12): the owner of 1-1-101
// applies from 服务, the area steward approves with the deposit from the 管家 tab, the owner
// confirms the agreement and pays (the local cloud's WeChat Pay callback), the permit's code shows;
// work starts, the steward inspects with a photo and issues a rectification notice, the owner sees
// it, the steward verifies it, the owner requests acceptance, 初验 and 终验 pass, and the
// settlement refunds the deposit minus a deduction. Needs `npm run build:h5` and Debian's chromium.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Decoration } from '../../types/decoration';
import { encodePng } from '../../scripts/png';
import { type BrowserCloud, openedId, routeUrl, screenshot, startBrowserCloud, visible } from './support/browser';

const photo = () => encodePng(320, 240, 3, (x, y) => [200, 120 + Math.round((x / 320) * 100), 80 + Math.round((y / 240) * 100)]);

describe('a decoration from application to the deposit refund, in the browser', () => {
  let env: BrowserCloud;
  let owner: Page;
  let steward: Page;
  let id = '';

  before(async () => {
    env = await startBrowserCloud();
    await env.cloud.setClock('2026-11-24T02:00:00.000Z'); // 10:00 Shanghai
    owner = await env.newPage({ as: 'dev-owner-1' });
    steward = await env.newPage({ as: 'dev-steward-2' });
  });
  after(async () => {
    await env?.close();
  });

  const stored = async (): Promise<Decoration> => {
    const reply = (await env.cloud.call('decoration', 'get', { id }, { openid: 'dev-owner-1' })) as { ok: boolean; data: { decoration: Decoration } };
    assert.ok(reply.ok);
    return reply.data.decoration;
  };
  const openAs = async (page: Page) => {
    await page.goto(routeUrl(env.cloud, `packages/decoration/detail/index?id=${id}`));
    await visible(page, '.decoration-facts').waitFor();
  };

  it('the owner applies from 服务', async () => {
    await owner.goto(routeUrl(env.cloud, 'pages/services/index'));
    await visible(owner, '.service-entry--decoration').click();
    await visible(owner, '.decoration-mine').waitFor();
    await visible(owner, '#decoration-apply').click();
    await visible(owner, '.decoration-apply').waitFor();
    await visible(owner, '#privacy-agree').click();
    await visible(owner, '.decoration-company input').fill('青岛安居装饰');
    await visible(owner, '.decoration-leader input').fill('王工');
    await visible(owner, '.decoration-phone input').fill('13912345678');
    await visible(owner, '.decoration-workers input').fill('王工，李师傅');
    await visible(owner, '.decoration-scope textarea').fill('厨卫改造，墙面刷漆，不动承重墙');
    await visible(owner, '.decoration-start input').fill('2026-11-24');
    await visible(owner, '.decoration-end input').fill('2026-12-24');
    await screenshot(owner, 'decoration-1-owner-apply');
    await visible(owner, '#decoration-submit').click();
    await owner.waitForURL(/packages\/decoration\/detail\/index\?id=/);
    await visible(owner, '.decoration-facts', '待审批').waitFor();
    id = openedId(owner);
    assert.notEqual(id, '');
  });

  it('the area steward finds it in 装修管理 and approves it with the deposit', async () => {
    await steward.goto(routeUrl(env.cloud, 'pages/staff/index'));
    await visible(steward, '.staff-entry-decoration').click();
    await visible(steward, `#decoration-${id}`).click();
    await visible(steward, '#decoration-approve').click();
    await visible(steward, '.decoration-deposit input').fill('2000');
    await visible(steward, '.decoration-rules textarea').fill('施工时间 8:00-18:00；建筑垃圾袋装清运');
    await visible(steward, '#decoration-approve-confirm').click();
    await visible(steward, '.decoration-facts', '待签协议').waitFor();
    assert.equal((await stored()).approval?.depositFen, 200_000);
  });

  it('the owner confirms the agreement, pays the deposit and gets the permit code', async () => {
    await openAs(owner);
    await visible(owner, '#decoration-sign').click();
    await visible(owner, '#decoration-pay').click();
    const modal = owner.locator('.taro-modal__content', { hasText: '模拟支付（本地云）' });
    await modal.waitFor();
    await modal.locator('.taro-model__confirm').click();
    await visible(owner, '#decoration-permit-code').waitFor();
    await screenshot(owner, 'decoration-2-owner-permit');
    const d = await stored();
    assert.equal(d.state, 'permitted');
    assert.match(d.permit?.no ?? '', /^XK/);
  });

  it('work starts; the steward inspects with a photo and issues a notice the owner sees', async () => {
    const swept = (await env.cloud.runTimer('decorationSweep')) as { ok: boolean };
    assert.ok(swept.ok);
    await steward.goto(routeUrl(env.cloud, 'pages/staff/index'));
    await visible(steward, '.staff-entry-decoration-today').click();
    await visible(steward, '.decoration-today-summary', '还有 1 户未巡查').waitFor();
    await screenshot(steward, 'decoration-3-steward-today');
    await visible(steward, `#decoration-${id} .decoration-card__title`).click();
    await visible(steward, '#decoration-inspect').click();
    const chooser = steward.waitForEvent('filechooser');
    await visible(steward, '.photo-picker__add').click();
    await (await chooser).setFiles({ name: 'site.png', mimeType: 'image/png', buffer: photo() });
    await visible(steward, '.photo-picker__item--done').waitFor();
    await visible(steward, '.decoration-check-waste').click();
    await visible(steward, '.decoration-findings textarea').fill('楼道堆放建筑垃圾');
    await visible(steward, '#decoration-inspect-confirm').click();
    await visible(steward, '.decoration-facts', '今日已巡查').waitFor();
    await visible(steward, '#decoration-notice').click();
    await visible(steward, '.decoration-notice-items textarea').fill('楼道建筑垃圾当日清运');
    await visible(steward, '#decoration-notice-confirm').click();
    await visible(steward, '.decoration-notices', '待整改').waitFor();
    await screenshot(steward, 'decoration-4-steward-notice');
    const d = await stored();
    assert.equal(d.inspections, 1);
    assert.equal(d.notices.length, 1);

    await openAs(owner);
    await visible(owner, '.decoration-notices', '楼道建筑垃圾当日清运').waitFor();
    await screenshot(owner, 'decoration-5-owner-notice');
  });

  it('the steward verifies the rectification; the owner requests acceptance; 初验 and 终验 pass', async () => {
    await openAs(steward);
    await visible(steward, '.decoration-verify').click();
    await visible(steward, '.decoration-notices', '已复查通过').waitFor();
    await openAs(owner);
    await visible(owner, '#decoration-request-acceptance').click();
    await visible(owner, '.decoration-facts', '待初验').waitFor();
    await openAs(steward);
    await visible(steward, '#decoration-accept').click();
    await visible(steward, '#decoration-accept-pass').click();
    await visible(steward, '.decoration-facts', '待终验').waitFor();
    await visible(steward, '#decoration-accept').click();
    await visible(steward, '#decoration-accept-pass').click();
    await visible(steward, '.decoration-facts', '待结算').waitFor();
  });

  it('the settlement refunds the deposit minus the deduction, and the owner sees it back', async () => {
    await visible(steward, '#decoration-settle').click();
    await visible(steward, '.decoration-deductions textarea').fill('200 损坏电梯轿厢壁板');
    await visible(steward, '#decoration-settle-confirm').click();
    await visible(steward, '.decoration-refund', '退款处理中').waitFor();
    const d = await stored();
    assert.equal(d.refund?.amountFen, 180_000);
    await env.cloud.refundResult(d.refund?.no ?? '');
    await openAs(owner);
    await visible(owner, '.decoration-refund', '已原路退回').waitFor();
    await visible(owner, '.decoration-facts', '已完结').waitFor();
    await screenshot(owner, 'decoration-6-owner-settled');
    assert.equal((await stored()).state, 'closed');
  });
});
