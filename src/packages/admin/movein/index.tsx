// 入伙登记 (SPEC §11, the seed's 入住服务): the steward records the handover with the owner present —
// who, the day the keys were handed over, the meter readings with a photo each, the 房屋交付验收表
// (room × item, √ or ×) and each defect found, which becomes a warranty ticket at once.
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Input from '@nutui/nutui-react-taro/dist/es/packages/input/index';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import type { Me } from '../../../../types/account';
import { CHECKLIST_ITEMS, CHECKLIST_ROOMS, type MeterKind, type MoveInRecord } from '../../../../types/admin';
import { EmptyState } from '../../../components/PageState';
import SessionGate from '../../../components/SessionGate';
import { call, messageOf, newRequestId } from '../../../services/cloud';
import { choosePhotos, uploadPhoto } from '../../../services/photos';
import { goBack } from '../../../utils/nav';
import { shanghaiDay } from '../../../utils/time';
import { within } from '../../../utils/within';
import '../shared/admin.scss';

const meterLabels: Record<MeterKind, string> = { water: '水表（吨）', electricity: '电表（度）', gas: '燃气表（立方米）' };
const METERS: MeterKind[] = ['water', 'electricity', 'gas'];

interface DefectDraft {
  room: string;
  description: string;
  severity: 'minor' | 'major';
}

function MoveIn({ me }: { me: Me }) {
  const post = me.staff.find((p) => ['steward', 'lead', 'manager'].includes(p.role));
  const [unit, setUnit] = useState('');
  const [ownerName, setOwnerName] = useState('');
  const [ownerPhone, setOwnerPhone] = useState('');
  const [keysHandedOn, setKeysHandedOn] = useState(shanghaiDay(Date.now()));
  const [readings, setReadings] = useState<Record<MeterKind, string>>({ water: '', electricity: '', gas: '' });
  const [photos, setPhotos] = useState<Record<MeterKind, string[]>>({ water: [], electricity: [], gas: [] });
  const [bad, setBad] = useState<Record<string, boolean>>({});
  const [defects, setDefects] = useState<DefectDraft[]>([]);
  const [requestId] = useState(newRequestId());
  const [record, setRecord] = useState<MoveInRecord | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const levels = me.serviceLevels[0].tickets.resolve.warranty;
  if (!post) return <EmptyState title="仅管家可用" description="入伙登记由陪同交房的管家填写" />;

  const photo = async (kind: MeterKind) => {
    try {
      const [picked] = await choosePhotos(1);
      if (!picked) return;
      const fileID = await uploadPhoto(picked, 'movein', () => undefined);
      setPhotos({ ...photos, [kind]: [fileID] });
    } catch (failure) {
      setError(messageOf(failure));
    }
  };
  const submit = async () => {
    setBusy(true);
    setError('');
    try {
      const meters = METERS.filter((k) => readings[k].trim() !== '').map((k) => ({ kind: k, reading: Number(readings[k]), photos: photos[k] }));
      const checklist = CHECKLIST_ROOMS.flatMap((room) => CHECKLIST_ITEMS.map((item) => ({ room, item, ok: !bad[`${room}|${item}`], note: null })));
      const { record: saved } = await call(
        'admin',
        'moveIn',
        { communityId: post.communityId, unit: unit.trim(), ownerName, ownerPhone, keysHandedOn, meters, checklist, defects: defects.filter((d) => d.description.trim()) },
        { requestId },
      );
      setRecord(saved);
      void Taro.showToast({ title: '已登记', icon: 'success' });
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  if (record) {
    return (
      <View className="page admin-movein">
        <View className="card" id="admin-movein-done">
          <View className="admin-title">{record.unit} 入伙已登记</View>
          <View className="muted">
            交钥匙日期 {record.keysHandedOn} · 业主 {record.ownerName}。业主可在小程序「入伙记录」中查看并确认。
          </View>
          {record.defects.map((d) => (
            <View key={d.ticketId} className="admin-row">
              <Text className="admin-row__main">
                {d.room}：{d.description}
              </Text>
              <Text className="admin-state">保修工单 {d.ticketNo}</Text>
            </View>
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

  return (
    <View className="page admin-movein">
      <View className="card">
        <View className="admin-title">交房信息</View>
        <View className="admin-field">
          <View className="admin-label">房号（栋-单元-房号）</View>
          <Input className="admin-input admin-movein-unit" value={unit} onChange={setUnit} placeholder="例如 3-2-1202" />
        </View>
        <View className="admin-field">
          <View className="admin-label">业主姓名</View>
          <Input className="admin-input admin-movein-owner" value={ownerName} onChange={setOwnerName} maxLength={20} />
        </View>
        <View className="admin-field">
          <View className="admin-label">业主手机号</View>
          <Input className="admin-input admin-movein-phone" type="tel" value={ownerPhone} onChange={setOwnerPhone} maxLength={11} />
        </View>
        <View className="admin-field">
          <View className="admin-label">交钥匙日期</View>
          <Input className="admin-input admin-movein-date" value={keysHandedOn} onChange={setKeysHandedOn} placeholder="2026-11-24" />
        </View>
      </View>
      <View className="card">
        <View className="admin-title">水电气表底数</View>
        {METERS.map((k) => (
          <View key={k} className="admin-row">
            <View className="admin-row__main">
              <View className="admin-label">{meterLabels[k]}</View>
              <Input className={`admin-input admin-movein-meter-${k}`} type="digit" value={readings[k]} onChange={(v) => setReadings({ ...readings, [k]: v })} />
            </View>
            {photos[k][0] ? <Image src={photos[k][0]} style={{ width: '80px', height: '80px' }} /> : null}
            <Button size="small" fill="none" onClick={() => void photo(k)}>
              {photos[k].length ? '重拍' : '拍照'}
            </Button>
          </View>
        ))}
      </View>
      <View className="card">
        <View className="admin-title">房屋交付验收表</View>
        <View className="muted">默认全部合格（√），点击不合格的项目改为 ×</View>
        <View className="admin-grid">
          <View className="admin-grid__row">
            <View className="admin-grid__head" />
            {CHECKLIST_ITEMS.map((item) => (
              <View key={item} className="admin-grid__cell muted">
                {item}
              </View>
            ))}
          </View>
          {CHECKLIST_ROOMS.map((room) => (
            <View key={room} className="admin-grid__row">
              <View className="admin-grid__head">{room}</View>
              {CHECKLIST_ITEMS.map((item) => {
                const key = `${room}|${item}`;
                return (
                  <View key={item} className={`admin-grid__cell ${bad[key] ? 'admin-grid__cell--bad' : ''}`} onClick={() => setBad({ ...bad, [key]: !bad[key] })}>
                    {bad[key] ? '×' : '√'}
                  </View>
                );
              })}
            </View>
          ))}
        </View>
      </View>
      <View className="card">
        <View className="admin-title">验收问题（每条生成一张保修工单）</View>
        {defects.map((d, i) => (
          <View key={i} className="admin-field">
            <View className="admin-chips">
              {CHECKLIST_ROOMS.map((room) => (
                <View
                  key={room}
                  className={`admin-chip ${d.room === room ? 'admin-chip--on' : ''}`}
                  onClick={() => setDefects(defects.map((x, j) => (j === i ? { ...x, room } : x)))}
                >
                  {room}
                </View>
              ))}
            </View>
            <Input
              className="admin-input admin-movein-defect"
              value={d.description}
              onChange={(v) => setDefects(defects.map((x, j) => (j === i ? { ...x, description: v } : x)))}
              placeholder="问题描述，如：卫生间地漏返水"
            />
            <View className="admin-chips">
              {(['minor', 'major'] as const).map((s) => (
                <View
                  key={s}
                  className={`admin-chip ${d.severity === s ? 'admin-chip--on' : ''}`}
                  onClick={() => setDefects(defects.map((x, j) => (j === i ? { ...x, severity: s } : x)))}
                >
                  {s === 'minor' ? `小问题（${within(levels.minor.span)}）` : `大问题（${within(levels.major.span)}）`}
                </View>
              ))}
            </View>
          </View>
        ))}
        <Button id="admin-movein-add-defect" size="small" fill="outline" onClick={() => setDefects([...defects, { room: CHECKLIST_ROOMS[0], description: '', severity: 'minor' }])}>
          添加问题
        </Button>
      </View>
      {error ? <View className="field-error admin-movein-error">{error}</View> : null}
      <View className="actions">
        <Button id="admin-movein-submit" type="primary" block loading={busy} disabled={busy} onClick={() => void submit()}>
          提交入伙登记
        </Button>
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function AdminMoveInPage() {
  return <SessionGate>{(me) => <MoveIn me={me} />}</SessionGate>;
}
