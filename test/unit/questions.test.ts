// The questions' pure rules: FAQ search over Chinese wording, the information-feedback figures,
// the clocks from the policy, and the state table.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { grams, normalize, searchFaq } from '../../cloudfunctions/core/questions/search';
import { clockOutcome, informationFeedbackFigures } from '../../cloudfunctions/core/questions/figures';
import { decide, dueLevel, type QuestionDoc } from '../../cloudfunctions/core/questions/model';
import { questionDeadlines } from '../../cloudfunctions/core/sla/questions';
import { buildCalendar } from '../../cloudfunctions/core/sla/calendar';
import { defaultPolicy, resolvePolicy } from '../../cloudfunctions/core/sla/policy';

const seeded = (JSON.parse(readFileSync('database/seed/070-faq.json', 'utf8')) as { faq: Array<{ _id: string; question: string; answer: string; keywords: string[] }> }).faq.map(
  (f) => ({ ...f, id: f._id }),
);
const top = (query: string) => searchFaq(seeded, query)[0]?.entry.id ?? null;

describe('FAQ search', () => {
  it('finds the entry whatever words the owner uses', () => {
    const cases: Array<[string, string]> = [
      ['家里天然气没气了应该打什么电话', 'faq-yuehai-gas'],
      ['煤气味很重怎么办', 'faq-yuehai-gas'],
      ['暖气片一点都不热', 'faq-yuehai-heating'],
      ['什么时候开始供暖', 'faq-yuehai-heating'],
      ['想装个宽带', 'faq-yuehai-internet'],
      ['电视没信号了', 'faq-yuehai-tv'],
      ['我要搬家，家具怎么拿出去', 'faq-yuehai-release-pass'],
      ['换个灯泡多少钱', 'faq-yuehai-special-service'],
      ['房子想租出去', 'faq-yuehai-renting'],
    ];
    for (const [query, expected] of cases) assert.equal(top(query), expected, query);
  });

  it('offers nothing for unrelated or empty questions, and nothing on question words alone', () => {
    for (const query of ['今天天气怎么样', '', '   ', '怎么办', '请问一下']) assert.equal(top(query), null, JSON.stringify(query));
  });

  it('folds full-width characters and synonyms before comparing', () => {
    assert.equal(normalize('ＷＩＦＩ 天然气'), '网络 燃气');
    assert.ok(grams('有线电视').has('电视'));
    assert.ok(!grams('怎么').has('怎么'), 'a pair of question words says nothing');
  });

  it('scores between 0 and 1, best first, at most the limit', () => {
    const results = searchFaq(seeded, '燃气 暖气 宽带 电视 电话', 3);
    assert.ok(results.length <= 3);
    for (const r of results) assert.ok(r.score > 0 && r.score <= 1);
    assert.deepEqual(
      results.map((r) => r.score),
      [...results.map((r) => r.score)].sort((a, b) => b - a),
    );
  });
});

const MIN = 60_000;
const t0 = new Date('2026-11-24T01:00:00.000Z');
const plus = (minutes: number) => new Date(t0.getTime() + minutes * MIN);
const clocks = { policy: defaultPolicy, calendar: buildCalendar([]) };

describe('question clocks', () => {
  it('gives 10 minutes, 24 hours from the asking once complex, from the policy', () => {
    assert.deepEqual(questionDeadlines(t0, false, defaultPolicy, clocks.calendar), { firstAnswerDue: plus(10), feedbackDue: plus(10), policyVersion: 'guanjia-2026.1' });
    assert.equal(questionDeadlines(t0, true, defaultPolicy, clocks.calendar).firstAnswerDue.getTime(), plus(24 * 60).getTime());
    const community = resolvePolicy({ version: 'yuehai-2026.2', questions: { firstAnswer: { unit: 'minutes', amount: 5 } } });
    const mine = questionDeadlines(t0, true, community, clocks.calendar);
    assert.deepEqual([mine.feedbackDue, mine.firstAnswerDue, mine.policyVersion], [plus(5), plus(24 * 60), 'yuehai-2026.2']);
  });

  it('decides each clock on time, late, pending or withdrawn', () => {
    assert.equal(clockOutcome(plus(10), plus(10), null, plus(60)), 'onTime');
    assert.equal(clockOutcome(plus(10), plus(11), null, plus(60)), 'late');
    assert.equal(clockOutcome(plus(10), null, null, plus(9)), 'pending');
    assert.equal(clockOutcome(plus(10), null, null, plus(11)), 'late');
    assert.equal(clockOutcome(plus(10), null, plus(5), plus(60)), 'withdrawn', 'settled by the FAQ before it was due');
    assert.equal(clockOutcome(plus(10), null, plus(30), plus(60)), 'late', 'closed unanswered after the deadline');
    const figures = informationFeedbackFigures(
      [
        { askedAt: t0, complex: false, feedbackDue: plus(10), feedbackAt: plus(3), firstAnswerDue: plus(10), firstAnsweredAt: plus(3), closedAt: null },
        { askedAt: t0, complex: true, feedbackDue: plus(10), feedbackAt: plus(4), firstAnswerDue: plus(1440), firstAnsweredAt: plus(1500), closedAt: null },
      ],
      plus(3000),
    );
    assert.deepEqual([figures.asked, figures.complex, figures.feedback.rate, figures.handled.rate], [2, 1, 1, 0.5]);
  });
});

function question(patch: Partial<QuestionDoc> = {}): QuestionDoc {
  return {
    _id: 'q1',
    no: 'ZX20261124-0001',
    communityId: 'yuehai',
    unit: '1-1-101',
    building: '1',
    asker: 'owner',
    askerRole: 'owner',
    askerName: '王建国',
    category: 'other',
    text: '问',
    state: 'waiting',
    rev: 0,
    handler: null,
    handlerName: null,
    complex: false,
    complexAt: null,
    askedAt: t0,
    askedMonth: '2026-11',
    firstAnswerDue: plus(10),
    firstAnsweredAt: null,
    firstAnsweredBy: null,
    feedbackDue: plus(10),
    feedbackAt: null,
    policyVersion: 'guanjia-2026.1',
    waitingSince: t0,
    replyDue: plus(10),
    queueKey: plus(10).getTime(),
    alertAt: plus(10),
    alertedFor: null,
    messages: [{ id: 'm1', from: 'asker', author: 'owner', authorName: null, text: '问', at: t0 }],
    events: [],
    faqId: null,
    closedAt: null,
    createdAt: t0,
    updatedAt: t0,
    ...patch,
  };
}
const steward = { id: 's1', role: 'steward' as const, name: '陈静' };
const other = { id: 's2', role: 'steward' as const, name: '刘洋' };
const lead = { id: 'l1', role: 'lead' as const, name: '赵敏' };
const owner = { id: 'owner', role: 'owner' as const, name: null };

describe('question states', () => {
  it('answers the table: role before state, one holder at a time', () => {
    const code = (q: QuestionDoc, command: Parameters<typeof decide>[1], actor: Parameters<typeof decide>[2]) => {
      const result = decide(q, command, actor, plus(2), clocks, 'x');
      return result.ok ? (result.changes.state ?? 'same') : result.code;
    };
    const held = question({ state: 'claimed', handler: 's1', handlerName: '陈静' });
    const closed = question({ state: 'closed' });
    assert.equal(code(question(), 'claim', steward), 'claimed');
    assert.equal(code(held, 'claim', other), 'CONFLICT');
    assert.equal(code(held, 'answer', other), 'CONFLICT');
    assert.equal(code(held, 'answer', steward), 'answered');
    assert.equal(code(held, 'release', other), 'CONFLICT');
    assert.equal(code(held, 'release', lead), 'waiting');
    assert.equal(code(question(), 'answer', owner), 'FORBIDDEN');
    assert.equal(code(question(), 'followUp', steward), 'FORBIDDEN');
    assert.equal(code(closed, 'followUp', owner), 'CONFLICT');
    assert.equal(code(closed, 'answer', steward), 'CONFLICT');
    assert.equal(code(question(), 'markComplex', steward), 'claimed');
    assert.equal(code(question({ complex: true }), 'markComplex', steward), 'CONFLICT');
    assert.equal(code(question({ firstAnsweredAt: plus(1) }), 'markComplex', steward), 'CONFLICT');
    assert.equal(code(question({ state: 'answered', handler: 's1', firstAnsweredAt: plus(1), waitingSince: null }), 'followUp', owner), 'claimed');
    assert.equal(code(question(), 'close', owner), 'closed');
  });

  it('colours the reply clock: ok, near past 75 %, breached after', () => {
    const q = question();
    assert.equal(dueLevel(q, plus(7)), 'ok');
    assert.equal(dueLevel(q, plus(7.5)), 'near');
    assert.equal(dueLevel(q, plus(10)), 'near');
    assert.equal(dueLevel(q, plus(10.01)), 'breached');
    assert.equal(dueLevel(question({ waitingSince: null, replyDue: null }), plus(60)), null);
  });
});
