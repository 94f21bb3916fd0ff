import { z } from 'zod';

/** Roles (SPEC §1). `owner` and `resident` come from unit bindings, the rest from staff rows. */
export const Role = z.enum(['owner', 'resident', 'steward', 'lead', 'engineer', 'guard', 'manager']);
export type Role = z.infer<typeof Role>;
export const StaffRole = z.enum(['steward', 'lead', 'engineer', 'guard', 'manager']);
export type StaffRole = z.infer<typeof StaffRole>;

export const roleLabels: Record<Role, string> = {
  owner: '业主',
  resident: '住户',
  steward: '管家',
  lead: '班长',
  engineer: '工程部',
  guard: '门岗',
  manager: '项目经理',
};

/** 值班管家 (front desk, 24 h) or 区域管家 (owns some buildings). */
export const StewardKind = z.enum(['duty', 'area']);
export type StewardKind = z.infer<typeof StewardKind>;
export const stewardKindLabels: Record<StewardKind, string> = { duty: '值班管家', area: '区域管家' };

/** A unit binding's state: verified against the roster at once, or waiting for a steward/owner. */
export const BindingState = z.enum(['pending', 'active', 'rejected']);
export type BindingState = z.infer<typeof BindingState>;
export const bindingStateLabels: Record<BindingState, string> = {
  pending: '待审核',
  active: '已绑定',
  rejected: '未通过',
};

export const BindingRole = z.enum(['owner', 'resident']);
export type BindingRole = z.infer<typeof BindingRole>;
