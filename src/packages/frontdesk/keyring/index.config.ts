export default definePageConfig({ navigationBarTitleText: '钥匙登记', enablePullDownRefresh: true });
