import { z } from 'zod';
import { CommunityId, Empty, Id, IsoTime, MonthDay, Phone, UnitLabel } from './common';
import { BindingRole, BindingState, Role, StaffRole, StewardKind } from './enums';
import { InboxItem, TemplateKey } from './notify';
import { type FixedSpan, ServiceLevels } from './sla';

export const Profile = z.object({
  name: z.string().nullable(),
  /** MM-DD, only for greetings */
  birthday: z.string().nullable(),
  greetingsOptIn: z.boolean(),
});
export type Profile = z.infer<typeof Profile>;

export const UnitBinding = z.object({
  id: z.string(),
  communityId: z.string(),
  communityName: z.string(),
  /** 栋-单元-房号 */
  unit: z.string(),
  role: BindingRole,
  state: BindingState,
  /** whether the owner has taken possession (入住); greetings go only to them */
  possession: z.boolean(),
  /** masked unless the caller is the person or the steward deciding it */
  phone: z.string(),
  /** the phone came from WeChat's phone-number check (getPhoneNumber), not typed by hand */
  phoneVerified: z.boolean(),
  createdAt: IsoTime,
  rejectReason: z.string().nullable(),
});
export type UnitBinding = z.infer<typeof UnitBinding>;

export const StaffPost = z.object({
  communityId: z.string(),
  communityName: z.string(),
  role: StaffRole,
  kind: StewardKind.nullable(),
  /** buildings an area steward owns */
  buildings: z.array(z.string()),
  name: z.string(),
});
export type StaffPost = z.infer<typeof StaffPost>;

export const Community = z.object({ id: z.string(), name: z.string(), supervisionPhone: z.string() });
export type Community = z.infer<typeof Community>;

export const Me = z.object({
  openid: z.string(),
  profile: Profile,
  units: z.array(UnitBinding),
  staff: z.array(StaffPost),
  /** distinct roles held through active bindings and staff posts */
  roles: z.array(Role),
  isStaff: z.boolean(),
  /** one-time subscription grants left, per template */
  subscriptions: z.record(TemplateKey, z.number().int().nonnegative()),
  unreadCount: z.number().int().nonnegative(),
  /**
   * The effective service levels of each community the caller has a unit or a post in (the
   * active unit's first), or the product's defaults alone when there is none.
   */
  serviceLevels: z.array(ServiceLevels).min(1),
  /** every community (as account.communities lists them): 首页's supervision phone without a second call */
  communities: z.array(Community),
});
export type Me = z.infer<typeof Me>;

/** The steward an owner calls about a unit: the area steward of its building, else the duty steward. */
export const UnitSteward = z.object({
  communityId: z.string(),
  unit: z.string(),
  name: z.string(),
  kind: StewardKind,
  /** the post's title when the community named it (岗位名称), else null */
  postName: z.string().nullable(),
  /** the steward's work phone, '' when none is on file */
  phone: z.string(),
});
export type UnitSteward = z.infer<typeof UnitSteward>;

export const accountActions = {
  me: { input: Empty, output: Me },
  communities: { input: Empty, output: z.object({ communities: z.array(Community) }) },
  /** my steward for each of my active units (首页's steward card) */
  myStewards: { input: Empty, output: z.object({ stewards: z.array(UnitSteward) }) },
  /**
   * Either `phoneCode` (what the mini-program's getPhoneNumber button gives; the function exchanges
   * it for the number WeChat verified) or a typed `phone`, which can only ask a steward to approve.
   */
  bindUnit: {
    input: z
      .object({
        /** optional while the deployment has one community */
        communityId: CommunityId.optional(),
        unit: UnitLabel,
        phone: Phone.optional(),
        phoneCode: z.string().trim().min(1, '请重新获取微信手机号').max(256, '请重新获取微信手机号').optional(),
        role: BindingRole.default('owner'),
        name: z.string().trim().min(1, '请填写您的称呼').max(20, '称呼不超过 20 个字').optional(),
      })
      .strict()
      .refine((value) => value.phone !== undefined || value.phoneCode !== undefined, { message: '请填写手机号或使用微信手机号', path: ['phone'] })
      .refine((value) => value.phone === undefined || value.phoneCode === undefined, {
        message: '手机号与微信手机号只能提供一个',
        path: ['phone'],
      }),
    output: z.object({ binding: UnitBinding }),
  },
  setProfile: {
    input: z
      .object({
        birthday: MonthDay.nullable().optional(),
        greetingsOptIn: z.boolean().optional(),
        name: z.string().trim().min(1).max(20).optional(),
      })
      .strict(),
    output: z.object({ profile: Profile }),
  },
  grantSubscriptions: {
    input: z.object({ templates: z.array(TemplateKey).min(1).max(10) }).strict(),
    output: z.object({ subscriptions: z.record(TemplateKey, z.number().int().nonnegative()) }),
  },
  inbox: {
    input: z
      .object({
        /** page backwards from this createdAt */
        before: IsoTime.optional(),
        limit: z.number().int().min(1).max(50).default(20),
      })
      .strict()
      .optional()
      .default({ limit: 20 }),
    output: z.object({ items: z.array(InboxItem), unreadCount: z.number().int(), hasMore: z.boolean() }),
  },
  readInbox: {
    input: z.object({ ids: z.array(Id).min(1).max(100) }).strict(),
    output: z.object({ unreadCount: z.number().int() }),
  },
  /** everything the product holds about the caller (SPEC §1 privacy) */
  myData: {
    input: Empty,
    output: z.object({
      openid: z.string(),
      profile: Profile,
      bindings: z.array(UnitBinding),
      subscriptions: z.record(TemplateKey, z.number().int()),
      inbox: z.array(InboxItem),
      records: z.record(z.string(), z.number().int()),
    }),
  },
  /** deletes the caller's personal data; the property's records of work done stay, anonymised */
  deleteMyData: {
    input: z.object({ confirm: z.literal(true) }).strict(),
    output: z.object({ deleted: z.record(z.string(), z.number().int()) }),
  },
  /** staff: bindings waiting for a decision in the caller's communities */
  pendingBindings: {
    input: z.object({ communityId: CommunityId.optional() }).strict().optional().default({}),
    output: z.object({
      bindings: z.array(
        UnitBinding.extend({
          openid: z.string(),
          name: z.string().nullable(),
          rosterMatch: z.boolean(),
          /** the applicant's staff post in the binding's community: staff never bind themselves as owners */
          applicantStaff: StaffRole.nullable(),
          /** who the owner roster lists for the unit (phones masked), to compare with the applicant */
          roster: z.array(z.object({ name: z.string(), phone: z.string() })),
        }),
      ),
    }),
  },
  decideBinding: {
    input: z
      .object({ id: Id, approve: z.boolean(), reason: z.string().trim().min(1).max(100).optional() })
      .strict()
      .refine((value) => value.approve || value.reason, { message: '驳回时请填写原因', path: ['reason'] }),
    output: z.object({ binding: UnitBinding }),
  },
} as const;

/** How long a create's reply is kept for a retry with the same requestId (then removed). */
export const REQUEST_KEEP: FixedSpan = { unit: 'calendarDays', amount: 1 };
/** How long a rate-limit counter is kept (then removed). */
export const RATE_COUNT_KEEP: FixedSpan = { unit: 'minutes', amount: 10 };
