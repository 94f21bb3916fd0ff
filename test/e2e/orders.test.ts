// A paid special service in Chromium on the h5 build against the local cloud (SPEC §4): the owner of
// 1-1-101 books 马桶堵塞疏通 (30–80 元/次) from 服务, the duty steward confirms the time, starts and
// quotes 50 元, the owner pays — the local cloud delivers WeChat Pay's callback to payNotify — and
// the order shows paid. Needs `npm run build` and Debian's chromium.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Order } from '../../types/orders';
import { type BrowserCloud, openedId, openTab, routeUrl, screenshot, startBrowserCloud, visible } from './support/browser';

async function waitForState(page: Page, label: string): Promise<void> {
  await visible(page, '.order-detail .order-state', label).waitFor();
}

describe('a paid special service from booking to payment, in the browser', () => {
  let env: BrowserCloud;
  let owner: Page;
  let steward: Page;
  let orderId = '';
  let orderNo = '';

  const orderAs = async (openid: string): Promise<Order> => {
    const reply = (await env.cloud.call('orders', 'get', { id: orderId }, { openid })) as { ok: boolean; data: { order: Order } };
    assert.equal(reply.ok, true);
    return reply.data.order;
  };

  before(async () => {
    env = await startBrowserCloud();
    owner = await env.newPage({ as: 'dev-owner-1' });
    steward = await env.newPage({ as: 'dev-steward-1' });
  });

  after(async () => {
    await env?.close();
  });

  it('the owner sees the prices with the supervision phone and books 马桶堵塞疏通', async () => {
    await owner.goto(routeUrl(env.cloud, 'pages/home/index'));
    await openTab(owner, '服务');
    await visible(owner, '.service-entry--orders').click();
    const line = visible(owner, '.catalogue-item--s10');
    await line.waitFor();
    assert.match((await line.innerText()).replace(/\s+/g, ' '), /马桶堵塞疏通 30–80 元\/次/);
    assert.match(await visible(owner, '.catalogue-head').innerText(), /收费监督电话 0532-88886666/);
    assert.match(await visible(owner, '.catalogue-section--free').innerText(), /雨伞借用[\s\S]*免费/);
    await screenshot(owner, 'orders-1-owner-catalogue');
    await line.click();

    await visible(owner, '.book-item', '马桶堵塞疏通').waitFor();
    assert.match(await visible(owner, '.book-total').innerText(), /30–80 元（上门后在此范围内报价）/);
    await visible(owner, '.book-remark textarea').fill('卫生间马桶堵了，下午在家');
    await screenshot(owner, 'orders-2-owner-book');
    await visible(owner, '#order-book-submit').click();

    await owner.waitForURL(/packages\/order\/detail\/index\?id=/);
    await waitForState(owner, '已预约');
    orderId = openedId(owner);
    assert.notEqual(orderId, '');
    const detail = (await visible(owner, '.order-detail').innerText()).replace(/\s+/g, ' ');
    orderNo = /TY\d{8}-\d{4}/.exec(detail)?.[0] ?? '';
    assert.notEqual(orderNo, '');
    assert.match(detail, /预计 30–80 元（上门后报价）/);
    const order = await orderAs('dev-owner-1');
    assert.equal(order.amountFen, null);
    assert.deepEqual(order.quote, { minFen: 3000, maxFen: 8000 });
  });

  it('the duty steward finds it in the orders queue, confirms the time, starts and quotes 50 元', async () => {
    await steward.goto(routeUrl(env.cloud, 'pages/staff/index'));
    await visible(steward, '.staff-entry-orders').click();
    const card = visible(steward, '.order-card', orderNo);
    await card.waitFor();
    assert.match((await card.innerText()).replace(/\s+/g, ' '), /管家确认时间截止/);
    await screenshot(steward, 'orders-3-steward-queue');
    await card.click();
    await waitForState(steward, '已预约');

    await visible(steward, '#order-confirm').click();
    await visible(steward, '.nut-picker-confirm-btn').click();
    await waitForState(steward, '已确认时间');
    await visible(steward, '#order-start').click();
    await waitForState(steward, '服务中');

    await visible(steward, '#order-quote').click();
    const dialog = visible(steward, '.nut-dialog', '完工报价');
    await dialog.waitFor();
    // outside the range is refused with the range named
    await dialog.locator('.quote-price input').fill('90');
    await dialog.locator('.nut-dialog-footer-ok').click();
    await visible(steward, '.nut-dialog .field-error', '30–80').waitFor();
    await dialog.locator('.quote-price input').fill('50');
    await dialog.locator('.nut-dialog-footer-ok').click();
    await waitForState(steward, '待支付');
    assert.match(await visible(steward, '.order-amount').innerText(), /^50 元$/);
    await screenshot(steward, 'orders-4-steward-quoted');
  });

  it('the owner sees 50 元 before paying, pays, and the order shows paid once the callback lands', async () => {
    await owner.reload();
    await waitForState(owner, '待支付');
    assert.match(await visible(owner, '#order-pay').innerText(), /微信支付 50 元/);
    await visible(owner, '#order-pay').click();
    const modal = owner.locator('.taro-modal__content', { hasText: '模拟支付（本地云）' });
    await modal.waitFor();
    await screenshot(owner, 'orders-5-owner-pay');
    await modal.locator('.taro-model__confirm').click();

    await waitForState(owner, '已支付');
    assert.match(await visible(owner, '.order-paid').innerText(), /微信支付 50 元/);
    await screenshot(owner, 'orders-6-owner-paid');

    const unified = (await env.cloud.payments()).filter((p) => p.api === 'unifiedOrder');
    assert.equal(unified.length, 1);
    assert.equal(unified[0].request.total_fee, 5000);
    assert.equal(unified[0].openid, 'dev-owner-1');
    const order = await orderAs('dev-owner-1');
    assert.equal(order.state, 'paid');
    assert.deepEqual(order.paid?.amountFen, 5000);
    assert.equal(order.events.filter((e) => e.action === 'pay').length, 1);

    // and the owner rates it: nothing is chosen for them, the choice is asked for
    await visible(owner, '#order-rate').click();
    await visible(owner, '#order-rate-submit').click();
    await visible(owner, '.order-panel--rate .field-error', '请选择 1–5 星').waitFor();
    await visible(owner, '.order-panel--rate .star-4').click();
    await visible(owner, '.order-panel--rate textarea').fill('准时上门，清洗得很干净');
    await visible(owner, '#order-rate-submit').click();
    await waitForState(owner, '已评价');
    assert.deepEqual((await orderAs('dev-owner-1')).rating?.score, 4);
  });

  it('a lead changes the line’s range; the paid order keeps the price it was made at', async () => {
    const lead = await env.newPage({ as: 'dev-lead' });
    await lead.goto(routeUrl(env.cloud, 'packages/order/catalogue/index'));
    await visible(lead, '.catalogue-item--s10').click();
    const dialog = visible(lead, '.nut-dialog', '修改：马桶堵塞疏通');
    await dialog.waitFor();
    await dialog.locator('.edit-low input').fill('40');
    await dialog.locator('.edit-high input').fill('90');
    await dialog.locator('.nut-dialog-footer-ok').click();
    await visible(lead, '.catalogue-item--s10 .catalogue-item__price', '40–90 元/次').waitFor();
    await screenshot(lead, 'orders-7-lead-catalogue');
    const order = await orderAs('dev-owner-1');
    assert.deepEqual(order.item.pricing, { kind: 'range', minFen: 3000, maxFen: 8000 });
    assert.equal(order.amountFen, 5000);
  });
});
