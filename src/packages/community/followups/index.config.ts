export default definePageConfig({ navigationBarTitleText: '不满意跟进' });
