// 入伙记录 (SPEC §11): the owner sees the handover the steward recorded — the key day, the meter
// readings, the 房屋交付验收表 and the defects with their warranty tickets — and confirms it.
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import type { MeterKind, MoveInRecord } from '../../../../types/admin';
import { EmptyState, ErrorState, LoadingState } from '../../../components/PageState';
import SessionGate from '../../../components/SessionGate';
import { useRemote } from '../../../hooks/useRemote';
import { call, messageOf } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import { fullTime } from '../../../utils/time';
import '../shared/admin.scss';

const meterLabels: Record<MeterKind, string> = { water: '水表', electricity: '电表', gas: '燃气表' };
const meterUnits: Record<MeterKind, string> = { water: '吨', electricity: '度', gas: '立方米' };

function RecordCard({ record, onConfirmed }: { record: MoveInRecord; onConfirmed: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const failed = record.checklist.filter((c) => !c.ok);
  const confirm = async () => {
    setBusy(true);
    setError('');
    try {
      await call('admin', 'confirmMoveIn', { id: record.id });
      void Taro.showToast({ title: '已确认', icon: 'success' });
      onConfirmed();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="card admin-record">
      <View className="admin-row">
        <Text className="admin-title admin-row__main">{record.unit}</Text>
        <Text className={`admin-state ${record.state === 'confirmed' ? 'admin-state--off' : ''}`}>{record.state === 'confirmed' ? '已确认' : '待您确认'}</Text>
      </View>
      <View className="muted">
        交钥匙日期 {record.keysHandedOn} · 业主 {record.ownerName} · 管家 {record.recordedByName} 登记于 {fullTime(record.recordedAt)}
      </View>
      <View className="admin-table">
        {record.meters.map((m) => (
          <View key={m.kind} className="admin-table__row">
            <Text>{meterLabels[m.kind]}</Text>
            <Text>
              {m.reading} {meterUnits[m.kind]}
              {m.photos.length ? '（有照片）' : ''}
            </Text>
          </View>
        ))}
        <View className="admin-table__row">
          <Text>验收</Text>
          <Text>
            {failed.length === 0
              ? `${record.checklist.length} 项全部合格`
              : `${record.checklist.length} 项中 ${failed.length} 项不合格：${failed.map((c) => `${c.room}${c.item}`).join('、')}`}
          </Text>
        </View>
        {record.defects.map((d) => (
          <View key={d.ticketId} className="admin-table__row">
            <Text>{d.room}</Text>
            <Text>
              {d.description}（保修工单 {d.ticketNo}）
            </Text>
          </View>
        ))}
      </View>
      {error ? <View className="field-error">{error}</View> : null}
      {record.canConfirm ? (
        <View className="actions">
          <Button className="admin-record-confirm" type="primary" block loading={busy} disabled={busy} onClick={() => void confirm()}>
            确认入伙记录无误
          </Button>
        </View>
      ) : null}
      {record.confirmedAt ? <View className="muted">已于 {fullTime(record.confirmedAt)} 确认</View> : null}
    </View>
  );
}

function Records() {
  const list = useRemote(() => call('admin', 'moveIns', {}));
  if (list.status === 'loading' && !list.data) return <LoadingState />;
  if (list.status === 'error') return <ErrorState message={list.error} onRetry={() => void list.reload()} />;
  const records = list.data?.records ?? [];
  return (
    <View className="page admin-mine">
      {records.length === 0 ? <EmptyState title="还没有入伙记录" description="办理交房时，陪同的管家会在这里登记水电表底数和验收结果" /> : null}
      {records.map((r) => (
        <RecordCard key={r.id} record={r} onConfirmed={() => void list.reload()} />
      ))}
      <View className="actions">
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function AdminMinePage() {
  return <SessionGate>{() => <Records />}</SessionGate>;
}
