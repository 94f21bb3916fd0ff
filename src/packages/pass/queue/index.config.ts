export default definePageConfig({ navigationBarTitleText: '放行审批', enablePullDownRefresh: true });
