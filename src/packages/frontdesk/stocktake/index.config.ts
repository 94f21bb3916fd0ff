export default definePageConfig({ navigationBarTitleText: '钥匙盘点' });
