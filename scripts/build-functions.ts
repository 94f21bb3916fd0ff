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

async function buildOne(name: string): Promise<number> {
  const outDir = join(OUT, name);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const config = readConfig(name);
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
    plugins: [zodLocales],
    logLevel: 'warning',
  });
  writeFileSync(
    join(outDir, 'package.json'),
    `${JSON.stringify({ name, version: '1.0.0', private: true, main: 'index.js', dependencies: { 'wx-server-sdk': sdkVersion } }, null, 2)}\n`,
  );
  writeFileSync(join(outDir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  return statSync(join(outDir, 'index.js')).size;
}

async function main(): Promise<void> {
  const names = functionNames();
  for (const stale of existsSync(OUT) ? readdirSync(OUT) : []) {
    if (!names.includes(stale)) rmSync(join(OUT, stale), { recursive: true, force: true });
  }
  for (const name of names) {
    const size = await buildOne(name);
    console.log(`${OUT}/${name}/index.js  ${(size / 1024).toFixed(1)} KB`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
