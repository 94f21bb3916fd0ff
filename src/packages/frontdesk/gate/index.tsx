// 访客核验 (SPEC §14, the lobby procedure): scan the visitor's code (weapp) or type what they read
// out, see whose guest they are and the window, let them in once; those inside are listed below,
// oldest first, with the exit to record. Walk-ins without a code go to 来人来访登记.
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import type { Me } from '../../../../types/account';
import type { VisitorVerdict } from '../../../../types/visitors';
import { EmptyState } from '../../../components/PageState';
import SessionGate from '../../../components/SessionGate';
import GateCode from '../../../components/GateCode';
import { call, CloudError, messageOf } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import { VisitCard } from '../shared/DeskParts';
import { RegisterList } from '../shared/RegisterList';
import '../shared/frontdesk.scss';

interface Checked {
  code: string;
  verdict: VisitorVerdict;
  admitted: boolean;
}

function Gate({ me }: { me: Me }) {
  const [code, setCode] = useState('');
  const [checked, setChecked] = useState<Checked | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [generation, setGeneration] = useState(0);

  if (!me.staff.some((post) => post.role === 'guard' || post.role === 'manager')) {
    return <EmptyState title="仅门岗可用" description="访客核验由门岗（大堂）人员操作" />;
  }

  const verify = async (text: string) => {
    const value = text.trim();
    if (!value) {
      setError('请扫码或输入访客码');
      return;
    }
    setBusy(true);
    setError('');
    try {
      setChecked({ code: value, verdict: await call('visitors', 'verify', { code: value }), admitted: false });
    } catch (failure) {
      setChecked(null);
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  const admit = async () => {
    if (!checked) return;
    setBusy(true);
    setError('');
    try {
      const { verdict } = await call('visitors', 'admit', { code: checked.code });
      setChecked({ ...checked, verdict, admitted: true });
      setGeneration((g) => g + 1);
      void Taro.showToast({ title: '已放行', icon: 'success' });
    } catch (failure) {
      // another guard let them in a moment ago, the host withdrew it…: show what the code is worth now
      const message = messageOf(failure);
      if (failure instanceof CloudError) await verify(checked.code);
      setError(message);
    } finally {
      setBusy(false);
    }
  };

  const verdict = checked?.verdict;
  return (
    <View className="page visit-gate">
      <GateCode
        prefix="visit-gate"
        title="访客码"
        placeholder="扫码，或输入访客念出的访客码"
        hint="16 位，如 7KQ2-M9XD-4TZR-B1NP，大小写和横线均可忽略"
        scanText="扫描访客码"
        code={code}
        busy={busy}
        checked={Boolean(checked)}
        onCode={(value) => {
          setCode(value);
          setError('');
        }}
        onVerify={verify}
      />
      {error ? <View className="field-error visit-gate-error">{error}</View> : null}
      {verdict ? (
        <View>
          <View className={`desk-verdict ${verdict.valid || checked?.admitted ? 'desk-verdict--valid' : 'desk-verdict--refused'}`} id="visit-verdict">
            {checked?.admitted ? '✓ 已放行，离开时请登记' : `${verdict.valid ? '✓' : '✕'} ${verdict.message}`}
          </View>
          {verdict.visit ? <VisitCard visit={verdict.visit} /> : null}
          {verdict.valid && !checked?.admitted ? (
            <View className="actions">
              <View className="muted">请核对访客姓名、人数与车牌，再放行。访客码只能入园一次。</View>
              <Button id="visit-gate-admit" type="primary" block loading={busy} disabled={busy} onClick={() => void admit()}>
                核对无误，放行
              </Button>
            </View>
          ) : null}
          {checked?.admitted || !verdict.valid ? (
            <View className="actions">
              <Button
                block
                type="primary"
                fill="outline"
                onClick={() => {
                  setChecked(null);
                  setCode('');
                }}
              >
                核验下一位
              </Button>
            </View>
          ) : null}
        </View>
      ) : null}
      <RegisterList key={generation} input={{ inside: true, limit: 50 }} title="在园访客" empty="园区内没有未登记离开的访客" />
      <View className="actions">
        <Button id="visit-gate-walkin" block fill="outline" onClick={() => void Taro.navigateTo({ url: '/packages/frontdesk/walkin/index' })}>
          没有访客码：来人来访登记
        </Button>
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function VisitorGatePage() {
  return <SessionGate>{(me) => <Gate me={me} />}</SessionGate>;
}
