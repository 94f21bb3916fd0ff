export default definePageConfig({ navigationBarTitleText: '咨询队列', enablePullDownRefresh: true });
