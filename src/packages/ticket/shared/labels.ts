// Labels the ticket pages need beyond types/labels.ts (which has states, kinds, scopes, actions).
// They belong there; kept here until the contract's owner adds them, so pages do not import zod.
import type { DeadlineKey, DueLevel, RevisitMethod, TicketActorRole } from '../../../../types/tickets';
import { roleLabels } from '../../../../types/labels';

export const deadlineLabels: Record<DeadlineKey, string> = {
  respondBy: '响应',
  arriveBy: '到场',
  resolveBy: '完成处理',
  revisitBy: '回访',
};

export const dueLevelLabels: Record<DueLevel, string> = { ok: '正常', near: '临期', breached: '已超时' };

export const revisitMethodLabels: Record<RevisitMethod, string> = { phone: '电话回访', on_site: '上门回访', online: '业主在线评价' };

export function actorRoleLabel(role: TicketActorRole): string {
  return role === 'system' ? '系统' : roleLabels[role];
}

/** What the owner sees a score mean, the seeds' 满意度 wording. */
export const scoreLabels: Record<number, string> = { 1: '非常不满意', 2: '不满意', 3: '一般', 4: '满意', 5: '非常满意' };
