// SPEC §1: WeChat's privacy authorization comes before the first phone number (or birthday).
// weapp: WeChat asks us (onNeedPrivacyAuthorization) and only a native button with
// open-type="agreePrivacyAuthorization" can answer; h5: the same consent, kept in local storage.
import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button as NativeButton, View, Text } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import './PrivacyConsent.scss';

const H5_KEY = 'guanjia.privacyConsent';
type Resolve = (option: Taro.onNeedPrivacyAuthorization.ResolveOption) => void;

/** `granted` is null while unknown; `agree` is what the page's own agree control calls in h5. */
export function usePrivacyConsent(): { granted: boolean | null; agreeH5: () => void; onAgreeWeapp: () => void } {
  const [granted, setGranted] = useState<boolean | null>(null);
  const pending = useRef<Resolve | null>(null);

  useEffect(() => {
    if (process.env.TARO_ENV === 'weapp') {
      // WeChat calls this when a privacy-guarded API runs before consent; we answer through our button.
      Taro.onNeedPrivacyAuthorization((resolve) => {
        pending.current = resolve;
        setGranted(false);
      });
      Taro.getPrivacySetting({
        success: (result) => setGranted(!result.needAuthorization),
        // An old base library without the privacy API: nothing to consent to in WeChat.
        fail: () => setGranted(true),
      });
    } else {
      setGranted(Taro.getStorageSync(H5_KEY) === 'agreed');
    }
  }, []);

  return {
    granted,
    agreeH5: () => {
      Taro.setStorageSync(H5_KEY, 'agreed');
      setGranted(true);
    },
    onAgreeWeapp: () => {
      pending.current?.({ event: 'agree', buttonId: 'privacy-agree' });
      pending.current = null;
      setGranted(true);
    },
  };
}

export function PrivacyNotice({ purpose, onAgreeH5, onAgreeWeapp }: { purpose: string; onAgreeH5: () => void; onAgreeWeapp: () => void }) {
  return (
    <View className="privacy-notice">
      <View className="privacy-notice__title">隐私保护提示</View>
      <View className="privacy-notice__text">
        <Text>
          {purpose}
          我们只收集该功能需要的信息，手机号仅用于核对业主身份和联系您，在工作人员列表中会打码显示；您可以随时在「我的数据与隐私」中查看或删除。
        </Text>
        {process.env.TARO_ENV === 'weapp' ? (
          <Text className="privacy-notice__link" onClick={() => Taro.openPrivacyContract({})}>
            《用户隐私保护指引》
          </Text>
        ) : null}
      </View>
      {process.env.TARO_ENV === 'weapp' ? (
        <NativeButton id="privacy-agree" className="privacy-notice__agree" openType="agreePrivacyAuthorization" onAgreePrivacyAuthorization={onAgreeWeapp}>
          同意并继续
        </NativeButton>
      ) : (
        <Button id="privacy-agree" type="primary" block onClick={onAgreeH5}>
          同意并继续
        </Button>
      )}
    </View>
  );
}
