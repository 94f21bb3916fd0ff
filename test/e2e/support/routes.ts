// The pages the h5 build registers (read from src/app.config.ts itself, so a subject's pages are
// listed the moment its subpackage line lands) and who opens each one.

import { STAFF_ENTRIES } from '../../../src/entries';
import type { StaffRole } from '../../../types/enums';

export interface Opener {
  openid: string;
  /** names the case in test titles and screenshot files */
  label: string;
  /** for a detail page: the subject whose object it opens, or 'missing' for an id that does not exist */
  query?: string;
}

interface AppConfigShape {
  pages: string[];
  subPackages?: Array<{ root: string; pages: string[] }>;
}

/** Every route of the h5 build: tab pages, then each subpackage's pages, in the config's order. */
export function appRoutes(): string[] {
  const scope = globalThis as unknown as { defineAppConfig?: (config: AppConfigShape) => AppConfigShape };
  scope.defineAppConfig ??= (config) => config;
  const previous = process.env.TARO_ENV;
  process.env.TARO_ENV = 'h5';
  // The config is a module with top-level code that reads TARO_ENV: load it as the h5 build does.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- evaluated here, after TARO_ENV is set
  const config = (require('../../../src/app.config') as { default: AppConfigShape }).default;
  process.env.TARO_ENV = previous;
  const routes = [...config.pages];
  for (const pkg of config.subPackages ?? []) for (const page of pkg.pages) routes.push(`${pkg.root}/${page}`);
  return routes;
}

const OWNER = 'dev-owner-1';
/** The demo person holding each post (database/seed/010-demo-community.json). */
const DEMO_STAFF: Record<StaffRole, string> = {
  steward: 'dev-steward-1',
  lead: 'dev-lead',
  manager: 'dev-manager',
  guard: 'dev-guard',
  engineer: 'dev-engineer',
};

/** The demo person for the first post a 管家-tab entry opening `route` names, if one does. */
function staffOpener(route: string): string | undefined {
  const entry = STAFF_ENTRIES.find((e) => e.url.replace(/^\//, '').split('?')[0] === route);
  return entry ? DEMO_STAFF[entry.roles[0]] : undefined;
}
const STEWARD = 'dev-steward-1';
const LEAD = 'dev-lead';
const MANAGER = 'dev-manager';
const GUARD = 'dev-guard';

/**
 * Who opens a page. Pages follow a naming convention across subjects (queue → the steward's work
 * list, gate/log → the guard, detail/thread → one object, opened by its owner and by staff), so a
 * new subject's pages get sensible people without a line here; the exceptions are listed.
 */
export function openersOf(route: string): Opener[] {
  const [area, pkg, name] = route.split('/');
  if (area === 'pages') {
    if (pkg === 'staff') return [STEWARD, LEAD, MANAGER, GUARD].map((openid) => ({ openid, label: openid }));
    // Staff land on 首页 too, and someone not yet bound sees it first.
    if (pkg === 'home') return [OWNER, STEWARD, 'dev-newcomer'].map((openid) => ({ openid, label: openid }));
    return [{ openid: OWNER, label: OWNER }];
  }
  if (pkg === 'dev') return []; // the local "sign in as" picker lists raw ids on purpose
  const one = (openid: string): Opener => ({ openid, label: openid });
  // A page the 管家 tab opens is opened by someone holding the entry's post (the registry says who),
  // so a new subject's staff pages are looked at as staff see them, without a line here.
  const staffPage = staffOpener(route);
  if (staffPage && !['detail', 'thread', 'catalogue', 'faq', 'settings', 'monthly'].includes(name)) return [one(staffPage)];
  switch (name) {
    case 'queue':
    case 'record':
      return [one(STEWARD)];
    case 'gate':
    case 'log':
      return [one(GUARD)];
    case 'settings':
    case 'monthly':
      return [one(MANAGER)];
    case 'lead':
      return [one(LEAD)];
    case 'faq':
      return [one(OWNER), one(LEAD)];
    case 'catalogue':
      return [one(OWNER), one(LEAD), one(MANAGER)];
    case 'detail':
    case 'thread':
      return [
        { openid: OWNER, label: 'owner', query: pkg },
        { openid: STEWARD, label: 'steward', query: pkg },
        { openid: OWNER, label: 'missing', query: 'missing' },
      ];
    default:
      return [one(OWNER)];
  }
}
