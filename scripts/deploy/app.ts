// Uploads the built mini-program (dist/weapp, through project.config.json's miniprogramRoot) with
// miniprogram-ci, WeChat's own CI tool. The upload key is a file the deployer keeps outside the
// repository; its path comes from MINIPROGRAM_UPLOAD_KEY.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppUploader } from './execute';

export interface AppSettings {
  appid: string;
  keyPath: string;
}

/** The AppID (GUANJIA_APPID, else project.config.json) and the key path; problems when missing. */
export function appSettings(root: string, env: NodeJS.ProcessEnv): { settings: AppSettings | null; problems: string[] } {
  const problems: string[] = [];
  const project = JSON.parse(readFileSync(join(root, 'project.config.json'), 'utf8')) as { appid?: string };
  const appid = env.GUANJIA_APPID || project.appid || '';
  if (!appid || appid === 'touristappid') problems.push('the mini-program AppID is missing: export GUANJIA_APPID (or put it in project.config.json)');
  const keyPath = env.MINIPROGRAM_UPLOAD_KEY ?? '';
  if (!keyPath) problems.push('MINIPROGRAM_UPLOAD_KEY is not set: the path of the upload key (mp console → 开发管理 → 开发设置 → 小程序代码上传)');
  else if (!existsSync(keyPath)) problems.push(`MINIPROGRAM_UPLOAD_KEY points at ${keyPath}, which does not exist`);
  if (!existsSync(join(root, 'dist/weapp/app.json'))) problems.push('dist/weapp/ is not built');
  return { settings: problems.length === 0 ? { appid, keyPath } : null, problems };
}

export function miniprogramUploader(root: string, settings: AppSettings, log: (line: string) => void): AppUploader {
  return {
    async upload(version, description) {
      // loaded only when uploading: it is large and a dry run does not need it
      const ci = await import('miniprogram-ci');
      const project = new ci.Project({ appid: settings.appid, type: 'miniProgram', projectPath: root, privateKeyPath: settings.keyPath, ignores: ['node_modules/**/*'] });
      await ci.upload({
        project,
        version,
        desc: description,
        robot: 1,
        setting: { es6: false, minify: false },
        onProgressUpdate: (task) => log(`    ${typeof task === 'string' ? task : task.message}`),
      });
    },
  };
}
