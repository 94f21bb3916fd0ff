// How account data is stored. Times are Date (the SDK stores them as dates); ids are strings.
import type { BindingRole, BindingState, StaffRole, StewardKind } from '../../../types/enums';

export interface CommunityDoc {
  _id: string;
  name: string;
  /** 监督电话 shown with prices and commitments */
  supervisionPhone: string;
  buildings: string[];
}

/** A unit of a community; `possession` once the owner has taken the keys (入住). */
export interface UnitDoc {
  _id: string;
  communityId: string;
  /** 栋-单元-房号 */
  unit: string;
  building: string;
  possession: boolean;
  /** the Shanghai day the keys were handed over (入伙), when a move-in was recorded */
  possessionOn?: string | null;
  /** the move-in record (core/admin/movein.ts) */
  moveInId?: string | null;
}

/** The owner roster the property imports: binding as owner is verified against it. */
export interface RosterDoc {
  _id: string;
  communityId: string;
  unit: string;
  name: string;
  phone: string;
}

export interface BindingDoc {
  _id: string;
  openid: string;
  communityId: string;
  unit: string;
  role: BindingRole;
  state: BindingState;
  phone: string;
  /** `phone` is the number WeChat verified (getPhoneNumber); absent on bindings made before */
  phoneVerified?: boolean;
  name: string | null;
  createdAt: Date;
  decidedAt: Date | null;
  decidedBy: string | null;
  rejectReason: string | null;
}

export interface PersonDoc {
  /** the OPENID */
  _id: string;
  name: string | null;
  /** MM-DD */
  birthday: string | null;
  greetingsOptIn: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface StaffDoc {
  _id: string;
  openid: string;
  communityId: string;
  role: StaffRole;
  kind: StewardKind | null;
  buildings: string[];
  name: string;
  phone: string;
  active: boolean;
  /** the post's title (岗位名称); absent on posts written before invitations existed */
  postName?: string;
  /** bumped by every change of the post (core/admin/posts.ts); absent means 0 */
  rev?: number;
  /** the invitation the post came from, and when it began and ended */
  invitationId?: string | null;
  since?: Date;
  endedAt?: Date | null;
  endedBy?: string | null;
}
