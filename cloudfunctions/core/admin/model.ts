// How the setting-up data is stored (SPEC §11), and the pure rules over it: who may grant which
// post, the invitation's state machine, the views. No database and no clock here.
import { INVITE_VALID, type Invitation, type InviteState, type Post } from '../../../types/admin';
import type { StaffRole, StewardKind } from '../../../types/enums';
import { spanMs } from '../../../types/sla';
import { maskPhone } from '../accounts/rules';
import type { CommunityDoc, StaffDoc } from '../accounts/model';
import { toShanghaiIso } from '../time';
import { STAFF_RANK } from '../workflow/access';
import { defineMachine, refuse } from '../workflow/machine';
import type { Store } from '../workflow/write';

export const INVITATIONS = 'invitations';
export const BOOTSTRAPS = 'bootstraps';
export const STAFF = 'staff';

export interface InvitationDoc {
  _id: string;
  /** the code in canonical form (16 Crockford base32 characters, no dashes); unique */
  code: string;
  communityId: string;
  role: StaffRole;
  kind: StewardKind | null;
  buildings: string[];
  postName: string;
  /** open, accepted or revoked; `expired` is an open one past expiresAt (computed, never stored) */
  state: 'open' | 'accepted' | 'revoked';
  rev: number;
  invitedBy: string;
  invitedByName: string;
  invitedByRole: StaffRole;
  expiresAt: Date;
  acceptedBy: string | null;
  acceptedByName: string | null;
  acceptedAt: Date | null;
  revokedBy: string | null;
  createdAt: Date;
  events: Array<{ action: string; from: string; to: string; actorRole: string; actorId: string; at: Date; note: string | null }>;
}

/** The operator's one-time bootstrap code, once used (keyed by the code's hash, never the code). */
export interface BootstrapDoc {
  _id: string;
  openid: string;
  communityId: string;
  usedAt: Date;
}

export const INVITATION_STORE: Store<InvitationDoc> = { collection: INVITATIONS, whole: [], stale: '邀请已变化，请刷新后重试' };

/** When an invitation made at `now` stops working. */
export const inviteExpiry = (now: Date): Date => new Date(now.getTime() + spanMs(INVITE_VALID));

/**
 * Whether a post of `granter`'s role may give (invite to, change to) or manage a post of `role`:
 * a manager any post, a manager's included; a lead only posts below a lead (stewards, engineers,
 * guards); nobody else. So nobody grants a rank above their own, and a lead cannot make a lead.
 */
export function mayGrant(granter: StaffRole, role: StaffRole): boolean {
  if (granter === 'manager') return true;
  if (granter === 'lead') return STAFF_RANK[role] < STAFF_RANK.lead;
  return false;
}

/** The invitation's state seen at `now`: an open one past its expiry is expired. */
export function inviteState(doc: Pick<InvitationDoc, 'state' | 'expiresAt'>, now: Date): InviteState {
  return doc.state === 'open' && now.getTime() >= new Date(doc.expiresAt).getTime() ? 'expired' : doc.state;
}

type InviteCommand = 'accept' | 'revoke';

/** The invitation's table on the shared machine: accept or revoke while open, once. */
export const inviteMachine = defineMachine<InvitationDoc['state'], InviteCommand, InvitationDoc>({
  rules: {
    // whoever holds the code may accept it: they have no role in the community yet
    accept: { from: ['open'], to: 'accepted', roles: ['owner', 'resident', 'steward', 'lead', 'engineer', 'guard', 'manager'] },
    revoke: { from: ['open'], to: 'revoked', roles: ['lead'] },
  },
  may: (doc, command, actor) => command === 'accept' || mayGrant(actor.role as StaffRole, doc.role),
  forbidden: (command) => (command === 'revoke' ? '只能撤销本人权限内的邀请' : '没有权限进行此操作'),
  stale: (doc) => (doc.state === 'accepted' ? '这个邀请码已被使用' : '这个邀请码已撤销'),
  policy(doc, command, _actor, now) {
    if (command === 'accept' && inviteState(doc, now) === 'expired') return refuse('CONFLICT', '这个邀请码已过期，请联系邀请人重新生成');
    return null;
  },
});

/** The code in groups of four for reading aloud: 7KQ2-M9XD-4TZR-B1NP. */
export const groupedCode = (code: string): string => code.match(/.{4}/g)?.join('-') ?? code;

export function invitationView(doc: InvitationDoc, community: Pick<CommunityDoc, 'name'> | undefined, now: Date, showCode: boolean): Invitation {
  return {
    id: doc._id,
    communityId: doc.communityId,
    communityName: community?.name ?? doc.communityId,
    role: doc.role,
    kind: doc.kind,
    buildings: doc.buildings,
    postName: doc.postName,
    state: inviteState(doc, now),
    code: showCode && doc.state === 'open' ? groupedCode(doc.code) : null,
    invitedByName: doc.invitedByName,
    expiresAt: toShanghaiIso(doc.expiresAt),
    acceptedByName: doc.acceptedByName,
    createdAt: toShanghaiIso(doc.createdAt),
  };
}

/** The title a post shows when it was written before posts had one. */
const defaultPostName: Record<StaffRole, string> = { manager: '项目经理', lead: '客服班长', steward: '管家', engineer: '工程维修', guard: '门岗' };

export function postView(doc: StaffDoc, callerOpenid: string): Post {
  return {
    id: doc._id,
    communityId: doc.communityId,
    name: doc.name,
    phone: doc.openid === callerOpenid ? doc.phone : maskPhone(doc.phone),
    role: doc.role,
    kind: doc.kind,
    buildings: doc.buildings,
    postName: doc.postName ?? (doc.kind === 'duty' ? '值班管家' : doc.kind === 'area' ? '区域管家' : defaultPostName[doc.role]),
    active: doc.active,
    mine: doc.openid === callerOpenid,
    rev: doc.rev ?? 0,
  };
}

/** Buildings as a sorted set of numbers' text: 1, 2, 10. */
export function sortBuildings(list: Iterable<string>): string[] {
  return [...new Set(list)].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
}
