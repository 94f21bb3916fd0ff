// Pure account rules: no database, no clock.
import type { UnitBinding } from '../../../types/account';
import type { StaffContact } from '../../../types/common';
import type { BindingDoc, StaffDoc } from './model';
import { toShanghaiIso } from '../time';

/** 138****0001: staff lists show phone numbers masked except to the person working the request. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

export interface BindingApplication {
  role: BindingDoc['role'];
  /** phones the owner roster lists for the unit */
  rosterPhones: string[];
  phone: string;
  /** the phone is the one WeChat verified for the caller, not typed */
  phoneVerified: boolean;
  /** the caller holds a staff post in the unit's community */
  staffInCommunity: boolean;
}

/**
 * An owner is bound at once only on the phone WeChat verified for them matching the roster, and
 * only when they are not staff of that community (staff see owners' phones at work). Everything
 * else waits for a steward: a typed phone proves nothing, whoever can read it could type it.
 */
export function initialBindingState(application: BindingApplication): BindingDoc['state'] {
  const { role, rosterPhones, phone, phoneVerified, staffInCommunity } = application;
  return role === 'owner' && phoneVerified && !staffInCommunity && rosterPhones.includes(phone) ? 'active' : 'pending';
}

export function bindingView(binding: BindingDoc, communityName: string, possession: boolean, showPhone: boolean): UnitBinding {
  return {
    id: binding._id,
    communityId: binding.communityId,
    communityName,
    unit: binding.unit,
    role: binding.role,
    state: binding.state,
    possession,
    phone: showPhone ? binding.phone : maskPhone(binding.phone),
    phoneVerified: binding.phoneVerified === true,
    createdAt: toShanghaiIso(binding.createdAt),
    rejectReason: binding.rejectReason,
  };
}

/** How an owner sees the member of staff working their request: name, post and work phone. */
export function contactOf(post: Pick<StaffDoc, 'name' | 'role' | 'phone'>): StaffContact {
  return { name: post.name, role: post.role, phone: post.phone ?? '' };
}
