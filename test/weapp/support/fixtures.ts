// account.me replies for the seeded demo people (SPEC §10), typed by the contract so a change to
// the contract breaks these fixtures at compile time rather than silently.
import type { Me } from '../../../types/account';
import type { Reply } from '../../../types/envelope';
import type { CloudCall } from './simulate';
import { serviceLevelsOf } from '../../../cloudfunctions/core/sla/levels';
import { defaultPolicy } from '../../../cloudfunctions/core/sla/policy';

/** 悦海和园 promises the product's defaults (no override saved). */
export const yuehaiLevels = serviceLevelsOf('yuehai', defaultPolicy);

const noGrants: Me['subscriptions'] = {
  ticketProgress: 0,
  revisitInvite: 0,
  orderStatus: 0,
  passDecision: 0,
  questionAnswered: 0,
  greeting: 0,
  bindingResult: 0,
  staffAlert: 0,
  communityNotice: 0,
};

export const ownerMe: Me = {
  openid: 'dev-owner-1',
  profile: { name: '王业主', birthday: null, greetingsOptIn: false },
  units: [
    {
      id: 'b-1',
      communityId: 'yuehai',
      communityName: '悦海和园',
      unit: '1-1-101',
      role: 'owner',
      state: 'active',
      possession: true,
      phone: '138****0001',
      phoneVerified: true,
      createdAt: '2026-11-01T09:00:00+08:00',
      rejectReason: null,
    },
  ],
  staff: [],
  roles: ['owner'],
  isStaff: false,
  subscriptions: noGrants,
  unreadCount: 2,
  serviceLevels: [yuehaiLevels],
  communities: [{ id: 'yuehai', name: '悦海和园', supervisionPhone: '0532-88886666' }],
};

export const stewardMe: Me = {
  openid: 'dev-steward-1',
  profile: { name: '李管家', birthday: null, greetingsOptIn: false },
  units: [],
  staff: [{ communityId: 'yuehai', communityName: '悦海和园', role: 'steward', kind: 'duty', buildings: [], name: '李管家' }],
  roles: ['steward'],
  isStaff: true,
  subscriptions: noGrants,
  unreadCount: 0,
  serviceLevels: [yuehaiLevels],
  communities: [{ id: 'yuehai', name: '悦海和园', supervisionPhone: '0532-88886666' }],
};

export function ok<T>(data: T): Reply<T> {
  return { ok: true, data };
}

/** What a test's cloud mock answers a call it was not written for: NOT_FOUND, naming the call. */
export function noMock(call: CloudCall): Reply<never> {
  return { ok: false, error: { code: 'NOT_FOUND', message: `no mock for ${call.name}.${call.data.action}` } };
}
