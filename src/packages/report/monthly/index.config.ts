export default definePageConfig({ navigationBarTitleText: '服务承诺月报', enablePullDownRefresh: true });
