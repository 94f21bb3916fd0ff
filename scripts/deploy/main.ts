// npm run deploy -- --env <envId> [--dry-run] [--only db|functions|app] [--version x.y.z] [--desc text]
//
// One command from a fresh clone to a running WeChat cloud environment: collections, indexes and
// their permission; every function in dist/cloudfunctions/ with its config.json; the mini-program.
// Credentials come from TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY (and TENCENTCLOUD_SESSIONTOKEN
// for temporary keys) in the environment, never from a file.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { appSettings, miniprogramUploader } from './app';
import { managerCloud } from './cloud';
import { loadDeclared } from './declared';
import { describeResult, executePlan } from './execute';
import { describePlan, type Existing, type Part, PARTS, planDeploy } from './plan';

const ROOT = resolve(import.meta.dirname, '../..');

interface Args {
  env: string | null;
  dryRun: boolean;
  only: Part[];
  version: string | null;
  desc: string | null;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { env: null, dryRun: false, only: [], version: null, desc: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--env') args.env = value();
    else if (arg === '--dry-run') args.dryRun = true;
    else if (arg === '--only') {
      for (const part of value().split(',')) {
        if (!PARTS.includes(part as Part)) throw new Error(`--only takes ${PARTS.join(', ')}; got "${part}"`);
        args.only.push(part as Part);
      }
    } else if (arg === '--version') args.version = value();
    else if (arg === '--desc') args.desc = value();
    else throw new Error(`unknown argument ${arg}`);
  }
  return args;
}

/** cloudbaserc.json (the @cloudbase/cli convention), with its {{env.NAME}} placeholders filled. */
function readRc(): { envId: string; region: string; functionRoot: string } {
  const text = readFileSync(join(ROOT, 'cloudbaserc.json'), 'utf8').replace(/\{\{\s*env\.(\w+)\s*\}\}/g, (_, name: string) => process.env[name] ?? '');
  const rc = JSON.parse(text) as { envId?: string; region?: string; functionRoot?: string };
  return { envId: rc.envId ?? '', region: rc.region ?? 'ap-shanghai', functionRoot: resolve(ROOT, rc.functionRoot ?? 'dist/cloudfunctions') };
}

function sh(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const rc = readRc();
  const envId = args.env ?? rc.envId;
  if (!envId) throw new Error('which environment? pass --env <envId> (or set GUANJIA_CLOUD_ENV for cloudbaserc.json)');
  const parts = new Set(args.only.length > 0 ? args.only : PARTS);
  const log = (line: string) => console.log(line);

  if (parts.has('functions')) sh('npx', ['tsx', 'scripts/build-functions.ts']);
  if (parts.has('app') && !args.dryRun) sh('npx', ['taro', 'build', '--type', 'weapp'], { ...process.env, GUANJIA_CLOUD_ENV: envId });

  const declared = loadDeclared(ROOT);
  const envValues: Record<string, string> = {};
  for (const fn of declared.functions) {
    for (const name of Object.keys(fn.environment)) {
      const value = process.env[name];
      if (value) envValues[name] = value;
    }
  }
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const app = { version: args.version ?? pkg.version, description: args.desc ?? `deploy to ${envId}` };

  const secretId = process.env.TENCENTCLOUD_SECRETID ?? '';
  const secretKey = process.env.TENCENTCLOUD_SECRETKEY ?? '';
  let existing: Existing = { collections: {}, functions: {} };
  let cloud = null;
  if (secretId && secretKey) {
    const { default: CloudBase } = await import('@cloudbase/manager-node');
    const manager = new CloudBase({ secretId, secretKey, token: process.env.TENCENTCLOUD_SESSIONTOKEN, envId, region: rc.region });
    cloud = managerCloud(manager, rc.functionRoot);
    existing = await cloud.readState({ collections: declared.collections.map((c) => c.name), functions: declared.functions.map((f) => f.name) });
  } else if (!args.dryRun) {
    throw new Error('TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY must be set (a CAM key with access to the environment)');
  } else {
    log('(no credentials: planning against an empty environment)');
  }

  const plan = planDeploy(declared, existing, { only: [...parts], envValues, app });
  let uploader = null;
  if (parts.has('app')) {
    const { settings, problems } = appSettings(ROOT, process.env);
    if (!args.dryRun) plan.problems.push(...problems);
    else for (const problem of problems) plan.notes.push(`before the real run: ${problem}`);
    if (settings) uploader = miniprogramUploader(ROOT, settings, log);
  }

  log(`Environment ${envId} (${rc.region}), parts: ${[...parts].join(', ')}`);
  log(describePlan(plan));
  if (args.dryRun) return plan.problems.length > 0 ? 1 : 0;
  if (!cloud) return 1;
  const result = await executePlan(plan, cloud, uploader, log);
  log(describeResult(result));
  return result.failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`deploy: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
