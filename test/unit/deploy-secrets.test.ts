// No secret reaches a file the build produces: the functions are built (scripts/build-functions.ts,
// into a temporary folder so the other tests keep reading dist/) with the deploy's secrets in the
// environment, and every produced file is searched for them. The deploy's dry run is given the same
// secrets and must not print them.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('secrets stay out of the build', () => {
  it('a functions build with secrets in the environment writes none of them', () => {
    const out = mkdtempSync(join(tmpdir(), 'guanjia-build-'));
    const secrets = {
      PASS_SECRET: `pass-${randomBytes(16).toString('hex')}`,
      PASS_SECRET_PREVIOUS: `prev-${randomBytes(16).toString('hex')}`,
      TENCENTCLOUD_SECRETID: `AKID${randomBytes(12).toString('hex')}`,
      TENCENTCLOUD_SECRETKEY: `key-${randomBytes(16).toString('hex')}`,
    };
    try {
      const build = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-functions.ts'], {
        cwd: ROOT,
        env: { ...process.env, ...secrets, GUANJIA_FUNCTIONS_OUT: out },
        encoding: 'utf8',
      });
      assert.equal(build.status, 0, build.stderr);
      const files = filesUnder(out);
      assert.ok(
        files.some((f) => f.endsWith(join('passes', 'index.js'))),
        'the build produced the functions',
      );
      assert.ok(files.some((f) => f.endsWith(join('passes', 'config.json'))));
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        for (const [name, value] of Object.entries(secrets)) assert.ok(!text.includes(value), `${name}'s value is in ${file}`);
      }
      // the config declares the variable by name only
      const config = JSON.parse(readFileSync(join(out, 'passes', 'config.json'), 'utf8')) as { environment?: Record<string, string> };
      assert.deepEqual(config.environment, { PASS_SECRET: 'required', PASS_SECRET_PREVIOUS: 'optional' });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('no function config in the repository or dist/ carries values for its variables', () => {
    // WeChat's config.json may hold `envVariables` with values: that would put them in the repository.
    const configs = [...filesUnder(join(ROOT, 'cloudfunctions')), ...filesUnder(join(ROOT, 'dist/cloudfunctions'))].filter((f) => f.endsWith('config.json'));
    assert.ok(configs.length >= 2);
    for (const file of configs) {
      const config = JSON.parse(readFileSync(file, 'utf8')) as { envVariables?: unknown; environment?: Record<string, unknown> };
      assert.equal(config.envVariables, undefined, `${file} holds envVariables`);
      for (const [name, need] of Object.entries(config.environment ?? {}))
        assert.ok(need === 'required' || need === 'optional', `${file}: ${name} must be "required" or "optional", never a value`);
    }
    for (const file of filesUnder(join(ROOT, 'dist/cloudfunctions')))
      assert.doesNotMatch(readFileSync(file, 'utf8'), /AKID[0-9A-Za-z]{16,}/, `${file} holds a Tencent Cloud key id`);
  });
});
