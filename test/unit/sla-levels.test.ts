// The service levels as one contract (types/sla.ts): how a span reads, what a community promises
// after its override, and that no page or notice writes a service time of its own.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spanMs, spanText, withinText, type SlaSpan } from '../../types/sla';
import { PASS_MAX_WINDOW } from '../../types/passes';
import { RATE_COUNT_KEEP, REQUEST_KEEP } from '../../types/account';
import { serviceLevelsOf } from '../../cloudfunctions/core/sla/levels';
import { defaultPolicy, overrideFromSpans, resolvePolicy } from '../../cloudfunctions/core/sla/policy';

describe('spanText', () => {
  const cases: [SlaSpan, string][] = [
    [{ unit: 'hours', amount: 1 }, '1 小时'],
    [{ unit: 'hours', amount: 24 }, '24 小时'],
    [{ unit: 'minutes', amount: 15 }, '15 分钟'],
    [{ unit: 'workingDays', amount: 3 }, '3 个工作日'],
    [{ unit: 'calendarDays', amount: 7 }, '7 天'],
    [{ unit: 'sameDay' }, '当天'],
    [{ unit: 'sameMonth' }, '当月'],
  ];
  for (const [span, text] of cases) {
    it(`${JSON.stringify(span)} reads ${text}`, () => assert.equal(spanText(span), text));
  }

  it('withinText makes it a deadline in a sentence', () => {
    assert.equal(withinText({ unit: 'hours', amount: 30 }), '30 小时内');
    assert.equal(withinText({ unit: 'sameDay' }), '当天内');
  });
});

describe("a community's service levels", () => {
  it('are the defaults of SPEC §2 without an override', () => {
    const levels = serviceLevelsOf('yuehai', defaultPolicy);
    assert.equal(levels.communityId, 'yuehai');
    assert.equal(levels.version, defaultPolicy.version);
    assert.equal(spanText(levels.tickets.respond.span), '1 小时');
    assert.equal(spanText(levels.tickets.arrive.repair.span), '20 分钟');
    assert.equal(spanText(levels.questions.firstAnswer), '10 分钟');
    assert.equal(spanText(levels.questions.complexAnswer), '24 小时');
    assert.equal(spanText(levels.passes.decide), '15 分钟');
  });

  it("follow a lead's saved override", () => {
    const override = overrideFromSpans({ version: 'yuehai-2027.1', respond: { span: { unit: 'hours', amount: 30 } } });
    const levels = serviceLevelsOf('yuehai', resolvePolicy(override));
    assert.equal(levels.version, 'yuehai-2027.1');
    assert.equal(spanText(levels.tickets.respond.span), '30 小时');
    assert.equal(spanText(levels.tickets.arrive.repair.span), '20 分钟', 'what the override leaves alone stays the default');
  });
});

// ----- no hard-coded service time -----------------------------------------------------------------

const ROOT = join(import.meta.dirname, '..', '..');
const VERBS = '(?:响应|到场|处理|回复|答复|审批|修复|修好|完成|回访)';
/** a length of time; not a day of a month (次月 5 日前 is a date) */
const TIME = '(?<!月\\s*)(?:\\d+|[一二三四五六七八九十两半])\\s*(?:个\\s*)?(?:分钟|小时|工作日|天|日)';
/** a figure then its promise (1 小时内响应), or a promise then its figure (审批（15 分钟内）) */
const PROMISE = new RegExp(`${TIME}[^，。；！、\\n'"\`]{0,6}?${VERBS}|${VERBS}[^。；！\\n'"\`]{0,6}?${TIME}`);

/** The code of a file without its comments (comments may cite SPEC §2's figures). */
function codeLines(text: string): { line: number; code: string }[] {
  const out: { line: number; code: string }[] = [];
  let inBlock = false;
  text.split('\n').forEach((raw, index) => {
    let code = raw;
    if (inBlock) {
      const end = code.indexOf('*/');
      if (end < 0) return;
      code = code.slice(end + 2);
      inBlock = false;
    }
    code = code.replace(/\/\*.*?\*\//g, '');
    const open = code.indexOf('/*');
    if (open >= 0) {
      code = code.slice(0, open);
      inBlock = true;
    }
    code = code.replace(/(^|[^:'"`])\/\/.*$/, '$1');
    if (code.trim()) out.push({ line: index + 1, code });
  });
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** Every line of the pages, the functions and the labels that promises a service time itself. */
export function serviceTimeLiterals(root: string): string[] {
  const files = [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'cloudfunctions')), join(root, 'types', 'labels.ts')];
  return files.flatMap((file) =>
    codeLines(readFileSync(file, 'utf8'))
      .filter(({ code }) => PROMISE.test(code))
      .map(({ line, code }) => `${relative(root, file)}:${line}: ${code.trim()}`),
  );
}

describe('no page or notice hard-codes a service time', () => {
  it('the pattern finds the promises that used to be written out', () => {
    for (const old of [
      '`管家将在 1 小时内响应。`',
      "{ figure: '20 分钟', text: '维修受理后 20 分钟内到场（或按约定时间）' }",
      "'一般投诉 3 个工作日内处理'",
      "'业主确认后由管家审批（15 分钟内）'",
      '复杂问题（24 小时内答复）',
      '处理时限按 7 个工作日重新计算',
      "markComplex: '复杂问题（24小时内答复）',",
    ]) {
      assert.ok(PROMISE.test(old), old);
    }
    for (const fine of ["'操作频率计数（保留 10 分钟）'", '前完成（次月 5 日前）', "'放行时段最长 12 小时'", '`${what}最多可选 90 天内`', '`管家将在 ${spanText(span)}内响应。`']) {
      assert.ok(!PROMISE.test(fine), fine);
    }
  });

  it('src/, cloudfunctions/ and types/labels.ts phrase the effective levels instead', () => {
    assert.deepEqual(serviceTimeLiterals(ROOT), []);
  });
});

describe('fixed rule spans (kept data, the pass window)', () => {
  it('gives the milliseconds the functions enforce and the words the pages show from one value', () => {
    assert.equal(spanMs(PASS_MAX_WINDOW), 12 * 3_600_000);
    assert.equal(spanText(PASS_MAX_WINDOW), '12 小时');
    assert.equal(spanMs(REQUEST_KEEP), 86_400_000);
    assert.equal(spanText(REQUEST_KEEP), '1 天');
    assert.equal(spanMs(RATE_COUNT_KEEP), 600_000);
    assert.equal(spanText(RATE_COUNT_KEEP), '10 分钟');
  });
});
