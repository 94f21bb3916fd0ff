// Chinese labels for the front desk's codes (SPEC §14: visitors, keys, archives), one table per
// enum, used by pages and messages alike. Type-only imports: the mini-program gets them without zod.
import type { VisitConsent, VisitKind, VisitorCategory, VisitorRefusal, VisitState } from './visitors';

export const visitStateLabels: Record<VisitState, string> = {
  invited: '待到访',
  inside: '已进入',
  left: '已离开',
  closed: '未登记离开',
  revoked: '已取消',
  expired: '已过期',
};

export const visitKindLabels: Record<VisitKind, string> = { invited: '业主邀请', walk_in: '来访登记' };

export const visitorCategoryLabels: Record<VisitorCategory, string> = {
  guest: '访客',
  staff: '公司员工',
  leader: '公司领导',
  government: '政府部门',
  tour: '参观人员',
  permit_holder: '持出入证人员',
};

export const visitConsentLabels: Record<VisitConsent, string> = {
  invitation: '业主邀请',
  intercom: '对讲确认',
  phone: '电话确认',
  duty_office: '管理处同意',
  badge: '查验工作证',
  permit: '查验出入证',
};

export const visitorRefusalLabels: Record<VisitorRefusal, string> = {
  forged: '无效的访客码',
  tampered: '访客码不正确，请核对',
  other_community: '不是本小区的访客码',
  expired: '不在邀请时段内（已过期）',
  not_yet_valid: '未到邀请时段',
  used: '访客码已使用过',
  revoked: '业主已取消邀请',
};
