export default definePageConfig({ navigationBarTitleText: '来人来访登记', enablePullDownRefresh: true });
