// 起草发文 in the fixed format: title, body, issuing department; the number and date are given
// when the manager approves. Editing a draft or a returned notice sends the revision read, so a
// stale screen is told instead of overwriting. Saved drafts open on their page to be submitted.
import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Input from '@nutui/nutui-react-taro/dist/es/packages/input/index';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import TextArea from '@nutui/nutui-react-taro/dist/es/packages/textarea/index';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import type { Me } from '../../../../types/account';
import { EmptyState, ErrorState, LoadingState } from '../../../components/PageState';
import SessionGate from '../../../components/SessionGate';
import { call, CloudError, messageOf, newRequestId } from '../../../services/cloud';
import { useRemote } from '../../../hooks/useRemote';
import { goBack } from '../../../utils/nav';
import { staffCommunity } from '../shared/parts';
import '../shared/community.scss';

function Draft({ me }: { me: Me }) {
  const id = Taro.getCurrentInstance().router?.params.id ?? '';
  const communityId = staffCommunity(me, 'steward');
  const existing = useRemote(() => (id ? call('notices', 'get', { id }) : Promise.resolve(null)), [id]);
  const post = me.staff.find((p) => p.communityId === communityId);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [department, setDepartment] = useState(post ? `${post.communityName}物业服务中心` : '');
  const [pinned, setPinned] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  // one id per draft, kept across retries so a double tap makes one notice
  const requestId = useRef(newRequestId());

  useEffect(() => {
    const n = existing.data?.notice;
    if (!n) return;
    setTitle(n.title);
    setBody(n.body);
    setDepartment(n.department);
    setPinned(n.pinnedUntil ?? '');
  }, [existing.data]);

  if (!communityId) return <EmptyState title="仅管家可起草发文" description="请联系项目经理开通管家岗位" />;
  if (id && !existing.data) return existing.status === 'error' ? <ErrorState message={existing.error} onRetry={() => void existing.reload()} /> : <LoadingState />;

  const save = async () => {
    if (pinned.trim() && !/^\d{4}-\d{2}-\d{2}$/.test(pinned.trim())) {
      setError('置顶日期格式为 2026-12-31，不置顶请留空');
      return;
    }
    setBusy(true);
    setError('');
    const draft = { title, body, department, pinnedUntil: pinned.trim() || null };
    try {
      const n = existing.data?.notice;
      const reply = n
        ? await call('notices', 'edit', { id: n.id, rev: n.rev, ...draft })
        : await call('notices', 'create', { communityId, ...draft }, { requestId: requestId.current });
      void Taro.redirectTo({ url: `/packages/community/notice/index?id=${encodeURIComponent(reply.notice.id)}` });
    } catch (failure) {
      setError(failure instanceof CloudError && failure.code === 'CONFLICT' ? '这份发文已被他人修改，请返回后重新打开' : messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="page cm-draft">
      <View className="form-block">
        <View className="form-block__title">标题</View>
        <Input className="cm-field cm-title" value={title} onChange={setTitle} placeholder="例如：关于小区停水的通知" maxLength={40} />
      </View>
      <View className="form-block">
        <View className="form-block__title">正文</View>
        <TextArea className="cm-body" value={body} onChange={setBody} placeholder="尊敬的各位业主：……" maxLength={5000} autoSize />
      </View>
      <View className="form-block">
        <View className="form-block__title">发文部门</View>
        <Input className="cm-field cm-department" value={department} onChange={setDepartment} maxLength={30} />
        <View className="form-block__title">首页置顶至（可选）</View>
        <Input className="cm-field cm-pinned" value={pinned} onChange={setPinned} placeholder="2026-12-31，不置顶请留空" maxLength={10} />
        <View className="form-block__hint">文号〔年份〕第 N 号与发文日期在项目经理批准时生成</View>
      </View>
      {error ? <View className="field-error">{error}</View> : null}
      <View className="actions">
        <Button id="cm-draft-save" type="primary" block loading={busy} disabled={busy} onClick={() => void save()}>
          保存草稿
        </Button>
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function DraftPage() {
  return <SessionGate>{(me) => <Draft me={me} />}</SessionGate>;
}
