export default definePageConfig({ navigationBarTitleText: '节假日与服务时限' });
