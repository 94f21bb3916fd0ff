export default definePageConfig({ navigationBarTitleText: '装修管理', enablePullDownRefresh: true });
