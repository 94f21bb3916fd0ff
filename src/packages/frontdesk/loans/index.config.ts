export default definePageConfig({ navigationBarTitleText: '借出与归还', enablePullDownRefresh: true });
