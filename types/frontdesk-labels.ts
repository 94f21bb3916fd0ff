// Chinese labels for the front desk's codes (SPEC §14: visitors, keys, archives), one table per
// enum, used by pages and messages alike. Type-only imports: the mini-program gets them without zod.
import type { EntrustmentState, KeySource, LoanState } from './keys';
import type { ArchiveDocKind, ArchiveState } from './archives';
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

export const keySourceLabels: Record<KeySource, string> = { developer: '开发商托管', entrusted: '业主委托', public_area: '公共区域', equipment_room: '设备房' };
export const entrustmentStateLabels: Record<EntrustmentState, string> = { awaiting_owner: '待业主同意', active: '委托中', revoked: '已撤销委托' };
export const loanStateLabels: Record<LoanState, string> = {
  awaiting_owner: '待业主确认',
  confirmed: '业主已确认',
  out: '已借出',
  returned: '已归还',
  declined: '业主不同意',
  cancelled: '已取消',
};
export const archiveDocKindLabels: Record<ArchiveDocKind, string> = {
  id_copy: '身份证复印件',
  move_in_notice: '入伙通知书',
  service_agreement: '前期物业管理服务协议',
  owner_register: '业主情况登记表',
  covenant: '业主临时公约',
  decoration_agreement: '装修管理协议',
  fire_safety: '消防安全责任书',
  handover_record: '物业验收交接记录表',
  lease_agency: '物业租赁代理协议及委托书',
  tenant_id: '承租人身份证及营业执照复印件',
  lease_contract: '租赁合同',
  fee_settlement: '前期费用结算清单',
  other: '其他应存资料',
};
export const archiveStateLabels: Record<ArchiveState, string> = {
  filed: '在档',
  borrow_requested: '借阅待批',
  lent: '已借出',
  proposed: '待批销毁',
  approved: '待销毁确认',
  destroyed: '已销毁',
};
