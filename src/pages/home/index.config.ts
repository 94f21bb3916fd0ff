export default definePageConfig({ navigationBarTitleText: '管家' });
