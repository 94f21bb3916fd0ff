// Bundles each cloudfunctions/<name>/index.ts (with the shared core and the contract inlined,
// wx-server-sdk left external) into a self-contained, deployable dist/cloudfunctions/<name>/.
import { build, type Plugin } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const SOURCE = 'cloudfunctions';
// GUANJIA_FUNCTIONS_OUT: another output folder (a test builds there while others read dist/)
const OUT = process.env.GUANJIA_FUNCTIONS_OUT ?? join('dist', 'cloudfunctions');
const NOT_FUNCTIONS = new Set(['core']);

interface FunctionConfig {
  timeout?: number;
  triggers?: Array<{ name: string; type: string; config: string }>;
  permissions?: { openapi?: string[] };
  /** environment variable names the deploy passes on (scripts/deploy/declared.ts) */
  environment?: Record<string, 'required' | 'optional'>;
}

const rootPackage = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
const sdkVersion = rootPackage.dependencies['wx-server-sdk'];

export function functionNames(): string[] {
  return readdirSync(SOURCE).filter((name) => !NOT_FUNCTIONS.has(name) && statSync(join(SOURCE, name)).isDirectory() && existsSync(join(SOURCE, name, 'index.ts')));
}

function readConfig(name: string): FunctionConfig {
  const path = join(SOURCE, name, 'config.json');
  const config = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as FunctionConfig) : {};
  const timers = (config.triggers ?? []).filter((t) => t.type === 'timer');
  // WeChat allows one timer trigger per function; a second would be refused at upload.
  if (timers.length > 1) throw new Error(`${name}: more than one timer trigger`);
  for (const timer of timers) {
    if (timer.config.trim().split(/\s+/).length !== 7) throw new Error(`${name}: timer "${timer.config}" is not 7-field cron`);
  }
  return config;
}

/** zod re-exports ~50 locales as a namespace no bundler can drop; keep the two we use. */
const zodLocales: Plugin = {
  name: 'zod-locales',
  setup(builder) {
    builder.onResolve({ filter: /locales\/index\.js$/ }, (args) => (args.importer.includes(`node_modules${'/'}zod${'/'}`) ? { path: resolve('types/zod-locales.ts') } : undefined));
  },
};

/**
 * exceljs (~1.2 MB) goes into a chunk of its own, `exceljs.js` beside index.js, that the function
 * loads with a dynamic import on its first spreadsheet (core/excel.ts): every other call starts
 * without parsing it. `used` says whether the function imports it at all.
 */
function lazyExcel(used: { excel: boolean }): Plugin {
  return {
    name: 'lazy-exceljs',
    setup(builder) {
      builder.onResolve({ filter: /^exceljs$/ }, (args) => {
        if (args.kind !== 'dynamic-import') throw new Error(`${args.importer}: import exceljs through core/excel.ts (a dynamic import), so it loads only when used`);
        used.excel = true;
        return { path: './exceljs.js', external: true };
      });
    },
  };
}

async function buildOne(name: string): Promise<number> {
  const outDir = join(OUT, name);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const config = readConfig(name);
  const used = { excel: false };
  await build({
    entryPoints: [join(SOURCE, name, 'index.ts')],
    outfile: join(outDir, 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node16',
    external: ['wx-server-sdk'],
    legalComments: 'none',
    minify: true,
    // readable names in the function's logs and stack traces
    keepNames: true,
    plugins: [zodLocales, lazyExcel(used)],
    logLevel: 'warning',
  });
  if (used.excel) {
    await build({
      entryPoints: ['exceljs'],
      outfile: join(outDir, 'exceljs.js'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node16',
      legalComments: 'none',
      minify: true,
      logLevel: 'warning',
    });
  }
  writeFileSync(
    join(outDir, 'package.json'),
    `${JSON.stringify({ name, version: '1.0.0', private: true, main: 'index.js', dependencies: { 'wx-server-sdk': sdkVersion } }, null, 2)}\n`,
  );
  writeFileSync(join(outDir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  return statSync(join(outDir, 'index.js')).size;
}

/** A function's index.js above this loads slowly on a cold start (issue 20): say why, below, or cut it. */
const BUNDLE_LIMIT_KB = 400;

/**
 * Why a bundle is over the limit. Every function carries zod and the whole contract (types/contract.ts,
 * ~300 KB of the ~380 KB a subject's function weighs); these carry a little more.
 */
const OVER_LIMIT: Record<string, string> = {
  admin: 'the move-in and post changes run the tickets’ and questions’ own actions (their cores come along); the spreadsheet is a lazy chunk',
  patrol: 'the patrol core (rounds, coverage, handovers, problems) and the tickets’ core it raises tickets through',
};

async function main(): Promise<void> {
  const names = functionNames();
  for (const stale of existsSync(OUT) ? readdirSync(OUT) : []) {
    if (!names.includes(stale)) rmSync(join(OUT, stale), { recursive: true, force: true });
  }
  for (const name of names) {
    const size = await buildOne(name);
    console.log(`${OUT}/${name}/index.js  ${(size / 1024).toFixed(1)} KB`);
    if (size > BUNDLE_LIMIT_KB * 1024 && !OVER_LIMIT[name]) {
      throw new Error(
        `${name}: index.js is ${(size / 1024).toFixed(0)} KB, over ${BUNDLE_LIMIT_KB} KB: load what only some actions need lazily, or say why in OVER_LIMIT (scripts/build-functions.ts)`,
      );
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
