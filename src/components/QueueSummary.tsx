// The one strip above every staff queue: how many items are breached, near and in time, and how
// the list is ordered — the same look on tickets, orders, questions and passes.
import { Text, View } from '@tarojs/components';
import type { DueLevel } from '../../types/sla';
import { dueLevelLabels } from '../../types/labels';
import './QueueSummary.scss';

const LEVELS: readonly DueLevel[] = ['breached', 'near', 'ok'];

export default function QueueSummary({ counts, extra, note, className = '' }: { counts: Record<DueLevel, number>; extra?: string; note: string; className?: string }) {
  return (
    <View className={`queue-summary ${className}`}>
      {LEVELS.map((level) => (
        <Text key={level} className={`queue-summary__count due--${level} ${counts[level] > 0 ? 'queue-summary__count--some' : ''}`}>
          {dueLevelLabels[level]} {counts[level]}
        </Text>
      ))}
      {extra ? <Text className="queue-summary__count">{extra}</Text> : null}
      <Text className="queue-summary__note">{note}</Text>
    </View>
  );
}
