import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import Cell from '@nutui/nutui-react-taro/dist/es/packages/cell/index';
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css';
import CellGroup from '@nutui/nutui-react-taro/dist/es/packages/cellgroup/index';
import '@nutui/nutui-react-taro/dist/es/packages/cellgroup/style/css';
import Tag from '@nutui/nutui-react-taro/dist/es/packages/tag/index';
import '@nutui/nutui-react-taro/dist/es/packages/tag/style/css';
import { type ServiceLevels, withinText } from '../../../types/sla';
import TabPage from '../../components/TabPage';
import { useServiceLevels, within } from '../../utils/levels';

interface ServiceEntry {
  /** names the entry's cell (service-entry--key) for tests */
  key: string;
  title: string;
  /** with the caller's service levels once account.me is in (never a literal service time) */
  description: string | ((levels: ServiceLevels) => string);
  /** where it opens; null while the feature is not built yet (shown honestly as 即将开放) */
  open: (() => void) | null;
}

const AVAILABLE: ServiceEntry[] = [
  {
    key: 'report',
    title: '报事报修',
    description: ({ tickets: t }) => `维修受理后${within(t.arrive.repair.span)}到场，小修${within(t.resolve.repair.minor.span)}修复`,
    open: () => void Taro.navigateTo({ url: '/packages/ticket/report/index' }),
  },
  {
    key: 'complaint',
    title: '投诉与建议',
    description: ({ tickets: t }) => `一般投诉${within(t.resolve.complaint.general.span)}处理`,
    open: () => void Taro.navigateTo({ url: '/packages/ticket/report/index?kind=complaint' }),
  },
  { key: 'mine', title: '我的工单', description: '进度、时限、评价都在这里', open: () => void Taro.navigateTo({ url: '/packages/ticket/mine/index' }) },
  { key: 'orders', title: '特约服务', description: '明码标价的上门服务与免费亲情服务，微信支付', open: () => void Taro.navigateTo({ url: '/packages/order/catalogue/index' }) },
  { key: 'my-orders', title: '我的服务订单', description: '预约、报价、支付与评价', open: () => void Taro.navigateTo({ url: '/packages/order/mine/index' }) },
  { key: 'bind', title: '绑定房屋', description: '登记栋-单元-房号，核对业主名册或由管家审核', open: () => void Taro.navigateTo({ url: '/packages/account/bind/index' }) },
  { key: 'inbox', title: '消息中心', description: '工单、审核结果与祝福都会在这里留存', open: () => void Taro.switchTab({ url: '/pages/inbox/index' }) },
  {
    key: 'questions',
    title: '咨询管家',
    description: ({ questions: q }) => `出行、装修、租房、政府服务电话……${withinText(q.firstAnswer)}首次答复`,
    open: () => void Taro.navigateTo({ url: '/packages/question/ask/index' }),
  },
  { key: 'my-questions', title: '我的咨询', description: '管家的答复与追问都在这里', open: () => void Taro.navigateTo({ url: '/packages/question/mine/index' }) },
  {
    key: 'passes',
    title: '物品放行',
    description: ({ passes: p }) => `搬家、装修垃圾、大件家具出门，管家${within(p.decide)}审批`,
    open: () => void Taro.navigateTo({ url: '/packages/pass/mine/index' }),
  },
  { key: 'greetings', title: '生日及节日祝福', description: '填写生日（仅月-日）并订阅祝福', open: () => void Taro.navigateTo({ url: '/packages/account/profile/index' }) },
];

/** Features announced before they are built (none at the moment: the group then hides). */
const COMING: ServiceEntry[] = [];

/** Before account.me is in, an entry whose text needs the levels shows its title alone. */
function describe(entry: ServiceEntry, levels: ServiceLevels | null): string | undefined {
  if (typeof entry.description === 'string') return entry.description;
  return levels ? entry.description(levels) : undefined;
}

function Entry({ entry, levels }: { entry: ServiceEntry; levels: ServiceLevels | null }) {
  return (
    <Cell
      className={`service-entry service-entry--${entry.key}`}
      title={entry.title}
      description={describe(entry, levels)}
      extra={
        entry.open ? (
          '›'
        ) : (
          <Tag type="default" plain>
            即将开放
          </Tag>
        )
      }
      clickable={Boolean(entry.open)}
      onClick={() => entry.open?.()}
    />
  );
}

export default function ServicesPage() {
  const levels = useServiceLevels();
  return (
    <TabPage path="pages/services/index">
      <View>
        <CellGroup title="现在可用">
          {AVAILABLE.map((entry) => (
            <Entry key={entry.key} entry={entry} levels={levels} />
          ))}
        </CellGroup>
        {COMING.length > 0 ? (
          <CellGroup title="即将开放" description="这些服务正在建设中，目前请联系管家前台办理">
            {COMING.map((entry) => (
              <Entry key={entry.key} entry={entry} levels={levels} />
            ))}
          </CellGroup>
        ) : null}
      </View>
    </TabPage>
  );
}
