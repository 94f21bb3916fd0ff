import { z } from 'zod';
import { ActorRole } from './enums';
import { CalendarDate, CommunityId, Id, IsoTime } from './common';

// Notices (发文, SPEC §15): a steward drafts in the company's fixed format, the manager approves
// (the notice is published at once, numbered 〔YYYY〕第 N 号) or returns it with a comment. A
// published notice is locked; the manager may revoke it (with a reason) and staff archive it.

/** draft → submitted → published → archived; submitted → returned → (edited) draft; published → revoked. */
export const NoticeState = z.enum(['draft', 'submitted', 'returned', 'published', 'revoked', 'archived']);
export type NoticeState = z.infer<typeof NoticeState>;

export const NoticeAction = z.enum(['draft', 'edit', 'submit', 'approve', 'return', 'revoke', 'archive']);
export type NoticeAction = z.infer<typeof NoticeAction>;

/** What the caller may do to a notice now (drives the page's buttons). */
export const NoticeCommand = z.enum(['edit', 'submit', 'approve', 'return', 'revoke', 'archive']);
export type NoticeCommand = z.infer<typeof NoticeCommand>;

const Title = z.string().trim().min(2, '标题至少 2 个字').max(40, '标题不超过 40 字');
const Body = z.string().trim().min(10, '正文至少 10 个字').max(5000, '正文不超过 5000 字');
const Department = z.string().trim().min(2, '请填写发文部门').max(30, '发文部门不超过 30 字');
const Reason = (what: string) => z.string().trim().min(1, `请填写${what}`).max(200, `${what}不超过 200 字`);

export const NoticeEvent = z.object({
  action: NoticeAction,
  from: NoticeState.nullable(),
  to: NoticeState,
  actorRole: ActorRole,
  actorName: z.string().nullable(),
  at: IsoTime,
  note: z.string().nullable(),
});
export type NoticeEvent = z.infer<typeof NoticeEvent>;

export const Notice = z.object({
  id: z.string(),
  communityId: z.string(),
  /** 〔2026〕第 3 号 once approved; null before */
  no: z.string().nullable(),
  title: z.string(),
  body: z.string(),
  /** the issuing department (落款) */
  department: z.string(),
  /** the issue date (the approval's Shanghai day); null before */
  date: CalendarDate.nullable(),
  state: NoticeState,
  /** shown first on 首页 until the end of this day */
  pinnedUntil: CalendarDate.nullable(),
  publishedAt: IsoTime.nullable(),
  /** the manager's comment when returned */
  returnComment: z.string().nullable(),
  revokedReason: z.string().nullable(),
  /** owners who opened it */
  readCount: z.number().int(),
  /** whether the caller has read it (owners) */
  read: z.boolean(),
  /** staff only: the community's bindings the fan-out has worked through, and whether it is done */
  delivery: z.object({ reached: z.number().int(), done: z.boolean() }).nullable(),
  drafterName: z.string().nullable(),
  allowed: z.array(NoticeCommand),
  /** revision, sent back with an edit (a stale screen gets CONFLICT) */
  rev: z.number().int(),
  events: z.array(NoticeEvent),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type Notice = z.infer<typeof Notice>;

export const NoticeSummary = Notice.omit({ body: true, events: true }).extend({
  /** the first lines of the body */
  excerpt: z.string(),
  /** pinned on 首页 now */
  pinned: z.boolean(),
});
export type NoticeSummary = z.infer<typeof NoticeSummary>;

const byId = z.object({ id: Id }).strict();
const reply = z.object({ notice: Notice });
const Draft = {
  title: Title,
  body: Body,
  department: Department,
  pinnedUntil: CalendarDate.nullable().optional(),
};

export const noticeActions = {
  /** a steward drafts a notice (idempotent by requestId) */
  create: { input: z.object({ communityId: CommunityId.optional(), ...Draft }).strict(), output: reply },
  /** edits a draft or a returned notice; `rev` as read (CONFLICT when it moved) */
  edit: { input: z.object({ id: Id, rev: z.number().int().min(0), ...Draft }).strict(), output: reply },
  submit: { input: byId, output: reply },
  /** the manager approves: numbered, dated and published at once */
  approve: { input: byId, output: reply },
  /** the manager returns it with a comment */
  return: { input: z.object({ id: Id, comment: Reason('退回意见') }).strict(), output: reply },
  /** the manager withdraws a published notice: gone from 首页, kept in the archive */
  revoke: { input: z.object({ id: Id, reason: Reason('撤回原因') }).strict(), output: reply },
  archive: { input: byId, output: reply },
  /** the notice; an owner's first open counts as a read */
  get: { input: byId, output: reply },
  list: {
    input: z
      .object({
        /** published: owners' list, newest first; work: staff drafts and approvals; archive: staff, every issued notice */
        view: z.enum(['published', 'work', 'archive']).default('published'),
        communityId: CommunityId.optional(),
        cursor: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(50).default(20),
      })
      .strict()
      .optional()
      .default({ view: 'published', limit: 20 }),
    output: z.object({ notices: z.array(NoticeSummary), nextCursor: z.string().nullable() }),
  },
  /** 首页: the latest published notices of the caller's communities, pinned first */
  home: {
    input: z
      .object({ limit: z.number().int().min(1).max(10).default(3) })
      .strict()
      .optional()
      .default({ limit: 3 }),
    output: z.object({ notices: z.array(NoticeSummary) }),
  },
} as const;
