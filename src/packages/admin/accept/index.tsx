// The invitation's landing page (SPEC §11): the new colleague opens it from the code (scanned, or
// typed, or a link carrying ?code=), sees which post in which community they are accepting, and
// accepts with their own WeChat; the 管家 tab is theirs from then on.
import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Input from '@nutui/nutui-react-taro/dist/es/packages/input/index';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import type { Invitation, InviteState } from '../../../../types/admin';
import { roleLabels, stewardKindLabels } from '../../../../types/labels';
import SessionGate from '../../../components/SessionGate';
import { call, messageOf } from '../../../services/cloud';
import { refreshSession } from '../../../services/session';
import { goBack } from '../../../utils/nav';
import { fullTime } from '../../../utils/time';
import '../shared/admin.scss';

const stateNotes: Record<Exclude<InviteState, 'open'>, string> = {
  accepted: '这个邀请码已被使用',
  revoked: '这个邀请码已被撤销，请联系邀请人',
  expired: '这个邀请码已过期，请联系邀请人重新生成',
};

function Accept() {
  const router = useRouter();
  const [code, setCode] = useState(decodeURIComponent(router.params.code ?? ''));
  const [invitation, setInvitation] = useState<Invitation | null>(null);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const look = async (text: string) => {
    if (!text.trim()) return;
    setBusy(true);
    setError('');
    try {
      setInvitation((await call('admin', 'invitation', { code: text })).invitation);
    } catch (failure) {
      setInvitation(null);
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    // opened from a link or a scanned code: show the post at once
    if (code) void look(code);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, for the code the page was opened with
  }, []);
  const scan = async () => {
    try {
      const { result } = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      setCode(result);
      await look(result);
    } catch {
      // closed the camera
    }
  };
  const accept = async () => {
    setBusy(true);
    setError('');
    try {
      await call('admin', 'acceptInvite', { code, name, phone });
      await refreshSession();
      void Taro.showToast({ title: '已加入', icon: 'success' });
      void Taro.switchTab({ url: '/pages/staff/index' });
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  const kind = invitation?.kind ? `（${stewardKindLabels[invitation.kind]}）` : '';
  return (
    <View className="page admin-accept">
      <View className="card">
        <View className="admin-title">接受工作邀请</View>
        <View className="admin-field">
          <View className="admin-label">邀请码</View>
          <Input className="admin-input admin-accept-code" value={code} onChange={setCode} placeholder="如 7KQ2-M9XD-4TZR-B1NP" maxLength={40} onConfirm={() => void look(code)} />
        </View>
        <View className="actions">
          {process.env.TARO_ENV === 'weapp' ? (
            <Button type="primary" block onClick={() => void scan()}>
              扫描邀请二维码
            </Button>
          ) : null}
          <Button id="admin-accept-look" block fill="outline" loading={busy && !invitation} disabled={busy} onClick={() => void look(code)}>
            查看邀请
          </Button>
        </View>
      </View>
      {invitation ? (
        <View className="card admin-accept-post" id="admin-accept-post">
          <View className="admin-title">
            {invitation.communityName} · {invitation.postName}
          </View>
          <View>
            您将以「{roleLabels[invitation.role]}
            {kind}」身份加入{invitation.buildings.length > 0 ? `，负责 ${invitation.buildings.join('、')} 栋` : ''}。
          </View>
          <View className="muted">
            邀请人：{invitation.invitedByName} · {fullTime(invitation.expiresAt)} 前有效
          </View>
          {invitation.state === 'open' ? (
            <View>
              <View className="admin-field">
                <View className="admin-label">您的姓名（工单和记录上显示）</View>
                <Input className="admin-input admin-accept-name" value={name} onChange={setName} maxLength={20} />
              </View>
              <View className="admin-field">
                <View className="admin-label">您的手机号</View>
                <Input className="admin-input admin-accept-phone" type="tel" value={phone} onChange={setPhone} maxLength={11} />
              </View>
              <View className="actions">
                <Button id="admin-accept-submit" type="primary" block loading={busy} disabled={busy || !name.trim() || !phone.trim()} onClick={() => void accept()}>
                  接受邀请
                </Button>
              </View>
            </View>
          ) : (
            <View className="field-error">{stateNotes[invitation.state]}</View>
          )}
        </View>
      ) : null}
      {error ? <View className="field-error admin-accept-error">{error}</View> : null}
      <View className="actions">
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
        {/* the very first manager of a new deployment has no one to invite them */}
        <Button id="admin-accept-bootstrap" block fill="none" onClick={() => void Taro.navigateTo({ url: '/packages/admin/settings/index' })}>
          首次部署？用初始化码开通项目经理
        </Button>
      </View>
    </View>
  );
}

export default function AdminAcceptPage() {
  return <SessionGate>{() => <Accept />}</SessionGate>;
}
