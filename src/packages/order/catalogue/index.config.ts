export default definePageConfig({ navigationBarTitleText: '特约服务', enablePullDownRefresh: true });
