// The weapp build as an owner sees it: 我的 shows the bound unit, the tab bar has no 管家 tab.
// One app per file: the build's modules keep their state for the life of the process.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { launchApp, textOf, type Harness } from './support/simulate';
import { ok, ownerMe, noMock } from './support/fixtures';

describe('weapp build, signed in as an owner', () => {
  let app: Harness;

  before(async () => {
    app = launchApp((call) => {
      if (call.name === 'account' && call.data.action === 'me') return ok(ownerMe);
      return noMock(call);
    });
    await app.settle();
  });

  it('asks the account function who the caller is, once, at launch', () => {
    assert.deepEqual(app.calls, [{ name: 'account', data: { action: 'me', input: {} } }]);
  });

  it('shows the owner their unit 1-1-101 on 我的, with its community and state', async () => {
    const page = app.renderPage('pages/me/index');
    await app.settle();
    const text = textOf(page);
    assert.match(text, /王业主/);
    assert.match(text, /1-1-101/);
    assert.match(text, /悦海和园 · 业主/);
    assert.match(text, /已绑定/);
    assert.match(text, /个人资料与祝福/);
    assert.doesNotMatch(text, /切换身份/, 'the local identity picker must not exist in the weapp build');
  });

  it('draws the four owner tabs and no 管家 tab', async () => {
    const bar = app.renderTabBar();
    await app.settle();
    const text = textOf(bar);
    for (const tab of ['首页', '服务', '消息', '我的']) assert.match(text, new RegExp(tab));
    assert.doesNotMatch(text, /管家/);
  });

  it('opens the bind page in the account subpackage from 我的', async () => {
    const page = app.renderPage('pages/me/index');
    await app.settle();
    const entry = page.querySelector('.me-entry-bind');
    assert.ok(entry, 'the 绑定房屋 entry is rendered');
    entry.dispatchEvent('tap');
    await app.settle();
    assert.deepEqual(app.navigations.at(-1), { method: 'navigateTo', url: '/packages/account/bind/index' });
  });
});
