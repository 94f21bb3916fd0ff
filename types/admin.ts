import { z } from 'zod';
import { CalendarDate, CommunityId, Empty, Id, IsoTime, Phone, UnitLabel } from './common';
import { StaffRole, StewardKind } from './enums';
import { type FixedSpan } from './sla';

// Setting up a community without the database console (SPEC §11): the community, its units and
// owner roster from a spreadsheet, staff invitations and posts, and the move-in (入伙) record.

/** How long an invitation code works (SPEC §11). */
export const INVITE_VALID: FixedSpan = { unit: 'hours', amount: 72 };

/** The import sheet's columns, in this order, on its first row (the template writes them). */
export const IMPORT_COLUMNS = ['栋', '单元', '房号', '业主姓名', '手机号', '是否已交房'] as const;
/** More rows than this is not a community's sheet: refused before anything is read further. */
export const IMPORT_MAX_ROWS = 20_000;
/** An .xlsx larger than this is refused before it is opened. */
export const IMPORT_MAX_BYTES = 8 * 1024 * 1024;

/** An invitation code: Crockford base32 groups, e.g. 7KQ2-M9XD-4TZR (case and dashes ignored). */
export const InviteCode = z.string().trim().min(1, '请输入邀请码').max(64, '邀请码太长');

const PhotoId = z
  .string()
  .regex(/^cloud:\/\/\S+$/, '图片地址不正确')
  .max(512);
const FileId = z
  .string()
  .regex(/^cloud:\/\/\S+$/, '文件地址不正确')
  .max(512);
const Name = z.string().trim().min(1, '请填写姓名').max(20, '姓名不能超过 20 字');
const Building = z
  .string()
  .trim()
  .regex(/^\d{1,3}$/, '楼栋应为数字，例如 3');

export const Community = z.object({
  id: z.string(),
  name: z.string(),
  supervisionPhone: z.string(),
  buildings: z.array(z.string()),
  /** units on record */
  units: z.number().int().nonnegative(),
});
export type Community = z.infer<typeof Community>;

/** A staff post as the manager's list shows it (phones masked). */
export const Post = z.object({
  id: z.string(),
  communityId: z.string(),
  name: z.string(),
  /** masked */
  phone: z.string(),
  role: StaffRole,
  kind: StewardKind.nullable(),
  buildings: z.array(z.string()),
  /** the post's title, e.g. 3 号楼区域管家 */
  postName: z.string(),
  active: z.boolean(),
  /** the caller's own post */
  mine: z.boolean(),
  /** bumped by every change; editPost and deactivate are conditional on it */
  rev: z.number().int().nonnegative(),
});
export type Post = z.infer<typeof Post>;

export const InviteState = z.enum(['open', 'accepted', 'revoked', 'expired']);
export type InviteState = z.infer<typeof InviteState>;

export const Invitation = z.object({
  id: z.string(),
  communityId: z.string(),
  communityName: z.string(),
  role: StaffRole,
  kind: StewardKind.nullable(),
  buildings: z.array(z.string()),
  postName: z.string(),
  state: InviteState,
  /** shown to whoever made or manages it; null on the landing page's preview */
  code: z.string().nullable(),
  invitedByName: z.string(),
  expiresAt: IsoTime,
  acceptedByName: z.string().nullable(),
  createdAt: IsoTime,
});
export type Invitation = z.infer<typeof Invitation>;

export const ImportRefusal = z.object({
  /** the sheet's row number as the spreadsheet shows it (the header is row 1) */
  row: z.number().int().positive(),
  reason: z.string(),
});
export type ImportRefusal = z.infer<typeof ImportRefusal>;

export const ImportResult = z.object({
  dryRun: z.boolean(),
  add: z.number().int().nonnegative(),
  change: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  refused: z.array(ImportRefusal),
  /** documents written (0 on a dry run) */
  written: z.number().int().nonnegative(),
});
export type ImportResult = z.infer<typeof ImportResult>;

const importInput = z
  .object({
    communityId: CommunityId,
    fileID: FileId,
    /** answer what would change without writing */
    dryRun: z.boolean().default(false),
  })
  .strict();

const postFields = {
  role: StaffRole,
  /** duty or area, stewards only */
  kind: StewardKind.nullable().default(null),
  /** an area steward's buildings */
  buildings: z.array(Building).max(50).default([]),
  postName: z.string().trim().min(1, '请填写岗位名称').max(20, '岗位名称不能超过 20 字'),
};

// ----- move-in (入伙) -------------------------------------------------------------------------------

export const MeterKind = z.enum(['water', 'electricity', 'gas']);
export type MeterKind = z.infer<typeof MeterKind>;

/** The rooms and items of the 房屋交付验收表 the page offers (a record may name others). */
export const CHECKLIST_ROOMS = ['客厅', '餐厅', '主卧', '次卧', '厨房', '卫生间', '阳台'] as const;
export const CHECKLIST_ITEMS = ['门窗', '墙面', '地面', '天花', '电路开关', '给排水'] as const;

export const MoveInState = z.enum(['recorded', 'confirmed']);
export type MoveInState = z.infer<typeof MoveInState>;

const Meter = z
  .object({
    kind: MeterKind,
    /** the meter's figure as read (kWh, m³) */
    reading: z.number().nonnegative().max(10_000_000),
    photos: z.array(PhotoId).max(3).default([]),
  })
  .strict();

const CheckItem = z
  .object({
    room: z.string().trim().min(1).max(10),
    item: z.string().trim().min(1).max(10),
    /** √ (true) or × (false) */
    ok: z.boolean(),
    note: z.string().trim().max(100).nullable().default(null),
  })
  .strict();

const Defect = z
  .object({
    room: z.string().trim().min(1).max(10),
    description: z.string().trim().min(5, '请至少描述 5 个字').max(300),
    photos: z.array(PhotoId).max(9).default([]),
    severity: z.enum(['minor', 'major']).default('minor'),
  })
  .strict();

export const MoveInRecord = z.object({
  id: z.string(),
  communityId: z.string(),
  unit: z.string(),
  ownerName: z.string(),
  /** masked unless the caller is the owner or staff of the community */
  ownerPhone: z.string(),
  /** the day the keys were handed over: from then the owner has taken possession */
  keysHandedOn: CalendarDate,
  meters: z.array(z.object({ kind: MeterKind, reading: z.number(), photos: z.array(z.string()) })),
  checklist: z.array(z.object({ room: z.string(), item: z.string(), ok: z.boolean(), note: z.string().nullable() })),
  defects: z.array(
    z.object({
      room: z.string(),
      description: z.string(),
      severity: z.enum(['minor', 'major']),
      photos: z.array(z.string()),
      /** the warranty ticket it became */
      ticketId: z.string(),
      ticketNo: z.string(),
    }),
  ),
  state: MoveInState,
  recordedByName: z.string(),
  recordedAt: IsoTime,
  confirmedAt: IsoTime.nullable(),
  /** the caller may confirm it now (the unit's owner, while unconfirmed) */
  canConfirm: z.boolean(),
});
export type MoveInRecord = z.infer<typeof MoveInRecord>;

/** The community, its people and posts. */
export const setupActions = {
  /**
   * The very first manager of a deployment: the code the operator set in ADMIN_BOOTSTRAP_CODE,
   * once. Creates the community and the caller's manager post.
   */
  bootstrap: {
    input: z
      .object({
        code: z.string().trim().min(8).max(128),
        communityId: CommunityId,
        communityName: z.string().trim().min(1).max(30),
        supervisionPhone: z.string().trim().min(5).max(20),
        name: Name,
        phone: Phone,
      })
      .strict(),
    output: z.object({ post: Post, community: Community }),
  },
  /** create or edit a community (a manager); a new community makes the caller its manager too */
  saveCommunity: {
    input: z
      .object({
        id: CommunityId,
        name: z.string().trim().min(1, '请填写小区名称').max(30),
        supervisionPhone: z.string().trim().min(5, '请填写监督电话').max(20),
        buildings: z.array(Building).max(200).default([]),
      })
      .strict(),
    output: z.object({ community: Community }),
  },
  /** the communities the caller manages */
  communities: { input: Empty, output: z.object({ communities: z.array(Community) }) },
  invite: {
    input: z
      .object({ communityId: CommunityId, ...postFields })
      .strict()
      .refine((v) => v.role === 'steward' || (v.kind === null && v.buildings.length === 0), { message: '只有管家岗位需要选择值班或区域', path: ['kind'] })
      .refine((v) => v.kind !== 'area' || v.buildings.length > 0, { message: '区域管家请选择负责的楼栋', path: ['buildings'] }),
    output: z.object({ invitation: Invitation }),
  },
  /** what a code invites to, for the landing page (no code, no inviter's phone) */
  invitation: { input: z.object({ code: InviteCode }).strict(), output: z.object({ invitation: Invitation }) },
  acceptInvite: {
    input: z.object({ code: InviteCode, name: Name, phone: Phone }).strict(),
    output: z.object({ post: Post }),
  },
  invitations: {
    input: z.object({ communityId: CommunityId, state: InviteState.optional() }).strict(),
    output: z.object({ invitations: z.array(Invitation), nextCursor: z.string().nullable() }),
  },
  revokeInvite: { input: z.object({ id: Id }).strict(), output: z.object({ invitation: Invitation }) },
  staff: {
    input: z.object({ communityId: CommunityId, includeInactive: z.boolean().default(false) }).strict(),
    output: z.object({ staff: z.array(Post), nextCursor: z.string().nullable() }),
  },
  editPost: {
    input: z
      .object({ id: Id, rev: z.number().int().nonnegative(), name: Name.optional(), ...postFields })
      .strict()
      .refine((v) => v.role === 'steward' || (v.kind === null && v.buildings.length === 0), { message: '只有管家岗位需要选择值班或区域', path: ['kind'] })
      .refine((v) => v.kind !== 'area' || v.buildings.length > 0, { message: '区域管家请选择负责的楼栋', path: ['buildings'] }),
    output: z.object({ post: Post }),
  },
  /** ends a post at once: held tickets and questions go back to the queue, the lead is told */
  deactivate: {
    input: z.object({ id: Id, rev: z.number().int().nonnegative() }).strict(),
    output: z.object({
      post: Post,
      released: z.object({ tickets: z.number().int().nonnegative(), questions: z.number().int().nonnegative() }),
    }),
  },
} as const;

/** Units and the owner roster from a spreadsheet. */
export const importActions = {
  importUnits: { input: importInput, output: ImportResult },
  importRoster: { input: importInput, output: ImportResult },
  /** the import template (.xlsx): a temporary download link */
  importTemplate: { input: Empty, output: z.object({ fileID: z.string(), url: z.string() }) },
} as const;

/** The handover of a unit (入伙). */
export const moveInActions = {
  /** a steward records the handover of a unit (入伙); each defect becomes a warranty ticket */
  moveIn: {
    input: z
      .object({
        communityId: CommunityId,
        unit: UnitLabel,
        ownerName: Name,
        ownerPhone: Phone,
        keysHandedOn: CalendarDate,
        meters: z.array(Meter).max(6).default([]),
        checklist: z.array(CheckItem).max(200).default([]),
        defects: z.array(Defect).max(30).default([]),
      })
      .strict(),
    output: z.object({ record: MoveInRecord }),
  },
  /** one record: its unit's owner and residents, or staff of its community */
  moveInRecord: { input: z.object({ id: Id }).strict(), output: z.object({ record: MoveInRecord }) },
  /** the caller's units' records (owner), or the community's latest (staff) */
  moveIns: {
    input: z.object({ communityId: CommunityId.optional() }).strict(),
    output: z.object({ records: z.array(MoveInRecord), nextCursor: z.string().nullable() }),
  },
  /** the owner confirms the record */
  confirmMoveIn: { input: z.object({ id: Id }).strict(), output: z.object({ record: MoveInRecord }) },
} as const;

export const adminActions = { ...setupActions, ...importActions, ...moveInActions } as const;
