// Every page of the h5 build, as the people who open it, at two phone sizes (375 × 812 and
// 414 × 896), looked over the way a reviewer would: text that spills out of its box or off the
// screen, text flush against the screen edge, and words no owner should read ("undefined", "SPEC",
// raw keys, English). The pages come from src/app.config.ts, so a new subject's pages are checked
// the day they are registered; screenshots go to test-results/screens/ for a human look.
// Needs `npm run build:h5` and Debian's chromium.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { type BrowserCloud, RESULTS, routeUrl, startBrowserCloud } from '../e2e/support/browser';
import { inspectScreen } from '../e2e/support/inspect';
import { appRoutes, openersOf, type Opener } from '../e2e/support/routes';

const SIZES = [
  { width: 375, height: 812 },
  { width: 414, height: 896 },
] as const;

const SHOTS = join(RESULTS, 'screens');

/** Six lines of what owners write, longer than any box shows at once. */
const LONG_TEXT = ['卫生间顶上一直在滴水', '楼上好像是水管接头漏了', '已经持续两天了', '地面有积水，孩子差点滑倒', '下午两点以后家里有人', '麻烦尽快安排师傅上门看看'].join('\n');

interface Reply<T> {
  ok: boolean;
  data: T;
}

/** Starts `minutes` from now in Asia/Shanghai, as the pass form sends it. */
function shanghai(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00');
}

describe('every page at phone sizes: nothing spills, nothing touches the edge, no stray words', () => {
  let env: BrowserCloud;
  const pages = new Map<string, Page>();
  /** Objects the detail pages open, by subject (the seed's where it has one). */
  const ids = new Map<string, string>([
    ['ticket', 'demo-ticket-3'],
    ['question', 'question-demo-2'],
  ]);

  async function pageFor(browser: Browser, openid: string, size: (typeof SIZES)[number]): Promise<Page> {
    const key = `${openid}@${size.width}`;
    const known = pages.get(key);
    if (known) return known;
    const context = await browser.newContext({ viewport: size, deviceScaleFactor: 2, locale: 'zh-CN' });
    await context.addInitScript((id) => window.localStorage.setItem('guanjia.localOpenid', id), openid);
    const page = await context.newPage();
    // Generous: on a shared two-core machine a subpackage's first load can take many seconds; the
    // checks are on what the page shows once loaded, not on how fast it loads.
    page.setDefaultTimeout(60000);
    pages.set(key, page);
    return page;
  }

  before(async () => {
    env = await startBrowserCloud();
    mkdirSync(SHOTS, { recursive: true });
    // A pass waiting for the steward and an order waiting for confirmation, so their detail pages
    // show a real object (the seed has neither).
    const from = Date.now() + 30 * 60_000;
    const pass = (await env.cloud.call(
      'passes',
      'apply',
      {
        unit: '1-1-101',
        items: [{ name: '双人床', count: 1 }],
        from: shanghai(from),
        to: shanghai(from + 3 * 3600_000),
        carrier: { name: '刘师傅', phone: '13912345678' },
        reason: 'moving_out',
      },
      { openid: 'dev-owner-1', requestId: 'screens-pass' },
    )) as Reply<{ pass: { id: string } }>;
    assert.ok(pass.ok, JSON.stringify(pass));
    ids.set('pass', pass.data.pass.id);
    const order = (await env.cloud.call(
      'orders',
      'book',
      { item: 'yuehai:s01', quantity: 2, unit: '1-1-101', preferredAt: shanghai(Date.now() + 2 * 86400_000), remark: '客厅和卧室各一个' },
      { openid: 'dev-owner-1', requestId: 'screens-order' },
    )) as Reply<{ order: { id: string } }>;
    assert.ok(order.ok, JSON.stringify(order));
    ids.set('order', order.data.order.id);
  });

  after(async () => {
    await env?.close();
  });

  const routes = appRoutes();

  it('lists every page the app registers, tab pages and subpackages alike', () => {
    assert.ok(routes.includes('pages/home/index'));
    assert.ok(routes.some((route) => route.startsWith('packages/')));
  });

  for (const size of SIZES) {
    for (const route of routes) {
      for (const opener of openersOf(route)) {
        it(`${route} as ${opener.openid}${opener.query ? ` (${opener.label})` : ''} at ${size.width}×${size.height}`, async () => {
          const page = await pageFor(env.browser, opener.openid, size);
          const query = queryFor(opener, ids);
          // A fresh load for each page: h5 keeps earlier pages in the document, and a page
          // reached by a hash change alone can sit under the one before it.
          await page.goto('about:blank');
          await page.goto(routeUrl(env.cloud, `${route}${query}`));
          await settle(page);
          const name = `${route.replace(/\/index$/, '').replace(/\//g, '-')}-${opener.openid}${opener.query ? `-${opener.label}` : ''}-${size.width}`;
          await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
          const problems = await inspectScreen(page);
          // Multi-line boxes spill only once someone writes in them: write six lines in each.
          const areas = page.locator('textarea:visible');
          const count = await areas.count();
          if (count > 0) {
            for (let i = 0; i < count; i += 1) await areas.nth(i).fill(LONG_TEXT.slice(0, Number((await areas.nth(i).getAttribute('maxlength')) ?? 200) || 200));
            await page.screenshot({ path: join(SHOTS, `${name}-typed.png`), fullPage: true });
            for (const problem of await inspectScreen(page)) if (!problems.includes(problem)) problems.push(`after typing: ${problem}`);
          }
          assert.deepEqual(problems, [], `${route}${query} as ${opener.openid} at ${size.width}px`);
        });
      }
    }
  }
});

function queryFor(opener: Opener, ids: Map<string, string>): string {
  if (!opener.query) return '';
  if (opener.query === 'missing') return '?id=no-such-object';
  const id = ids.get(opener.query);
  // A subject with no object here is still opened, and must then say so with a way back.
  return `?id=${encodeURIComponent(id ?? 'no-such-object')}`;
}

/** Waits until the page on screen has its data: no request in flight and no spinner showing. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => {
    const spinning = Array.from(document.querySelectorAll('.nut-loading, .page-state .nut-loading-icon'));
    return !spinning.some((el) => el.checkVisibility());
  });
  await page.waitForLoadState('networkidle');
  // Fonts decide where lines break; measure only once they are in.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}
