// The gate's code box, shared by every lobby check (item release passes, visitors): scan the code
// (weapp, where the camera is) or type what the person reads out, then check it. One component so
// the two gates scan and read codes the same way.
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Input from '@nutui/nutui-react-taro/dist/es/packages/input/index';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';

export interface GateCodeProps {
  /** names the elements for tests: `<prefix>-code` (class), `#<prefix>-scan`, `#<prefix>-verify` */
  prefix: string;
  title: string;
  placeholder: string;
  hint: string;
  scanText: string;
  code: string;
  busy: boolean;
  /** true while a verdict is shown (the verify button stops spinning) */
  checked: boolean;
  onCode: (code: string) => void;
  onVerify: (code: string) => void | Promise<void>;
}

export default function GateCode({ prefix, title, placeholder, hint, scanText, code, busy, checked, onCode, onVerify }: GateCodeProps) {
  const weapp = process.env.TARO_ENV === 'weapp';
  const scan = async () => {
    let result: string;
    try {
      result = (await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })).result;
    } catch {
      return; // the guard closed the camera
    }
    onCode(result);
    await onVerify(result);
  };
  return (
    <View>
      <View className="form-block">
        <View className="form-block__title">{title}</View>
        <Input className={`${prefix}-code`} value={code} onChange={onCode} placeholder={placeholder} maxLength={40} onConfirm={() => void onVerify(code)} />
        <View className="form-block__hint">{hint}</View>
      </View>
      <View className="actions">
        {weapp ? (
          <Button id={`${prefix}-scan`} type="primary" block disabled={busy} onClick={() => void scan()}>
            {scanText}
          </Button>
        ) : null}
        <Button id={`${prefix}-verify`} type={weapp ? 'default' : 'primary'} block loading={busy && !checked} disabled={busy} onClick={() => void onVerify(code)}>
          核验
        </Button>
      </View>
    </View>
  );
}
