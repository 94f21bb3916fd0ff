// The icon grid the property apps open with: one cell per registry entry (src/entries.ts), a
// coloured round icon from NutUI's icon set, the title under it, and a count badge where a queue
// has items. 首页, 服务 and the staff screens all draw their entries through it.
import type { FunctionComponent } from 'react';
import { Text, View } from '@tarojs/components';
import {
  Articles,
  Ask,
  Category,
  Clock,
  Comment,
  Complaint,
  Gift,
  Home,
  List,
  List2,
  Message,
  Order,
  Repairman,
  Scan,
  Service,
  Setting,
  Tips,
  Transit,
} from '@nutui/icons-react-taro';
import { openEntry } from '../utils/nav';
import './EntryGrid.scss';

interface IconProps {
  size?: string | number;
  color?: string;
}

/** Each registry icon name to its drawing and colour; a name not here yet shows a neutral grid icon. */
const ICONS: Record<string, { Icon: FunctionComponent<IconProps>; tone: string }> = {
  repair: { Icon: Repairman, tone: '#1f8a70' },
  complaint: { Icon: Complaint, tone: '#e0793b' },
  tickets: { Icon: List, tone: '#3b7de0' },
  service: { Icon: Service, tone: '#8a5cd6' },
  orders: { Icon: Order, tone: '#d6a23b' },
  bind: { Icon: Home, tone: '#1f8a70' },
  inbox: { Icon: Message, tone: '#3b7de0' },
  question: { Icon: Ask, tone: '#2aa3b8' },
  questions: { Icon: Comment, tone: '#2aa3b8' },
  pass: { Icon: Transit, tone: '#5b6bd6' },
  greeting: { Icon: Gift, tone: '#e05b7d' },
  queue: { Icon: List2, tone: '#1f8a70' },
  gate: { Icon: Scan, tone: '#5b6bd6' },
  report: { Icon: Articles, tone: '#d6a23b' },
  faq: { Icon: Tips, tone: '#2aa3b8' },
  log: { Icon: Clock, tone: '#6b7280' },
  settings: { Icon: Setting, tone: '#6b7280' },
};

export interface GridEntry {
  key: string;
  title: string;
  icon: string;
  url: string;
}

export function EntryIcon({ icon, size = 'large' }: { icon: string; size?: 'large' | 'small' }) {
  const { Icon, tone } = ICONS[icon] ?? { Icon: Category, tone: '#6b7280' };
  return (
    <View className={`entry-icon entry-icon--${size}`} style={{ backgroundColor: tone }}>
      <Icon size={size === 'large' ? 22 : 16} color="#ffffff" />
    </View>
  );
}

/**
 * `cellClass` names each cell for tests (service-entry--report, staff-entry-tickets); `counts`
 * puts a badge on an entry with items waiting.
 */
export default function EntryGrid({ entries, cellClass, counts = {} }: { entries: readonly GridEntry[]; cellClass: (key: string) => string; counts?: Record<string, number> }) {
  return (
    <View className="entry-grid">
      {entries.map((entry) => (
        <View key={entry.key} className={`entry-grid__cell ${cellClass(entry.key)}`} onClick={() => openEntry(entry.url)}>
          <View className="entry-grid__icon">
            <EntryIcon icon={entry.icon} />
            {(counts[entry.key] ?? 0) > 0 ? <Text className="entry-grid__badge">{counts[entry.key] > 99 ? '99+' : counts[entry.key]}</Text> : null}
          </View>
          <Text className="entry-grid__title">{entry.title}</Text>
        </View>
      ))}
    </View>
  );
}
