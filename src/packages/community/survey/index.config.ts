export default definePageConfig({ navigationBarTitleText: '意见征询' });
