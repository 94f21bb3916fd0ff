// 钥匙盘点 (monthly): every key in the register against what the cabinet holds — a key out on a loan
// is not expected — and the differences listed once submitted.
import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import Input from '@nutui/nutui-react-taro/dist/es/packages/input/index';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import type { Key, StockTake } from '../../../../types/keys';
import SessionGate from '../../../components/SessionGate';
import { EmptyState, ErrorState, LoadingState } from '../../../components/PageState';
import { useRemote } from '../../../hooks/useRemote';
import { call, messageOf, newRequestId } from '../../../services/cloud';
import { goBack } from '../../../utils/nav';
import { fullTime } from '../../../utils/time';
import '../shared/frontdesk.scss';

/** The whole register: a stock-take counts every key. */
async function allKeys(): Promise<Key[]> {
  const keys: Key[] = [];
  let cursor: string | undefined;
  do {
    const page = await call('keys', 'list', { limit: 50, ...(cursor ? { cursor } : {}) });
    keys.push(...page.keys);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && keys.length < 500);
  return keys;
}

const expectedOf = (k: Key) => (k.state === 'in' ? k.count : 0);

function Count() {
  const remote = useRemote(allKeys, []);
  const [found, setFound] = useState<Record<string, string>>({});
  const [result, setResult] = useState<StockTake | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const requestId = useRef(newRequestId());

  if (!remote.data && remote.status === 'loading') return <LoadingState />;
  if (!remote.data) return <ErrorState message={remote.error ?? '加载失败'} onRetry={() => void remote.reload()} />;
  const keys = remote.data;
  const valueOf = (k: Key) => found[k.id] ?? String(expectedOf(k));

  const submit = async () => {
    if (keys.some((k) => !/^\d+$/.test(valueOf(k)))) {
      setError('请填写每把钥匙的实点数量');
      return;
    }
    setBusy(true);
    setError('');
    try {
      const { stockTake } = await call('keys', 'stockTake', { found: keys.map((k) => ({ id: k.id, found: Number(valueOf(k)) })) }, { requestId: requestId.current });
      setResult(stockTake);
      void Taro.showToast({ title: '盘点已提交', icon: 'success' });
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  if (result) {
    return (
      <View className="page key-stocktake">
        <View className={`desk-verdict ${result.differences.length === 0 ? 'desk-verdict--valid' : 'desk-verdict--refused'}`} id="stocktake-result">
          {result.differences.length === 0 ? `✓ 账实相符，共 ${result.lines.length} 把` : `✕ ${result.differences.length} 处不符，请查明原因`}
        </View>
        <View className="card">
          <View className="desk-row__label">
            {result.month} 盘点 · {result.byName ?? '钥匙管理员'} · {fullTime(result.at)}
          </View>
          {result.differences.map((line) => (
            <View key={line.keyId} className="desk-row desk-diff stocktake-diff">
              {line.tag}（{line.slot}）：应有 {line.expected}，实点 {line.found}
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
    <View className="page key-stocktake">
      <View className="muted desk-row">逐格清点钥匙柜，填写实点数量；借出中的钥匙应有数量为 0。</View>
      {keys.length === 0 ? <EmptyState title="登记册里还没有钥匙" /> : null}
      {keys.map((k) => {
        const differs = valueOf(k) !== String(expectedOf(k));
        return (
          <View key={k.id} className={`desk-card stocktake-line ${differs ? 'desk-card--breached' : ''}`}>
            <View className="desk-card__head">
              <Text className="desk-card__title">{k.tag}</Text>
              <Text className="muted">{k.slot}</Text>
            </View>
            <View className="desk-count">
              <Text>应有 {expectedOf(k)}</Text>
              <Text>实点</Text>
              <Input className="stocktake-found" type="digit" value={valueOf(k)} onChange={(v) => setFound((f) => ({ ...f, [k.id]: v }))} maxLength={2} />
              {k.state === 'out' ? <Text className="muted">借出中</Text> : null}
            </View>
          </View>
        );
      })}
      {error ? <View className="field-error">{error}</View> : null}
      <View className="actions">
        <Button id="stocktake-submit" type="primary" block loading={busy} disabled={busy || keys.length === 0} onClick={() => void submit()}>
          提交盘点
        </Button>
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function StockTakePage() {
  return <SessionGate>{() => <Count />}</SessionGate>;
}
