// Pure account rules: no database, no clock.
import type { UnitBinding } from '../../../types/account';
import type { BindingDoc } from './model';
import { toShanghaiIso } from '../time';

/** 138****0001: staff lists show phone numbers masked except to the person working the request. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

/** Owner bindings verify at once when the roster lists this phone for the unit; others wait. */
export function initialBindingState(role: BindingDoc['role'], rosterPhones: string[], phone: string): BindingDoc['state'] {
  return role === 'owner' && rosterPhones.includes(phone) ? 'active' : 'pending';
}

export function bindingView(
  binding: BindingDoc,
  communityName: string,
  possession: boolean,
  showPhone: boolean,
): UnitBinding {
  return {
    id: binding._id,
    communityId: binding.communityId,
    communityName,
    unit: binding.unit,
    role: binding.role,
    state: binding.state,
    possession,
    phone: showPhone ? binding.phone : maskPhone(binding.phone),
    createdAt: toShanghaiIso(binding.createdAt),
    rejectReason: binding.rejectReason,
  };
}
