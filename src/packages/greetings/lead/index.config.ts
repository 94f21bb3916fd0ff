export default definePageConfig({ navigationBarTitleText: '生日及节日祝福', enablePullDownRefresh: true });
