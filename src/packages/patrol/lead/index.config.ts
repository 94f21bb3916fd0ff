export default definePageConfig({ navigationBarTitleText: '巡查与日志管理' });
