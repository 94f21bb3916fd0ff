// The new 首页 and 服务 in the weapp build: the services as an icon grid drawn from the entry
// registry (src/entries.ts), what is waiting for the owner counted from their lists, the promise
// leading to the commitments page, and the grid's cells opening their pages.
// One app per file: the build's modules keep their state for the life of the process.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { launchApp, textOf, type Harness } from './support/simulate';
import { ok, ownerMe, noMock } from './support/fixtures';
import { OWNER_ENTRIES } from '../../src/entries';

describe('weapp build: 首页 and 服务 for an owner', () => {
  let app: Harness;

  before(async () => {
    app = launchApp((call) => {
      const action = call.data.action;
      if (call.name === 'account' && action === 'me') return ok(ownerMe);
      if (call.name === 'account' && action === 'communities') {
        return ok({ communities: [{ id: 'yuehai', name: '悦海和园', supervisionPhone: '0532-88886666' }] });
      }
      // One order to pay, one ticket to rate, nothing to confirm.
      if (call.name === 'tickets' && action === 'list') return ok({ tickets: [{ id: 't1', allowed: ['rate'] }], nextCursor: null, calendarWarning: null });
      if (call.name === 'orders' && action === 'list') return ok({ orders: [{ id: 'o1', allowed: ['pay', 'cancel'] }], nextCursor: null });
      if (call.name === 'passes' && action === 'list') return ok({ passes: [], nextCursor: null });
      return noMock(call);
    });
    await app.settle();
  });

  it('首页 shows the community and unit, and every service and record entry of the registry as a grid cell', async () => {
    const page = app.renderPage('pages/home/index');
    await app.settle();
    const text = textOf(page);
    assert.match(text, /悦海和园/);
    assert.match(text, /1-1-101/);
    const grid = OWNER_ENTRIES.filter((entry) => entry.group === 'service' || entry.group === 'record');
    assert.ok(grid.length >= 5);
    for (const entry of grid) {
      assert.ok(page.querySelector(`.home-entry-${entry.key}`), `a cell for ${entry.key}`);
      assert.match(text, new RegExp(entry.title));
    }
    assert.doesNotMatch(text, /绑定房屋后即可/, 'a bound owner is not asked to bind');
  });

  it('首页 counts what waits for the owner from their own lists', async () => {
    const page = app.renderPage('pages/home/index');
    await app.settle();
    const text = textOf(page).replace(/\s+/g, '');
    assert.match(text, /待我处理/);
    assert.match(text, /1待支付/);
    assert.match(text, /1待评价/);
    assert.match(text, /0待确认放行/);
    const lists = app.calls.filter((c) => c.data.action === 'list').map((c) => `${c.name}:${JSON.stringify(c.data.input)}`);
    assert.ok(
      lists.some((l) => l.startsWith('tickets:') && l.includes('"mine":true')),
      lists.join('\n'),
    );
  });

  it('首页 keeps the commitments to one line and opens their page', async () => {
    const page = app.renderPage('pages/home/index');
    await app.settle();
    assert.match(textOf(page), /所有诉求 1 小时内响应/);
    const entry = page.querySelector('.home-commitments-entry');
    assert.ok(entry);
    entry.dispatchEvent('tap');
    await app.settle();
    assert.deepEqual(app.navigations.at(-1), { method: 'navigateTo', url: '/packages/account/commitments/index' });
  });

  it('首页 opens the report form from the 报事报修 cell', async () => {
    const page = app.renderPage('pages/home/index');
    await app.settle();
    page.querySelector('.home-entry-report')?.dispatchEvent('tap');
    await app.settle();
    assert.deepEqual(app.navigations.at(-1), { method: 'navigateTo', url: '/packages/ticket/report/index' });
  });

  it('服务 draws every owner entry of the registry as an icon cell, grouped, and opens its page', async () => {
    const page = app.renderPage('pages/services/index');
    await app.settle();
    const text = textOf(page);
    for (const title of ['服务', '我的记录', '房屋与账户']) assert.match(text, new RegExp(title));
    for (const entry of OWNER_ENTRIES) assert.ok(page.querySelector(`.service-entry--${entry.key}`), `a cell for ${entry.key}`);
    assert.ok(page.querySelector('.entry-icon'), 'cells carry their icon');
    page.querySelector('.service-entry--passes')?.dispatchEvent('tap');
    await app.settle();
    assert.deepEqual(app.navigations.at(-1), { method: 'navigateTo', url: '/packages/pass/mine/index' });
  });
});
