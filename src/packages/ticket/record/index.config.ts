export default definePageConfig({ navigationBarTitleText: '代业主登记' });
