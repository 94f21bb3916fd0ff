export default definePageConfig({ navigationBarTitleText: '施工许可证核验' });
