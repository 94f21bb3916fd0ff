// 物品放行登记 — the lobby's 《物品放行条》 register: every pass of a day (by the day its window
// starts), by building and state, latest window first.
import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import type { Me } from '../../../../types/account';
import type { PassState } from '../../../../types/passes';
import { passReasonLabels, passStateLabels } from '../../../../types/labels';
import { EmptyState, ErrorState, LoadingState, MoreButton } from '../../../components/PageState';
import SessionGate from '../../../components/SessionGate';
import { goBack } from '../../../utils/nav';
import { itemsText, PassStateTag } from '../shared/PassParts';
import { shanghaiDay, windowText } from '../../../utils/time';
import { usePassPages } from '../shared/usePassPages';
import '../shared/pass.scss';

const STATES: PassState[] = ['pending', 'owner_confirmed', 'approved', 'used', 'refused_at_gate', 'rejected', 'expired', 'revoked'];
const DAY = 86400_000;

function Chip({ on, label, className, onTap }: { on: boolean; label: string; className: string; onTap: () => void }) {
  return (
    <View className={`filter ${className} ${on ? 'filter--on' : ''}`} onClick={onTap}>
      {label}
    </View>
  );
}

function Register({ me }: { me: Me }) {
  const [day, setDay] = useState(() => shanghaiDay(Date.now()));
  const [building, setBuilding] = useState<string | null>(null);
  const [state, setState] = useState<PassState | null>(null);
  const { pages, reload, loadMore } = usePassPages({
    view: 'log',
    limit: 20,
    date: day,
    ...(building ? { building } : {}),
    ...(state ? { state } : {}),
  });
  const shift = (days: number) => setDay((d) => shanghaiDay(Date.parse(`${d}T12:00:00+08:00`) + days * DAY));
  // every building seen so far stays offered, so a filter never hides the way back to another
  const seen = useRef(new Set<string>(me.staff.flatMap((p) => p.buildings)));
  for (const pass of pages.items) seen.current.add(pass.building);
  const buildings = [...seen.current].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));

  return (
    <View className="page pass-log">
      <View className="pass-day">
        <Text className="filter pass-day__prev" onClick={() => shift(-1)}>
          ‹ 前一天
        </Text>
        <Text className="pass-day__value">{day}</Text>
        <Text className="filter pass-day__next" onClick={() => shift(1)}>
          后一天 ›
        </Text>
      </View>
      <View className="filters">
        <Chip className="pass-log-building--all" on={building === null} label="全部楼栋" onTap={() => setBuilding(null)} />
        {buildings.map((b) => (
          <Chip key={b} className="pass-log-building" on={building === b} label={`${b} 栋`} onTap={() => setBuilding(b)} />
        ))}
      </View>
      <View className="filters">
        <Chip className="pass-log-state--all" on={state === null} label="全部状态" onTap={() => setState(null)} />
        {STATES.map((s) => (
          <Chip key={s} className={`pass-log-state--${s}`} on={state === s} label={passStateLabels[s]} onTap={() => setState(s)} />
        ))}
      </View>

      {pages.status === 'loading' && pages.items.length === 0 ? <LoadingState /> : null}
      {pages.status === 'error' && pages.items.length === 0 ? <ErrorState message={pages.error ?? ''} onRetry={() => void reload()} /> : null}
      {pages.status === 'ready' && pages.items.length === 0 ? <EmptyState title="这一天没有符合条件的放行条" /> : null}
      {pages.items.map((pass) => (
        <View key={pass.id} className="pass-register" onClick={() => void Taro.navigateTo({ url: `/packages/pass/detail/index?id=${encodeURIComponent(pass.id)}` })}>
          <View className="pass-register__head">
            <Text>
              {pass.no} · {pass.unit}
            </Text>
            <PassStateTag pass={pass} />
          </View>
          <View className="pass-row">{itemsText(pass)}</View>
          <View className="pass-row">
            {windowText(pass.from, pass.to)} · {passReasonLabels[pass.reason]} · 搬运 {pass.carrier.name ?? '—'}
            {pass.carrier.plate ? ` ${pass.carrier.plate}` : ''}
          </View>
          <View className="pass-row muted">
            申请 {pass.applicantName ?? '—'}
            {pass.decision ? ` · ${pass.decision.approved ? '批准' : '不批准'} ${pass.decision.byName ?? ''}` : ''}
            {pass.gate ? ` · 门岗${pass.gate.released ? '放行' : '拒放'} ${pass.gate.byName ?? ''}` : ''}
          </View>
        </View>
      ))}
      {pages.error && pages.items.length > 0 ? <View className="field-error">{pages.error}</View> : null}
      <View className="actions">
        {pages.cursor ? <MoreButton loading={pages.status === 'more'} onMore={() => void loadMore()} /> : null}
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function PassLogPage() {
  return <SessionGate>{(me) => <Register me={me} />}</SessionGate>;
}
