export default definePageConfig({ navigationBarTitleText: '值班与交接班' });
