// Chinese labels for every code and enum value, in one table (STYLE: one name for one thing,
// its label in one place). No zod here: the mini-program imports labels without the schemas.
import type { ErrorCode } from './envelope';
import type { BindingState, Role, StewardKind } from './enums';
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
};
