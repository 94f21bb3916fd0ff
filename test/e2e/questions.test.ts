// A question from the owner to the steward in Chromium on the h5 build (SPEC §6): the owner of
// 1-1-101 opens 咨询管家 from 服务, sees matching FAQ answers while typing, sends the question; the
// duty steward finds it in the staff tab's question queue with its 10-minute clock, claims and
// answers it; the owner sees the answer in the thread and the message in 消息. Each person has
// their own browser context. Needs `npm run build` and Debian's chromium.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { type BrowserCloud, openedId, routeUrl, screenshot, startBrowserCloud, visible } from './support/browser';

const QUESTION = '家里的天然气突然没气了，应该打什么电话？';
const ANSWER = '请先看燃气表是否欠费；燃气公司的客服电话印在燃气表旁的标识上，我也可以帮您联系。';

describe('a question from the owner, answered from the staff tab, in the browser', () => {
  let env: BrowserCloud;
  let owner: Page;
  let steward: Page;
  let questionId = '';
  let questionNo = '';

  before(async () => {
    env = await startBrowserCloud();
    owner = await env.newPage({ as: 'dev-owner-1' });
    steward = await env.newPage({ as: 'dev-steward-1' });
  });

  after(async () => {
    await env?.close();
  });

  it('the owner asks from 服务, sees the matching FAQ first, and sends the question', async () => {
    await owner.goto(routeUrl(env.cloud, 'pages/services/index'));
    await visible(owner, '.service-entry--questions').click();
    await visible(owner, '.ask-category--government_services').click();
    await visible(owner, '.ask-category--government_services.choice--on').waitFor();

    // Sending nothing is refused next to the box, before anything is sent.
    await visible(owner, '#question-send').click();
    await visible(owner, '.ask-error', '请填写您要咨询的问题').waitFor();

    await visible(owner, '.ask-text textarea').fill(QUESTION);
    const match = visible(owner, '.ask-matches .faq-item', '燃气怎么开通');
    await match.waitFor();
    assert.match(await match.innerText(), /关闭燃气总阀/, 'the FAQ answer is shown in full');
    await visible(owner, '#question-send', '没找到答案，发送给管家').waitFor();
    await screenshot(owner, 'questions-1-owner-ask-with-faq');

    await visible(owner, '#question-send').click();
    await owner.waitForURL(/packages\/question\/thread\/index\?id=/);
    await visible(owner, '.question-thread .q-state', '待答复').waitFor();
    questionId = openedId(owner);
    assert.notEqual(questionId, '');
    const thread = (await visible(owner, '.question-thread').innerText()).replace(/\s+/g, ' ');
    questionNo = /ZX\d{8}-\d{4}/.exec(thread)?.[0] ?? '';
    assert.notEqual(questionNo, '', 'the question has its number');
    assert.match(thread, /管家将在 \d\d-\d\d \d\d:\d\d 前答复/);
    assert.match(thread, /天然气突然没气了/);
    await screenshot(owner, 'questions-2-owner-sent');
  });

  it('the duty steward finds it in the staff tab’s queue with its clock, claims and answers it', async () => {
    await steward.goto(routeUrl(env.cloud, 'pages/staff/index'));
    await visible(steward, '.staff-entry-questions').click();
    const card = visible(steward, '.q-card', questionNo);
    await card.waitFor();
    const cardText = (await card.innerText()).replace(/\s+/g, ' ');
    assert.match(cardText, /政府服务电话/);
    assert.match(cardText, /1-1-101 王建国/);
    assert.match(cardText, /首次答复 剩 \d+ 分钟（正常/);
    assert.match((await card.getAttribute('class')) ?? '', /q-card--ok/);
    await screenshot(steward, 'questions-3-steward-queue');

    await card.click();
    await visible(steward, '.question-thread .q-state', '待答复').waitFor();
    await visible(steward, '#question-claim').click();
    await visible(steward, '.question-thread .q-state', '答复中').waitFor();
    assert.match(await visible(steward, '.question-thread').innerText(), /答复管家：陈静（我）/);

    await visible(steward, '.question-reply textarea').fill(ANSWER);
    await screenshot(steward, 'questions-4-steward-answer');
    await visible(steward, '#question-answer-submit').click();
    await visible(steward, '.question-thread .q-state', '已答复').waitFor();
    await visible(steward, '.bubble--staff', '燃气表旁的标识').waitFor();
    const log = (await visible(steward, '.events').innerText()).replace(/\s+/g, ' ');
    for (const step of ['提问', '认领', '答复']) assert.match(log, new RegExp(step));
    await screenshot(steward, 'questions-5-steward-answered');
  });

  it('the owner sees the answer in the thread and the message in 消息', async () => {
    await owner.goto(routeUrl(env.cloud, 'pages/inbox/index'));
    const message = visible(owner, '.inbox-item', '咨询回复通知');
    await message.waitFor();
    assert.match((await message.innerText()).replace(/\s+/g, ' '), /管家陈静答复了您的咨询/);
    assert.match((await message.getAttribute('class')) ?? '', /inbox-item--unread/);
    await screenshot(owner, 'questions-6-owner-inbox');

    await message.click();
    await owner.waitForURL(new RegExp(`packages/question/thread/index\\?id=${questionId}`));
    await visible(owner, '.question-thread .q-state', '已答复').waitFor();
    const answer = visible(owner, '.bubble--staff', '燃气表旁的标识');
    await answer.waitFor();
    assert.match(await answer.innerText(), /管家 陈静/);
    assert.match(await visible(owner, '.question-thread').innerText(), /首次答复于/);
    await screenshot(owner, 'questions-7-owner-answer');

    // The owner settles it; it leaves the steward's queue.
    await visible(owner, '#question-close').click();
    await visible(owner, '.question-thread .q-state', '已解决').waitFor();
    const reply = (await env.cloud.call('questions', 'list', {}, { openid: 'dev-steward-1' })) as { ok: boolean; data: { questions: Array<{ id: string }> } };
    assert.ok(reply.ok);
    assert.ok(!reply.data.questions.some((q) => q.id === questionId));
  });

  it('the owner finds it under 我的咨询, and 服务 no longer lists 咨询 as coming soon', async () => {
    await owner.goto(routeUrl(env.cloud, 'pages/services/index'));
    await visible(owner, '.service-entry--my-questions').click();
    const card = visible(owner, '.q-card', questionNo);
    await card.waitFor();
    assert.match(await card.innerText(), /已解决/);
    await visible(owner, '.my-questions .nut-button', '返回').click();
    await visible(owner, '.service-entry--questions').waitFor();
    assert.equal(await owner.locator('.service-entry--questions:visible .nut-tag').count(), 0, 'not marked 即将开放');
  });
});

describe('a complex question becomes an FAQ entry, curated by the lead, in the browser', () => {
  let env: BrowserCloud;
  let steward: Page;
  let lead: Page;
  let owner: Page;
  let questionId = '';

  before(async () => {
    env = await startBrowserCloud();
    const asked = (await env.cloud.call('questions', 'ask', { category: 'decoration_advice', text: '阳台想封窗，物业有什么要求？' }, { openid: 'dev-owner-2' })) as {
      ok: boolean;
      data: { question: { id: string } };
    };
    assert.ok(asked.ok);
    questionId = asked.data.question.id;
    steward = await env.newPage({ as: 'dev-steward-2' });
    lead = await env.newPage({ as: 'dev-lead' });
    owner = await env.newPage({ as: 'dev-owner-2' });
  });

  after(async () => {
    await env?.close();
  });

  it('the area steward marks it complex with a note; the owner is told when to expect the answer', async () => {
    await steward.goto(routeUrl(env.cloud, `packages/question/thread/index?id=${questionId}`));
    await visible(steward, '.question-thread .q-state', '待答复').waitFor();
    await visible(steward, '#question-complex').click();
    await visible(steward, '.question-panel--complex textarea').fill('需向工程部确认外立面要求');
    await visible(steward, '#question-complex-submit').click();
    await visible(steward, '.question-thread .q-tag-complex', '复杂问题').waitFor();
    await visible(steward, '.question-thread .q-state', '答复中').waitFor();
    assert.match(await visible(steward, '.question-thread').innerText(), /复杂问题答复 剩 2\d 小时/);
    await screenshot(steward, 'questions-8-steward-complex');

    await owner.goto(routeUrl(env.cloud, 'pages/inbox/index'));
    const message = visible(owner, '.inbox-item', '咨询需要进一步核实');
    await message.waitFor();
    assert.match(await message.innerText(), /需向工程部确认外立面要求/);
  });

  it('the steward answers and saves it to the FAQ; the owner finds it by other words', async () => {
    await visible(steward, '.question-reply textarea').fill('可以封窗，需使用小区统一的断桥铝窗样式，施工前到物业办理装修申请。');
    await visible(steward, '#question-answer-submit').click();
    await visible(steward, '.question-thread .q-state', '已答复').waitFor();
    await visible(steward, '#question-save-faq').click();
    const panel = visible(steward, '.question-panel--faq');
    await panel.waitFor();
    assert.equal(
      await visible(steward, '.question-panel--faq .faq-answer textarea').inputValue(),
      '可以封窗，需使用小区统一的断桥铝窗样式，施工前到物业办理装修申请。',
      'the answer is filled in',
    );
    await visible(steward, '.question-panel--faq .faq-question textarea').fill('阳台可以封窗吗？有什么要求？');
    await visible(steward, '.question-panel--faq .faq-keywords input').fill('封阳台，窗户');
    await visible(steward, '#question-save-faq-submit').click();
    await visible(steward, '.question-thread .muted', '已收入常见问题').waitFor();
    await screenshot(steward, 'questions-9-steward-saved-faq');

    await owner.goto(routeUrl(env.cloud, 'packages/question/faq/index'));
    await visible(owner, '.faq-search input').fill('封阳台要注意什么');
    await visible(owner, '.faq-search__go').click();
    await visible(owner, '.faq-item', '阳台可以封窗吗').waitFor();
  });

  it('the lead edits the entry and retires it; it is no longer offered', async () => {
    await lead.goto(routeUrl(env.cloud, 'pages/staff/index'));
    await visible(lead, '.staff-entry-faq').click();
    const entry = visible(lead, '.faq-item', '阳台可以封窗吗');
    await entry.waitFor();
    await entry.locator('.faq-edit').click();
    await visible(lead, '.faq-editor__answer textarea').fill('可以封窗：须用小区统一的断桥铝窗样式和颜色，施工前到物业办理装修申请，审批后施工。');
    await visible(lead, '.faq-editor__save').click();
    const edited = visible(lead, '.faq-item', '审批后施工');
    await edited.waitFor();
    await screenshot(lead, 'questions-10-lead-faq');
    await edited.locator('.faq-retire').click();
    await visible(lead, '.faq-item--retired', '阳台可以封窗吗').waitFor();

    const search = (await env.cloud.call('questions', 'faq', { query: '封阳台要注意什么' }, { openid: 'dev-owner-2' })) as {
      ok: boolean;
      data: { entries: Array<{ question: string }> };
    };
    assert.ok(search.ok);
    assert.ok(!search.data.entries.some((e) => e.question.includes('封窗')), 'a retired entry is not offered');
  });
});
