// 门岗放行核验 (SPEC §5, the lobby procedure): scan the owner's code (weapp) or type what they read
// out (both), see the unit, applicant, items with photos and window, then release — or refuse
// because the goods do not match, with a note, and the owner applies again.
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Input from '@nutui/nutui-react-taro/dist/es/packages/input/index';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import TextArea from '@nutui/nutui-react-taro/dist/es/packages/textarea/index';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import type { Me } from '../../../../types/account';
import type { GateVerdict } from '../../../../types/passes';
import { EmptyState } from '../../../components/PageState';
import SessionGate from '../../../components/SessionGate';
import { call, CloudError, messageOf } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import { PassFacts } from '../shared/PassParts';
import { fullTime } from '../../../utils/time';
import '../shared/pass.scss';

interface Checked {
  code: string;
  verdict: GateVerdict;
  /** set once released or refused here */
  done: 'released' | 'refused' | null;
}

function Gate({ me }: { me: Me }) {
  const [code, setCode] = useState('');
  const [checked, setChecked] = useState<Checked | null>(null);
  const [busy, setBusy] = useState(false);
  const [refusing, setRefusing] = useState(false);
  const [note, setNote] = useState('');
  const [error, setError] = useState('');

  if (!me.staff.some((post) => post.role === 'guard' || post.role === 'manager')) {
    return <EmptyState title="仅门岗可用" description="放行核验由门岗（大堂）人员操作" />;
  }

  const verify = async (text: string) => {
    const value = text.trim();
    if (!value) {
      setError('请扫码或输入放行码');
      return;
    }
    setBusy(true);
    setError('');
    setRefusing(false);
    try {
      const verdict = await call('passes', 'verify', { code: value });
      setChecked({ code: value, verdict, done: null });
    } catch (failure) {
      setChecked(null);
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  const scan = async () => {
    try {
      const result = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      setCode(result.result);
      await verify(result.result);
    } catch {
      // the guard closed the camera
    }
  };

  const decide = async (match: boolean) => {
    if (!checked) return;
    if (!match && !note.trim()) {
      setError('请填写不予放行的原因');
      return;
    }
    setBusy(true);
    setError('');
    try {
      const { verdict } = await call('passes', 'release', { code: checked.code, match, ...(match ? {} : { note: note.trim() }) });
      setChecked({ ...checked, verdict, done: match ? 'released' : 'refused' });
      setRefusing(false);
      void Taro.showToast({ title: match ? '已放行' : '已拒绝放行', icon: 'success' });
    } catch (failure) {
      // used by the other guard a moment ago, revoked meanwhile…: show what the code is worth now
      setError(messageOf(failure));
      if (failure instanceof CloudError) await verify(checked.code);
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  const verdict = checked?.verdict;
  return (
    <View className="page pass-gate">
      <View className="form-block">
        <View className="form-block__title">放行码</View>
        <Input
          className="pass-gate-code"
          value={code}
          onChange={(value) => {
            setCode(value);
            setError('');
          }}
          placeholder="扫码，或输入业主念出的放行码"
          maxLength={40}
          onConfirm={() => void verify(code)}
        />
        <View className="form-block__hint">16 位，如 7KQ2-M9XD-4TZR-B1NP，大小写和横线均可忽略</View>
      </View>
      <View className="actions">
        {process.env.TARO_ENV === 'weapp' ? (
          <Button id="pass-gate-scan" type="primary" block disabled={busy} onClick={() => void scan()}>
            扫描放行码
          </Button>
        ) : null}
        <Button
          id="pass-gate-verify"
          type={process.env.TARO_ENV === 'weapp' ? 'default' : 'primary'}
          block
          loading={busy && !checked}
          disabled={busy}
          onClick={() => void verify(code)}
        >
          核验
        </Button>
      </View>
      {error ? <View className="field-error pass-gate-error">{error}</View> : null}

      {verdict ? (
        <View>
          <View className={`pass-verdict ${verdict.valid && checked?.done !== 'refused' ? 'pass-verdict--valid' : 'pass-verdict--refused'}`} id="pass-verdict">
            {checked?.done === 'released'
              ? '✓ 已放行'
              : checked?.done === 'refused'
                ? '✕ 已拒绝放行，请申请人按实际物品重新申请'
                : `${verdict.valid ? '✓' : '✕'} ${verdict.message}`}
          </View>
          {verdict.pass?.gate && checked?.done === null ? (
            <View className="pass-warning pass-gate-record">
              已于 {fullTime(verdict.pass.gate.at)} 由{verdict.pass.gate.byName ?? '门岗'}
              {verdict.pass.gate.released ? '放行' : `拒绝放行${verdict.pass.gate.note ? `：${verdict.pass.gate.note}` : ''}`}
            </View>
          ) : null}
          {verdict.pass ? <PassFacts pass={verdict.pass} /> : null}
          {verdict.valid && checked?.done === null ? (
            <View className="actions">
              <View className="muted">请逐项核对物品与放行条是否相符（数量、种类），再放行。</View>
              <Button id="pass-gate-release" type="primary" block loading={busy} disabled={busy} onClick={() => void decide(true)}>
                物品相符，放行
              </Button>
              {refusing ? (
                <View>
                  <TextArea className="pass-gate-note" value={note} onChange={setNote} placeholder="不符之处，如：实际多出一台冰箱" maxLength={200} showCount />
                  <Button id="pass-gate-refuse-confirm" type="danger" block loading={busy} disabled={busy} onClick={() => void decide(false)}>
                    确认不予放行
                  </Button>
                </View>
              ) : (
                <Button id="pass-gate-refuse" type="danger" fill="outline" block disabled={busy} onClick={() => setRefusing(true)}>
                  物品不符，不予放行
                </Button>
              )}
            </View>
          ) : null}
          {checked?.done ? (
            <View className="actions">
              <Button
                block
                type="primary"
                onClick={() => {
                  setChecked(null);
                  setCode('');
                  setNote('');
                }}
              >
                核验下一张
              </Button>
            </View>
          ) : null}
        </View>
      ) : null}
      <View className="actions">
        <Button id="gate-to-permits" block fill="outline" onClick={() => void Taro.navigateTo({ url: '/packages/decoration/gate/index' })}>
          核验装修施工许可证
        </Button>
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
        <Text className="muted">每次核验都会记录在门岗核验记录中。</Text>
      </View>
    </View>
  );
}

export default function PassGatePage() {
  return <SessionGate>{(me) => <Gate me={me} />}</SessionGate>;
}
