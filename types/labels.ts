// Chinese labels for every code and enum value, in one table (STYLE: one name for one thing,
// its label in one place). No zod here: the mini-program imports labels without the schemas.
import type { ErrorCode } from './envelope';
import type { ActorRole, BindingState, Role, StewardKind } from './enums';
import type { TemplateKey } from './notify';

/** Chinese text shown to people for each code when the server's message is not more specific. */
export const errorLabels: Record<ErrorCode, string> = {
  INVALID_INPUT: '填写的内容有误，请检查后重试',
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '没有权限进行此操作',
  NOT_FOUND: '没有找到相关记录',
  CONFLICT: '状态已变化，请刷新后重试',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  INTERNAL: '系统繁忙，请稍后再试',
};

export const roleLabels: Record<Role, string> = {
  owner: '业主',
  resident: '住户',
  steward: '管家',
  lead: '班长',
  engineer: '工程部',
  guard: '门岗',
  manager: '项目经理',
};

/** Who an event names, on every subject's timeline (an order's `system` is WeChat Pay: orderActorRoleLabels). */
export const actorRoleLabels: Record<ActorRole, string> = { ...roleLabels, system: '系统' };

export const stewardKindLabels: Record<StewardKind, string> = { duty: '值班管家', area: '区域管家' };

export const bindingStateLabels: Record<BindingState, string> = {
  pending: '待审核',
  active: '已绑定',
  rejected: '未通过',
};

export const templateLabels: Record<TemplateKey, string> = {
  ticketProgress: '工单进度提醒',
  revisitInvite: '服务评价邀请',
  orderStatus: '订单状态通知',
  passDecision: '放行审批结果',
  questionAnswered: '咨询回复通知',
  greeting: '生日及节日祝福',
  bindingResult: '房屋绑定审核结果',
  staffAlert: '待办超时提醒',
  communityNotice: '社区通知',
};

/**
 * The kind line of an item in 消息. One WeChat template carries both a new item for staff (新报修,
 * 新咨询 …) and a deadline warning, so the inbox calls it a to-do, not a timeout.
 */
export const inboxKindLabels: Record<TemplateKey, string> = { ...templateLabels, staffAlert: '待办提醒' };

// Tickets (SPEC §3). Type-only import: the mini-program gets the labels without zod.
import type { ComplaintClass, Severity, TicketAction, TicketKind, TicketScope, TicketState } from './tickets';

export const ticketStateLabels: Record<TicketState, string> = {
  submitted: '已提交',
  accepted: '已受理',
  assigned: '已派单',
  on_site: '已到场',
  resolved: '已处理',
  revisited: '已回访',
  closed: '已关闭',
  cancelled: '已取消',
  rejected: '已驳回',
  reopened: '重新处理',
};

export const ticketKindLabels: Record<TicketKind, string> = {
  repair: '报修',
  warranty: '房屋质量问题',
  complaint: '投诉',
  suggestion: '建议',
  emergency: '突发事件',
};

export const ticketScopeLabels: Record<TicketScope, string> = {
  in_home: '户内',
  public_area: '公共区域',
};

export const severityLabels: Record<Severity, string> = { minor: '一般', major: '重大' };

export const complaintClassLabels: Record<ComplaintClass, string> = {
  class1: '一类投诉（物业服务）',
  class2: '二类投诉（地产产品）',
  class3: '三类投诉（外部因素）',
  major: '重大投诉',
};

export const ticketActionLabels: Record<TicketAction, string> = {
  accept: '受理',
  assign: '派单',
  reassign: '改派',
  arrive: '到场',
  resolve: '处理完成',
  revisit: '回访',
  reopen: '重新处理',
  close: '关闭',
  cancel: '取消',
  reject: '驳回',
};

import type { DueLevel } from './sla';
import type { DeadlineKey, RevisitMethod, TicketChannel, TicketCommand, TicketEventAction } from './tickets';

/** Each timeline entry: the state machine's actions, the report itself and a reclassification. */
export const ticketEventLabels: Record<TicketEventAction, string> = {
  ...ticketActionLabels,
  submit: '提交',
  reclassify: '投诉分类',
};

export const ticketChannelLabels: Record<TicketChannel, string> = { app: '业主在线报事', phone: '电话报事', walk_in: '来访报事', patrol: '巡查发现' };

export const deadlineKeyLabels: Record<DeadlineKey, string> = {
  respondBy: '响应时限',
  arriveBy: '到场时限',
  resolveBy: '处理时限',
  revisitBy: '回访时限',
};

/** The clocks as a page lists them beside their times ("响应 11月24日 10:00"). */
export const deadlineShortLabels: Record<DeadlineKey, string> = {
  respondBy: '响应',
  arriveBy: '到场',
  resolveBy: '完成处理',
  revisitBy: '回访',
};

/** What a score means to the owner, the seeds' 满意度 wording. */
export const ratingLabels: Record<number, string> = { 1: '非常不满意', 2: '不满意', 3: '一般', 4: '满意', 5: '非常满意' };

export const dueLevelLabels: Record<DueLevel, string> = { ok: '正常', near: '即将超时', breached: '已超时' };

export const revisitMethodLabels: Record<RevisitMethod, string> = { phone: '电话回访', on_site: '上门回访', online: '业主在线评价' };

/** The ticket page's action bar (src/packages/ticket/detail/parts/ActionBar.tsx) names each command so. */
export const ticketCommandLabels: Record<TicketCommand, string> = {
  accept: '受理',
  assign: '派单',
  arrive: '已到场',
  resolve: '处理完成',
  revisit: '记录回访',
  rate: '评价',
  cancel: '取消工单',
  reject: '驳回',
  reopen: '重新处理',
  reclassify: '投诉分类',
};

import type { FigureGroup, FigureKey, FigureStatus } from './reports';

/** The monthly commitments (SPEC §2 服务承诺), as the seed names them. */
export const figureLabels: Record<FigureKey, string> = {
  response: '首次有效响应及时率',
  complaintHandled: '有效投诉处理率',
  complaintOnTime: '有效投诉处理及时率',
  complaintRevisit: '投诉回访率',
  complaintOnSite: '投诉上门回访占比',
  repairOnTime: '维修及时率',
  repairSatisfaction: '维修满意率',
  repairRevisit: '维修回访率',
  warrantyRevisit: '房屋质量遗留问题回访率',
  infoFeedback: '信息反馈及时率',
  infoHandled: '信息处理及时率',
  decorationInspection: '装修巡检率',
  decorationInitial: '装修初验率',
  decorationFinal: '装修终验率',
};

export const figureGroupLabels: Record<FigureGroup, string> = {
  response: '首次响应',
  complaint: '投诉',
  repair: '维修',
  warranty: '房屋质量遗留问题',
  information: '信息反馈',
  decoration: '装修服务',
};

export const figureStatusLabels: Record<FigureStatus, string> = {
  met: '达标',
  not_met: '未达标',
  no_data: '暂无数据',
  unavailable: '暂无数据来源',
};

// Greetings (SPEC §7). Type-only import, as above.
import type { FixedOccasion } from './greetings';

export const occasionLabels: Record<FixedOccasion, string> = {
  birthday: '生日',
  newYear: '元旦',
  springFestival: '春节',
  lantern: '元宵',
  dragonBoat: '端午',
  midAutumn: '中秋',
  nationalDay: '国庆',
};

// Questions (SPEC §6). Type-only import, like the tickets' labels.
import type { QuestionAction, QuestionCategory, QuestionState } from './questions';

/** The seed's ten free consultation subjects (咨询服务), in its order, and 其他. */
export const questionCategoryLabels: Record<QuestionCategory, string> = {
  transport_timetable: '火车、飞机、动车时刻',
  decoration_advice: '装修设计建议',
  renting: '小区房屋出租',
  government_services: '政府服务电话（电视、网线、燃气、热力）',
  education: '本地教育机构',
  contractors: '家装及施工单位电话',
  bus_routes: '公交线路',
  hukou_school: '落户入学办理',
  tourism: '旅游景点',
  community_notices: '社区街道政策通知',
  other: '其他',
};

export const questionStateLabels: Record<QuestionState, string> = {
  waiting: '待答复',
  claimed: '答复中',
  answered: '已答复',
  closed: '已解决',
};

export const questionActionLabels: Record<QuestionAction, string> = {
  ask: '提问',
  claim: '认领',
  release: '退回队列',
  answer: '答复',
  mark_complex: '标记为复杂问题',
  follow_up: '追问',
  close: '确认已解决',
  save_faq: '收入常见问题',
  escalate: '超时提醒班长',
};

// Service levels and the calendar as a lead edits them (节假日与服务时限); the span units and
// spanText are in sla.ts, beside the spans.
/** Each target of SPEC §2 by its place in the policy (`resolve.complaint.general`). */
export const policyRowLabels: Record<string, string> = {
  respond: '首次有效响应（所有报事）',
  'arrive.repair': '报修到场（自受理）',
  'arrive.emergency': '突发事件到场（自报事）',
  'resolve.repair.minor': '小修完成（自约定上门）',
  'resolve.repair.major': '大修完成（自约定上门）',
  'resolve.warranty.minor': '房屋质量问题·一般',
  'resolve.warranty.major': '房屋质量问题·重大',
  'resolve.complaint.general': '一般投诉处理',
  'resolve.complaint.major': '重大投诉处理',
  'resolve.suggestion': '建议答复',
  'revisit.repair': '报修回访（自完成）',
  'revisit.emergency': '突发事件回访',
  'revisit.warranty': '房屋质量问题回访',
  'revisit.complaint': '投诉回访',
  'revisit.suggestion': '建议回访',
};

export const calendarSourceLabels: Record<'package' | 'override' | 'none', string> = {
  package: '内置数据',
  override: '人工录入',
  none: '缺少数据（按周末计算）',
};

// Orders (SPEC §4): paid special services and the free ones.
import type { OrderFlag, OrderState, PaymentMethod, RefundState, ServiceCategory } from './orders';

export const orderStateLabels: Record<OrderState, string> = {
  booked: '已预约',
  confirmed: '已确认时间',
  in_service: '服务中',
  awaiting_payment: '待支付',
  paid: '已支付',
  rated: '已评价',
  cancelled: '已取消',
  refunded: '已退款',
};

export const serviceCategoryLabels: Record<ServiceCategory, string> = {
  electric: '水电灯具',
  plumbing: '给排水与洁具',
  carpentry: '门窗锁具与家具',
  agency: '租赁代理',
  office: '打印复印（物业前台）',
  free: '亲情服务（免费）',
};

export const orderActorRoleLabels: Record<ActorRole, string> = { ...actorRoleLabels, system: '微信支付' };

export const paymentMethodLabels: Record<PaymentMethod, string> = { wechat: '微信支付', front_desk: '前台收款' };

export const refundStateLabels: Record<RefundState, string> = {
  requested: '待发起',
  pending: '退款中',
  done: '已退款',
  failed: '退款失败',
};

export const orderFlagLabels: Record<OrderFlag, string> = {
  amount_mismatch: '支付金额与订单不符',
  paid_twice: '重复支付，需退款',
  paid_after_cancel: '取消后到账，需退款',
  refund_failed: '退款失败，需处理',
};

// Item release passes (SPEC §5).
import type { GateCheckKind, OwnerConfirmMethod, PassAction, PassReason, PassRefusal, PassState } from './passes';

export const passStateLabels: Record<PassState, string> = {
  pending: '待审批',
  owner_confirmed: '业主已确认',
  approved: '已批准',
  rejected: '未批准',
  used: '已放行',
  refused_at_gate: '门岗未放行',
  expired: '已过期',
  revoked: '已撤销',
};

export const passReasonLabels: Record<PassReason, string> = {
  moving_out: '搬家',
  renovation_waste: '装修垃圾',
  furniture: '家具家电',
  other: '其他',
};

/** What the guard reads for each refused code. */
export const passRefusalLabels: Record<PassRefusal, string> = {
  forged: '无效放行码：不是本系统签发的放行码',
  tampered: '放行码校验失败：放行码被改动或签名无效',
  expired: '放行条已过期：已超过放行时段',
  not_yet_valid: '未到放行时段：请在放行时段内出门',
  revoked: '放行条已撤销',
  used: '放行条已使用：该放行条已放行过，不能重复使用',
  other_community: '非本小区放行条',
  refused_at_gate: '放行条已被门岗拒绝：物品与放行条不符，请申请人按实际物品重新申请',
  not_approved: '放行条尚未批准',
};

export const ownerConfirmMethodLabels: Record<OwnerConfirmMethod, string> = { app: '业主在小程序确认', phone: '管家电话确认' };

export const passActionLabels: Record<PassAction, string> = {
  apply: '申请',
  ownerConfirm: '业主确认',
  ownerDecline: '业主不同意',
  approve: '批准',
  reject: '不批准',
  revoke: '撤销',
  release: '门岗放行',
  refuse: '门岗拒绝放行',
  expire: '过期',
};

export const gateCheckKindLabels: Record<GateCheckKind, string> = { verify: '核验', release: '放行', refuse: '拒绝放行' };
