// The staff queue (SPEC §8): ordered by the server by time left on the next deadline, coloured
// ok / near / breached, filtered by state, kind, building and assignee.
import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import type { Me } from '../../../../types/account';
import type { TicketKind, TicketState } from '../../../../types/tickets';
import { ticketKindLabels } from '../../../../types/labels';
import SessionGate from '../../../components/SessionGate';
import { EmptyState, ErrorState, LoadingState, MoreButton } from '../../../components/PageState';
import { goBack } from '../../../utils/nav';
import { TicketCard } from '../shared/TicketParts';
import { type ListInput, useTicketPages } from '../shared/useTicketPages';

import '../shared/ticket.scss';
import './index.scss';
import QueueSummary from '../../../components/QueueSummary';

type StateFilter = 'open' | 'new' | 'working' | 'revisit' | 'done';
const STATE_FILTERS: { key: StateFilter; label: string; states: TicketState[] | null }[] = [
  { key: 'open', label: '全部未结', states: null },
  { key: 'new', label: '待受理', states: ['submitted'] },
  { key: 'working', label: '处理中', states: ['accepted', 'assigned', 'on_site', 'reopened'] },
  { key: 'revisit', label: '待回访', states: ['resolved'] },
  { key: 'done', label: '已完结', states: ['revisited', 'closed', 'cancelled', 'rejected'] },
];
const KINDS: TicketKind[] = ['repair', 'warranty', 'complaint', 'suggestion', 'emergency'];

interface Filters {
  state: StateFilter;
  kind: TicketKind | null;
  building: string | null;
  mine: boolean;
}

function inputOf(filters: Filters): ListInput {
  const states = STATE_FILTERS.find((f) => f.key === filters.state)?.states ?? null;
  return {
    limit: 20,
    ...(states ? { state: states } : {}),
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.building ? { building: filters.building } : {}),
    ...(filters.mine ? { assignee: 'me' as const } : {}),
  };
}

function Chip({ on, label, className, onTap }: { on: boolean; label: string; className: string; onTap: () => void }) {
  return (
    <View className={`filter ${className} ${on ? 'filter--on' : ''}`} onClick={onTap}>
      {label}
    </View>
  );
}

function Queue({ me }: { me: Me }) {
  // An engineer works what is dispatched to them; stewards see their community.
  const engineerOnly = me.staff.length > 0 && me.staff.every((post) => post.role === 'engineer');
  const [filters, setFilters] = useState<Filters>({ state: 'open', kind: null, building: null, mine: engineerOnly });
  const [now, setNow] = useState(() => Date.now());
  const { pages: state, reload, loadMore } = useTicketPages(inputOf(filters), () => setNow(Date.now()));
  // The time left moves on while the page is open.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  const set = (patch: Partial<Filters>) => setFilters((previous) => ({ ...previous, ...patch }));
  const buildings = [...new Set([...me.staff.flatMap((post) => post.buildings), ...state.items.map((t) => t.building), ...(filters.building ? [filters.building] : [])])].sort(
    (a, b) => Number(a) - Number(b) || a.localeCompare(b),
  );
  const counts = { ok: 0, near: 0, breached: 0 };
  for (const ticket of state.items) if (ticket.nextDue) counts[ticket.nextDue.level] += 1;

  const steward = me.staff.some((post) => post.role !== 'engineer' && post.role !== 'guard');
  const lead = me.staff.some((post) => post.role === 'lead' || post.role === 'manager');
  const go = (url: string) => void Taro.navigateTo({ url });

  return (
    <View className="page queue">
      {state.last?.calendarWarning ? (
        <View className="ticket-warning queue-calendar-warning" onClick={() => go('/packages/ticket/settings/index')}>
          ⚠ {state.last?.calendarWarning}
          {lead ? <Text className="queue-calendar-warning__go">去录入</Text> : null}
        </View>
      ) : null}
      {steward ? (
        <View className="queue-tools">
          <Text className="queue-tool queue-record" onClick={() => go('/packages/ticket/record/index')}>
            ＋ 代业主登记
          </Text>
          <Text className="queue-tool queue-settings" onClick={() => go('/packages/ticket/settings/index')}>
            节假日与服务时限
          </Text>
        </View>
      ) : null}
      <View className="filters">
        {STATE_FILTERS.map((f) => (
          <Chip key={f.key} className={`queue-state--${f.key}`} on={filters.state === f.key} label={f.label} onTap={() => set({ state: f.key })} />
        ))}
      </View>
      <View className="filters">
        <Chip className="queue-kind--all" on={filters.kind === null} label="全部类型" onTap={() => set({ kind: null })} />
        {KINDS.map((kind) => (
          <Chip key={kind} className={`queue-kind--${kind}`} on={filters.kind === kind} label={ticketKindLabels[kind]} onTap={() => set({ kind })} />
        ))}
      </View>
      <View className="filters">
        <Chip className="queue-building--all" on={filters.building === null} label="全部楼栋" onTap={() => set({ building: null })} />
        {buildings.map((building) => (
          <Chip key={building} className="queue-building" on={filters.building === building} label={`${building} 栋`} onTap={() => set({ building })} />
        ))}
        <Chip className="queue-assignee--all" on={!filters.mine} label="全部处理人" onTap={() => set({ mine: false })} />
        <Chip className="queue-assignee--me" on={filters.mine} label="派给我的" onTap={() => set({ mine: true })} />
      </View>

      {state.status === 'ready' && state.items.length > 0 ? <QueueSummary counts={counts} note="最紧急的在前" /> : null}

      {state.status === 'loading' && state.items.length === 0 ? <LoadingState /> : null}
      {state.status === 'error' && state.items.length === 0 ? <ErrorState message={state.error ?? ''} onRetry={() => void reload()} /> : null}
      {state.status === 'ready' && state.items.length === 0 ? <EmptyState title="没有符合条件的工单" /> : null}

      {state.items.map((ticket) => (
        <TicketCard
          key={ticket.id}
          ticket={ticket}
          now={now}
          staff
          onOpen={() => void Taro.navigateTo({ url: `/packages/ticket/detail/index?id=${encodeURIComponent(ticket.id)}` })}
        />
      ))}
      {state.error && state.items.length > 0 ? <View className="field-error">{state.error}</View> : null}

      <View className="actions">
        {state.cursor ? <MoreButton loading={state.status === 'more'} onMore={() => void loadMore()} /> : null}
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function QueuePage() {
  return <SessionGate>{(me) => (me.isStaff ? <Queue me={me} /> : <EmptyState title="仅工作人员可见" description="此页面供物业工作人员使用" />)}</SessionGate>;
}
