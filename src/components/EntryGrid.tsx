// The icon grid the property apps open with: one cell per registry entry (src/entries.ts), a
// coloured round icon drawn in ./icons.ts, the title under it, and a count badge where a queue
// has items. 首页, 服务 and the staff screens all draw their entries through it.
import { Image, Text, View } from '@tarojs/components';
import { openEntry } from '../utils/nav';
import { iconOf } from './icons';
import './EntryGrid.scss';

export interface GridEntry {
  key: string;
  title: string;
  icon: string;
  url: string;
}

export function EntryIcon({ icon, size = 'large' }: { icon: string; size?: 'large' | 'small' }) {
  const { src, tone } = iconOf(icon);
  return (
    <View className={`entry-icon entry-icon--${size}`} style={{ backgroundColor: tone }}>
      <Image className="entry-icon__drawing" src={src} />
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
