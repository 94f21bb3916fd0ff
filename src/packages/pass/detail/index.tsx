// One pass: the QR code and the same code as text to read out (to the applicant and the owner,
// once approved), what it covers, who confirmed and decided it, the gate's record, the timeline,
// and what the caller may do now — confirm, approve, reject with a reason, revoke.
import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Dialog from '@nutui/nutui-react-taro/dist/es/packages/dialog/index';
import '@nutui/nutui-react-taro/dist/es/packages/dialog/style/css';
import TextArea from '@nutui/nutui-react-taro/dist/es/packages/textarea/index';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import type { Me } from '../../../../types/account';
import type { Pass } from '../../../../types/passes';
import SessionGate from '../../../components/SessionGate';
import { ErrorState, LoadingState } from '../../../components/PageState';
import { useRemote } from '../../../hooks/useRemote';
import { call, CloudError, messageOf } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import QrCode from '../shared/QrCode';
import { DueLine, PassFacts, PassRecord, Timeline } from '../shared/PassParts';
import { fullTime } from '../../../utils/time';
import '../shared/pass.scss';

type Asking = 'reject' | 'phone' | 'revoke' | null;
const ASK: Record<Exclude<Asking, null>, { title: string; confirm: string; placeholder: string; required: boolean }> = {
  reject: { title: '不批准放行', confirm: '不批准', placeholder: '请填写原因，申请人会看到', required: true },
  phone: { title: '记录业主电话确认', confirm: '已电话确认', placeholder: '如：电话联系王先生（138****0001），同意搬出', required: true },
  revoke: { title: '撤销放行条', confirm: '撤销', placeholder: '原因（选填）', required: false },
};

function Detail({ me, id }: { me: Me; id: string }) {
  const remote = useRemote(() => call('passes', 'get', { id }), [id]);
  const [shown, setShown] = useState<Pass | null>(null);
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState<Asking>(null);
  const [text, setText] = useState('');
  const [textError, setTextError] = useState('');
  const pass = shown && remote.data && shown.updatedAt >= remote.data.pass.updatedAt ? shown : (remote.data?.pass ?? null);

  if (!pass && remote.status === 'loading') return <LoadingState />;
  if (!pass) return <ErrorState message={remote.error ?? '加载失败'} onRetry={() => void remote.reload()} />;

  const staffHere = me.staff.some((post) => post.communityId === pass.communityId && ['steward', 'lead', 'manager'].includes(post.role));
  const now = Date.now();

  const run = async (work: () => Promise<{ pass: Pass }>, done: string): Promise<boolean> => {
    setBusy(true);
    try {
      const reply = await work();
      setShown(reply.pass);
      void Taro.showToast({ title: done, icon: 'success' });
      return true;
    } catch (error) {
      void Taro.showToast({ title: messageOf(error), icon: 'none', duration: 3000 });
      // someone else moved it first (another steward, the owner): show what it is now
      if (error instanceof CloudError && (error.code === 'CONFLICT' || error.code === 'NOT_FOUND')) {
        setShown(null);
        await remote.reload();
        return true;
      }
      return false;
    } finally {
      setBusy(false);
    }
  };

  const ask = (what: Exclude<Asking, null>) => {
    setText('');
    setTextError('');
    setAsking(what);
  };

  const confirmAsked = async () => {
    if (!asking) return;
    const value = text.trim();
    if (ASK[asking].required && !value) {
      setTextError('请填写');
      return;
    }
    const closed =
      asking === 'reject'
        ? await run(() => call('passes', 'reject', { id, reason: value }), '已不批准')
        : asking === 'phone'
          ? await run(() => call('passes', 'ownerConfirm', { id, note: value }), '已记录业主确认')
          : await run(() => call('passes', 'revoke', { id, ...(value ? { reason: value } : {}) }), '已撤销');
    if (closed) setAsking(null);
  };

  return (
    <View className="page pass-detail">
      {pass.qr ? (
        <View className="card pass-code">
          <QrCode text={pass.qr} />
          <Text className="pass-code__text" id="pass-code-text" userSelect>
            {pass.qr}
          </Text>
          <View className="pass-code__hint">请在放行时段内向门岗出示此码；无法扫码时可念出上面的放行码。放行后即失效。</View>
        </View>
      ) : null}
      {pass.state === 'pending' && pass.needsOwner && !staffHere && pass.allowed.includes('ownerConfirm') ? (
        <View className="pass-warning">住户申请搬出以下物品，请确认是否同意。确认后由管家审批。</View>
      ) : null}
      {pass.state === 'refused_at_gate' ? <View className="pass-warning">门岗核对物品与放行条不符，未予放行。请按实际物品重新申请。</View> : null}
      <PassFacts pass={pass} />
      {pass.due ? (
        <View className="card pass-detail__due">
          <DueLine pass={pass} now={now} />
        </View>
      ) : null}
      <PassRecord pass={pass} />
      {staffHere && pass.ownerContacts.length > 0 && pass.state === 'pending' ? (
        <View className="card pass-owner-contacts">
          <View className="pass-row__label">业主联系方式（电话确认用）</View>
          {pass.ownerContacts.map((owner) => (
            <View key={owner.phone} className="pass-row" onClick={() => void Taro.makePhoneCall({ phoneNumber: owner.phone }).catch(() => undefined)}>
              {owner.name ?? '业主'} · <Text className="due--ok">{owner.phone}</Text>
            </View>
          ))}
        </View>
      ) : null}

      <View className="actions">
        {pass.allowed.includes('approve') ? (
          <Button id="pass-approve" type="primary" block loading={busy} disabled={busy} onClick={() => void run(() => call('passes', 'approve', { id }), '已批准')}>
            批准放行
          </Button>
        ) : null}
        {pass.allowed.includes('ownerConfirm') ? (
          staffHere && !me.units.some((u) => u.communityId === pass.communityId && u.unit === pass.unit && u.role === 'owner') ? (
            <Button id="pass-owner-phone" block fill="outline" disabled={busy} onClick={() => ask('phone')}>
              记录业主电话确认
            </Button>
          ) : (
            <Button id="pass-owner-confirm" type="primary" block loading={busy} disabled={busy} onClick={() => void run(() => call('passes', 'ownerConfirm', { id }), '已确认')}>
              同意放行（业主确认）
            </Button>
          )
        ) : null}
        {pass.allowed.includes('reject') ? (
          <Button id="pass-reject" block fill="outline" type="danger" disabled={busy} onClick={() => ask('reject')}>
            不批准
          </Button>
        ) : null}
        {pass.allowed.includes('revoke') ? (
          <Button id="pass-revoke" block fill="outline" type="danger" disabled={busy} onClick={() => ask('revoke')}>
            撤销放行条
          </Button>
        ) : null}
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
        <View className="muted">更新于 {fullTime(pass.updatedAt)}</View>
      </View>

      <View className="section-title">办理记录</View>
      <Timeline pass={pass} />

      <Dialog
        visible={asking !== null}
        title={asking ? ASK[asking].title : ''}
        confirmText={asking ? ASK[asking].confirm : ''}
        cancelText="取消"
        onCancel={() => setAsking(null)}
        onConfirm={() => void confirmAsked()}
      >
        <TextArea
          className="pass-dialog-text"
          value={text}
          onChange={(value) => {
            setText(value);
            setTextError('');
          }}
          placeholder={asking ? ASK[asking].placeholder : ''}
          maxLength={100}
          showCount
        />
        {textError ? <View className="field-error">{textError}</View> : null}
      </Dialog>
    </View>
  );
}

export default function PassDetailPage() {
  const router = useRouter();
  const id = router.params.id ?? '';
  return <SessionGate>{(me) => <Detail me={me} id={id} />}</SessionGate>;
}
