// The staff's question queue (SPEC §6, §8): the reply due soonest first (the longest wait for
// ordinary questions), each card coloured by its clock; filters for what the caller holds and for
// answered and settled questions.
import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import type { Me } from '../../../../types/account';
import SessionGate from '../../../components/SessionGate';
import { EmptyState, ErrorState, LoadingState, MoreButton } from '../../../components/PageState';
import { goBack } from '../../../utils/nav';
import { QuestionCard } from '../shared/parts';
import { type ListInput, useQuestionPages } from '../shared/useQuestionPages';
import '../shared/question.scss';
import QueueSummary from '../../../components/QueueSummary';

type Filter = 'open' | 'mine' | 'answered' | 'closed';
const FILTERS: Array<{ key: Filter; label: string; input: ListInput }> = [
  { key: 'open', label: '待答复', input: { view: 'open', limit: 20 } },
  { key: 'mine', label: '我处理的', input: { view: 'open', handler: 'me', limit: 20 } },
  { key: 'answered', label: '已答复', input: { view: 'answered', limit: 20 } },
  { key: 'closed', label: '已解决', input: { view: 'closed', limit: 20 } },
];

function Queue({ me }: { me: Me }) {
  const [filter, setFilter] = useState<Filter>('open');
  const [now, setNow] = useState(() => Date.now());
  const input = FILTERS.find((f) => f.key === filter)?.input ?? FILTERS[0].input;
  const { pages: state, reload, loadMore } = useQuestionPages(input, () => setNow(Date.now()));
  // A 10-minute clock moves visibly: refresh the colours every 15 seconds.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);
  const isLead = me.staff.some((post) => post.role === 'lead' || post.role === 'manager');

  const counts = { ok: 0, near: 0, breached: 0 };
  for (const q of state.items) if (q.clock.level) counts[q.clock.level] += 1;

  return (
    <View className="page question-queue">
      <View className="filters">
        {FILTERS.map((f) => (
          <View key={f.key} className={`filter question-filter--${f.key} ${filter === f.key ? 'filter--on' : ''}`} onClick={() => setFilter(f.key)}>
            {f.label}
          </View>
        ))}
      </View>
      {state.status === 'ready' && state.items.length > 0 && (filter === 'open' || filter === 'mine') ? (
        <QueueSummary className="q-summary" counts={counts} note="按等待时限排序" />
      ) : null}

      {state.status === 'loading' && state.items.length === 0 ? <LoadingState /> : null}
      {state.status === 'error' && state.items.length === 0 ? <ErrorState message={state.error ?? ''} onRetry={() => void reload()} /> : null}
      {state.status === 'ready' && state.items.length === 0 ? <EmptyState title={filter === 'open' ? '没有等待答复的咨询' : '没有符合条件的咨询'} /> : null}

      {state.items.map((question) => (
        <QuestionCard
          key={question.id}
          question={question}
          now={now}
          staff
          onOpen={() => void Taro.navigateTo({ url: `/packages/question/thread/index?id=${encodeURIComponent(question.id)}` })}
        />
      ))}
      {state.error && state.items.length > 0 ? <View className="field-error">{state.error}</View> : null}

      <View className="actions">
        {state.cursor ? <MoreButton loading={state.status === 'more'} onMore={() => void loadMore()} /> : null}
        <Button block fill="outline" onClick={() => void Taro.navigateTo({ url: '/packages/question/faq/index' })}>
          {isLead ? '管理常见问题' : '常见问题'}
        </Button>
        <Button block fill="outline" onClick={goBack}>
          返回
        </Button>
      </View>
    </View>
  );
}

export default function QuestionQueuePage() {
  return (
    <SessionGate>
      {(me) =>
        me.staff.some((p) => p.role === 'steward' || p.role === 'lead' || p.role === 'manager') ? (
          <Queue me={me} />
        ) : (
          <EmptyState title="仅管家可见" description="此页面供管家处理业主咨询" />
        )
      }
    </SessionGate>
  );
}
