// What the repository declares for a cloud environment: the collections and their indexes
// (database/collections/), and every function built into dist/cloudfunctions/ with its config.json.
// Read from files only; nothing here talks to the cloud.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadCollectionSpecs } from '../../emulator/seed';
import type { CollectionSpec, IndexSpec } from '../../emulator/store/types';

export type { CollectionSpec, IndexSpec };

export interface TriggerSpec {
  name: string;
  type: string;
  config: string;
}

/** A function's config.json as the build writes it (WeChat's keys plus `environment`). */
export interface FunctionConfig {
  timeout?: number;
  triggers?: TriggerSpec[];
  permissions?: { openapi?: string[] };
  /**
   * The environment variables the function reads, by name: `required` ones must be given by the
   * deployer (or already be set in the cloud), `optional` ones are passed on when set. Values are
   * never in the repository; the deployer's shell holds them.
   */
  environment?: Record<string, 'required' | 'optional'>;
}

export interface DeclaredFunction {
  name: string;
  timeout: number;
  triggers: TriggerSpec[];
  openapi: string[];
  environment: Record<string, 'required' | 'optional'>;
  /** sha256 of the deployable folder's files: unchanged code is not uploaded again */
  codeHash: string;
}

export interface Declared {
  collections: CollectionSpec[];
  functions: DeclaredFunction[];
}

/** WeChat's default, used when a config.json names none. */
export const DEFAULT_TIMEOUT = 3;

export function readFunctionConfig(dir: string): FunctionConfig {
  const path = join(dir, 'config.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as FunctionConfig) : {};
}

function hashFolder(dir: string): string {
  const hash = createHash('sha256');
  const walk = (sub: string): void => {
    for (const entry of readdirSync(join(dir, sub)).sort()) {
      const rel = sub === '' ? entry : `${sub}/${entry}`;
      if (statSync(join(dir, rel)).isDirectory()) walk(rel);
      else
        hash
          .update(rel)
          .update('\0')
          .update(readFileSync(join(dir, rel)))
          .update('\0');
    }
  };
  walk('');
  return hash.digest('hex');
}

/** The functions built in `functionsDir` (dist/cloudfunctions): each folder with an index.js. */
export function loadFunctions(functionsDir: string): DeclaredFunction[] {
  if (!existsSync(functionsDir)) return [];
  return readdirSync(functionsDir)
    .filter((name) => existsSync(join(functionsDir, name, 'index.js')))
    .sort()
    .map((name) => {
      const dir = join(functionsDir, name);
      const config = readFunctionConfig(dir);
      return {
        name,
        timeout: config.timeout ?? DEFAULT_TIMEOUT,
        triggers: config.triggers ?? [],
        openapi: config.permissions?.openapi ?? [],
        environment: config.environment ?? {},
        codeHash: hashFolder(dir),
      };
    });
}

export function loadDeclared(root: string): Declared {
  return {
    collections: loadCollectionSpecs(join(root, 'database/collections')),
    functions: loadFunctions(join(root, 'dist/cloudfunctions')),
  };
}
