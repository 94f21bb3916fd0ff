// The bind page in the weapp build: WeChat's phone-number button hands its one-time code to
// account.bindUnit (never a typed number), and a typed phone is sent as an application.
// One app per file: the build's modules keep their state for the life of the process.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { launchApp, textOf, type Harness, type SimComponent } from './support/simulate';
import { ok, ownerMe, noMock } from './support/fixtures';

const binding = {
  id: 'b-new',
  communityId: 'yuehai',
  communityName: '悦海和园',
  unit: '3-2-1201',
  role: 'owner' as const,
  state: 'active' as const,
  possession: false,
  phone: '13800000003',
  phoneVerified: true,
  createdAt: '2026-11-24T10:00:00+08:00',
  rejectReason: null,
};

describe('weapp build, binding a unit', () => {
  let app: Harness;
  let page: SimComponent;
  const binds: unknown[] = [];

  before(async () => {
    app = launchApp(
      (call) => {
        if (call.name !== 'account') return noMock(call);
        if (call.data.action === 'me') return ok(ownerMe);
        if (call.data.action === 'communities') return ok({ communities: [{ id: 'yuehai', name: '悦海和园', supervisionPhone: '0755-0000000' }] });
        if (call.data.action === 'bindUnit') {
          binds.push(call.data.input);
          return ok({ binding });
        }
        return noMock(call);
      },
      (wx) => {
        wx.showModal = (options: { success?: (r: unknown) => void }) => options.success?.({ confirm: true, cancel: false, errMsg: 'showModal:ok' });
      },
    );
    await app.settle();
    page = app.renderPage('packages/account/bind/index');
    await app.settle();
  });

  it('offers WeChat’s phone-number button and the typed phone as an application', () => {
    const button = page.querySelector('#bind-wechat-phone');
    assert.ok(button, 'the native getPhoneNumber button is rendered');
    const text = textOf(page);
    assert.match(text, /使用微信手机号绑定/);
    assert.doesNotMatch(text, /本地云/, 'no local-cloud stand-in in the weapp build');
    assert.match(text, /手动填写，提交审核/);
  });

  it('sends the button’s code as phoneCode, with no typed phone', async () => {
    const unit = page.querySelector('.bind-unit .nut-input-native');
    assert.ok(unit);
    unit.dispatchEvent('input', { detail: { value: '3-2-1201', cursor: 8 } });
    await app.settle();
    page.querySelector('#bind-wechat-phone')?.dispatchEvent('getphonenumber', { detail: { errMsg: 'getPhoneNumber:ok', code: 'code-from-wechat' } });
    await app.settle();
    assert.equal(binds.length, 1, textOf(page));
    assert.deepEqual(binds[0], { communityId: 'yuehai', unit: '3-2-1201', phoneCode: 'code-from-wechat', role: 'owner' });
  });

  it('sends nothing when the person declines to share their phone', async () => {
    page.querySelector('#bind-wechat-phone')?.dispatchEvent('getphonenumber', { detail: { errMsg: 'getPhoneNumber:fail user deny' } });
    await app.settle();
    assert.equal(binds.length, 1);
  });
});
