// The real wx-server-sdk in the test process, pointed at a local cloud.

import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PROJECT_ROOT, sdkEnv } from '../../emulator/index';

/**
 * The SDK module. Typed as `any` on purpose: its bundled typings are wrong in places (see
 * notes/local-cloud.md) and these tests exercise its whole dynamic surface (db.command, the
 * aggregate operators, transactions, cloudPay), which a hand-written interface would only shadow.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the SDK's whole dynamic surface, see above
export type Sdk = any;

/** Points the SDK at `url` (it reads these variables on every request) and initialises it. */
export function connectSdk(url: string): Sdk {
  Object.assign(process.env, sdkEnv(url));
  const load = createRequire(join(PROJECT_ROOT, 'package.json'));
  const cloud: Sdk = load('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  return cloud;
}

export const FIXTURES = join(PROJECT_ROOT, 'test/fixtures');

/** Options for startTestCloud that use the emulator's own fixtures instead of the product's. */
export const fixtureCloud = {
  functionsDir: join(FIXTURES, 'functions'),
  collectionsDir: join(FIXTURES, 'collections'),
  seedDir: null,
} as const;
