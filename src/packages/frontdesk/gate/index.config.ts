export default definePageConfig({ navigationBarTitleText: '访客核验', enablePullDownRefresh: true });
