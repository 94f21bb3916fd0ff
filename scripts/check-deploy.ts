// npm run check-deploy (also part of `npm test`, before the unit tests): what a deploy needs that
// the repository must declare. Fast and deterministic: it reads source and JSON, runs nothing.
//
// 1. Every collection the functions name is declared in database/collections/ — found by reading
//    the functions' source (TypeScript syntax trees): `.collection(X)`, `collection: X` in object
//    literals, and arguments passed to a parameter named `collection…`, with X a string or a
//    `const` string. A name computed at run time is not seen here; the local cloud refuses an
//    undeclared collection anyway.
// 2. Every declaration is well formed and says whether the collection grows with use (`large`).
// 3. Every timer function (defineTimer) has exactly one timer trigger, and only timer functions have one.
// 4. Every query on a large collection has a serving index: that needs the queries themselves, so
//    it runs where they are made — the local cloud watches every query the function tests make
//    (emulator/store/serving.ts, QueryWatch) and test/support/cloud.ts fails the test file that
//    made an unserved one, naming the query and an index to declare. Here: each declared index
//    must be usable at all (fields, directions), which is what that check relies on.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { loadCollectionSpecs } from '../emulator/seed';
import { readFunctionConfig } from './deploy/declared';

const ROOT = resolve(import.meta.dirname, '..');

export interface CollectionUse {
  name: string;
  where: string;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (entry.endsWith('.ts') && !entry.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const isCollectionParam = (name: string) => /^collection(Name)?$/i.test(name);

/** The collection names the source files use, each with where it was seen first. */
export function collectionUses(files: Array<{ path: string; text: string }>): CollectionUse[] {
  const parsed = files.map((f) => ({ path: f.path, source: ts.createSourceFile(f.path, f.text, ts.ScriptTarget.ES2022, true) }));
  // const NAME = 'literal' anywhere (collection constants are exported from data/model files)
  const constants = new Map<string, Set<string>>();
  // function name → indexes of its parameters named `collection`
  const collectionParams = new Map<string, number[]>();
  for (const { source } of parsed) {
    const visit = (node: ts.Node): void => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && ts.isStringLiteralLike(node.initializer)) {
        const list = node.parent.flags & ts.NodeFlags.Const ? (constants.get(node.name.text) ?? new Set<string>()) : null;
        if (list) {
          list.add(node.initializer.text);
          constants.set(node.name.text, list);
        }
      }
      if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name && ts.isIdentifier(node.name)) {
        const indexes = node.parameters.flatMap((p, i) => (ts.isIdentifier(p.name) && isCollectionParam(p.name.text) ? [i] : []));
        if (indexes.length > 0) collectionParams.set(node.name.text, indexes);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  const uses = new Map<string, string>();
  for (const { path, source } of parsed) {
    const record = (expr: ts.Expression | undefined): void => {
      if (!expr) return;
      const at = `${relative(ROOT, path)}:${source.getLineAndCharacterOfPosition(expr.getStart()).line + 1}`;
      const names = ts.isStringLiteralLike(expr) ? [expr.text] : ts.isIdentifier(expr) ? [...(constants.get(expr.text) ?? [])] : [];
      for (const name of names) if (!uses.has(name)) uses.set(name, at);
    };
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
        if (name === 'collection' && ts.isPropertyAccessExpression(callee)) record(node.arguments[0]);
        for (const i of collectionParams.get(name) ?? []) record(node.arguments[i]);
      }
      if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'collection') record(node.initializer);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return [...uses].map(([name, where]) => ({ name, where })).sort((a, b) => a.name.localeCompare(b.name));
}

interface RawSpec {
  name?: unknown;
  large?: unknown;
  indexes?: unknown;
}

export function checkDeclarations(dir: string): string[] {
  const problems: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const raw = JSON.parse(readFileSync(join(dir, file), 'utf8')) as RawSpec;
    const where = `database/collections/${file}`;
    if (typeof raw.name !== 'string' || `${raw.name}.json` !== file) problems.push(`${where}: "name" must be the file's name`);
    if (typeof raw.large !== 'boolean') {
      problems.push(`${where}: say whether the collection grows with use — "large": true (every query on it then needs an index) or "large": false (settings, counters)`);
    }
    const names = new Set<string>();
    for (const ix of Array.isArray(raw.indexes) ? (raw.indexes as Array<{ name?: unknown; fields?: unknown }>) : []) {
      const fields = Array.isArray(ix.fields) ? (ix.fields as unknown[]) : [];
      if (typeof ix.name !== 'string' || ix.name === '' || names.has(ix.name)) problems.push(`${where}: every index needs a unique "name"`);
      else names.add(ix.name);
      const ok = fields.length > 0 && fields.every((f) => Array.isArray(f) && typeof f[0] === 'string' && (f[1] === 1 || f[1] === -1));
      if (!ok) problems.push(`${where}: index ${String(ix.name)} needs "fields": [["path", 1 | -1], …]`);
    }
  }
  return problems;
}

export function checkTimers(functionsDir: string): string[] {
  const problems: string[] = [];
  for (const name of readdirSync(functionsDir).sort()) {
    const dir = join(functionsDir, name);
    if (!existsSync(join(dir, 'index.ts'))) continue;
    const isTimer = /\bdefineTimer\s*\(/.test(readFileSync(join(dir, 'index.ts'), 'utf8'));
    const timers = (readFunctionConfig(dir).triggers ?? []).filter((t) => t.type === 'timer');
    if (isTimer && timers.length !== 1)
      problems.push(`cloudfunctions/${name}: a timer function (defineTimer) needs exactly one timer trigger in config.json, has ${timers.length}`);
    if (!isTimer && timers.length > 0) problems.push(`cloudfunctions/${name}: has a timer trigger but is not a defineTimer function (it would refuse its own trigger)`);
    for (const t of timers) {
      if (t.config.trim().split(/\s+/).length !== 7)
        problems.push(`cloudfunctions/${name}: trigger ${t.name} "${t.config}" is not 7-field cron (sec min hour day month week year)`);
    }
  }
  return problems;
}

/** Set by the platform, not by the deployer. */
const PLATFORM_ENV = /^(TCB_|SCF_|TENCENTCLOUD_|WX_|NODE_|TZ$|SILENCE$)/;

/**
 * Every environment variable the functions' source reads (`env.NAME`, `process.env.NAME`) is
 * declared in the config.json `environment` of each built function whose bundle mentions it: the
 * deploy passes on only what is declared, so an undeclared one would be missing in the cloud.
 */
export function checkEnvironment(root: string, sources: Array<{ path: string; text: string }>): string[] {
  const problems: string[] = [];
  const read = new Map<string, string>();
  for (const { path, text } of sources) {
    for (const m of text.matchAll(/\benv\??\.([A-Z][A-Z0-9_]+)\b|\benv\[['"]([A-Z][A-Z0-9_]+)['"]\]/g)) {
      const name = m[1] ?? m[2];
      if (!PLATFORM_ENV.test(name) && !read.has(name)) read.set(name, relative(root, path));
    }
  }
  const dist = join(root, 'dist/cloudfunctions');
  if (!existsSync(dist)) return [`dist/cloudfunctions/ is not built: run \`npm run build:functions\` before check-deploy`];
  for (const fn of readdirSync(dist).sort()) {
    const bundle = join(dist, fn, 'index.js');
    if (!existsSync(bundle)) continue;
    const text = readFileSync(bundle, 'utf8');
    const declared = readFunctionConfig(join(root, 'cloudfunctions', fn)).environment ?? {};
    for (const [name, where] of read) {
      if (text.includes(name) && !(name in declared)) {
        problems.push(`cloudfunctions/${fn}/config.json: the function reads ${name} (${where}) — declare it: "environment": { "${name}": "required" | "optional" }`);
      }
    }
  }
  return problems;
}

export function checkDeploy(root: string): string[] {
  const collectionsDir = join(root, 'database/collections');
  const problems = checkDeclarations(collectionsDir);
  const declared = new Set(loadCollectionSpecs(collectionsDir).map((s) => s.name));
  const files = sourceFiles(join(root, 'cloudfunctions')).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
  for (const use of collectionUses(files)) {
    if (!declared.has(use.name))
      problems.push(`${use.where}: collection "${use.name}" is used but not declared — add database/collections/${use.name}.json ({"name", "large", "indexes"})`);
  }
  problems.push(...checkTimers(join(root, 'cloudfunctions')));
  problems.push(...checkEnvironment(root, files));
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const problems = checkDeploy(ROOT);
  if (problems.length > 0) {
    console.error(`check-deploy: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join('\n')}`);
    process.exit(1);
  }
  console.log('check-deploy: collections declared, timers have one trigger each (queries on large collections are checked by the function tests)');
}
