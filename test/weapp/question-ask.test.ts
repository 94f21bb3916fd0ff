// The ask page in the weapp build: the FAQ answers matching what is typed are shown; the send tap
// asks for the answer notice's subscription before anything is awaited (WeChat refuses it after an
// await); a send whose reply was lost is retried with the same requestId, so one question is asked.
// One app per file: the build's modules keep their state for the life of the process.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import type { FaqMatch, QuestionThread } from '../../types/questions';
import { launchApp, textOf, type Harness, type SimComponent } from './support/simulate';
import { ok, ownerMe, noMock } from './support/fixtures';
import { answerSubscriptions, keepStorage } from './support/wx';

const TEXT = '家里的天然气没气了，打什么电话？';

const gasEntry: FaqMatch = {
  id: 'faq-yuehai-gas',
  communityId: 'yuehai',
  category: 'government_services',
  question: '燃气怎么开通、缴费？燃气公司电话是多少？',
  answer: '燃气开户、通气、缴费由本市燃气公司负责，电话印在燃气表旁的标识上。',
  keywords: ['天然气'],
  active: true,
  updatedAt: '2026-01-05T10:00:00.000+08:00',
  score: 0.36,
};

const asked: QuestionThread = {
  id: 'q-1',
  no: 'ZX20261124-0001',
  communityId: 'yuehai',
  unit: '1-1-101',
  category: 'government_services',
  text: TEXT,
  state: 'waiting',
  complex: false,
  askerName: null,
  handlerName: null,
  handlerIsMe: false,
  clock: {
    firstAnswerDue: '2026-11-24T10:10:00.000+08:00',
    firstAnsweredAt: null,
    feedbackDue: '2026-11-24T10:10:00.000+08:00',
    feedbackAt: null,
    replyDue: '2026-11-24T10:10:00.000+08:00',
    level: 'ok',
  },
  waitingSince: '2026-11-24T10:00:00.000+08:00',
  messageCount: 1,
  lastMessage: { id: 'm1', from: 'asker', authorName: null, text: TEXT, at: '2026-11-24T10:00:00.000+08:00' },
  faqId: null,
  allowed: ['followUp', 'close'],
  askedAt: '2026-11-24T10:00:00.000+08:00',
  updatedAt: '2026-11-24T10:00:00.000+08:00',
  messages: [{ id: 'm1', from: 'asker', authorName: null, text: TEXT, at: '2026-11-24T10:00:00.000+08:00' }],
  events: [],
};

/** Types into a Taro textarea as WeChat would deliver it (an input event with the value). */
function typeInto(page: SimComponent, selector: string, value: string): void {
  const box = page.querySelector(selector);
  assert.ok(box, `${selector} is rendered`);
  box.dispatchEvent('input', { detail: { value, cursor: value.length } });
}

const DRAFT_KEY = 'guanjia.questionDraft';
const draft = { requestId: 'r-question-draft-1', communityId: 'yuehai', category: 'government_services', text: TEXT };

describe('weapp build, the owner asks the steward on a weak network', () => {
  let app: Harness;
  let wx: Record<string, unknown>;
  const log: string[] = [];
  let askAttempts = 0;
  const stored = () => (wx.getStorageSync as (key: string) => unknown)(DRAFT_KEY);

  before(async () => {
    app = launchApp(
      (call) => {
        log.push(`${call.name}.${call.data.action}`);
        if (call.name === 'account' && call.data.action === 'me') return ok(ownerMe);
        if (call.name === 'account' && call.data.action === 'grantSubscriptions') return ok({ subscriptions: {} });
        if (call.name === 'questions' && call.data.action === 'faq') return ok({ entries: [gasEntry] });
        if (call.name === 'questions' && call.data.action === 'ask') {
          askAttempts += 1;
          // The first attempt is lost on the way (wx.cloud.callFunction rejects); the retry arrives.
          if (askAttempts === 1) throw new Error('cloud.callFunction:fail timeout');
          return ok({ question: asked });
        }
        return noMock(call);
      },
      (mock) => {
        wx = mock;
        answerSubscriptions(mock, log, { 'local-questionAnswered': 'accept' });
        const storage = keepStorage(mock);
        // The question an earlier visit typed and never got sent.
        storage.set(DRAFT_KEY, draft);
      },
    );
    await app.settle();
  });

  it('restores the unsent question and shows the matching FAQ answers', async () => {
    const page = app.renderPage('packages/question/ask/index');
    await app.settle();
    // the search waits for a pause in typing
    await app.simulate.sleep(500);
    await app.settle();
    const text = textOf(page);
    assert.match(text, /10 分钟内首次答复/);
    assert.match(text, /已恢复上次未发送的问题/);
    assert.match(text, new RegExp(`${Array.from(TEXT).length}/500`), 'the text is back (its counter shows)');
    const faq = app.calls.filter((call) => call.name === 'questions' && call.data.action === 'faq');
    assert.equal(faq.length, 1, 'one search after the pause');
    assert.deepEqual(faq[0].data.input, { query: TEXT, communityId: 'yuehai' });
    assert.match(text, /这些常见问题也许能解答您/);
    assert.match(text, /燃气公司电话是多少/);
    assert.match(text, /没找到答案，发送给管家/);
  });

  it('asks for the subscription inside the send tap, and keeps the draft when the send is lost', async () => {
    const page = app.renderPage('packages/question/ask/index');
    const send = page.querySelector('#question-send');
    assert.ok(send, 'the send button is rendered');
    log.length = 0;
    send.dispatchEvent('tap');
    await Promise.resolve();
    assert.deepEqual(log, ['subscribe:local-questionAnswered'], 'the request is out before anything is awaited');
    await app.settle();
    assert.deepEqual(log, ['subscribe:local-questionAnswered', 'account.grantSubscriptions', 'questions.ask']);
    assert.match(textOf(page), /网络不稳定.*内容已保存在本机，可直接重新发送/);
    assert.deepEqual(stored(), draft, 'the draft stays until the server confirms');
  });

  it('retries with the same requestId (a double tap sends once), then clears the draft and opens the thread', async () => {
    const page = app.renderPage('packages/question/ask/index');
    const send = page.querySelector('#question-send');
    assert.ok(send);
    send.dispatchEvent('tap');
    send.dispatchEvent('tap');
    await app.settle();
    const asks = app.calls.filter((call) => call.name === 'questions' && call.data.action === 'ask');
    assert.equal(asks.length, 2, 'the lost one and one retry');
    assert.equal(asks[0].data.requestId, 'r-question-draft-1');
    assert.equal(asks[1].data.requestId, asks[0].data.requestId, 'a retry is the same request');
    assert.deepEqual(asks[1].data.input, { communityId: 'yuehai', category: 'government_services', text: TEXT });
    assert.equal(stored(), '', 'the draft is gone once the question exists');
    assert.deepEqual(app.navigations.at(-1), { method: 'redirectTo', url: '/packages/question/thread/index?id=q-1' });
  });

  it('makes an edited question a new request', async () => {
    const page = app.renderPage('packages/question/ask/index');
    typeInto(page, '.nut-textarea-textarea', `${TEXT}燃气表在哪里看？`);
    await app.settle();
    const kept = stored() as { requestId: string; text: string };
    assert.match(kept.text, /燃气表在哪里看/);
    assert.notEqual(kept.requestId, 'r-question-draft-1');
  });
});
