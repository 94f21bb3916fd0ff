export default definePageConfig({ navigationBarTitleText: '我的装修', enablePullDownRefresh: true });
