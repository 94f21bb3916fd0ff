export default definePageConfig({ navigationBarTitleText: '申请物品放行' });
