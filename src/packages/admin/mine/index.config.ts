export default definePageConfig({ navigationBarTitleText: '入伙记录' });
