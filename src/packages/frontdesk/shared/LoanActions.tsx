// What a keeper can do with a loan now: record the owner's phone consent (entrusted keys), hand the
// key over once confirmed, take it back checking count and condition, or cancel it. A loan someone
// else moved a moment ago answers CONFLICT; the caller reloads and shows what it is now.
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Input from '@nutui/nutui-react-taro/dist/es/packages/input/index';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import type { KeyCondition, Loan } from '../../../../types/keys';
import { call, messageOf } from '../../../services/cloud';
import { shanghaiParts, shanghaiIso } from '../../../utils/time';

type Mode = 'phone' | 'return' | 'cancel' | null;

const nowIso = () => {
  const p = shanghaiParts(Date.now());
  return shanghaiIso(p.year, p.month, p.day, p.hour, p.minute);
};

export function LoanActions({ loan, keyCount, onChanged }: { loan: Loan; keyCount?: number; onChanged: () => void }) {
  const [mode, setMode] = useState<Mode>(null);
  const [note, setNote] = useState('');
  const [count, setCount] = useState(String(keyCount ?? ''));
  const [condition, setCondition] = useState<KeyCondition>('intact');
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await work();
      void Taro.showToast({ title: done, icon: 'success' });
      setMode(null);
    } catch (error) {
      void Taro.showToast({ title: messageOf(error), icon: 'none', duration: 3000 });
    } finally {
      setBusy(false);
      onChanged();
    }
  };

  if (loan.state !== 'awaiting_owner' && loan.state !== 'confirmed' && loan.state !== 'out') return null;
  const open = (next: Mode) => {
    setNote('');
    setMode(mode === next ? null : next);
  };

  return (
    <View className="loan-actions" onClick={(e) => e.stopPropagation()}>
      <View className="desk-card__buttons">
        {loan.state === 'awaiting_owner' ? (
          <Button className="loan-phone" size="small" fill="outline" disabled={busy} onClick={() => open('phone')}>
            记录业主电话确认
          </Button>
        ) : null}
        {loan.state === 'confirmed' ? (
          <Button
            className="loan-hand-out"
            type="primary"
            size="small"
            loading={busy}
            disabled={busy}
            onClick={() => void run(() => call('keys', 'handOut', { id: loan.id }), '已交付钥匙')}
          >
            交付钥匙
          </Button>
        ) : null}
        {loan.state === 'out' ? (
          <Button className="loan-return" type="primary" size="small" disabled={busy} onClick={() => open('return')}>
            归还
          </Button>
        ) : null}
        {loan.state !== 'out' ? (
          <Button className="loan-cancel" type="danger" fill="outline" size="small" disabled={busy} onClick={() => open('cancel')}>
            取消借用
          </Button>
        ) : null}
      </View>
      {mode === 'phone' ? (
        <View className="form-block">
          <View className="form-block__hint">仅在已电话联系业主并获同意后记录，时间记为现在。</View>
          <Input className="loan-phone-note" value={note} onChange={setNote} placeholder="如：电话联系王先生，同意借给维修师傅" maxLength={100} />
          <Button
            className="loan-phone-confirm"
            type="primary"
            size="small"
            loading={busy}
            disabled={busy || !note.trim()}
            onClick={() => void run(() => call('keys', 'confirmLoan', { id: loan.id, phoneAt: nowIso(), note: note.trim() }), '已记录业主确认')}
          >
            业主已电话同意
          </Button>
        </View>
      ) : null}
      {mode === 'return' ? (
        <View className="form-block">
          <View className="desk-count">
            <View>归还数量</View>
            <Input className="loan-return-count" type="digit" value={count} onChange={setCount} maxLength={2} />
            <View className="muted">{keyCount !== undefined ? `登记 ${keyCount} 把` : ''}</View>
          </View>
          <View className="choice-row">
            {(['intact', 'damaged'] as const).map((c) => (
              <View key={c} className={`choice loan-condition--${c} ${condition === c ? 'choice--on' : ''}`} onClick={() => setCondition(c)}>
                {c === 'intact' ? '完好' : '损坏'}
              </View>
            ))}
          </View>
          <Input className="loan-return-note" value={note} onChange={setNote} placeholder="备注（选填），如 钥匙环断了" maxLength={100} />
          <Button
            className="loan-return-confirm"
            type="primary"
            size="small"
            loading={busy}
            disabled={busy || !/^\d+$/.test(count)}
            onClick={() => void run(() => call('keys', 'returnKey', { id: loan.id, count: Number(count), condition, ...(note.trim() ? { note: note.trim() } : {}) }), '已归还入柜')}
          >
            确认归还入柜
          </Button>
        </View>
      ) : null}
      {mode === 'cancel' ? (
        <View className="form-block">
          <Input className="loan-cancel-reason" value={note} onChange={setNote} placeholder="取消原因" maxLength={100} />
          <Button
            className="loan-cancel-confirm"
            type="danger"
            size="small"
            loading={busy}
            disabled={busy || !note.trim()}
            onClick={() => void run(() => call('keys', 'cancelLoan', { id: loan.id, reason: note.trim() }), '已取消')}
          >
            确认取消
          </Button>
        </View>
      ) : null}
    </View>
  );
}
