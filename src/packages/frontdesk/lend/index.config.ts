export default definePageConfig({ navigationBarTitleText: '钥匙借用' });
