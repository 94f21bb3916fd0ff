export default definePageConfig({ navigationBarTitleText: '入伙登记' });
