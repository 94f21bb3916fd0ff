export default definePageConfig({ navigationBarTitleText: '装修', enablePullDownRefresh: true });
