// Shared setup for the browser tests: the h5 build in Debian's Chromium against a fresh local
// cloud (test/support/cloud.ts). Each person gets their own browser context — their own phone —
// so two people can act in one test without signing each other out.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { startTestCloud, type TestCloud } from '../../support/cloud';

export const RESULTS = resolve(__dirname, '..', '..', '..', 'test-results');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The local identity the h5 picker stores (src/services/identity.ts). */
const IDENTITY_KEY = 'guanjia.localOpenid';

export interface BrowserCloud {
  cloud: TestCloud;
  browser: Browser;
  /**
   * A phone-sized page in a context of its own. With `as`, the person is already chosen (as if
   * they had picked themselves in the identity picker before); without it the picker asks.
   */
  newPage(options?: { as?: string; touch?: boolean }): Promise<Page>;
  close(): Promise<void>;
}

export async function startBrowserCloud(): Promise<BrowserCloud> {
  mkdirSync(RESULTS, { recursive: true });
  const cloud = await startTestCloud();
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  } catch (error) {
    await cloud.close();
    throw error;
  }
  const contexts: BrowserContext[] = [];
  return {
    cloud,
    browser,
    async newPage({ as, touch = false } = {}) {
      const context = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, locale: 'zh-CN', hasTouch: touch });
      contexts.push(context);
      if (as !== undefined) {
        await context.addInitScript(([key, openid]) => window.localStorage.setItem(key, openid), [IDENTITY_KEY, as] as const);
      }
      const page = await context.newPage();
      page.setDefaultTimeout(15000);
      return page;
    },
    async close() {
      await browser.close();
      await cloud.close();
    },
  };
}

/** The page's URL on the local cloud for a route, e.g. `pages/inbox/index`. */
export function routeUrl(cloud: TestCloud, route: string): string {
  return `${cloud.url}/#/${route}`;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(RESULTS, `${name}.png`), fullPage: true });
}

// h5 keeps visited tab pages in the DOM (hidden), each with its own bar: match visible ones only.

/** The first visible match: h5 keeps earlier pages in the DOM, hidden, so only the page on screen counts. */
export function visible(page: Page, selector: string, hasText?: string | RegExp): Locator {
  return page.locator(`${selector}:visible`, hasText === undefined ? undefined : { hasText }).first();
}

/** The `id` query parameter of the page on screen (h5 routes live after `#/`), or '' without one. */
export function openedId(page: Page): string {
  return new URL(page.url().replace('/#/', '/')).searchParams.get('id') ?? '';
}

/** Chooses a seeded person in the local identity picker (shown wherever the picker is). */
export async function signInAs(page: Page, openid: string): Promise<void> {
  const person = page.locator('.identity-picker__person:visible', { hasText: openid });
  await person.waitFor();
  await person.click();
}

export async function openTab(page: Page, text: string): Promise<void> {
  await page.locator('.tab-bar:visible .nut-tabbar-item', { hasText: text }).click();
}

/** The visible tab bar's titles, in order. */
export async function tabTitles(page: Page): Promise<string[]> {
  const tabs = await page.locator('.tab-bar:visible .nut-tabbar-item').allInnerTexts();
  return tabs.map((text) => text.trim());
}
