export default definePageConfig({ navigationBarTitleText: '区域巡查' });
