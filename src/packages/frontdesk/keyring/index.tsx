// 钥匙登记 (SPEC §14; 钥匙管理): the register — tag, unit or area, source, count, slot, holder,
// whether it is in — and a new key's registration. An owner-entrusted key waits for the owner to
// agree to the entrustment's terms in the app. Tap a key to lend it.
import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Input from '@nutui/nutui-react-taro/dist/es/packages/input/index';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import type { KeySource } from '../../../../types/keys';
import { entrustmentStateLabels, keySourceLabels } from '../../../../types/frontdesk-labels';
import { EmptyState, ErrorState, ListMore, LoadingState } from '../../../components/PageState';
import SessionGate from '../../../components/SessionGate';
import { call, CloudError, messageOf, newRequestId } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import { KeyLine } from '../shared/DeskParts';
import { useKeyPages } from '../shared/useKeys';
import '../shared/frontdesk.scss';

const SOURCES: KeySource[] = ['entrusted', 'developer', 'public_area', 'equipment_room'];
const BLANK = { tag: '', unit: '', area: '', count: '1', slot: '', holder: '' };

function FieldError({ text }: { text?: string }) {
  return text ? <View className="field-error">{text}</View> : null;
}

function RegisterForm({ onDone }: { onDone: () => void }) {
  const [form, setForm] = useState(BLANK);
  const [source, setSource] = useState<KeySource>('entrusted');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const requestId = useRef(newRequestId());
  const ofUnit = source === 'entrusted' || source === 'developer';
  const edit = (patch: Partial<typeof BLANK>) => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors({});
  };
  const submit = async () => {
    setBusy(true);
    try {
      await call(
        'keys',
        'register',
        {
          tag: form.tag.trim(),
          source,
          ...(ofUnit ? { unit: form.unit.trim() } : { area: form.area.trim() }),
          count: Number(form.count) || 0,
          slot: form.slot.trim(),
          ...(form.holder.trim() ? { holder: form.holder.trim() } : {}),
        },
        { requestId: requestId.current },
      );
      void Taro.showToast({ title: '已登记', icon: 'success' });
      requestId.current = newRequestId();
      setForm(BLANK);
      onDone();
    } catch (error) {
      if (error instanceof CloudError && error.code === 'INVALID_INPUT' && Object.keys(error.fields).length > 0) setErrors(error.fields);
      else setErrors({ form: messageOf(error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="form-block key-register">
      <View className="form-block__title">登记钥匙</View>
      <View className="choice-row">
        {SOURCES.map((s) => (
          <View key={s} className={`choice key-source key-source--${s} ${source === s ? 'choice--on' : ''}`} onClick={() => setSource(s)}>
            {keySourceLabels[s]}
          </View>
        ))}
      </View>
      <View className="desk-field">
        <Text className="desk-field__label">标签</Text>
        <Input className="key-tag" value={form.tag} onChange={(tag) => edit({ tag })} placeholder="如 1-1-101 入户门" maxLength={40} />
      </View>
      <FieldError text={errors.tag} />
      {ofUnit ? (
        <View className="desk-field">
          <Text className="desk-field__label">房号</Text>
          <Input className="key-unit" value={form.unit} onChange={(unit) => edit({ unit })} placeholder="如 1-1-101" maxLength={20} />
        </View>
      ) : (
        <View className="desk-field">
          <Text className="desk-field__label">区域</Text>
          <Input className="key-area" value={form.area} onChange={(area) => edit({ area })} placeholder="如 1 栋水泵房" maxLength={40} />
        </View>
      )}
      <FieldError text={errors.unit ?? errors.area} />
      <View className="desk-field">
        <Text className="desk-field__label">数量</Text>
        <Input className="key-count" type="digit" value={form.count} onChange={(count) => edit({ count })} maxLength={2} />
      </View>
      <FieldError text={errors.count} />
      <View className="desk-field">
        <Text className="desk-field__label">存放位置</Text>
        <Input className="key-slot" value={form.slot} onChange={(slot) => edit({ slot })} placeholder="钥匙柜格位，如 A-12" maxLength={20} />
      </View>
      <FieldError text={errors.slot} />
      <View className="desk-field">
        <Text className="desk-field__label">保管部门</Text>
        <Input className="key-holder" value={form.holder} onChange={(holder) => edit({ holder })} placeholder="默认 客服中心" maxLength={20} />
      </View>
      {source === 'entrusted' ? <View className="form-block__hint">业主委托的钥匙登记后，须业主在小程序同意委托条款才生效，借出前须经业主确认。</View> : null}
      {errors.form ? <View className="field-error">{errors.form}</View> : null}
      <View className="actions">
        <Button id="key-register-submit" type="primary" block loading={busy} disabled={busy} onClick={() => void submit()}>
          登记
        </Button>
      </View>
    </View>
  );
}

function KeyRing() {
  const { pages, reload, loadMore } = useKeyPages({ limit: 50 });
  const [adding, setAdding] = useState(false);
  const open = (id: string) => void Taro.navigateTo({ url: `/packages/frontdesk/lend/index?id=${encodeURIComponent(id)}` });
  return (
    <View className="page key-ring">
      <View className="desk-links">
        <Button id="key-add" type="primary" size="small" onClick={() => setAdding(!adding)}>
          {adding ? '收起' : '登记钥匙'}
        </Button>
        <Button id="key-to-loans" size="small" fill="outline" onClick={() => void Taro.navigateTo({ url: '/packages/frontdesk/loans/index' })}>
          借出与归还
        </Button>
        <Button id="key-to-stocktake" size="small" fill="outline" onClick={() => void Taro.navigateTo({ url: '/packages/frontdesk/stocktake/index' })}>
          月度盘点
        </Button>
      </View>
      {adding ? (
        <RegisterForm
          onDone={() => {
            setAdding(false);
            void reload();
          }}
        />
      ) : null}
      {pages.status === 'loading' && pages.items.length === 0 ? <LoadingState /> : null}
      {pages.status === 'error' && pages.items.length === 0 ? <ErrorState message={pages.error ?? ''} onRetry={() => void reload()} /> : null}
      {pages.status === 'ready' && pages.items.length === 0 ? <EmptyState title="登记册里还没有钥匙" description="点「登记钥匙」录入钥匙柜里的钥匙" /> : null}
      {pages.items.map((k) => (
        <View key={k.id} className={`desk-card key-card ${k.state === 'out' ? 'desk-card--near' : 'desk-card--ok'}`} onClick={() => open(k.id)}>
          <View className="desk-card__head">
            <Text className="desk-card__title">{k.tag}</Text>
            <Text className={`desk-state desk-state--${k.state === 'out' ? 'working' : 'done'}`}>{k.state === 'out' ? '已借出' : '在柜'}</Text>
          </View>
          <KeyLine k={k} />
          {k.entrustment ? (
            <View className={`desk-card__line ${k.entrustment.state === 'active' ? 'muted' : 'desk-diff'}`}>
              {k.entrustment.ownerName ?? '业主'} · {entrustmentStateLabels[k.entrustment.state]}
            </View>
          ) : null}
        </View>
      ))}
      <ListMore pages={pages} onMore={() => void loadMore()} />
      <View className="actions">
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function KeyRingPage() {
  return <SessionGate>{() => <KeyRing />}</SessionGate>;
}
