// Stands in for zod's `locales/index.js` in bundles: zod re-exports all ~50 locales as a namespace,
// which no bundler can drop (≈360 KB). The product uses Chinese messages, English as the fallback.
export { default as en } from 'zod/v4/locales/en.js';
export { default as zhCN } from 'zod/v4/locales/zh-CN.js';
