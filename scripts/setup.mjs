// Builds the one native addon the local cloud needs. Install scripts are off in .npmrc because
// other packages' scripts try to download toolchains and binaries; better-sqlite3 is compiled
// from source here (node-gyp against the machine's Node headers), once.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const addon = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
if (!existsSync('node_modules')) {
  console.error('Run `npm install` first.');
  process.exit(1);
}
if (!existsSync(addon)) {
  console.log('Building better-sqlite3 from source (about a minute, once)…');
  // build_from_source stops prebuild-install from trying to download a prebuilt binary first
  execSync('npm rebuild better-sqlite3 --ignore-scripts=false', {
    stdio: 'inherit',
    env: { ...process.env, npm_config_build_from_source: 'true' },
  });
}
