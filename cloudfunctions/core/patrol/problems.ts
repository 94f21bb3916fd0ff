// Problems found on patrol (SPEC §13; the manual's 巡查中发现问题的处理): handled on the spot, reported
// to the duty steward, or turned into a public_area ticket through the tickets' own create path
// (linked both ways); verified and closed on site. One not handled within 3 days is reported to
// the lead once (sweep.ts). Every change is the workflow core's conditional write.
import { createHash } from 'node:crypto';
import { PROBLEM_ESCALATE_AFTER, type ProblemAction, type ProblemState } from '../../../types/patrol';
import { spanMs } from '../../../types/sla';
import type { StaffDoc } from '../accounts/model';
import type { Caller } from '../router/caller';
import { AppError } from '../router/errors';
import type { Database } from '../sdk';
import { fileTicket } from '../tickets/actions';
import { TICKETS } from '../tickets/data';
import { UNBOUND_REPORTER, type TicketDoc } from '../tickets/model';
import { defineMachine } from '../workflow/machine';
import { nextDailyNumber } from '../workflow/number';
import { tellStaffAlert } from '../workflow/notices';
import { type Store, writeStep } from '../workflow/write';
import { patrolAccess, problemAccess } from './access';
import { PROBLEM_NUMBERS, PROBLEMS, type ProblemDoc, type ProblemEventDoc } from './model';

export type { ProblemDoc };

type Command = Exclude<ProblemAction, 'find'>;

const OPEN: readonly ProblemState[] = ['open', 'reported', 'ticketed'];

export const problemMachine = defineMachine<ProblemState, Command, ProblemDoc>({
  rules: {
    report: { from: ['open'], to: 'reported', roles: ['steward'] },
    ticket: { from: ['open', 'reported'], to: 'ticketed', roles: ['steward'] },
    handle: { from: OPEN, to: 'handled', roles: ['steward'], needsNote: true },
  },
  stale: (p) => (p.state === 'handled' ? '这个问题已处理完毕' : p.state === 'ticketed' ? '这个问题已转为工单' : '问题状态已变化，请刷新后重试'),
});

const STORE: Store<ProblemDoc> = { collection: PROBLEMS, whole: ['alerts'], stale: '问题状态已变化，请刷新后重试' };

/** The sweep's next item: the 3-day mark while unhandled and not yet reported up. */
export const problemDueAt = (p: Pick<ProblemDoc, 'state' | 'foundAt' | 'alerts'>): Date | null =>
  p.state !== 'handled' && !p.alerts?.escalated ? new Date(p.foundAt.getTime() + spanMs(PROBLEM_ESCALATE_AFTER)) : null;

export const problemPage = (id: string) => `/packages/patrol/area/index?problem=${id}`;

export async function findProblem(database: Database, id: string): Promise<ProblemDoc | null> {
  return (await database.collection<ProblemDoc>(PROBLEMS).where({ _id: id }).limit(1).get()).data[0] ?? null;
}

export const loadProblem = (database: Database, caller: Caller, id: string) => problemAccess.load(findProblem(database, id), caller);

export interface Found {
  communityId: string;
  building: string;
  place: string;
  pointId: string | null;
  pointName: string | null;
  checkInId: string | null;
  text: string;
  photos: string[];
  /** handled on the spot: the note of what was done */
  handledNote: string | null;
}

/** A problem found at a check-in, under an id derived from it (a retried check-in finds it again). */
export async function recordProblem(database: Database, id: string, found: Found, post: StaffDoc, now: Date): Promise<ProblemDoc> {
  const existing = await findProblem(database, id);
  if (existing) return existing;
  const events: ProblemEventDoc[] = [{ action: 'find', from: null, to: 'open', actorRole: post.role, actorId: post.openid, actorName: post.name, at: now, note: null }];
  const handled = found.handledNote ? found.handledNote : null;
  if (handled) events.push({ action: 'handle', from: 'open', to: 'handled', actorRole: post.role, actorId: post.openid, actorName: post.name, at: now, note: handled });
  const doc: Omit<ProblemDoc, '_id'> = {
    no: (await nextDailyNumber(database, PROBLEM_NUMBERS, found.communityId, now)).no,
    communityId: found.communityId,
    unit: found.place,
    building: found.building,
    pointId: found.pointId,
    pointName: found.pointName,
    checkInId: found.checkInId,
    text: found.text,
    photos: found.photos,
    state: handled ? 'handled' : 'open',
    rev: 0,
    foundBy: post.openid,
    foundByName: post.name,
    foundAt: now,
    ticketId: null,
    ticketNo: null,
    handledAt: handled ? now : null,
    handledNote: handled,
    nextDueAt: null,
    alerts: {},
    events,
  };
  doc.nextDueAt = problemDueAt(doc);
  await database.collection(PROBLEMS).add({ data: { _id: id, ...doc } });
  return { ...doc, _id: id };
}

/** One transition by the caller, written conditionally on the state and revision the page showed. */
export async function stepProblem(
  database: Database,
  caller: Caller,
  p: ProblemDoc,
  rev: number,
  command: Command,
  note: string | null,
  now: Date,
  changes: Partial<ProblemDoc> = {},
): Promise<ProblemDoc> {
  if (p.rev !== rev) throw new AppError('CONFLICT', STORE.stale);
  const post = patrolAccess.post(caller, p.communityId);
  if (!post) throw new AppError('NOT_FOUND', '没有找到相关记录');
  const decided = problemMachine.decide(p, command, { id: caller.openid, role: post.role }, now, note);
  if (!decided.ok) throw new AppError(decided.code, decided.message, decided.code === 'INVALID_INPUT' ? { note: decided.message } : undefined);
  const event: ProblemEventDoc = { ...decided.event, actorName: post.name };
  const after: ProblemDoc = { ...p, ...changes, state: decided.state, rev: p.rev + 1, events: [...p.events, event] };
  after.nextDueAt = problemDueAt(after);
  await writeStep(database, STORE, p, { ...changes, state: decided.state, nextDueAt: after.nextDueAt }, { events: [event] });
  return after;
}

/** Reported to the duty stewards: they are told at once (the manual: 上报值班管家). */
export async function tellDuty(database: Database, p: ProblemDoc, staff: StaffDoc[], note: string | null, now: Date): Promise<void> {
  const duty = staff.filter((s) => s.kind === 'duty').map((s) => s.openid);
  await tellStaffAlert(
    database,
    'patrol',
    duty,
    {
      id: p._id,
      title: '巡查问题上报',
      body: `${p.unit}：${p.text}${note ? `（${note}）` : ''}`,
      subject: `${p.building}栋巡查问题`,
      no: p.no,
      due: new Date(p.foundAt.getTime() + spanMs(PROBLEM_ESCALATE_AFTER)),
      page: problemPage(p._id),
    },
    now,
  );
}

/**
 * Files the problem as a public_area ticket through the tickets' create path (numbered, clocked,
 * the stewards told), under an id derived from the problem: a retry after a failure finds the
 * ticket it made instead of making another. The property reports it (no owner is told).
 */
export async function ticketFor(database: Database, caller: Caller, p: ProblemDoc, kind: TicketDoc['kind'], severity: TicketDoc['severity'], now: Date): Promise<TicketDoc> {
  const requestKey = createHash('sha256').update(`patrol-problem\n${p._id}`).digest('hex').slice(0, 40);
  const earlier = (
    await database
      .collection<TicketDoc>(TICKETS)
      .where({ _id: `rq${requestKey.slice(0, 24)}` })
      .limit(1)
      .get()
  ).data[0];
  if (earlier) return earlier;
  const post = patrolAccess.post(caller, p.communityId);
  if (!post) throw new AppError('NOT_FOUND', '没有找到相关记录');
  const description = `巡查发现（${p.no}，${p.pointName ?? p.unit}）：${p.text}`;
  return fileTicket(
    { db: database, caller, now, requestKey },
    {
      kind,
      scope: 'public_area',
      unit: p.unit,
      building: p.building,
      description: description.length >= 5 ? description.slice(0, 500) : `${description}（巡查）`,
      photos: p.photos,
      severity,
      complaintClass: undefined,
      preferredAt: undefined,
      channel: 'patrol',
      note: `巡查问题 ${p.no}`,
      origin: { kind: 'patrolProblem', id: p._id, no: p.no },
    },
    {
      communityId: p.communityId,
      reporter: `${UNBOUND_REPORTER}:${p.communityId}:${p.unit}`,
      reporterRole: 'owner',
      reporterName: post.name,
      reporterPhone: post.phone,
      actorRole: post.role,
      actorName: post.name,
    },
  );
}

export async function openProblems(database: Database, communityId: string, all: boolean): Promise<ProblemDoc[]> {
  const _ = database.command;
  const where: Record<string, unknown> = { communityId };
  if (!all) where.state = _.in([...OPEN]);
  const found = await database.collection<ProblemDoc>(PROBLEMS).where(where).orderBy('foundAt', 'desc').limit(100).get();
  return found.data;
}
