// The `archives` function's actions (SPEC §14): filing the index (档案资料清单), looking a unit's
// archive up with a stated reason (every look logged for the manager), borrowing with the
// manager's approval (文件借阅登记表), and destruction past retention approved by the manager and
// confirmed by two different staff (过期文件处理登记表). Every change is the conditional write.
import type { z } from 'zod';
import { ARCHIVE_RETENTION_YEARS, CONFIDENTIAL_KINDS, type ArchiveAction, type ArchiveFile, type archiveActions } from '../../../types/archives';
import { archiveDocKindLabels } from '../../../types/frontdesk-labels';
import type { Caller } from '../router/caller';
import { AppError, forbidden, invalid } from '../router/errors';
import { createdEarlier, idOfCreate } from '../router/idempotency';
import type { ActionContext, ActionTable } from '../router/router';
import type { Database } from '../sdk';
import { shanghaiDate, toShanghaiIso } from '../time';
import { pageList } from '../workflow/paging';
import { type Store, writeStep } from '../workflow/write';
import type { ArchiveEventDoc, ArchiveFileDoc, ArchiveLookDoc } from './model';
import { archiveAccess, decideArchive } from './states';

type Ctx<A extends keyof typeof archiveActions> = ActionContext<z.output<(typeof archiveActions)[A]['input']>>;
type Base = { db: Database; caller: Caller; now: Date };

export const ARCHIVE_FILES = 'archiveFiles';
export const ARCHIVE_LOOKS = 'archiveLooks';
const STORE: Store<ArchiveFileDoc> = { collection: ARCHIVE_FILES, whole: ['borrow', 'destruction'], stale: '档案状态已变化，请刷新后重试' };

const iso = (d: Date) => toShanghaiIso(d);

export function fileView(f: ArchiveFileDoc): ArchiveFile {
  return {
    id: f._id,
    communityId: f.communityId,
    unit: f.unit,
    kind: f.kind,
    title: f.title,
    location: f.location,
    filedAt: iso(f.filedAt),
    retainUntil: f.retainUntil,
    state: f.state,
    confidential: f.confidential,
    borrow: f.borrow
      ? {
          byName: f.borrow.byName,
          reason: f.borrow.reason,
          returnBy: f.borrow.returnBy,
          approvedByName: f.borrow.approvedByName,
          lentAt: f.borrow.lentAt ? iso(f.borrow.lentAt) : null,
          returnedAt: f.borrow.returnedAt ? iso(f.borrow.returnedAt) : null,
        }
      : null,
    destruction: f.destruction
      ? {
          proposedByName: f.destruction.proposedByName,
          approvedByName: f.destruction.approvedByName,
          confirmations: f.destruction.confirmations.map((c) => ({ byName: c.byName, at: iso(c.at) })),
          destroyedAt: f.destruction.destroyedAt ? iso(f.destruction.destroyedAt) : null,
        }
      : null,
    events: f.events.map((e) => ({ action: e.action, from: e.from, to: e.to, actorRole: e.actorRole, actorName: e.actorName, at: iso(e.at), note: e.note })),
  };
}

function community(caller: Caller, requested: string | undefined, rights: Parameters<Caller['communitiesAs']>[0]): string {
  const communityId = requested ?? caller.communitiesAs(rights)[0];
  if (!communityId || !caller.postIn(communityId, rights)) throw forbidden('只有本小区的管理人员可以查看业主档案');
  return communityId;
}

async function load(ctx: Base, id: string): Promise<ArchiveFileDoc> {
  return archiveAccess.load(
    ctx.db
      .collection<ArchiveFileDoc>(ARCHIVE_FILES)
      .where({ _id: id })
      .limit(1)
      .get()
      .then((r) => r.data[0] ?? null),
    ctx.caller,
  );
}

/** One step of a file: the machine decides, the conditional write records it with its event. */
async function step(
  ctx: Base,
  f: ArchiveFileDoc,
  action: ArchiveAction,
  changes: (name: string | null) => Partial<ArchiveFileDoc>,
  note: string | null = null,
): Promise<ArchiveFileDoc> {
  const post = archiveAccess.post(ctx.caller, f.communityId);
  if (!post) throw forbidden();
  const decided = decideArchive(f, action, { id: ctx.caller.openid, role: post.role }, ctx.now, note);
  if (!decided.ok) throw new AppError(decided.code, decided.message, decided.code === 'INVALID_INPUT' ? { note: decided.message } : undefined);
  const event: ArchiveEventDoc = { ...decided.event, actorName: post.name };
  const change = { ...changes(post.name), state: decided.state, updatedAt: ctx.now };
  await writeStep(ctx.db, STORE, f, change, { events: [event] });
  return { ...f, ...change, rev: f.rev + 1, events: [...f.events, event] };
}

function addYears(day: string, years: number): string {
  return `${String(Number(day.slice(0, 4)) + years).padStart(4, '0')}${day.slice(4)}`;
}

export const archivesActionTable = {
  file: {
    roles: ['steward'],
    create: true,
    async handler(ctx: Ctx<'file'>) {
      const { db: database, caller, now, input } = ctx;
      const earlier = await createdEarlier<ArchiveFileDoc>(ctx, ARCHIVE_FILES);
      if (earlier) return { file: fileView(earlier) };
      const communityId = community(caller, input.communityId, ['steward']);
      const post = caller.postIn(communityId, ['steward']);
      if ((await database.collection('units').where({ communityId, unit: input.unit }).limit(1).get()).data.length === 0) {
        throw invalid('本小区没有这个房号', { unit: '本小区没有这个房号' });
      }
      const doc: Omit<ArchiveFileDoc, '_id'> = {
        communityId,
        unit: input.unit,
        kind: input.kind,
        title: input.title ?? archiveDocKindLabels[input.kind],
        location: input.location,
        filedAt: now,
        retainUntil: input.retainUntil ?? addYears(input.dated, ARCHIVE_RETENTION_YEARS[input.kind]),
        state: 'filed',
        rev: 0,
        confidential: CONFIDENTIAL_KINDS.includes(input.kind),
        borrow: null,
        destruction: null,
        events: [{ action: 'file', from: null, to: 'filed', actorRole: post?.role ?? 'steward', actorId: caller.openid, actorName: post?.name ?? null, at: now, note: null }],
        createdAt: now,
        updatedAt: now,
      };
      const added = await database.collection(ARCHIVE_FILES).add({ data: { ...idOfCreate(ctx), ...doc } });
      return { file: fileView({ ...doc, _id: added._id }) };
    },
  },

  open: {
    roles: ['steward'],
    async handler(ctx: Ctx<'open'>) {
      const { db: database, caller, now, input } = ctx;
      const communityId = community(caller, input.communityId, ['steward']);
      const post = caller.postIn(communityId, ['steward']);
      // the look is written down before anything is shown
      const look: Omit<ArchiveLookDoc, '_id'> = {
        communityId,
        unit: input.unit,
        by: caller.openid,
        byName: post?.name ?? null,
        role: post?.role ?? 'steward',
        reason: input.reason,
        at: now,
      };
      await database.collection(ARCHIVE_LOOKS).add({ data: look });
      const found = await database.collection<ArchiveFileDoc>(ARCHIVE_FILES).where({ communityId, unit: input.unit }).orderBy('filedAt', 'asc').limit(100).get();
      return { files: found.data.map(fileView) };
    },
  },

  looks: {
    roles: ['manager'],
    async handler(ctx: Ctx<'looks'>) {
      const { db: database, caller, input } = ctx;
      const communityId = community(caller, input.communityId, ['manager']);
      const page = await pageList<ArchiveLookDoc>(
        database,
        { collection: ARCHIVE_LOOKS, filter: { communityId }, sort: { field: 'at', kind: 'date', order: 'desc' }, limit: input.limit },
        input.cursor,
      );
      return { looks: page.docs.map((l) => ({ id: l._id, unit: l.unit, byName: l.byName, role: l.role, reason: l.reason, at: iso(l.at) })), nextCursor: page.next };
    },
  },

  pending: {
    roles: ['steward'],
    async handler(ctx: Ctx<'pending'>) {
      const { db: database, caller, input } = ctx;
      const communityId = community(caller, input.communityId, ['steward']);
      const found = await database
        .collection<ArchiveFileDoc>(ARCHIVE_FILES)
        .where({ communityId, state: database.command.in(['borrow_requested', 'lent', 'proposed', 'approved']) })
        .orderBy('updatedAt', 'asc')
        .limit(100)
        .get();
      return { files: found.data.map(fileView) };
    },
  },

  requestBorrow: {
    roles: ['steward'],
    async handler(ctx: Ctx<'requestBorrow'>) {
      const f = await load(ctx, ctx.input.id);
      if (ctx.input.returnBy < shanghaiDate(ctx.now)) throw invalid('归还日期不能早于今天', { returnBy: '归还日期不能早于今天' });
      const after = await step(
        ctx,
        f,
        'requestBorrow',
        (name) => ({
          borrow: {
            by: ctx.caller.openid,
            byName: name,
            reason: ctx.input.reason,
            returnBy: ctx.input.returnBy,
            approvedBy: null,
            approvedByName: null,
            lentAt: null,
            returnedAt: null,
          },
        }),
        ctx.input.reason,
      );
      return { file: fileView(after) };
    },
  },

  decideBorrow: {
    roles: ['manager'],
    async handler(ctx: Ctx<'decideBorrow'>) {
      const f = await load(ctx, ctx.input.id);
      const note = ctx.input.note?.trim() || null;
      const after = ctx.input.approve
        ? await step(ctx, f, 'approveBorrow', (name) => ({ borrow: f.borrow ? { ...f.borrow, approvedBy: ctx.caller.openid, approvedByName: name, lentAt: ctx.now } : null }), note)
        : await step(ctx, f, 'rejectBorrow', () => ({}), note);
      return { file: fileView(after) };
    },
  },

  returnFile: {
    roles: ['steward'],
    async handler(ctx: Ctx<'returnFile'>) {
      const f = await load(ctx, ctx.input.id);
      const after = await step(ctx, f, 'returnFile', () => ({ borrow: f.borrow ? { ...f.borrow, returnedAt: ctx.now } : null }));
      return { file: fileView(after) };
    },
  },

  proposeDestruction: {
    roles: ['steward'],
    async handler(ctx: Ctx<'proposeDestruction'>) {
      const f = await load(ctx, ctx.input.id);
      const after = await step(
        ctx,
        f,
        'propose',
        (name) => ({ destruction: { proposedBy: ctx.caller.openid, proposedByName: name, approvedBy: null, approvedByName: null, confirmations: [], destroyedAt: null } }),
        ctx.input.note?.trim() || null,
      );
      return { file: fileView(after) };
    },
  },

  decideDestruction: {
    roles: ['manager'],
    async handler(ctx: Ctx<'decideDestruction'>) {
      const f = await load(ctx, ctx.input.id);
      const note = ctx.input.note?.trim() || null;
      const after = ctx.input.approve
        ? await step(
            ctx,
            f,
            'approveDestruction',
            (name) => ({ destruction: f.destruction ? { ...f.destruction, approvedBy: ctx.caller.openid, approvedByName: name } : null }),
            note,
          )
        : await step(ctx, f, 'rejectDestruction', () => ({ destruction: null }), note);
      return { file: fileView(after) };
    },
  },

  confirmDestruction: {
    roles: ['steward'],
    async handler(ctx: Ctx<'confirmDestruction'>) {
      const f = await load(ctx, ctx.input.id);
      const d = f.destruction;
      if (!d) throw new AppError('CONFLICT', '这份档案没有待销毁的登记');
      const second = d.confirmations.length >= 1;
      // conditional on the revision read: two confirmations at once cannot both be the first
      const after = await step(ctx, f, second ? 'destroy' : 'confirm', (name) => ({
        destruction: { ...d, confirmations: [...d.confirmations, { by: ctx.caller.openid, byName: name, at: ctx.now }], destroyedAt: second ? ctx.now : null },
      }));
      return { file: fileView(after) };
    },
  },
} satisfies ActionTable<'archives'>;
