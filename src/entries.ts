// The one registry of the app's entry points: the owner's services (首页 and 服务 grids) and the
// staff's work (管家 tab). A new subject adds its entries here; no page lists features by hand, so
// nothing built is unreachable and nothing unbuilt is shown.
import type { StaffRole } from '../types/enums';
import type { ServiceLevels } from '../types/sla';
import { withinText } from '../types/sla-text';
import { within } from './utils/within';
import { inspectByText } from '../types/decoration';

/** Text under an entry: a literal, or made from the community's effective service levels (never a literal service time). */
export type EntryText = string | ((levels: ServiceLevels) => string);

/**
 * Names of the drawn icons an entry may use; the grid maps each to its picture. A new subject may
 * add a name here together with its drawing.
 */
export type EntryIcon =
  | 'repair'
  | 'complaint'
  | 'tickets'
  | 'service'
  | 'orders'
  | 'bind'
  | 'inbox'
  | 'question'
  | 'questions'
  | 'pass'
  | 'greeting'
  | 'queue'
  | 'gate'
  | 'report'
  | 'faq'
  | 'log'
  | 'settings'
  | 'visitor'
  | 'key'
  | 'notice'
  | 'event'
  | 'survey';

export interface OwnerEntry {
  /** names the entry's element (`service-entry--<key>`) for tests */
  key: string;
  title: string;
  icon: EntryIcon;
  description: EntryText;
  /** page to open: a tab page is switched to, any other page navigated to */
  url: string;
  /**
   * `service`: a service to ask for (the icon grid on 首页 and 服务); `record`: my requests and
   * records of them; `account`: about me and my home.
   */
  group: 'service' | 'record' | 'account';
  /** only useful once a unit is bound (首页 may hide it before) */
  needsUnit: boolean;
}

export interface StaffEntry {
  /** names the entry's element (`staff-entry-<key>`) for tests */
  key: string;
  title: string;
  icon: EntryIcon;
  description: EntryText;
  url: string;
  /** the section of the 管家 tab the entry sits in */
  section: string;
  /** the posts that may work it (the functions refuse the rest); shown to a person holding any of them */
  roles: readonly StaffRole[];
}

const DESK: readonly StaffRole[] = ['steward', 'lead', 'manager'];
const LEADS: readonly StaffRole[] = ['lead', 'manager'];

export const OWNER_ENTRIES: readonly OwnerEntry[] = [
  {
    key: 'report',
    title: '报事报修',
    icon: 'repair',
    description: ({ tickets: t }) => `维修受理后${within(t.arrive.repair.span)}到场，小修${within(t.resolve.repair.minor.span)}修复`,
    url: '/packages/ticket/report/index',
    group: 'service',
    needsUnit: true,
  },
  {
    key: 'complaint',
    title: '投诉与建议',
    icon: 'complaint',
    description: ({ tickets: t }) => `一般投诉${within(t.resolve.complaint.general.span)}处理`,
    url: '/packages/ticket/report/index?kind=complaint',
    group: 'service',
    needsUnit: true,
  },
  {
    key: 'orders',
    title: '特约服务',
    icon: 'service',
    description: '明码标价的上门服务与免费亲情服务，微信支付',
    url: '/packages/order/catalogue/index',
    group: 'service',
    needsUnit: true,
  },
  {
    key: 'passes',
    title: '物品放行',
    icon: 'pass',
    description: ({ passes: p }) => `搬家、装修垃圾、大件家具出门，管家${within(p.decide)}审批`,
    url: '/packages/pass/mine/index',
    group: 'service',
    needsUnit: true,
  },
  {
    key: 'questions',
    title: '咨询管家',
    icon: 'question',
    description: ({ questions: q }) => `出行、装修、租房、政府服务电话……${withinText(q.firstAnswer)}首次答复`,
    url: '/packages/question/ask/index',
    group: 'service',
    needsUnit: true,
  },
  {
    key: 'decoration',
    title: '装修申请',
    icon: 'repair',
    description: '装修申请、协议与押金、施工许可证、整改通知与验收退押金',
    url: '/packages/decoration/mine/index',
    group: 'service',
    needsUnit: true,
  },
  {
    key: 'visitor-invite',
    title: '访客邀请',
    icon: 'visitor',
    description: '生成一次性访客码转发给亲友，凭码在门岗登记入园',
    url: '/packages/frontdesk/invite/index',
    group: 'service',
    needsUnit: true,
  },
  { key: 'mine', title: '我的工单', icon: 'tickets', description: '进度、时限、评价都在这里', url: '/packages/ticket/mine/index', group: 'record', needsUnit: true },
  { key: 'my-orders', title: '我的服务订单', icon: 'orders', description: '预约、报价、支付与评价', url: '/packages/order/mine/index', group: 'record', needsUnit: true },
  { key: 'my-questions', title: '我的咨询', icon: 'questions', description: '管家的答复与追问都在这里', url: '/packages/question/mine/index', group: 'record', needsUnit: true },
  {
    key: 'my-visitors',
    title: '我的访客',
    icon: 'visitor',
    description: '谁凭我的邀请来访、何时进出',
    url: '/packages/frontdesk/visitors/index',
    group: 'record',
    needsUnit: true,
  },
  { key: 'my-keys', title: '我的钥匙', icon: 'key', description: '委托保管的钥匙，借用前须经我确认', url: '/packages/frontdesk/keys/index', group: 'record', needsUnit: true },
  {
    key: 'bind',
    title: '绑定房屋',
    icon: 'bind',
    description: '登记栋-单元-房号，核对业主名册或由管家审核',
    url: '/packages/account/bind/index',
    group: 'account',
    needsUnit: false,
  },
  { key: 'inbox', title: '消息中心', icon: 'inbox', description: '工单、审核结果与祝福都会在这里留存', url: '/pages/inbox/index', group: 'account', needsUnit: false },
  { key: 'movein', title: '入伙记录', icon: 'log', description: '交房时的水电表底数、验收结果与保修问题', url: '/packages/admin/mine/index', group: 'record', needsUnit: true },
  {
    key: 'accept-invite',
    title: '接受工作邀请',
    icon: 'settings',
    description: '物业同事扫描或输入邀请码加入',
    url: '/packages/admin/accept/index',
    group: 'account',
    needsUnit: false,
  },
  {
    key: 'greetings',
    title: '生日及节日祝福',
    icon: 'greeting',
    description: '填写生日（仅月-日）并订阅祝福',
    url: '/packages/account/profile/index',
    group: 'account',
    needsUnit: false,
  },
  { key: 'notices', title: '社区公告', icon: 'notice', description: '物业发布的通知，经项目经理审批', url: '/packages/community/notices/index', group: 'record', needsUnit: true },
  { key: 'events', title: '社区活动', icon: 'event', description: '文化活动报名、候补与签到码', url: '/packages/community/events/index', group: 'service', needsUnit: true },
  {
    key: 'survey',
    title: '意见征询',
    icon: 'survey',
    description: '每季度为各项服务打分，不满意的管家跟进回访',
    url: '/packages/community/survey/index',
    group: 'service',
    needsUnit: true,
  },
];

export const STAFF_ENTRIES: readonly StaffEntry[] = [
  {
    key: 'tickets',
    title: '工单队列',
    icon: 'queue',
    description: '报修、投诉、建议与突发事件，按剩余时限排序',
    url: '/packages/ticket/queue/index',
    section: '工单',
    roles: ['steward', 'lead', 'manager', 'engineer'],
  },
  {
    key: 'orders',
    title: '服务订单队列',
    icon: 'orders',
    description: '确认时间、上门报价、收款与退款，款项异常排在最前',
    url: '/packages/order/queue/index',
    section: '特约服务',
    roles: ['steward', 'lead', 'manager', 'engineer'],
  },
  {
    key: 'catalogue',
    title: '特约服务价目',
    icon: 'settings',
    description: '修改价格与说明，暂停或开放预约；已预约的订单按原价格',
    url: '/packages/order/catalogue/index',
    section: '特约服务',
    roles: LEADS,
  },
  {
    key: 'passes',
    title: '放行审批',
    icon: 'pass',
    description: ({ passes: p }) => `${withinText(p.decide)}审批，按剩余时限排序`,
    url: '/packages/pass/queue/index',
    section: '物品放行',
    roles: DESK,
  },
  { key: 'pass-log', title: '物品放行登记', icon: 'log', description: '按日期、楼栋、状态查看放行条', url: '/packages/pass/log/index', section: '物品放行', roles: DESK },
  {
    key: 'gate',
    title: '门岗放行核验',
    icon: 'gate',
    description: '扫码或输入放行码，核对物品后放行',
    url: '/packages/pass/gate/index',
    section: '物品放行',
    roles: ['guard', 'manager'],
  },
  {
    key: 'decoration',
    title: '装修管理',
    icon: 'queue',
    description: '装修审批、整改复查、初验终验与押金结算，今日未巡查的排在最前',
    url: '/packages/decoration/queue/index',
    section: '装修',
    roles: DESK,
  },
  {
    key: 'decoration-today',
    title: '今日装修巡查',
    icon: 'log',
    description: `施工中的装修户每天 ${inspectByText} 前巡查一遍，拍照即记录`,
    url: '/packages/decoration/queue/index?view=today',
    section: '装修',
    roles: DESK,
  },
  {
    key: 'report',
    title: '服务承诺月报',
    icon: 'report',
    description: '投诉、维修、回访等承诺指标是否达标，未达标工单一键查看',
    url: '/packages/report/monthly/index',
    section: '报表',
    roles: DESK,
  },
  {
    key: 'questions',
    title: '咨询队列',
    icon: 'questions',
    description: ({ questions: q }) => `业主咨询，${withinText(q.firstAnswer)}首次答复，按等待时限排序`,
    url: '/packages/question/queue/index',
    section: '咨询',
    roles: DESK,
  },
  { key: 'faq', title: '常见问题管理', icon: 'faq', description: '修改、下架或恢复本小区的常见问题', url: '/packages/question/faq/index', section: '咨询', roles: LEADS },
  {
    key: 'greetings',
    title: '生日及节日祝福',
    icon: 'greeting',
    description: '祝福语、预览、发送数量与小区自定义节日',
    url: '/packages/greetings/lead/index',
    section: '祝福',
    roles: LEADS,
  },
  {
    key: 'patrol',
    title: '区域巡查',
    icon: 'log',
    description: '今日巡查与剩余轮次、扫码签到、空置房与管家日志',
    url: '/packages/patrol/area/index',
    section: '巡查与值班',
    roles: DESK,
  },
  { key: 'duty', title: '值班与交接班', icon: 'log', description: '值班记录、遗留事项、交班与接班确认', url: '/packages/patrol/duty/index', section: '巡查与值班', roles: DESK },
  {
    key: 'patrol-lead',
    title: '巡查与日志管理',
    icon: 'report',
    description: '各楼栋完成率、待审阅日志、交接班、巡查点二维码',
    url: '/packages/patrol/lead/index',
    section: '巡查与值班',
    roles: LEADS,
  },
  {
    key: 'admin-settings',
    title: '社区设置',
    icon: 'settings',
    description: '小区信息、房屋与业主名单导入、邀请同事、人员与岗位',
    url: '/packages/admin/settings/index',
    section: '社区设置',
    roles: LEADS,
  },
  {
    key: 'movein',
    title: '入伙登记',
    icon: 'log',
    description: '陪同交房：水电表底数、交付验收表、验收问题转保修工单',
    url: '/packages/admin/movein/index',
    section: '社区设置',
    roles: DESK,
  },
  {
    key: 'visitor-gate',
    title: '访客核验',
    icon: 'visitor',
    description: '扫码或输入访客码放行，登记离开；在园访客按进入先后排列',
    url: '/packages/frontdesk/gate/index',
    section: '前台与门岗',
    roles: ['guard', 'manager'],
  },
  {
    key: 'walk-in',
    title: '来人来访登记',
    icon: 'log',
    description: '无访客码的来访：对讲或电话确认、查验证件，登记进出',
    url: '/packages/frontdesk/walkin/index',
    section: '前台与门岗',
    roles: ['guard', 'manager'],
  },
  {
    key: 'key-loans',
    title: '钥匙借出与归还',
    icon: 'key',
    description: '逾期未还排在最前，业主委托钥匙须经业主确认才能交付',
    url: '/packages/frontdesk/loans/index',
    section: '前台与门岗',
    roles: ['steward', 'lead', 'manager', 'engineer'],
  },
  {
    key: 'keys',
    title: '钥匙登记与盘点',
    icon: 'key',
    description: '钥匙登记册、借用登记与月度盘点',
    url: '/packages/frontdesk/keyring/index',
    section: '前台与门岗',
    roles: ['steward', 'lead', 'manager', 'engineer'],
  },
  {
    key: 'notices',
    title: '发文与审批',
    icon: 'notice',
    description: '起草通知、项目经理审批发布、撤回与归档',
    url: '/packages/community/notices/index',
    section: '社区文化',
    roles: DESK,
  },
  {
    key: 'events',
    title: '社区活动',
    icon: 'event',
    description: '年度活动计划、报名名单、扫码签到与活动记录',
    url: '/packages/community/events/index',
    section: '社区文化',
    roles: DESK,
  },
  {
    key: 'followups',
    title: '不满意跟进',
    icon: 'survey',
    description: '意见征询中 2 分及以下的答卷：沟通、处理、回访',
    url: '/packages/community/followups/index',
    section: '社区文化',
    roles: DESK,
  },
  {
    key: 'survey-results',
    title: '满意度调查',
    icon: 'report',
    description: '季度满意度按项目与楼栋对照 90% 目标',
    url: '/packages/community/results/index',
    section: '社区文化',
    roles: DESK,
  },
  { key: 'visits', title: '业户访问', icon: 'log', description: '登记入户访问，按楼栋查看全年覆盖率', url: '/packages/community/visits/index', section: '社区文化', roles: DESK },
];

/** The entry's text, or undefined while the levels it needs are not in yet. */
export function entryText(text: EntryText, levels: ServiceLevels | null): string | undefined {
  if (typeof text === 'string') return text;
  return levels ? text(levels) : undefined;
}

/** The staff entries one person may work, in registry order. */
export function staffEntriesFor(roles: readonly StaffRole[]): StaffEntry[] {
  return STAFF_ENTRIES.filter((entry) => entry.roles.some((role) => roles.includes(role)));
}

/** Sections in the order their first entry appears, each with its entries. */
export function bySection(entries: readonly StaffEntry[]): Array<{ section: string; entries: StaffEntry[] }> {
  const sections: Array<{ section: string; entries: StaffEntry[] }> = [];
  for (const entry of entries) {
    const found = sections.find((s) => s.section === entry.section);
    if (found) found.entries.push(entry);
    else sections.push({ section: entry.section, entries: [entry] });
  }
  return sections;
}
