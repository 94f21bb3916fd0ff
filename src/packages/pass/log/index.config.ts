export default definePageConfig({ navigationBarTitleText: '物品放行登记', enablePullDownRefresh: true });
