// 服务 as the property apps draw it: every owner entry of the registry (src/entries.ts) as an icon
// grid, one grid per group, with the entry's promise in the community's own service levels below.
import { View } from '@tarojs/components';
import { OWNER_ENTRIES, type OwnerEntry } from '../../entries';
import TabPage from '../../components/TabPage';
import EntryGrid from '../../components/EntryGrid';

const GROUPS: Array<{ group: OwnerEntry['group']; title: string }> = [
  { group: 'service', title: '服务' },
  { group: 'record', title: '我的记录' },
  { group: 'account', title: '房屋与账户' },
];

export default function ServicesPage() {
  return (
    <TabPage path="pages/services/index">
      <View>
        {GROUPS.map(({ group, title }) => {
          const entries = OWNER_ENTRIES.filter((entry) => entry.group === group);
          return entries.length > 0 ? (
            <View key={group} className={`services-group services-group--${group}`}>
              <View className="section-title">{title}</View>
              <EntryGrid entries={entries} cellClass={(key) => `service-entry service-entry--${key}`} />
            </View>
          ) : null;
        })}
      </View>
    </TabPage>
  );
}
