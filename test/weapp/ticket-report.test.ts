// The report form in the weapp build: the subscription request runs inside the submit tap before
// anything is awaited, a submit that never got through keeps the draft and its requestId, and the
// retry sends tickets.create with the same requestId, so the server makes one ticket.
// One app per file: the build's modules keep their state for the life of the process.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import type { Ticket } from '../../types/tickets';
import { launchApp, textOf, type Harness } from './support/simulate';
import { ok, ownerMe, noMock } from './support/fixtures';
import { answerSubscriptions, keepStorage } from './support/wx';

const DRAFT_KEY = 'guanjia.ticketDraft';

const draft = {
  requestId: 'r-draft-0001',
  kind: 'repair',
  scope: 'in_home',
  unit: '1-1-101',
  communityId: 'yuehai',
  description: '卫生间洗手盆下水管漏水',
  preferredAt: null,
  photos: ['cloud://guanjia-dev.bucket/tickets/leak.jpg'],
};

const created: Ticket = {
  id: 't-1',
  no: 'BX20261124-0001',
  communityId: 'yuehai',
  unit: '1-1-101',
  building: '1',
  state: 'submitted',
  kind: 'repair',
  scope: 'in_home',
  severity: 'minor',
  complaintClass: null,
  description: draft.description,
  photos: draft.photos,
  preferredAt: null,
  reporterName: '王业主',
  reporterPhone: '13800000001',
  assignee: null,
  assigneeName: null,
  contact: null,
  deadlines: { respondBy: '2026-11-24T11:00:00+08:00', arriveBy: null, resolveBy: null, revisitBy: null },
  nextDue: { key: 'respondBy', at: '2026-11-24T11:00:00+08:00', level: 'ok' },
  policyVersion: '2026.1',
  calendarWarning: null,
  developerFollowUp: false,
  revisitRequired: false,
  events: [],
  revisit: null,
  rating: null,
  resolution: null,
  channel: 'app',
  allowed: ['cancel'],
  createdAt: '2026-11-24T10:00:00+08:00',
  updatedAt: '2026-11-24T10:00:00+08:00',
};

describe('weapp build, the owner reports a repair on a weak network', () => {
  let app: Harness;
  let wx: Record<string, unknown>;
  /** callFunction and requestSubscribeMessage, in the order they happened */
  const log: string[] = [];
  let createAttempts = 0;

  before(async () => {
    app = launchApp(
      (call) => {
        log.push(`${call.name}.${call.data.action}`);
        if (call.name === 'account' && call.data.action === 'me') return ok(ownerMe);
        if (call.name === 'account' && call.data.action === 'grantSubscriptions') return ok({ subscriptions: {} });
        if (call.name === 'tickets' && call.data.action === 'create') {
          createAttempts += 1;
          // The first attempt is lost on the way (wx.cloud.callFunction rejects); the retry arrives.
          if (createAttempts === 1) throw new Error('cloud.callFunction:fail timeout');
          return ok({ ticket: created });
        }
        if (call.name === 'tickets' && call.data.action === 'get') return ok({ ticket: created });
        return noMock(call);
      },
      (mock) => {
        wx = mock;
        answerSubscriptions(mock, log, { 'local-ticketProgress': 'accept', 'local-revisitInvite': 'reject' });
        const storage = keepStorage(mock);
        // The draft an earlier visit left on the phone (typed, photo uploaded, not yet sent).
        storage.set(DRAFT_KEY, draft);
      },
    );
    await app.settle();
  });

  it('restores the draft left on the phone', async () => {
    const page = app.renderPage('packages/ticket/report/index');
    await app.settle();
    const text = textOf(page);
    assert.match(text, /已恢复您上次填写的内容/);
    // The textarea's value is not page text; its counter is: 11 characters, the draft's description.
    assert.match(text, /问题描述 ?11\/500/);
    assert.match(text, /\+ ?1\/9/, 'the uploaded photo is back');
    assert.match(text, /1-1-101/);
  });

  it('asks for the subscriptions inside the tap, before tickets.create, and keeps the draft when the call is lost', async () => {
    const page = app.renderPage('packages/ticket/report/index');
    const submit = page.querySelector('.ticket-submit');
    assert.ok(submit, 'the 提交 button is rendered');
    log.length = 0;
    submit.dispatchEvent('tap');
    // j-component delivers the tap on the next microtask. One tick later the handler has run up to
    // its first await: the request must already be out (WeChat refuses one made after an await),
    // and nothing else yet.
    await Promise.resolve();
    assert.deepEqual(log, ['subscribe:local-ticketProgress,local-revisitInvite']);
    await app.settle();

    assert.deepEqual(log, ['subscribe:local-ticketProgress,local-revisitInvite', 'account.grantSubscriptions', 'tickets.create']);
    const grant = app.calls.find((call) => call.data.action === 'grantSubscriptions');
    assert.deepEqual(grant?.data.input, { templates: ['ticketProgress'] }, 'only the accepted template is counted');

    const text = textOf(page);
    assert.match(text, /网络不稳定/);
    assert.match(text, /内容已保存在本机/);
    assert.match(text, /重新提交/);
    assert.deepEqual((wx.getStorageSync as (key: string) => unknown)(DRAFT_KEY), draft, 'the draft stays until the server confirms');
  });

  it('retries with the same requestId and input (a double tap sends once), then clears the draft and opens the ticket', async () => {
    const page = app.renderPage('packages/ticket/report/index');
    const submit = page.querySelector('.ticket-submit');
    assert.ok(submit);
    submit.dispatchEvent('tap');
    submit.dispatchEvent('tap');
    await app.settle();

    const creates = app.calls.filter((call) => call.name === 'tickets' && call.data.action === 'create');
    assert.equal(creates.length, 2);
    assert.equal(creates[0].data.requestId, 'r-draft-0001');
    assert.equal(creates[1].data.requestId, creates[0].data.requestId, 'a retry is the same request');
    assert.deepEqual(creates[1].data.input, creates[0].data.input);
    assert.deepEqual(creates[0].data.input, {
      communityId: 'yuehai',
      kind: 'repair',
      scope: 'in_home',
      unit: '1-1-101',
      description: '卫生间洗手盆下水管漏水',
      photos: ['cloud://guanjia-dev.bucket/tickets/leak.jpg'],
      severity: 'minor',
    });
    assert.equal((wx.getStorageSync as (key: string) => unknown)(DRAFT_KEY), '', 'the draft is gone once the ticket exists');
    assert.deepEqual(app.navigations.at(-1), { method: 'redirectTo', url: '/packages/ticket/detail/index?id=t-1' });
  });
});
