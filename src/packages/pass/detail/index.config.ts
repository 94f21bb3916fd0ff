export default definePageConfig({ navigationBarTitleText: '放行条', enablePullDownRefresh: true });
