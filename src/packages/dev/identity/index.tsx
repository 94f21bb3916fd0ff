// h5 only (registered in app.config only for TARO_ENV=h5): choose which seeded person to be.
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import { IdentityPicker } from '../../../dev/IdentityPicker';
import { goBack } from '../../../utils/nav';

export default function IdentityPage() {
  return (
    <View className="page">
      <IdentityPicker onChosen={() => void Taro.switchTab({ url: '/pages/me/index' })} />
      <View className="actions">
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}
