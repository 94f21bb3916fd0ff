// A notice in the company's fixed format (发文): number once approved, title, body, department and
// date. An owner's first open counts as a read. Stewards submit and archive; the manager approves
// (publishes at once), returns with a comment or revokes with a reason.
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import TextArea from '@nutui/nutui-react-taro/dist/es/packages/textarea/index';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import type { Me } from '../../../../types/account';
import type { Notice, NoticeCommand } from '../../../../types/notices';
import { ErrorState, LoadingState } from '../../../components/PageState';
import SessionGate from '../../../components/SessionGate';
import { call, messageOf } from '../../../services/cloud';
import { useRemote } from '../../../hooks/useRemote';
import { goBack } from '../../../utils/nav';
import { fullTime } from '../../../utils/time';
import { Row, StateTag } from '../shared/parts';
import '../shared/community.scss';

const commandLabels: Record<Exclude<NoticeCommand, 'edit'>, string> = { submit: '提交审批', approve: '批准并发布', return: '退回修改', revoke: '撤回', archive: '归档' };

function Detail({ me }: { me: Me }) {
  const id = Taro.getCurrentInstance().router?.params.id ?? '';
  const remote = useRemote(() => call('notices', 'get', { id }), [id]);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const shown = notice ?? remote.data?.notice ?? null;

  if (!shown) return remote.status === 'error' ? <ErrorState message={remote.error} onRetry={() => void remote.reload()} /> : <LoadingState />;

  const run = async (command: Exclude<NoticeCommand, 'edit'>) => {
    if ((command === 'return' || command === 'revoke') && !note.trim()) {
      setError(command === 'return' ? '请填写退回意见' : '请填写撤回原因');
      return;
    }
    setBusy(true);
    setError('');
    try {
      const reply =
        command === 'return'
          ? await call('notices', 'return', { id: shown.id, comment: note.trim() })
          : command === 'revoke'
            ? await call('notices', 'revoke', { id: shown.id, reason: note.trim() })
            : await call('notices', command, { id: shown.id });
      setNotice(reply.notice);
      setNote('');
      void Taro.showToast({ title: `已${commandLabels[command].replace('并发布', '')}`, icon: 'success' });
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  const staff = me.staff.some((post) => post.communityId === shown.communityId);
  const needsNote = shown.allowed.includes('return') || shown.allowed.includes('revoke');
  return (
    <View className="page cm-notice-page">
      <View className="cm-notice">
        {shown.no ? <View className="cm-notice__no">{shown.no}</View> : null}
        <View className="cm-notice__title">{shown.title}</View>
        <View className="cm-notice__body">{shown.body}</View>
        <View className="cm-notice__sign">
          <View>{shown.department}</View>
          <View>{shown.date ?? '（批准后填写日期）'}</View>
        </View>
      </View>
      {staff ? (
        <View className="card">
          <View className="cm-card__head">
            <View className="cm-card__title">办理情况</View>
            <StateTag kind="notice" state={shown.state} />
          </View>
          {shown.returnComment && shown.state === 'returned' ? <Row label="退回意见" value={shown.returnComment} low /> : null}
          {shown.revokedReason ? <Row label="撤回原因" value={shown.revokedReason} low /> : null}
          {shown.pinnedUntil ? <Row label="首页置顶至" value={shown.pinnedUntil} /> : null}
          {shown.publishedAt ? <Row label="发布时间" value={fullTime(shown.publishedAt)} /> : null}
          {shown.publishedAt ? <Row label="已读人数" value={`${shown.readCount}`} /> : null}
          {shown.delivery ? <Row label="推送进度" value={`${shown.delivery.reached} 户${shown.delivery.done ? '，已全部送达' : '，推送中'}`} /> : null}
          {shown.drafterName ? <Row label="起草人" value={shown.drafterName} /> : null}
          {shown.events.map((e, i) => (
            <Row
              key={i}
              label={fullTime(e.at)}
              value={`${e.actorName ?? ''} ${e.action === 'draft' ? '起草' : e.action === 'edit' ? '修改' : commandLabels[e.action]}${e.note ? `：${e.note}` : ''}`}
            />
          ))}
        </View>
      ) : (
        <View className="muted cm-read-note" style={{ padding: '0 32px' }}>
          {shown.publishedAt ? `发布于 ${fullTime(shown.publishedAt)}` : ''}
        </View>
      )}
      {needsNote ? (
        <View className="form-block">
          <View className="form-block__title">{shown.allowed.includes('return') ? '退回意见' : '撤回原因'}</View>
          <TextArea
            className="cm-note"
            value={note}
            onChange={setNote}
            placeholder={shown.allowed.includes('return') ? '退回时必填，起草人会看到' : '撤回时必填'}
            maxLength={200}
          />
        </View>
      ) : null}
      {error ? <View className="field-error">{error}</View> : null}
      <View className="cm-actions">
        {shown.allowed.includes('edit') ? (
          <Button
            id="cm-notice-edit"
            fill="outline"
            disabled={busy}
            onClick={() => void Taro.redirectTo({ url: `/packages/community/draft/index?id=${encodeURIComponent(shown.id)}` })}
          >
            修改
          </Button>
        ) : null}
        {(['submit', 'approve', 'return', 'revoke', 'archive'] as const)
          .filter((c) => shown.allowed.includes(c))
          .map((c) => (
            <Button key={c} id={`cm-notice-${c}`} type={c === 'return' || c === 'revoke' ? 'default' : 'primary'} disabled={busy} onClick={() => void run(c)}>
              {commandLabels[c]}
            </Button>
          ))}
      </View>
      <View className="actions">
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function NoticePage() {
  return <SessionGate>{(me) => <Detail me={me} />}</SessionGate>;
}
