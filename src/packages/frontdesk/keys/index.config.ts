export default definePageConfig({ navigationBarTitleText: '我的钥匙', enablePullDownRefresh: true });
