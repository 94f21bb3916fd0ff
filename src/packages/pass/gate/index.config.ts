export default definePageConfig({ navigationBarTitleText: '门岗放行核验' });
