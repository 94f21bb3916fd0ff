// One way to ring someone from a page: the phone's dialler (Taro.makePhoneCall in both builds).
// Hidden when there is no number, or only a masked one, so nobody taps a button that cannot work.
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';

/** Whether `phone` is a number the dialler can call (not empty, not masked like 138****0001). */
export function callable(phone: string | null | undefined): phone is string {
  return typeof phone === 'string' && /^\+?[0-9][0-9-]{4,}$/.test(phone);
}

export default function CallButton({ phone, label = '拨打', className = '' }: { phone: string | null | undefined; label?: string; className?: string }) {
  if (!callable(phone)) return null;
  return (
    <Button size="small" type="primary" fill="outline" className={`call-button ${className}`} onClick={() => void Taro.makePhoneCall({ phoneNumber: phone })}>
      {label}
    </Button>
  );
}

/** A line naming someone (who, post) with the button that rings them, for a card on a detail page. */
export function ContactLine({ label, name, post, phone, className = '' }: { label: string; name: string; post?: string; phone: string | null | undefined; className?: string }) {
  return (
    <View className={`contact-line ${className}`}>
      <Text className="contact-line__who">
        {label}：{name}
        {post ? ` · ${post}` : ''}
      </Text>
      <CallButton phone={phone} />
    </View>
  );
}
