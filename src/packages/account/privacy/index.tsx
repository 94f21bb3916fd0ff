import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import Cell from '@nutui/nutui-react-taro/dist/es/packages/cell/index';
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css';
import CellGroup from '@nutui/nutui-react-taro/dist/es/packages/cellgroup/index';
import '@nutui/nutui-react-taro/dist/es/packages/cellgroup/style/css';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Dialog from '@nutui/nutui-react-taro/dist/es/packages/dialog/index';
import '@nutui/nutui-react-taro/dist/es/packages/dialog/style/css';
import { bindingStateLabels, roleLabels } from '../../../../types/labels';
import type { TemplateKey } from '../../../../types/notify';
import { templateLabels } from '../../../../types/labels';
import { ErrorState, LoadingState } from '../../../components/PageState';
import { useRemote } from '../../../hooks/useRemote';
import { call, messageOf } from '../../../services/cloud';
import { refreshSession } from '../../../services/session';
import { goBack } from '../../../utils/nav';
import { RATE_COUNT_KEEP, REQUEST_KEEP } from '../../../../types/account';
import { spanText } from '../../../../types/sla-text';

/**
 * Names of the record kinds the server counts, by the subject names registered in
 * cloudfunctions/core (registerPersonalData); a key we do not know yet shows as is.
 */
const recordLabels: Record<string, string> = {
  tickets: '报修与投诉',
  orders: '服务订单',
  passes: '放行条',
  questions: '咨询',
  inbox: '消息',
  sendLog: '推送记录',
  greetings: '祝福记录',
  bindings: '房屋绑定',
  subscriptions: '订阅授权',
  profile: '个人资料',
  requests: `最近的提交（保留 ${spanText(REQUEST_KEEP)}）`,
  rateLimits: `操作频率计数（保留 ${spanText(RATE_COUNT_KEEP)}）`,
};

export default function PrivacyPage() {
  const data = useRemote(() => call('account', 'myData', {}), []);
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);

  const remove = async () => {
    setDeleting(true);
    try {
      const { deleted } = await call('account', 'deleteMyData', { confirm: true });
      setConfirming(false);
      const total = Object.values(deleted).reduce((sum, n) => sum + n, 0);
      await Promise.all([data.reload(), refreshSession()]);
      await Taro.showModal({ title: '已删除', content: `已删除 ${total} 项个人信息。已完成的服务记录仍保留，但不再关联到您。`, showCancel: false });
    } catch (error) {
      void Taro.showToast({ title: messageOf(error), icon: 'none', duration: 3000 });
    } finally {
      setDeleting(false);
    }
  };

  if (data.status === 'loading' && !data.data) return <LoadingState />;
  if (data.status === 'error' && !data.data) return <ErrorState message={data.error} onRetry={() => void data.reload()} />;
  if (!data.data) return <LoadingState />;
  const mine = data.data;
  const grants = (Object.entries(mine.subscriptions) as [TemplateKey, number][]).filter(([, n]) => n > 0);
  const records = Object.entries(mine.records).filter(([, n]) => n > 0);

  return (
    <View className="page">
      <CellGroup title="个人资料">
        {/* The raw WeChat id means nothing to an owner; that we hold one is what they need to know. */}
        <Cell title="微信账号标识" description="用于识别您本人，不含昵称和头像" extra="已保存" />
        <Cell title="姓名" extra={mine.profile.name ?? '未填写'} />
        <Cell title="生日（月-日）" extra={mine.profile.birthday ?? '未填写'} />
        <Cell title="接收祝福" extra={mine.profile.greetingsOptIn ? '是' : '否'} />
      </CellGroup>
      <CellGroup title="房屋绑定">
        {mine.bindings.length === 0 ? <Cell title="无" /> : null}
        {mine.bindings.map((binding) => (
          <Cell
            key={binding.id}
            title={`${binding.communityName} ${binding.unit}`}
            description={`${roleLabels[binding.role]} · 手机 ${binding.phone}`}
            extra={bindingStateLabels[binding.state]}
          />
        ))}
      </CellGroup>
      <CellGroup title="订阅消息授权（剩余次数）">
        {grants.length === 0 ? <Cell title="无" /> : null}
        {grants.map(([key, n]) => (
          <Cell key={key} title={templateLabels[key]} extra={`${n} 次`} />
        ))}
      </CellGroup>
      <CellGroup title="其他记录">
        {records.length === 0 ? <Cell title="无" /> : null}
        {records.map(([key, n]) => (
          <Cell key={key} title={recordLabels[key] ?? key} extra={`${n} 条`} />
        ))}
      </CellGroup>

      <View className="actions">
        <Button id="delete-my-data" type="danger" block onClick={() => setConfirming(true)}>
          删除我的个人信息
        </Button>
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
        <View className="muted">删除后将解除房屋绑定、清除生日、订阅和消息；物业已完成的服务记录会保留但不再包含您的个人信息。</View>
      </View>

      <Dialog
        visible={confirming}
        title="确认删除个人信息？"
        content="此操作无法撤销。删除后需重新绑定房屋才能继续使用服务。"
        confirmText={deleting ? '删除中…' : '确认删除'}
        cancelText="取消"
        disableConfirmButton={deleting}
        onConfirm={() => void remove()}
        onCancel={() => setConfirming(false)}
        onClose={() => setConfirming(false)}
      />
    </View>
  );
}
