// The questions function through the real wx-server-sdk against the local cloud (SPEC §6): an owner
// asks with the FAQ in front of them, stewards claim and answer against the 10-minute clock (24
// hours once complex), the owner follows up and settles it, answers become the FAQ.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { functionCalls } from '../support/calls';
import { OWNER, OTHER_OWNER, RESIDENT, DUTY, AREA, LEAD, ENGINEER, GUARD } from '../support/people';
import type { ActionOutput } from '../../types/contract';
import type { Reply, ReplyError } from '../../types/envelope';
import type { QuestionThread } from '../../types/questions';
import { informationFeedbackFigures, type FigureQuestion } from '../../cloudfunctions/core/questions/figures';
import { sweepQuestions } from '../../cloudfunctions/core/questions/sweep';
import { LEASE_MS } from '../../cloudfunctions/core/workflow/sweep';
import { SimulatedCrash, crashAfterClaims } from '../support/faults';
import type { Database } from '../../cloudfunctions/core/sdk';
import { connectSdk } from '../support/sdk';

let cloud: TestCloud;
// A fixed clock moved on by hand: every question starts a new minute (below the create limit).
let clockMs = Date.parse('2026-11-24T01:00:00.000Z'); // 09:00 Shanghai, a Tuesday
const MIN = 60_000;
async function at(ms: number): Promise<void> {
  clockMs = ms;
  await cloud.setClock(new Date(ms).toISOString());
}
async function tick(minutes = 1): Promise<number> {
  await at(clockMs + minutes * MIN);
  return clockMs;
}
const shanghai = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().replace('Z', '+08:00');

before(async () => {
  cloud = await startTestCloud();
  await tick();
  // A second community with a steward of its own, to prove stewards see only their community.
  cloud.cloud.store.insert('communities', [{ _id: 'binhai', name: '滨海花园', supervisionPhone: '0532-80000000', buildings: ['1'] }]);
  cloud.cloud.store.insert('staff', [
    { _id: 'staff-binhai', openid: 'binhai-steward', communityId: 'binhai', role: 'steward', kind: 'duty', buildings: [], name: '马丽', phone: '13700009999', active: true },
  ]);
});
after(async () => {
  await cloud.close();
});

const { call, ok, failed } = functionCalls('questions', () => cloud);

const ELSEWHERE = 'binhai-steward';

async function ask(text = '小区附近有哪些公交线路可以到火车站？', openid = OWNER, category = 'bus_routes'): Promise<QuestionThread> {
  await tick();
  return (await ok('ask', { category, text }, openid)).question;
}

const inboxOf = async (openid: string) => {
  const reply = (await cloud.call('account', 'inbox', { limit: 50 }, { openid })) as Reply<{
    items: Array<{ title: string; body: string; template: string; page: string | null }>;
  }>;
  assert.ok(reply.ok);
  return reply.data.items;
};

function stored(id: string): FigureQuestion & Record<string, unknown> {
  const [doc] = cloud.cloud.store.find('questions', { _id: id });
  assert.ok(doc, `question ${id} stored`);
  return doc as unknown as FigureQuestion & Record<string, unknown>;
}

describe('asking', () => {
  it('starts the 10-minute clock, tells the stewards on duty and for the building, and puts it first in the queue', async () => {
    const asked = await ask('请问小区附近的公交车几点收班？');
    const askedAt = clockMs;
    assert.match(asked.no, /^ZX20261124-\d{4}$/);
    assert.equal(asked.state, 'waiting');
    assert.equal(asked.askedAt, shanghai(askedAt));
    assert.equal(asked.clock.firstAnswerDue, shanghai(askedAt + 10 * MIN), 'first answer within 10 minutes');
    assert.equal(asked.clock.feedbackDue, shanghai(askedAt + 10 * MIN));
    assert.equal(asked.clock.level, 'ok');
    assert.equal(asked.askerName, null, 'the asker is not shown their own name as staff would be');
    assert.deepEqual(asked.allowed, ['followUp', 'close']);
    assert.equal(asked.messages.length, 1);

    for (const steward of [DUTY, AREA]) {
      const alerts = (await inboxOf(steward)).filter((m) => m.template === 'staffAlert' && m.page === `/packages/question/thread/index?id=${asked.id}`);
      assert.equal(alerts.length, 1, `${steward} is told of the new question`);
      assert.match(alerts[0].body, /公交线路：请问小区附近的公交车几点收班/);
    }
    const queue = await ok('list', {}, DUTY);
    const mine = queue.questions.find((q) => q.id === asked.id);
    assert.ok(mine, 'in the steward queue');
    assert.equal(mine.askerName, '王建国', 'staff see who asks');
    assert.ok(mine.allowed.includes('claim') && mine.allowed.includes('answer') && mine.allowed.includes('markComplex'));
  });

  it('asks once for a repeated requestId (a double tap or a retry on a weak network)', async () => {
    await tick();
    const input = { category: 'tourism', text: '周末带孩子去哪里玩比较好？' };
    const first = await ok('ask', input, OWNER, 'req-question-0001');
    const again = await ok('ask', input, OWNER, 'req-question-0001');
    assert.equal(again.question.id, first.question.id);
    assert.equal(cloud.cloud.store.count('questions', { text: '周末带孩子去哪里玩比较好？' }), 1);
    const other = await ok('ask', input, OWNER, 'req-question-0002');
    assert.notEqual(other.question.id, first.question.id, 'a new requestId is a new question');
  });

  it('refuses an empty, blank or 10,000-character question with the field named', async () => {
    await tick();
    for (const text of ['', '   ']) {
      const error = await failed('ask', { category: 'other', text }, OWNER);
      assert.equal(error.code, 'INVALID_INPUT');
      assert.equal(error.fields?.text, '请填写您要咨询的问题');
    }
    const long = await failed('ask', { category: 'other', text: '问'.repeat(10_000) }, OWNER);
    assert.equal(long.code, 'INVALID_INPUT');
    assert.equal(long.fields?.text, '问题不能超过 500 字');
    const category = await failed('ask', { category: 'weather', text: '明天会下雨吗' }, OWNER);
    assert.equal(category.code, 'INVALID_INPUT');
    assert.ok(category.fields?.category, 'an unknown category is named');
    assert.equal(cloud.cloud.store.count('questions', { text: '明天会下雨吗' }), 0);
  });

  it('lets only people bound to a unit ask', async () => {
    assert.equal((await failed('ask', { category: 'other', text: '你好' }, 'dev-newcomer')).code, 'FORBIDDEN');
    assert.equal((await failed('ask', { category: 'other', text: '你好' }, DUTY)).code, 'FORBIDDEN');
  });
});

describe('who sees what', () => {
  it('shows owners only their own questions, and stewards only their community’s', async () => {
    const mine = await ask('小区可以办理居住证吗？', OWNER, 'hukou_school');
    const theirs = await ask('二手房出租大概什么价格？', OTHER_OWNER, 'renting');

    // the demo's questions (database/seed/071-questions.json) read like any other
    const demo = (await ok('get', { id: 'question-demo-2' }, OTHER_OWNER)).question;
    assert.deepEqual([demo.complex, demo.state, demo.messages.length], [true, 'answered', 2]);
    const seededFigures = informationFeedbackFigures([stored('question-demo-1'), stored('question-demo-2')], new Date(clockMs));
    assert.deepEqual([seededFigures.feedback.rate, seededFigures.handled.rate], [1, 1], 'the demo answered both on time');
    assert.equal((await failed('get', { id: 'question-demo-2' }, OWNER)).code, 'NOT_FOUND');

    assert.equal((await failed('get', { id: mine.id }, OTHER_OWNER)).code, 'NOT_FOUND');
    assert.equal((await failed('get', { id: mine.id }, RESIDENT)).code, 'NOT_FOUND', 'a question is personal, even within one unit');
    for (const outsider of [ENGINEER, GUARD, ELSEWHERE, 'dev-newcomer']) {
      assert.equal((await failed('get', { id: mine.id }, outsider)).code, 'NOT_FOUND', outsider);
    }
    const ownList = (await ok('list', {}, OWNER)).questions.map((q) => q.id);
    assert.ok(ownList.includes(mine.id));
    assert.ok(!ownList.includes(theirs.id));
    // asking for the staff view changes nothing for an owner
    const asQueue = (await ok('list', { view: 'all' }, OTHER_OWNER)).questions;
    assert.ok(asQueue.length > 0 && asQueue.every((q) => q.id !== mine.id));

    const queue = (await ok('list', { view: 'all', limit: 50 }, DUTY)).questions.map((q) => q.id);
    assert.ok(queue.includes(mine.id) && queue.includes(theirs.id));
    assert.deepEqual((await ok('list', { view: 'all' }, ELSEWHERE)).questions, [], 'another community’s steward sees none of them');
    assert.equal((await failed('answer', { id: mine.id, text: '可以' }, ELSEWHERE)).code, 'NOT_FOUND');
    assert.equal((await failed('answer', { id: mine.id, text: '可以' }, OWNER)).code, 'FORBIDDEN', 'owners do not answer');
  });

  it('orders the queue by the reply due soonest, pages it, and colours the clock', async () => {
    const start = await tick(60);
    const older = await ask('小区附近有没有好的幼儿园？', OWNER, 'education');
    const newer = await ask('附近有靠谱的装修公司吗？', OTHER_OWNER, 'contractors');
    const queue = (await ok('list', { limit: 50 }, DUTY)).questions;
    const ids = queue.map((q) => q.id);
    assert.ok(ids.indexOf(older.id) < ids.indexOf(newer.id), 'the longer wait first');
    const dues = queue.map((q) => Date.parse(q.clock.replyDue ?? ''));
    assert.deepEqual(
      dues,
      [...dues].sort((a, b) => a - b),
    );

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ActionOutput<'questions', 'list'> = await ok('list', cursor ? { limit: 2, cursor } : { limit: 2 }, DUTY);
      seen.push(...page.questions.map((q) => q.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, ids, 'pages of two give the same queue, each once');

    const levelAt = async (minutes: number) => {
      await at(start + 1 * MIN + minutes * MIN);
      return (await ok('get', { id: older.id }, DUTY)).question.clock.level;
    };
    assert.equal(await levelAt(5), 'ok');
    assert.equal(await levelAt(8), 'near', 'past 75 % of the 10 minutes');
    assert.equal(await levelAt(11), 'breached');
  });
});

describe('the clock', () => {
  it('counts an answer within 10 minutes as on time, and tells the owner', async () => {
    await at(clockMs + 3 * 60 * MIN);
    const q = await ask('去机场的大巴在哪里坐？', OWNER, 'transport_timetable');
    await tick(9);
    const answered = (await ok('answer', { id: q.id, text: '小区北门外 200 米有机场大巴站，每 30 分钟一班。' }, DUTY)).question;
    assert.equal(answered.state, 'answered');
    assert.equal(answered.clock.firstAnsweredAt, shanghai(clockMs));
    assert.equal(answered.clock.level, null, 'nobody waits any more');
    assert.equal(answered.handlerName, '陈静');
    const figures = informationFeedbackFigures([stored(q.id)], new Date(clockMs));
    assert.deepEqual([figures.feedback.onTime, figures.handled.onTime, figures.handled.late], [1, 1, 0]);

    const inbox = await inboxOf(OWNER);
    const message = inbox.find((m) => m.page === `/packages/question/thread/index?id=${q.id}`);
    assert.ok(message, 'the owner has the answer in 消息');
    assert.equal(message.template, 'questionAnswered');
    assert.match(message.body, /管家陈静答复了您的咨询.*机场大巴站/);
  });

  it('counts an answer after 10 minutes as late, and an unanswered question as late once due', async () => {
    const late = await ask('附近的社区医院周末开门吗？', OWNER, 'community_notices');
    const open = await ask('小区快递柜怎么用？', OTHER_OWNER, 'other');
    await tick(12);
    await ok('answer', { id: late.id, text: '社区卫生服务中心周末上午开诊。' }, AREA);
    const answeredLate = stored(late.id);
    const unanswered = stored(open.id);
    assert.equal(informationFeedbackFigures([answeredLate], new Date(clockMs)).handled.late, 1);
    assert.deepEqual(informationFeedbackFigures([unanswered], new Date((unanswered.askedAt as Date).getTime() + 5 * MIN)).handled, {
      counted: 0,
      onTime: 0,
      late: 0,
      pending: 1,
      withdrawn: 0,
      rate: null,
    });
    const figures = informationFeedbackFigures([answeredLate, unanswered], new Date(clockMs));
    assert.equal(figures.handled.late, 2);
    assert.equal(figures.feedback.rate, 0);
  });

  it('gives a question marked complex 24 hours from the asking, and counts the marking as the owner’s feedback', async () => {
    const q = await ask('我家想加装地暖，物业允许吗？需要办什么手续？', OWNER, 'decoration_advice');
    const askedAt = clockMs;
    await tick(3);
    const marked = (await ok('markComplex', { id: q.id, note: '需向工程部确认管道走向' }, AREA)).question;
    assert.equal(marked.complex, true);
    assert.equal(marked.state, 'claimed');
    assert.equal(marked.handlerName, '刘洋', 'whoever judged it complex holds it');
    assert.equal(marked.clock.firstAnswerDue, shanghai(askedAt + 24 * 60 * MIN));
    assert.equal(marked.clock.feedbackDue, shanghai(askedAt + 10 * MIN), 'the 10-minute feedback clock does not move');
    assert.equal(marked.clock.feedbackAt, shanghai(clockMs));
    assert.equal(marked.events.at(-1)?.action, 'mark_complex');
    assert.equal(marked.events.at(-1)?.note, '需向工程部确认管道走向');
    const told = (await inboxOf(OWNER)).find((m) => m.title === '咨询需要进一步核实' && m.page?.endsWith(q.id));
    assert.ok(told, 'the owner is told it needs checking');
    assert.match(told.body, /将在 11-25 \d\d:\d\d 前答复您/);

    assert.equal((await failed('markComplex', { id: q.id }, AREA)).code, 'CONFLICT', 'marked once');
    assert.equal((await failed('answer', { id: q.id, text: '我来答' }, DUTY)).code, 'CONFLICT', 'held by the steward who marked it');

    await tick(5 * 60);
    const answered = (await ok('answer', { id: q.id, text: '可以加装，需提交装修申请并由工程部确认管道。' }, AREA)).question;
    assert.equal(answered.state, 'answered');
    const figures = informationFeedbackFigures([stored(q.id)], new Date(clockMs));
    assert.deepEqual([figures.complex, figures.feedback.onTime, figures.handled.onTime], [1, 1, 1], 'five hours is on time for a complex question');
    assert.equal((await failed('markComplex', { id: q.id }, AREA)).code, 'CONFLICT', 'an answered question is not made complex');
  });

  it('records a complex marking after 10 minutes as late feedback', async () => {
    const q = await ask('小区周边的学区是怎么划分的？', OTHER_OWNER, 'education');
    await tick(15);
    await ok('markComplex', { id: q.id }, DUTY);
    const figures = informationFeedbackFigures([stored(q.id)], new Date(clockMs));
    assert.deepEqual([figures.feedback.late, figures.handled.pending], [1, 1]);
  });
});

describe('two stewards at once', () => {
  it('lets one steward hold a question: a second claim or answer is a conflict', async () => {
    const q = await ask('物业费可以按年交吗？', OWNER, 'other');
    const claimed = (await ok('claim', { id: q.id }, DUTY)).question;
    assert.equal(claimed.state, 'claimed');
    assert.equal(claimed.handlerIsMe, true);
    const other = (await ok('get', { id: q.id }, AREA)).question;
    assert.equal(other.handlerIsMe, false);
    assert.ok(!other.allowed.includes('answer') && !other.allowed.includes('claim'));
    const claim = await failed('claim', { id: q.id }, AREA);
    assert.equal(claim.code, 'CONFLICT');
    assert.match(claim.message, /陈静正在答复/);
    assert.equal((await failed('answer', { id: q.id, text: '可以的' }, AREA)).code, 'CONFLICT');
    assert.equal((await failed('claim', { id: q.id }, DUTY)).code, 'CONFLICT', 'claimed already');
    assert.equal((await failed('release', { id: q.id }, AREA)).code, 'CONFLICT', 'only the holder or a lead releases');

    // A lead gives it back to the queue (the holder went off duty); then anyone may take it.
    const released = (await ok('release', { id: q.id }, LEAD)).question;
    assert.equal(released.state, 'waiting');
    assert.equal(released.handlerName, null);
    await ok('answer', { id: q.id, text: '可以按年交，前台可开具发票。' }, AREA);
  });

  it('lets exactly one of two simultaneous answers through; the other is told, and nothing is half-written', async () => {
    const q = await ask('小区里可以停放电动车吗？', OWNER, 'other');
    await tick();
    const replies = await Promise.all([
      call('answer', { id: q.id, text: '请停在地下一层非机动车区。' }, DUTY),
      call('answer', { id: q.id, text: '可以停在 3 栋旁的车棚。' }, AREA),
    ]);
    const won = replies.filter((r) => r.ok);
    const lost = replies.filter((r): r is { ok: false; error: ReplyError } => !r.ok);
    assert.equal(won.length, 1);
    assert.equal(lost.length, 1);
    assert.equal(lost[0].error.code, 'CONFLICT');
    const thread = (await ok('get', { id: q.id }, OWNER)).question;
    assert.equal(thread.messages.filter((m) => m.from === 'staff').length, 1, 'one answer in the thread');
    assert.equal(thread.events.filter((e) => e.action === 'answer').length, 1);
    const notices = (await inboxOf(OWNER)).filter((m) => m.page?.endsWith(q.id));
    assert.equal(notices.length, 1, 'the owner is told once');
  });

  it('lets exactly one of two simultaneous claims through', async () => {
    const q = await ask('快递可以放物业前台代收吗？', OTHER_OWNER, 'other');
    const replies = await Promise.all([call('claim', { id: q.id }, DUTY), call('claim', { id: q.id }, AREA)]);
    assert.equal(replies.filter((r) => r.ok).length, 1);
    assert.equal(replies.filter((r) => !r.ok && r.error.code === 'CONFLICT').length, 1);
  });

  it('keeps a second answer by the holder as a supplement: the first answer’s time stays', async () => {
    const q = await ask('小区门禁卡丢了怎么补办？', OWNER, 'other');
    await tick(2);
    const first = (await ok('answer', { id: q.id, text: '请带身份证到物业前台补办。' }, DUTY)).question;
    await tick(30);
    const second = (await ok('answer', { id: q.id, text: '补办工本费 20 元，当场可取。' }, DUTY)).question;
    assert.equal(second.clock.firstAnsweredAt, first.clock.firstAnsweredAt);
    assert.equal(second.messages.filter((m) => m.from === 'staff').length, 2);
    assert.equal(second.events.at(-1)?.note, '补充答复');
    assert.equal((await inboxOf(OWNER)).filter((m) => m.page?.endsWith(q.id)).length, 2, 'each answer is told');
    assert.equal((await failed('answer', { id: q.id, text: '我也补充一下' }, AREA)).code, 'CONFLICT', 'the thread stays with its steward');
  });
});

describe('the thread', () => {
  it('sends a follow-up back to the steward who answered, with a fresh reply clock, until the owner settles it', async () => {
    const q = await ask('垃圾分类的投放时间是几点？', OWNER, 'community_notices');
    await tick(2);
    await ok('answer', { id: q.id, text: '早 7 点到 9 点，晚 6 点到 8 点。' }, AREA);
    await tick(20);
    const followed = (await ok('followUp', { id: q.id, text: '大件垃圾呢？' }, OWNER)).question;
    assert.equal(followed.state, 'claimed');
    assert.equal(followed.handlerName, '刘洋');
    assert.equal(followed.waitingSince, shanghai(clockMs));
    assert.equal(followed.clock.replyDue, shanghai(clockMs + 10 * MIN));
    assert.equal(followed.clock.firstAnsweredAt !== null, true, 'the first answer is still the first');
    const alert = (await inboxOf(AREA)).find((m) => m.title.startsWith('业主追问') && m.page?.endsWith(q.id));
    assert.ok(alert, 'the steward holding the thread is told');
    assert.ok(
      (await ok('list', {}, AREA)).questions.some((x) => x.id === q.id),
      'back in the queue',
    );

    assert.equal((await failed('followUp', { id: q.id, text: '我替业主问' }, AREA)).code, 'FORBIDDEN');
    assert.equal((await failed('close', { id: q.id }, OTHER_OWNER)).code, 'NOT_FOUND');
    await ok('answer', { id: q.id, text: '大件垃圾请预约，周六统一清运。' }, AREA);
    const closed = (await ok('close', { id: q.id }, OWNER)).question;
    assert.equal(closed.state, 'closed');
    assert.deepEqual(
      closed.allowed.filter((a) => a !== 'saveFaq'),
      [],
    );
    assert.equal((await failed('followUp', { id: q.id, text: '还有一个问题' }, OWNER)).code, 'CONFLICT');
    assert.equal((await failed('answer', { id: q.id, text: '补充' }, AREA)).code, 'CONFLICT');
    assert.deepEqual(
      closed.events.map((e) => e.action),
      ['ask', 'answer', 'follow_up', 'answer', 'close'],
    );
  });
});

describe('the FAQ', () => {
  it('finds the seeded entry from a differently worded question', async () => {
    const gas = (await ok('faq', { query: '家里天然气没气了应该打什么电话' }, OWNER)).entries;
    assert.equal(gas[0]?.id, 'faq-yuehai-gas');
    assert.ok(gas[0].score > 0 && gas[0].score <= 1);
    const heating = (await ok('faq', { query: '暖气片一点都不热' }, OWNER)).entries;
    assert.equal(heating[0]?.id, 'faq-yuehai-heating');
    const moving = (await ok('faq', { query: '我要搬家，家具怎么拿出去' }, RESIDENT)).entries;
    assert.equal(moving[0]?.id, 'faq-yuehai-release-pass');
    assert.deepEqual((await ok('faq', { query: '今天天气怎么样' }, OWNER)).entries, [], 'nothing unrelated');
    const all = (await ok('faq', {}, OWNER)).entries;
    assert.ok(all.length >= 8, 'no query lists the whole FAQ');
    assert.equal((await failed('faq', { query: '燃气' }, 'dev-newcomer')).code, 'FORBIDDEN');
    assert.equal((await failed('faq', { communityId: 'binhai' }, OWNER)).code, 'FORBIDDEN');
  });

  it('reads the community’s active entries once per search, and the queue reads its page, not the store', async () => {
    const active = cloud.cloud.store.count('faq', { communityId: 'yuehai', active: true });
    cloud.cloud.store.stats.resetRowsRead();
    await ok('faq', { query: '燃气电话' }, OWNER);
    const searchRead = cloud.cloud.store.stats.rowsRead;
    assert.ok(searchRead <= active + 3, `a search read ${searchRead} documents for ${active} entries`);
    cloud.cloud.store.stats.resetRowsRead();
    const page = await ok('list', { limit: 2 }, DUTY);
    assert.equal(page.questions.length, 2);
    const queueRead = cloud.cloud.store.stats.rowsRead;
    const stored = cloud.cloud.store.count('questions', {});
    assert.ok(queueRead <= 2 + 1 + 10, `a page of 2 read ${queueRead} documents of ${stored} questions`);
  });

  it('saves an answered question to the FAQ; a lead edits and retires it', async () => {
    const q = await ask('小区游泳池几点开放？', OWNER, 'other');
    assert.equal((await failed('saveFaq', { questionId: q.id, question: '游泳池开放时间？', answer: '还没答复' }, DUTY)).code, 'CONFLICT');
    await ok('answer', { id: q.id, text: '会所游泳池每天 10:00–21:00 开放，周一闭馆。' }, DUTY);
    assert.ok((await ok('get', { id: q.id }, DUTY)).question.allowed.includes('saveFaq'));
    const saved = (
      await ok('saveFaq', { questionId: q.id, question: '会所游泳池什么时候开放？', answer: '每天 10:00–21:00 开放，周一闭馆。', keywords: ['泳池', '会所'] }, DUTY, 'req-faq-0001')
    ).entry;
    const again = (await ok('saveFaq', { questionId: q.id, question: '会所游泳池什么时候开放？', answer: '每天 10:00–21:00 开放，周一闭馆。' }, DUTY, 'req-faq-0001')).entry;
    assert.equal(again.id, saved.id, 'idempotent by requestId');
    assert.equal(saved.category, 'other');
    const linked = (await ok('get', { id: q.id }, DUTY)).question;
    assert.equal(linked.faqId, saved.id);
    assert.ok(!linked.allowed.includes('saveFaq'));
    assert.equal(linked.events.at(-1)?.action, 'save_faq');

    const found = (await ok('faq', { query: '想去游泳，泳池周一开吗' }, OTHER_OWNER)).entries;
    assert.equal(found[0]?.id, saved.id);

    assert.equal((await failed('editFaq', { id: saved.id, question: '泳池开放时间', answer: '每天开放' }, DUTY)).code, 'FORBIDDEN', 'stewards save, leads curate');
    const edited = (await ok('editFaq', { id: saved.id, question: '会所游泳池开放时间', answer: '夏季每天 9:00–22:00，其余月份 10:00–21:00，周一闭馆。' }, LEAD)).entry;
    assert.match(edited.answer, /夏季/);
    assert.deepEqual(edited.keywords, ['泳池', '会所'], 'keywords kept when not sent');
    const retired = (await ok('retireFaq', { id: saved.id }, LEAD)).entry;
    assert.equal(retired.active, false);
    assert.equal((await failed('retireFaq', { id: saved.id }, LEAD)).code, 'CONFLICT', 'retired once');
    assert.ok(!(await ok('faq', { query: '游泳池开放时间' }, OWNER)).entries.some((e) => e.id === saved.id), 'a retired entry is not offered');
    assert.equal((await failed('faq', { includeRetired: true }, OWNER)).code, 'FORBIDDEN');
    const curated = (await ok('faq', { includeRetired: true }, LEAD)).entries;
    assert.ok(
      curated.some((e) => e.id === saved.id && !e.active),
      'the lead still sees it',
    );
    assert.equal((await ok('retireFaq', { id: saved.id, active: true }, LEAD)).entry.active, true, 'and can bring it back');
  });
});

describe('the FAQ of a lead who is also an owner elsewhere', () => {
  it('is the FAQ of the community they work in, unless they name another', async () => {
    cloud.cloud.store.insert('units', [{ _id: 'binhai:1-1-101', communityId: 'binhai', unit: '1-1-101', building: '1', possession: true }]);
    cloud.cloud.store.insert('bindings', [
      {
        _id: 'binding-lead-binhai',
        openid: LEAD,
        communityId: 'binhai',
        unit: '1-1-101',
        role: 'owner',
        state: 'active',
        phone: '13700000003',
        name: '赵敏',
        createdAt: new Date(),
        decidedAt: new Date(),
        decidedBy: 'roster',
        rejectReason: null,
      },
    ]);
    const curated = (await ok('faq', { includeRetired: true }, LEAD)).entries;
    assert.ok(curated.length > 0 && curated.every((e) => e.communityId === 'yuehai'));
    assert.deepEqual((await ok('faq', { communityId: 'binhai' }, LEAD)).entries, [], 'their own estate has no FAQ yet');
  });
});

describe('the overdue sweep', () => {
  const alertsFor = async (openid: string, id: string) => (await inboxOf(openid)).filter((m) => m.template === 'staffAlert' && m.page?.endsWith(id) && /超时|未回复/.test(m.title));
  const sweep = async () => {
    const reply = (await cloud.runTimer('questionSweep')) as Reply<{ read: number; alerted: number; resumed: number }>;
    assert.ok(reply.ok, JSON.stringify(reply));
    return reply.data;
  };

  it('tells the lead and the stewards once when the 10-minute clock runs out, never twice, and not for an answered question', async () => {
    await at(clockMs + 24 * 60 * MIN);
    await sweep(); // whatever earlier tests left overdue
    const late = await ask('小区的儿童游乐场几点关闭？', OWNER, 'other');
    const done = await ask('地下车库几点关门？', OTHER_OWNER, 'other');
    await tick(2);
    await ok('answer', { id: done.id, text: '车库 24 小时开放。' }, DUTY);
    await tick(6); // 9 minutes after the first was asked
    assert.deepEqual(await sweep(), { read: 0, alerted: 0, resumed: 0 }, 'nothing is overdue before its 10 minutes');
    await tick(2);
    const runs = await Promise.all([sweep(), sweep()]);
    assert.equal(runs[0].alerted + runs[1].alerted, 1, 'two runs at once send one alert');
    assert.deepEqual(await sweep(), { read: 0, alerted: 0, resumed: 0 }, 'and a later run none');
    for (const person of [LEAD, DUTY, AREA]) assert.equal((await alertsFor(person, late.id)).length, 1, `${person} is told once`);
    assert.match((await alertsFor(LEAD, late.id))[0].title, /咨询超时未答复 1-1-101/);
    assert.equal((await alertsFor(LEAD, done.id)).length, 0, 'an answered question raises nothing');
    const thread = (await ok('get', { id: late.id }, LEAD)).question;
    assert.equal(thread.events.at(-1)?.action, 'escalate');
    assert.equal(thread.events.at(-1)?.actorRole, 'system');
    assert.equal(thread.clock.level, 'breached', 'the queue still shows it breached');
  });

  it('waits 24 hours for a complex question, and tells only the holder and the lead about an unanswered follow-up', async () => {
    const q = await ask('能否协助联系开发商查询房屋维修基金？', OTHER_OWNER, 'other');
    await tick(3);
    await ok('markComplex', { id: q.id }, AREA);
    await tick(30);
    assert.equal((await sweep()).alerted, 0, 'a complex question has 24 hours');
    await at(clockMs + 24 * 60 * MIN);
    assert.equal((await sweep()).alerted, 1);
    assert.match((await alertsFor(AREA, q.id))[0].title, /复杂问题超时未答复/);
    assert.equal((await alertsFor(DUTY, q.id)).length, 0, 'the holder is told, not every steward');

    await ok('answer', { id: q.id, text: '维修基金需业主本人到住建局查询，我们可提供地址。' }, AREA);
    await tick(2);
    await ok('followUp', { id: q.id, text: '住建局地址在哪里？' }, OTHER_OWNER);
    await tick(5);
    assert.equal((await sweep()).alerted, 0);
    await tick(6);
    assert.equal((await sweep()).alerted, 1, 'a follow-up unanswered for 10 minutes');
    const alerts = await alertsFor(LEAD, q.id);
    assert.equal(alerts.length, 2);
    assert.match(alerts[0].title, /追问未回复/);
  });

  it('delivers, once, the alert of a run that died right after claiming it, when its lease has expired', async () => {
    await sweep(); // whatever earlier tests left overdue
    const q = await ask('小区游泳池夏季开放时间是？', OWNER, 'other');
    await tick(11);
    const database = connectSdk(cloud.url).database() as Database;
    await assert.rejects(sweepQuestions(database, { now: new Date(clockMs), budgetMs: 10_000, faults: crashAfterClaims(1) }), SimulatedCrash);
    assert.equal(stored(q.id).alertAt, null, 'the claim landed');
    assert.equal((await alertsFor(LEAD, q.id)).length, 0, 'and nothing was sent');
    assert.deepEqual(await sweep(), { read: 0, alerted: 0, resumed: 0 }, 'a run within the lease leaves it to its holder');
    await at(clockMs + LEASE_MS + MIN);
    const runs = await Promise.all([sweep(), sweep()]);
    assert.equal(runs[0].resumed + runs[1].resumed, 1, 'one of two runs after the lease delivers it');
    assert.deepEqual(await sweep(), { read: 0, alerted: 0, resumed: 0 });
    for (const person of [LEAD, DUTY, AREA]) assert.equal((await alertsFor(person, q.id)).length, 1, `${person} is told once`);
    assert.equal(cloud.cloud.store.find('alertLeases', { source: 'questions' }).length, 0, 'no lease left');
  });
});

describe('privacy', () => {
  it('keeps a deleted asker’s questions for the figures, without who asked or what they wrote', async () => {
    const q = await ask('租客可以办理停车月卡吗？', RESIDENT, 'renting');
    await tick(3);
    await ok('answer', { id: q.id, text: '可以，凭租赁合同到前台办理。' }, DUTY);
    const before = (await cloud.call('account', 'myData', {}, { openid: RESIDENT })) as Reply<{ records: Record<string, number> }>;
    assert.ok(before.ok);
    assert.equal(before.data.records.questions, 1);
    const deleted = (await cloud.call('account', 'deleteMyData', { confirm: true }, { openid: RESIDENT })) as Reply<{ deleted: Record<string, number> }>;
    assert.ok(deleted.ok);
    assert.equal(deleted.data.deleted.questions, 1);

    const doc = stored(q.id);
    assert.equal(doc.asker, 'erased');
    assert.equal(doc.askerName, null);
    assert.doesNotMatch(JSON.stringify(doc), /停车月卡|dev-resident-1/, 'neither their words nor their id remain');
    assert.match(JSON.stringify(doc), /凭租赁合同到前台办理/, 'the steward’s answer stays');
    assert.notEqual(doc.firstAnsweredAt, null, 'the clock’s record stays for the monthly figures');
  });
});
