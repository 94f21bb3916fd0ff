// Runs the real dist/weapp build inside miniprogram-simulate (j-component over jsdom).
//
// miniprogram-simulate provides `Component` but not `App`/`Page`/`getApp`/`getCurrentPages`, and a
// Taro page chunk only runs after app.js has loaded the runtime (notes/taro.md). This shim supplies
// them: `Page(config)` becomes a `Component` whose lifetimes call the page hooks, app.js is required
// and launched, and `wx.cloud` is a mock the test answers. Build first: `npm run build:weapp`.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const require = createRequire(__filename);

export const DIST = resolve(__dirname, '..', '..', '..', 'dist', 'weapp');

/** What wx.cloud.callFunction received. */
export interface CloudCall {
  name: string;
  data: { action: string; input?: unknown; requestId?: string };
}
export type CloudHandler = (call: CloudCall) => unknown;

/** The subset of a j-component instance the tests use. */
export interface SimComponent {
  dom: HTMLElement;
  attach(parent: Element): void;
  detach(): void;
  querySelector(selector: string): SimComponent | undefined;
  dispatchEvent(eventName: string, options?: object): void;
  instance: Record<string, unknown>;
}

interface Simulate {
  load(path: string, tagName: string, options: { compiler: 'official'; rootPath: string }): string;
  render(id: string, properties?: Record<string, unknown>): SimComponent;
  sleep(ms: number): Promise<void>;
}

/** Loose view of the page/app configs Taro hands to App()/Page(): objects of hooks and data. */
type Hooks = Record<string, unknown> & { data?: Record<string, unknown> };

export interface Harness {
  simulate: Simulate;
  /** every callFunction so far, in order */
  calls: CloudCall[];
  /** every wx.switchTab / navigateTo url so far */
  navigations: { method: string; url: string }[];
  /** renders a page (e.g. 'pages/me/index') attached to the document; the same one on later calls */
  renderPage(route: string, query?: Record<string, string>): SimComponent;
  /** renders the custom tab bar component */
  renderTabBar(): SimComponent;
  /** lets promises and Taro's batched setData settle */
  settle(): Promise<void>;
}

function installDom(): void {
  // jsdom has no type declarations here; its surface is used through this narrow shape.
  const { JSDOM } = require('jsdom') as { JSDOM: new (html: string, options: object) => { window: Window & typeof globalThis } };
  const { window } = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true, url: 'http://localhost/' });
  const target = globalThis as unknown as Record<string, unknown>;
  const source = window as unknown as Record<string, unknown>;
  target.window = window;
  // Node has its own Event/EventTarget; j-component dispatches jsdom events, so jsdom's win.
  const domFirst = new Set(['Event', 'EventTarget', 'CustomEvent', 'UIEvent', 'MouseEvent', 'TouchEvent', 'KeyboardEvent', 'FocusEvent', 'navigator']);
  for (const key of Object.getOwnPropertyNames(window)) {
    if (key in target && !domFirst.has(key)) continue;
    Object.defineProperty(target, key, { value: source[key], configurable: true, writable: true });
  }
}

/**
 * Sets up globals, the cloud mock and the app. `answer` replies to callFunction with whatever the
 * function would return (an envelope), or throws to play a call that never got through.
 * `setup` adds or replaces wx APIs (and storage) before the app starts.
 */
export function launchApp(answer: CloudHandler, setup?: (wx: Record<string, unknown>) => void): Harness {
  if (!existsSync(join(DIST, 'app.js'))) throw new Error(`No weapp build at ${DIST}: run npm run build:weapp first`);
  installDom();
  const simulate = require('miniprogram-simulate') as Simulate;
  const g = globalThis as unknown as Record<string, unknown>;
  // Taro passes `behaviors: {}` when a component declares none; WeChat accepts it, j-component
  // wants an array.
  const register = g.Component as (definition: Record<string, unknown>) => void;
  g.Component = (definition: Record<string, unknown>) => register({ ...definition, behaviors: Array.isArray(definition.behaviors) ? definition.behaviors : [] });
  const wx = g.wx as Record<string, unknown>;
  const calls: CloudCall[] = [];
  const navigations: { method: string; url: string }[] = [];

  wx.cloud = {
    init: () => undefined,
    callFunction: async (options: CloudCall & { success?: (r: unknown) => void }) => {
      const call: CloudCall = { name: options.name, data: options.data };
      calls.push(call);
      const result = { result: answer(call), errMsg: 'cloud.callFunction:ok' };
      options.success?.(result);
      return result;
    },
  };
  for (const method of ['switchTab', 'navigateTo', 'redirectTo', 'reLaunch']) {
    wx[method] = (options: { url: string; success?: (r: unknown) => void; complete?: (r: unknown) => void }) => {
      navigations.push({ method, url: options.url });
      const result = { errMsg: `${method}:ok` };
      options.success?.(result);
      options.complete?.(result);
    };
  }
  // Privacy and storage APIs the pages touch; answers as a consenting user's WeChat would give.
  wx.getPrivacySetting = (options: { success?: (r: unknown) => void }) => options.success?.({ needAuthorization: false, privacyContractName: '' });
  wx.onNeedPrivacyAuthorization = () => undefined;

  // Taro binds wx's APIs when app.js loads: a test's own mocks go in before that.
  setup?.(wx);

  let app: Hooks | null = null;
  const pageStack: Record<string, unknown>[] = [];
  g.App = (config: Hooks) => {
    app = config;
  };
  g.getApp = () => app;
  g.getCurrentPages = () => pageStack;
  g.Page = (config: Hooks) => {
    const methods: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(config)) if (typeof value === 'function') methods[key] = value;
    (g.Component as (definition: object) => void)({
      data: config.data ?? {},
      methods,
      lifetimes: {
        attached(this: Record<string, unknown> & { properties: Record<string, unknown> }) {
          pageStack.push(this);
          // Taro reads the route from the page instance; the tag's query comes in as `query`.
          const query = (this.properties?.query ?? {}) as Record<string, string>;
          (this.onLoad as (q: Record<string, string>) => void).call(this, query);
        },
        ready(this: Record<string, unknown>) {
          (this.onShow as (() => void) | undefined)?.call(this);
          (this.onReady as (() => void) | undefined)?.call(this);
        },
        detached(this: Record<string, unknown>) {
          pageStack.splice(pageStack.indexOf(this), 1);
          (this.onUnload as (() => void) | undefined)?.call(this);
        },
      },
    });
  };

  require(join(DIST, 'app.js'));
  if (!app) throw new Error('app.js did not call App()');
  const launched = app as Hooks;
  (launched.onLaunch as (options: object) => void).call(launched, { path: 'pages/home/index', query: {}, scene: 1001 });
  (launched.onShow as ((options: object) => void) | undefined)?.call(launched, { path: 'pages/home/index', query: {}, scene: 1001 });

  // A page chunk registers its Page() only the first time it is required (webpack marks the chunk
  // installed), so each page or component is rendered once per process and then reused.
  const rendered = new Map<string, SimComponent>();
  const render = (path: string, route: string, properties?: Record<string, unknown>) => {
    const existing = rendered.get(path);
    if (existing) return existing;
    const id = simulate.load(join(DIST, path), route.replace(/[^a-z0-9]+/gi, '-'), { compiler: 'official', rootPath: DIST });
    const component = simulate.render(id, properties);
    // Taro's page keeps its route on the instance, as WeChat sets it.
    const instance = component.instance as Record<string, unknown>;
    instance.route = route;
    instance.__route__ = route;
    const parent = document.createElement('parent-wrapper');
    document.body.appendChild(parent);
    component.attach(parent);
    rendered.set(path, component);
    return component;
  };

  return {
    simulate,
    calls,
    navigations,
    renderPage: (route, query) => render(route, route, query ? { query } : undefined),
    renderTabBar: () => render('custom-tab-bar/index', 'custom-tab-bar'),
    settle: async () => {
      // Taro batches setData on a timer and our calls resolve on microtasks: a few rounds settle both.
      for (let round = 0; round < 5; round++) await simulate.sleep(10);
    },
  };
}

/** The page's visible text, whitespace collapsed. */
export function textOf(component: SimComponent): string {
  return (component.dom.textContent ?? '').replace(/\s+/g, ' ').trim();
}
