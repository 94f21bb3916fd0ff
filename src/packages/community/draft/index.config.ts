export default definePageConfig({ navigationBarTitleText: '起草发文' });
