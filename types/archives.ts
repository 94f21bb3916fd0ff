import { z } from 'zod';
import { ActorRole } from './enums';
import { CalendarDate, CommunityId, Id, IsoTime, UnitLabel } from './common';

// The owner archive (SPEC §14; 住户档案管理规定 in 004_…txt): the index per unit (档案资料清单),
// looks only with a stated reason and every look logged, borrowing with the manager's approval
// (文件借阅登记表), destruction past retention with two different staff confirming
// (过期文件处理登记表). Chinese labels live in frontdesk-labels.ts.

/** The documents the seed lists for an owner's (and a tenant's) file. */
export const ArchiveDocKind = z.enum([
  'id_copy',
  'move_in_notice',
  'service_agreement',
  'owner_register',
  'covenant',
  'decoration_agreement',
  'fire_safety',
  'handover_record',
  'lease_agency',
  'tenant_id',
  'lease_contract',
  'fee_settlement',
  'other',
]);
export type ArchiveDocKind = z.infer<typeof ArchiveDocKind>;

/** Personal documents are never lent out (the seed: 涉及业主/租户个人…不可复印或借出). */
export const CONFIDENTIAL_KINDS: readonly ArchiveDocKind[] = ['id_copy', 'tenant_id'];

/** Years kept when the filing does not say (the company's 档案保存期限规定 overrides per file). */
export const ARCHIVE_RETENTION_YEARS: Record<ArchiveDocKind, number> = {
  id_copy: 10,
  move_in_notice: 10,
  service_agreement: 10,
  owner_register: 10,
  covenant: 10,
  decoration_agreement: 5,
  fire_safety: 5,
  handover_record: 10,
  lease_agency: 3,
  tenant_id: 3,
  lease_contract: 3,
  fee_settlement: 5,
  other: 3,
};

/** filed ⇄ borrow_requested → lent → filed; filed → proposed → approved → destroyed (two different staff). */
export const ArchiveState = z.enum(['filed', 'borrow_requested', 'lent', 'proposed', 'approved', 'destroyed']);
export type ArchiveState = z.infer<typeof ArchiveState>;

export const ArchiveAction = z.enum([
  'file',
  'requestBorrow',
  'approveBorrow',
  'rejectBorrow',
  'returnFile',
  'propose',
  'approveDestruction',
  'rejectDestruction',
  'confirm',
  'destroy',
]);
export type ArchiveAction = z.infer<typeof ArchiveAction>;

export const ArchiveFile = z.object({
  id: z.string(),
  communityId: z.string(),
  unit: z.string(),
  kind: ArchiveDocKind,
  title: z.string(),
  /** where the paper is kept, e.g. 档案柜 A-03 */
  location: z.string(),
  filedAt: IsoTime,
  retainUntil: CalendarDate,
  state: ArchiveState,
  confidential: z.boolean(),
  borrow: z
    .object({
      byName: z.string().nullable(),
      reason: z.string(),
      returnBy: CalendarDate,
      approvedByName: z.string().nullable(),
      lentAt: IsoTime.nullable(),
      returnedAt: IsoTime.nullable(),
    })
    .nullable(),
  destruction: z
    .object({
      proposedByName: z.string().nullable(),
      approvedByName: z.string().nullable(),
      confirmations: z.array(z.object({ byName: z.string().nullable(), at: IsoTime })),
      destroyedAt: IsoTime.nullable(),
    })
    .nullable(),
  events: z.array(
    z.object({
      action: ArchiveAction,
      from: ArchiveState.nullable(),
      to: ArchiveState,
      actorRole: ActorRole,
      actorName: z.string().nullable(),
      at: IsoTime,
      note: z.string().nullable(),
    }),
  ),
});
export type ArchiveFile = z.infer<typeof ArchiveFile>;

export const ArchiveLook = z.object({ id: z.string(), unit: z.string(), byName: z.string().nullable(), role: z.string(), reason: z.string(), at: IsoTime });
export type ArchiveLook = z.infer<typeof ArchiveLook>;

const fileReply = z.object({ file: ArchiveFile });
const Reason = z.string().trim().min(2, '请说明查阅原因').max(100);
const paging = { cursor: z.string().max(200).optional(), limit: z.number().int().min(1).max(50).default(20) };

export const archiveActions = {
  /** a steward files a document in a unit's archive (档案资料清单); idempotent by requestId */
  file: {
    input: z
      .object({
        communityId: CommunityId.optional(),
        unit: UnitLabel,
        kind: ArchiveDocKind,
        title: z.string().trim().min(1).max(40).optional(),
        location: z.string().trim().min(1, '请填写存放位置').max(40),
        /** the day it was signed or received; the retention runs from it */
        dated: CalendarDate,
        retainUntil: CalendarDate.optional(),
      })
      .strict(),
    output: fileReply,
  },
  /** a unit's archive, opened only with a stated reason; the look is logged */
  open: { input: z.object({ communityId: CommunityId.optional(), unit: UnitLabel, reason: Reason }).strict(), output: z.object({ files: z.array(ArchiveFile) }) },
  /** the manager's view of who looked at which archive and why, newest first */
  looks: {
    input: z
      .object({ communityId: CommunityId.optional(), ...paging })
      .strict()
      .optional()
      .default({ limit: 20 }),
    output: z.object({ looks: z.array(ArchiveLook), nextCursor: z.string().nullable() }),
  },
  /** the manager's queue: borrowings and destructions waiting for approval, and those approved awaiting their second confirmation */
  pending: { input: z.object({ communityId: CommunityId.optional() }).strict().optional().default({}), output: z.object({ files: z.array(ArchiveFile) }) },
  requestBorrow: { input: z.object({ id: Id, reason: Reason, returnBy: CalendarDate }).strict(), output: fileReply },
  decideBorrow: { input: z.object({ id: Id, approve: z.boolean(), note: z.string().trim().max(100).optional() }).strict(), output: fileReply },
  returnFile: { input: z.object({ id: Id }).strict(), output: fileReply },
  /** a file past its retention is proposed for destruction (过期文件处理登记表) */
  proposeDestruction: { input: z.object({ id: Id, note: z.string().trim().max(100).optional() }).strict(), output: fileReply },
  decideDestruction: { input: z.object({ id: Id, approve: z.boolean(), note: z.string().trim().max(100).optional() }).strict(), output: fileReply },
  /** each of two different staff confirms the destruction from their own account */
  confirmDestruction: { input: z.object({ id: Id }).strict(), output: fileReply },
} as const;
