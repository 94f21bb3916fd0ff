// The greetings switch in the weapp build (SPEC §7): turning it on asks WeChat for the greeting
// template inside the tap, before anything is awaited (WeChat refuses a request made later), then
// records the accepted grant and the opt-in; the page shows how many greeting pushes are left.
// One app per file: the build's modules keep their state for the life of the process.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import type { Me } from '../../types/account';
import { launchApp, textOf, type Harness } from './support/simulate';
import { ok, ownerMe, noMock } from './support/fixtures';
import { answerSubscriptions } from './support/wx';

describe('weapp build, the owner switches greetings on', () => {
  let app: Harness;
  /** callFunction and requestSubscribeMessage, in the order they happened */
  const log: string[] = [];
  let me: Me = ownerMe;

  before(async () => {
    app = launchApp(
      (call) => {
        log.push(`${call.name}.${call.data.action}`);
        if (call.name === 'account' && call.data.action === 'me') return ok(me);
        if (call.name === 'account' && call.data.action === 'grantSubscriptions') {
          me = { ...me, subscriptions: { ...me.subscriptions, greeting: me.subscriptions.greeting + 1 } };
          return ok({ subscriptions: me.subscriptions });
        }
        if (call.name === 'account' && call.data.action === 'setProfile') {
          me = { ...me, profile: { ...me.profile, ...(call.data.input as Partial<Me['profile']>) } };
          return ok({ profile: me.profile });
        }
        return noMock(call);
      },
      (mock) => {
        answerSubscriptions(mock, log, { 'local-greeting': 'accept' });
      },
    );
    await app.settle();
  });

  it('shows greetings off and no pushes left', async () => {
    const page = app.renderPage('packages/account/profile/index');
    await app.settle();
    assert.match(textOf(page), /微信推送剩余次数.*0 次/s);
  });

  it('asks for the greeting template inside the tap, then records the grant and the opt-in', async () => {
    const page = app.renderPage('packages/account/profile/index');
    const toggle = page.querySelector('.profile-greetings');
    assert.ok(toggle, 'the switch is rendered');
    log.length = 0;
    toggle.dispatchEvent('tap');
    await Promise.resolve();
    assert.deepEqual(log, ['subscribe:local-greeting'], 'the request is out before anything is awaited');
    await app.settle();
    assert.deepEqual(log.slice(0, 3), ['subscribe:local-greeting', 'account.grantSubscriptions', 'account.setProfile']);
    const grant = app.calls.find((call) => call.data.action === 'grantSubscriptions');
    assert.deepEqual(grant?.data.input, { templates: ['greeting'] });
    assert.equal(me.profile.greetingsOptIn, true);
    assert.match(textOf(page), /微信推送剩余次数.*1 次/s);
  });
});
