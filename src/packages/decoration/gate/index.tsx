// 门岗核验施工许可证 (SPEC §12): the guard scans the contractor's permit QR (weapp) or types the code
// they read out, and sees whether it lets them in now — valid dates, working hours, this community,
// work not stopped — with the unit, the contractor and the workers to check against.
import { useState } from 'react';
import { View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import type { Me } from '../../../../types/account';
import type { PermitVerdict } from '../../../../types/decoration';
import GateCode from '../../../components/GateCode';
import { EmptyState } from '../../../components/PageState';
import SessionGate from '../../../components/SessionGate';
import { call, messageOf } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import { Facts } from '../shared/parts';
import '../shared/decoration.scss';

function Gate({ me }: { me: Me }) {
  const [code, setCode] = useState('');
  const [verdict, setVerdict] = useState<PermitVerdict | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  if (!me.staff.some((post) => post.role === 'guard' || post.role === 'manager')) {
    return <EmptyState title="仅门岗可用" description="施工许可证核验由门岗（大堂）人员操作" />;
  }

  const verify = async (text: string) => {
    const value = text.trim();
    if (!value) {
      setError('请扫码或输入许可证码');
      return;
    }
    setBusy(true);
    setError('');
    try {
      setVerdict(await call('decoration', 'verifyPermit', { code: value }));
    } catch (failure) {
      setVerdict(null);
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="page decoration-gate">
      <View className="card decoration-form">
        <GateCode
          prefix="decoration"
          title="施工许可证码"
          placeholder="如 7KQ2-M9XD-4TZR-B1NP"
          hint="扫描施工人员出示的许可证二维码，或输入其下方的许可证码"
          scanText="扫描施工许可证"
          code={code}
          busy={busy}
          checked={verdict !== null}
          onCode={(value) => {
            setCode(value);
            setVerdict(null);
          }}
          onVerify={verify}
        />
        {error ? <View className="field-error">{error}</View> : null}
      </View>
      {verdict ? (
        <View className={`card decoration-verdict decoration-verdict--${verdict.valid ? 'ok' : 'refused'}`} id="decoration-verdict">
          {verdict.valid ? '✓ ' : '✗ '}
          {verdict.message}
        </View>
      ) : null}
      {verdict?.decoration ? <Facts d={verdict.decoration} /> : null}
      <View className="decoration-actions">
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function DecorationGatePage() {
  return <SessionGate>{(me) => <Gate me={me} />}</SessionGate>;
}
