import { z } from 'zod';

/** Roles (SPEC §1). `owner` and `resident` come from unit bindings, the rest from staff rows. */
export const Role = z.enum(['owner', 'resident', 'steward', 'lead', 'engineer', 'guard', 'manager']);
export type Role = z.infer<typeof Role>;
export const StaffRole = z.enum(['steward', 'lead', 'engineer', 'guard', 'manager']);
export type StaffRole = z.infer<typeof StaffRole>;
/**
 * Who an event names: a person's role, or `system` — the scheduler (or WeChat Pay's callback),
 * which no person holds (core/workflow/access.ts). One enum for every subject's timeline.
 */
export const ActorRole = z.enum([...Role.options, 'system']);
export type ActorRole = z.infer<typeof ActorRole>;

/** 值班管家 (front desk, 24 h) or 区域管家 (owns some buildings). */
export const StewardKind = z.enum(['duty', 'area']);
export type StewardKind = z.infer<typeof StewardKind>;

/** A unit binding's state: verified against the roster at once, or waiting for a steward/owner. */
export const BindingState = z.enum(['pending', 'active', 'rejected']);
export type BindingState = z.infer<typeof BindingState>;

export const BindingRole = z.enum(['owner', 'resident']);
export type BindingRole = z.infer<typeof BindingRole>;
