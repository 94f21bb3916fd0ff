export default definePageConfig({ navigationBarTitleText: '业户访问' });
