import { View } from '@tarojs/components';
import Cell from '@nutui/nutui-react-taro/dist/es/packages/cell/index';
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css';
import CellGroup from '@nutui/nutui-react-taro/dist/es/packages/cellgroup/index';
import '@nutui/nutui-react-taro/dist/es/packages/cellgroup/style/css';
import type { ServiceLevels } from '../../../types/sla';
import { OWNER_ENTRIES, type OwnerEntry, entryText } from '../../entries';
import { openEntry } from '../../utils/nav';
import TabPage from '../../components/TabPage';
import { useServiceLevels } from '../../utils/levels';

const GROUPS: Array<{ group: OwnerEntry['group']; title: string }> = [
  { group: 'service', title: '服务' },
  { group: 'record', title: '我的记录' },
  { group: 'account', title: '房屋与账户' },
];

function Entry({ entry, levels }: { entry: OwnerEntry; levels: ServiceLevels | null }) {
  return (
    <Cell
      className={`service-entry service-entry--${entry.key}`}
      title={entry.title}
      description={entryText(entry.description, levels)}
      extra="›"
      clickable
      onClick={() => openEntry(entry.url)}
    />
  );
}

export default function ServicesPage() {
  const levels = useServiceLevels();
  return (
    <TabPage path="pages/services/index">
      <View>
        {GROUPS.map(({ group, title }) => (
          <CellGroup key={group} title={title}>
            {OWNER_ENTRIES.filter((entry) => entry.group === group).map((entry) => (
              <Entry key={entry.key} entry={entry} levels={levels} />
            ))}
          </CellGroup>
        ))}
      </View>
    </TabPage>
  );
}
