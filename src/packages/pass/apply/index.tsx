// 申请物品放行 (SPEC §5): items with counts and photos, the window, the carrier and the reason. A
// tenant's application goes to the owner first; the steward decides within 15 minutes.
import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Cell from '@nutui/nutui-react-taro/dist/es/packages/cell/index';
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css';
import Input from '@nutui/nutui-react-taro/dist/es/packages/input/index';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import DatePicker from '@nutui/nutui-react-taro/dist/es/packages/datepicker/index';
import '@nutui/nutui-react-taro/dist/es/packages/datepicker/style/css';
import type { Me } from '../../../../types/account';
import { PASS_MAX_WINDOW, type PassReason } from '../../../../types/passes';
import { spanText } from '../../../../types/sla-text';
import { passReasonLabels } from '../../../../types/labels';
import SessionGate from '../../../components/SessionGate';
import { BindFirstState } from '../../../components/PageState';
import { PrivacyNotice, usePrivacyConsent } from '../../../components/PrivacyConsent';
import { call, CloudError, messageOf, newRequestId } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import { levelsOf, within } from '../../../utils/levels';
import { choosePhotos, photoUrl, uploadPhoto } from '../../../services/photos';
import { recordGrants, requestSubscriptions } from '../../../services/subscribe';
import { fullTime, shanghaiIso, shanghaiParts } from '../../../utils/time';
import { clearPassDraft, loadPassDraft, passDraftHasContent, savePassDraft, type PassDraft } from './draft';
import '../shared/pass.scss';

const REASONS: PassReason[] = ['moving_out', 'renovation_waste', 'furniture', 'other'];
const MAX_ITEM_PHOTOS = 3;
const HALF_HOUR = 30 * 60_000;

interface ItemDraft {
  key: number;
  name: string;
  count: string;
  photos: string[];
  uploading: number;
}

/** The next half hour, and two hours after it: the usual move fits, and it is never in the past. */
function defaultWindow(now: number): { from: string; to: string } {
  const start = Math.ceil(now / HALF_HOUR) * HALF_HOUR;
  const iso = (ms: number) => {
    const p = shanghaiParts(ms);
    return shanghaiIso(p.year, p.month, p.day, p.hour, p.minute);
  };
  return { from: iso(start), to: iso(start + 4 * HALF_HOUR) };
}

function FieldError({ text }: { text?: string }) {
  return text ? <View className="field-error">{text}</View> : null;
}

function ItemPhotos({ item, onChange }: { item: ItemDraft; onChange: (patch: Partial<ItemDraft>) => void }) {
  const add = async () => {
    const room = MAX_ITEM_PHOTOS - item.photos.length - item.uploading;
    if (room <= 0) return;
    let picked;
    try {
      picked = await choosePhotos(room);
    } catch {
      return; // the chooser was closed
    }
    onChange({ uploading: item.uploading + picked.length });
    const done: string[] = [];
    for (const photo of picked) {
      try {
        done.push(await uploadPhoto(photo, 'passes', () => undefined));
      } catch (error) {
        void Taro.showToast({ title: error instanceof Error ? error.message : '上传失败', icon: 'none' });
      }
    }
    onChange({ photos: [...item.photos, ...done], uploading: 0 });
  };
  return (
    <View className="photo-picker">
      {item.photos.map((fileID) => (
        <View key={fileID} className="photo-picker__item photo-picker__item--done">
          <Image className="photo-picker__image" src={photoUrl(fileID)} mode="aspectFill" />
          <View className="photo-picker__remove" onClick={() => onChange({ photos: item.photos.filter((f) => f !== fileID) })}>
            ×
          </View>
        </View>
      ))}
      {item.uploading > 0 ? (
        <View className="photo-picker__add">
          <Text className="photo-picker__count">上传中…</Text>
        </View>
      ) : item.photos.length < MAX_ITEM_PHOTOS ? (
        <View className="photo-picker__add pass-item-photo-add" onClick={() => void add()}>
          <Text className="photo-picker__plus">+</Text>
          <Text className="photo-picker__count">
            {item.photos.length}/{MAX_ITEM_PHOTOS}
          </Text>
        </View>
      ) : null}
    </View>
  );
}

/** The items of a restored draft, each with its own key; one empty line when there is none. */
function itemsOf(draft: PassDraft | null): ItemDraft[] {
  const saved = draft?.items ?? [];
  if (saved.length === 0) return [{ key: 1, name: '', count: '1', photos: [], uploading: 0 }];
  return saved.map((item, index) => ({ key: index + 1, name: item.name, count: item.count, photos: item.photos, uploading: 0 }));
}

function ApplyForm({ me }: { me: Me }) {
  const units = me.units.filter((u) => u.state === 'active');
  // A draft from an earlier visit (a refresh, a lost reply) comes back whole, for a unit still bound.
  const [restored, setRestored] = useState(() => {
    const draft = loadPassDraft();
    if (!draft) return null;
    const bound = draft.target && units.some((u) => u.unit === draft.target?.unit && u.communityId === draft.target.communityId);
    return { ...draft, target: bound ? draft.target : null };
  });
  const firstUnit = units[0] ? { unit: units[0].unit, communityId: units[0].communityId } : null;
  const [target, setTarget] = useState(() => restored?.target ?? firstUnit);
  const [reason, setReason] = useState<PassReason>(() => restored?.reason ?? 'moving_out');
  const [reasonNote, setReasonNote] = useState(() => restored?.reasonNote ?? '');
  const [items, setItems] = useState<ItemDraft[]>(() => itemsOf(restored));
  const nextKey = useRef(items.length + 1);
  // a window already begun is no use: the next one from now instead
  const [slot, setSlot] = useState(() => (restored && Date.parse(restored.slot.from) > Date.now() ? restored.slot : defaultWindow(Date.now())));
  const [picking, setPicking] = useState<'from' | 'to' | null>(null);
  const [carrier, setCarrier] = useState(() => restored?.carrier ?? { name: '', phone: '', plate: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // one id per application: a retry after a lost reply (or a refresh) sends the same one, and makes one pass
  const requestId = useRef(restored?.requestId ?? newRequestId());
  const inFlight = useRef(false);
  const done = useRef(false);

  useEffect(() => {
    if (done.current) return;
    const draft: PassDraft = {
      requestId: requestId.current,
      target,
      reason,
      reasonNote,
      items: items.map((i) => ({ name: i.name, count: i.count, photos: i.photos })),
      slot,
      carrier,
    };
    if (passDraftHasContent(draft)) savePassDraft(draft);
  }, [target, reason, reasonNote, items, slot, carrier]);

  const startOver = () => {
    clearPassDraft();
    setRestored(null);
    requestId.current = newRequestId();
    setTarget(firstUnit);
    setReason('moving_out');
    setReasonNote('');
    setItems(itemsOf(null));
    nextKey.current = 2;
    setSlot(defaultWindow(Date.now()));
    setCarrier({ name: '', phone: '', plate: '' });
    setErrors({});
    setFailure(null);
  };
  const privacy = usePrivacyConsent();

  const clear = (...keys: string[]) =>
    setErrors((previous) => {
      const next = { ...previous };
      for (const key of Object.keys(next)) if (keys.some((k) => key === k || key.startsWith(`${k}.`))) delete next[key];
      return next;
    });
  const editItem = (key: number, patch: Partial<ItemDraft>) => {
    setItems((list) => list.map((item) => (item.key === key ? { ...item, ...patch } : item)));
    clear('items');
  };

  const send = async (grants: Promise<Array<'passDecision'>>) => {
    setSubmitting(true);
    setFailure(null);
    try {
      await recordGrants(grants);
      const { pass } = await call(
        'passes',
        'apply',
        {
          communityId: target?.communityId,
          unit: target?.unit ?? '',
          items: items.map((i) => ({ name: i.name.trim(), count: Number(i.count), photos: i.photos })),
          from: slot.from,
          to: slot.to,
          carrier: {
            name: carrier.name.trim(),
            ...(carrier.phone.trim() ? { phone: carrier.phone.trim() } : {}),
            ...(carrier.plate.trim() ? { plate: carrier.plate.trim() } : {}),
          },
          reason,
          ...(reasonNote.trim() ? { reasonNote: reasonNote.trim() } : {}),
        },
        { requestId: requestId.current },
      );
      done.current = true;
      clearPassDraft();
      void Taro.showToast({ title: '已提交', icon: 'success' });
      void Taro.redirectTo({ url: `/packages/pass/detail/index?id=${encodeURIComponent(pass.id)}` });
    } catch (error) {
      if (error instanceof CloudError && error.code === 'INVALID_INPUT' && Object.keys(error.fields).length > 0) setErrors(error.fields);
      else setFailure(`${messageOf(error)}。内容还在，可直接重新提交。`);
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  };

  const onSubmit = () => {
    if (inFlight.current) return;
    const missing: Record<string, string> = {};
    items.forEach((item, index) => {
      if (!item.name.trim()) missing[`items.${index}.name`] = '请填写物品名称';
      if (!/^\d+$/.test(item.count) || Number(item.count) < 1) missing[`items.${index}.count`] = '数量至少为 1';
    });
    if (!carrier.name.trim()) missing['carrier.name'] = '请填写搬运人姓名';
    if (!carrier.phone.trim() && !carrier.plate.trim()) missing['carrier.phone'] = '请填写搬运人电话或车牌号';
    if (reason === 'other' && !reasonNote.trim()) missing.reasonNote = '请说明放行事由';
    if (items.some((i) => i.uploading > 0)) missing.items = '图片还在上传，请稍候';
    if (Object.keys(missing).length > 0) {
      setErrors(missing);
      return;
    }
    inFlight.current = true;
    // in the tap's own call stack, before any await, or WeChat refuses it
    const grants = requestSubscriptions(['passDecision']) as Promise<Array<'passDecision'>>;
    void send(grants);
  };

  if (units.length === 0) {
    return <BindFirstState description="绑定并核验房屋后即可申请物品放行" />;
  }

  const role = units.find((u) => u.unit === target?.unit && u.communityId === target?.communityId)?.role;
  const known = new Set(['unit', 'reason', 'reasonNote', 'from', 'to', 'items']);
  const others = Object.entries(errors).filter(([key]) => !known.has(key) && !key.startsWith('items.') && !key.startsWith('carrier.'));
  const now = Date.now();

  return (
    <View className="page pass-apply">
      {restored && passDraftHasContent(restored) ? (
        <View className="pass-warning pass-restored">
          已恢复您上次填写的内容。
          <Text className="pass-restored__discard" onClick={startOver}>
            清空重填
          </Text>
        </View>
      ) : null}
      <View className="form-block">
        <View className="form-block__title">房屋</View>
        <View className="choice-row">
          {units.map((u) => (
            <View
              key={u.id}
              className={`choice pass-unit ${target?.unit === u.unit && target.communityId === u.communityId ? 'choice--on' : ''}`}
              onClick={() => setTarget({ unit: u.unit, communityId: u.communityId })}
            >
              {u.unit}
            </View>
          ))}
        </View>
        {role === 'resident' ? <View className="form-block__hint">您是住户：提交后需业主在小程序中确认（或由管家电话联系业主确认），再由管家审批。</View> : null}
        <FieldError text={errors.unit} />

        <View className="form-block__title">事由</View>
        <View className="choice-row">
          {REASONS.map((r) => (
            <View
              key={r}
              className={`choice pass-reason pass-reason--${r} ${reason === r ? 'choice--on' : ''}`}
              onClick={() => {
                setReason(r);
                clear('reasonNote');
              }}
            >
              {passReasonLabels[r]}
            </View>
          ))}
        </View>
        {reason === 'other' ? (
          <View className="pass-field">
            <Text className="pass-field__label">说明</Text>
            <Input
              className="pass-reason-note"
              value={reasonNote}
              onChange={(v) => {
                setReasonNote(v);
                clear('reasonNote');
              }}
              placeholder="请说明事由"
              maxLength={100}
            />
          </View>
        ) : null}
        <FieldError text={errors.reasonNote} />
      </View>

      <View className="section-title">放行物品（与实物一致，门岗会核对）</View>
      {items.map((item, index) => (
        <View key={item.key} className="pass-item-edit">
          <View className="pass-item-edit__head">
            <Text>物品 {index + 1}</Text>
            {items.length > 1 ? (
              <Text
                className="pass-item-edit__remove"
                onClick={() => {
                  setItems((list) => list.filter((i) => i.key !== item.key));
                  clear('items');
                }}
              >
                删除
              </Text>
            ) : null}
          </View>
          <View className="pass-field">
            <Text className="pass-field__label">名称</Text>
            <Input className="pass-item-name" value={item.name} onChange={(name) => editItem(item.key, { name })} placeholder="物品名称，如 双人床、纸箱" maxLength={40} />
          </View>
          <FieldError text={errors[`items.${index}.name`]} />
          <View className="pass-field">
            <Text className="pass-field__label">数量</Text>
            <Input className="pass-item-count" type="digit" value={item.count} onChange={(count) => editItem(item.key, { count })} placeholder="数量" maxLength={3} />
          </View>
          <FieldError text={errors[`items.${index}.count`]} />
          {privacy.granted ? <ItemPhotos item={item} onChange={(patch) => editItem(item.key, patch)} /> : null}
          <FieldError text={errors[`items.${index}.photos`]} />
        </View>
      ))}
      <FieldError text={errors.items} />
      {items.length < 20 ? (
        <View
          className="pass-add-item"
          onClick={() => {
            setItems((list) => [...list, { key: nextKey.current++, name: '', count: '1', photos: [], uploading: 0 }]);
            clear('items');
          }}
        >
          + 添加物品
        </View>
      ) : null}

      <View className="form-block form-block--cell">
        <Cell className="pass-from" title="开始时间" extra={fullTime(slot.from)} clickable onClick={() => setPicking('from')} />
        <FieldError text={errors.from} />
        <Cell className="pass-to" title="结束时间" extra={fullTime(slot.to)} clickable onClick={() => setPicking('to')} />
        <FieldError text={errors.to} />
        <View className="form-block__hint">放行时段最长 {spanText(PASS_MAX_WINDOW)}；请在时段内向门岗出示放行码。</View>
      </View>

      <View className="form-block">
        <View className="form-block__title">搬运人</View>
        {privacy.granted === false ? (
          <PrivacyNotice purpose="填写搬运人电话和上传物品照片需要您同意隐私保护提示。" onAgreeH5={privacy.agreeH5} onAgreeWeapp={privacy.onAgreeWeapp} />
        ) : null}
        <View className="pass-field">
          <Text className="pass-field__label">姓名</Text>
          <Input
            className="pass-carrier-name"
            value={carrier.name}
            onChange={(name) => {
              setCarrier((c) => ({ ...c, name }));
              clear('carrier');
            }}
            placeholder="姓名，如 刘师傅"
            maxLength={20}
          />
        </View>
        <FieldError text={errors['carrier.name']} />
        <View className="pass-field">
          <Text className="pass-field__label">电话</Text>
          <Input
            className="pass-carrier-phone"
            type="tel"
            value={carrier.phone}
            disabled={!privacy.granted}
            onChange={(phone) => {
              setCarrier((c) => ({ ...c, phone }));
              clear('carrier');
            }}
            placeholder={privacy.granted ? '手机号' : '请先同意隐私保护提示'}
            maxLength={11}
          />
        </View>
        <FieldError text={errors['carrier.phone']} />
        <View className="pass-field">
          <Text className="pass-field__label">车牌</Text>
          <Input
            className="pass-carrier-plate"
            value={carrier.plate}
            onChange={(plate) => {
              setCarrier((c) => ({ ...c, plate }));
              clear('carrier');
            }}
            placeholder="车牌号（选填），如 鲁B12345"
            maxLength={8}
          />
        </View>
        <FieldError text={errors['carrier.plate'] ?? errors.carrier} />
      </View>

      {others.map(([key, text]) => (
        <FieldError key={key} text={text} />
      ))}
      {failure ? <View className="pass-warning pass-failure">{failure}</View> : null}

      <View className="actions">
        <Button id="pass-submit" type="primary" block loading={submitting} disabled={submitting} onClick={onSubmit}>
          {failure ? '重新提交' : '提交申请'}
        </Button>
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
        <View className="muted pass-promise">
          管家将在{within(levelsOf(me, target?.communityId).passes.decide)}审批；提交时会请求订阅「放行审批结果」，结果也会出现在消息中心。
        </View>
      </View>

      <DatePicker
        visible={picking !== null}
        title={picking === 'to' ? '结束时间' : '开始时间'}
        type="datetime"
        showChinese
        minuteStep={15}
        startDate={new Date(now)}
        endDate={new Date(now + 31 * 86400_000)}
        defaultValue={new Date(Date.parse(picking === 'to' ? slot.to : slot.from))}
        onClose={() => setPicking(null)}
        onConfirm={(_options, values) => {
          const [year, month, day, hour, minute] = values.map(Number);
          if ([year, month, day, hour, minute].every((n) => Number.isFinite(n))) {
            const picked = shanghaiIso(year, month, day, hour, minute);
            if (picking === 'from') {
              // keep the length of the window when its start moves
              const length = Date.parse(slot.to) - Date.parse(slot.from);
              const end = shanghaiParts(Date.parse(picked) + length);
              setSlot({ from: picked, to: shanghaiIso(end.year, end.month, end.day, end.hour, end.minute) });
            } else {
              setSlot((w) => ({ ...w, to: picked }));
            }
            clear('from', 'to');
          }
          setPicking(null);
        }}
      />
    </View>
  );
}

export default function PassApplyPage() {
  return <SessionGate>{(me) => <ApplyForm me={me} />}</SessionGate>;
}
