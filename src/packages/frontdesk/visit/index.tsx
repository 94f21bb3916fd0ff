// One visit: for the host, the code to forward (QR and text) while it can be used, and the way to
// withdraw it; for everyone who may see it, who came, when, and the timeline.
import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import type { Visit } from '../../../../types/visitors';
import { visitStateLabels } from '../../../../types/frontdesk-labels';
import SessionGate from '../../../components/SessionGate';
import { ErrorState, LoadingState } from '../../../components/PageState';
import { useRemote } from '../../../hooks/useRemote';
import { call, CloudError, messageOf } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import { fullTime } from '../../../utils/time';
import QrCode from '../../pass/shared/QrCode';
import { VisitCard } from '../shared/DeskParts';
import '../shared/frontdesk.scss';

function Detail({ id }: { id: string }) {
  const remote = useRemote(() => call('visitors', 'get', { id }), [id]);
  const [shown, setShown] = useState<Visit | null>(null);
  const [busy, setBusy] = useState(false);
  const visit = shown ?? remote.data?.visit ?? null;

  if (!visit && remote.status === 'loading') return <LoadingState />;
  if (!visit) return <ErrorState message={remote.error ?? '加载失败'} onRetry={() => void remote.reload()} />;

  const revoke = async () => {
    const { confirm } = await Taro.showModal({ title: '取消邀请', content: '取消后访客码立即失效，确定取消吗？' });
    if (!confirm) return;
    setBusy(true);
    try {
      setShown((await call('visitors', 'revoke', { id })).visit);
      void Taro.showToast({ title: '已取消邀请', icon: 'success' });
    } catch (error) {
      void Taro.showToast({ title: messageOf(error), icon: 'none', duration: 3000 });
      // the guard let them in a moment ago: show what it is now
      if (error instanceof CloudError && error.code === 'CONFLICT') {
        setShown(null);
        await remote.reload();
      }
    } finally {
      setBusy(false);
    }
  };

  const share = () => {
    if (!visit.qr) return;
    void Taro.setClipboardData({ data: `您好，这是您到访的访客码：${visit.qr}，请在 ${fullTime(visit.from)} 至 ${fullTime(visit.to)} 内向门岗出示（可念出号码），仅限入园一次。` });
  };

  return (
    <View className="page visit-detail">
      {visit.qr ? (
        <View className="card desk-code">
          <QrCode text={visit.qr} />
          <Text className="desk-code__text" id="visit-code-text" userSelect>
            {visit.qr}
          </Text>
          <View className="desk-code__hint">请把此码转发给访客：在邀请时段内向门岗出示，或念出上面的号码。仅限入园一次。</View>
        </View>
      ) : null}
      <VisitCard visit={visit} />
      <View className="card visit-timeline">
        <View className="desk-row__label">记录</View>
        {visit.events.map((event, i) => (
          <View key={i} className="desk-row">
            {fullTime(event.at)} · {visitStateLabels[event.to]}
            {event.actorName ? ` · ${event.actorName}` : ''}
            {event.note ? ` · ${event.note}` : ''}
          </View>
        ))}
      </View>
      <View className="actions">
        {visit.qr ? (
          <Button id="visit-share" type="primary" block onClick={share}>
            复制访客码和说明，发给访客
          </Button>
        ) : null}
        {visit.state === 'invited' && visit.qr ? (
          <Button id="visit-revoke" type="danger" fill="outline" block loading={busy} disabled={busy} onClick={() => void revoke()}>
            取消邀请
          </Button>
        ) : null}
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function VisitPage() {
  const { params } = useRouter();
  return <SessionGate>{() => <Detail id={params.id ?? ''} />}</SessionGate>;
}
