// h5 only (registered in app.config only for TARO_ENV=h5): choose which seeded person to be.
import { View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import { IdentityPicker } from '../../../dev/IdentityPicker';
import { goBack } from '../../../utils/nav';

export default function IdentityPage() {
  return (
    <View className="page">
      {/* Back rather than switchTab: Taro 4's h5 router hides every page when switchTab targets the
          tab page this one was opened from. */}
      <IdentityPicker onChosen={goBack} />
      <View className="actions">
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}
