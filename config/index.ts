import { resolve } from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';

/** The WeChat cloud environment the weapp build talks to (one per deployment). */
const cloudEnv = process.env.GUANJIA_CLOUD_ENV || 'guanjia-dev';
/** Where the h5 build finds the local cloud; '' = same origin, because the local cloud serves the h5 app. */
const localCloudUrl = process.env.GUANJIA_LOCAL_CLOUD_URL || '';
/** GUANJIA_NO_MINIFY=1 keeps the output readable (tests and debugging read it). */
const minify = process.env.GUANJIA_NO_MINIFY !== '1';
/** Shared TypeScript outside src/ that the app imports: the contract's labels and the template ids. */
const sharedSources = [resolve(__dirname, '..', 'types'), resolve(__dirname, 'subscriptions.ts')];

export default defineConfig<'webpack5'>(() => {
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'guanjia',
    date: '2026-11-24',
    // NutUI's styles are written for a 375-wide design, ours for 750.
    designWidth(input) {
      const file = typeof input === 'object' && input !== null && 'file' in input ? String((input as { file?: unknown }).file ?? '') : '';
      return file.replace(/\\+/g, '/').includes('@nutui') ? 375 : 750;
    },
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // One folder per target so building one does not wipe the other.
    outputRoot: `dist/${process.env.TARO_ENV}`,
    plugins: [],
    defineConstants: {
      CLOUD_ENV: JSON.stringify(cloudEnv),
      LOCAL_CLOUD_URL: JSON.stringify(localCloudUrl),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: true },
    terser: { enable: minify },
    csso: { enable: minify },
    mini: {
      compile: { include: sharedSources },
      // Pages import NutUI component styles in different orders; their rules do not overlap.
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
    h5: {
      compile: { include: sharedSources },
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
  };
  return config;
});
