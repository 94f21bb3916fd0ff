export default definePageConfig({ navigationBarTitleText: '服务订单队列', enablePullDownRefresh: true });
