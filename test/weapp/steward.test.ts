// The weapp build as the duty steward sees it: the custom tab bar adds 管家, and the staff tab
// shows their post and the queue of unit bindings waiting for a decision.
// One app per file: the build's modules keep their state for the life of the process.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { launchApp, textOf, type Harness } from './support/simulate';
import { ok, stewardMe, noMock } from './support/fixtures';

const pending = {
  id: 'b-9',
  communityId: 'yuehai',
  communityName: '悦海和园',
  unit: '2-1-202',
  role: 'resident' as const,
  state: 'pending' as const,
  possession: false,
  phone: '139****0009',
  phoneVerified: false,
  createdAt: '2026-11-24T10:00:00+08:00',
  rejectReason: null,
  openid: 'dev-someone',
  name: '张住户',
  rosterMatch: false,
  applicantStaff: null,
  roster: [{ name: '李秀英', phone: '138****0002' }],
};

describe('weapp build, signed in as the duty steward', () => {
  let app: Harness;

  before(async () => {
    app = launchApp((call) => {
      if (call.name !== 'account') return { ok: false, error: { code: 'NOT_FOUND', message: 'no such function' } };
      if (call.data.action === 'me') return ok(stewardMe);
      if (call.data.action === 'pendingBindings') return ok({ bindings: [pending] });
      if (call.data.action === 'decideBinding') return ok({ binding: { ...pending, state: 'active' } });
      return noMock(call);
    });
    await app.settle();
  });

  it('draws the 管家 tab after the four owner tabs', async () => {
    const bar = app.renderTabBar();
    await app.settle();
    assert.match(textOf(bar), /首页.*服务.*消息.*我的.*管家/);
  });

  it('shows the steward post and the pending binding on the staff tab', async () => {
    const page = app.renderPage('pages/staff/index');
    await app.settle();
    const text = textOf(page);
    assert.match(text, /悦海和园 · 值班管家/);
    assert.match(text, /2-1-202/);
    assert.match(text, /139\*\*\*\*0009/);
    assert.match(text, /名册无此人/);
    // What the steward needs to decide it: the phone was typed, and who the roster lists instead.
    assert.match(text, /手动填写，未验证/);
    assert.match(text, /名册登记：李秀英 138\*\*\*\*0002/);
    assert.ok(app.calls.some((call) => call.name === 'account' && call.data.action === 'pendingBindings'));
  });

  it('approves a binding with decideBinding { id, approve: true }', async () => {
    const page = app.renderPage('pages/staff/index');
    await app.settle();
    const approve = page.querySelector('.staff-binding__approve');
    assert.ok(approve, 'the 通过 button is rendered');
    approve.dispatchEvent('tap');
    await app.settle();
    const decided = app.calls.filter((call) => call.data.action === 'decideBinding');
    assert.deepEqual(decided, [{ name: 'account', data: { action: 'decideBinding', input: { id: 'b-9', approve: true } } }]);
  });
});
