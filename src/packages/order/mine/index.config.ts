export default definePageConfig({ navigationBarTitleText: '我的服务订单', enablePullDownRefresh: true });
