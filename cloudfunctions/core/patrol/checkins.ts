// A check-in (SPEC §13): a scanned (or typed) point code, the checklist, photos, an optional
// problem. The server's time counts, never the phone's; an offline batch keeps each scan's phone
// time beside the receipt (rules.ts countedAt). A check-in's `_id` derives from the caller and its
// requestId, the same derivation the router's idempotent create uses, so the same check-in sent
// twice — online, in a batch, or both — is stored once.
import type { z } from 'zod';
import type { ChecklistItem } from '../../../types/patrol';
import type { StaffDoc } from '../accounts/model';
import type { Caller } from '../router/caller';
import { AppError } from '../router/errors';
import { createdId, requestKey } from '../router/idempotency';
import { type Database, isDuplicateError } from '../sdk';
import { CHECKINS, type CheckInDoc } from './model';
import { pointOfCode } from './points';
import { type ProblemDoc, recordProblem } from './problems';
import { countedAt } from './rules';

export interface CheckInFields {
  code: string;
  checklist: Array<z.output<typeof ChecklistItem>>;
  photos: string[];
  note?: string;
  problem?: { text: string; photos: string[]; handledNote?: string };
}

/** The id a check-in with this requestId gets (as the router's create would derive it). */
export const checkInId = (openid: string, requestId: string): string => createdId({ requestKey: requestKey(openid, 'patrol', 'checkIn', requestId) }) as string;

async function findCheckIn(database: Database, id: string): Promise<CheckInDoc | null> {
  return (await database.collection<CheckInDoc>(CHECKINS).where({ _id: id }).limit(1).get()).data[0] ?? null;
}

/**
 * Records one check-in under `id`. `scannedAt` is the phone's time (offline only). Answers the
 * stored check-in and whether it was there already.
 */
export async function recordCheckIn(
  database: Database,
  caller: Caller,
  post: StaffDoc,
  id: string | undefined,
  fields: CheckInFields,
  scannedAt: Date | null,
  now: Date,
): Promise<{ doc: CheckInDoc; duplicate: boolean; problem: ProblemDoc | null }> {
  let stored = id ? await findCheckIn(database, id) : null;
  const duplicate = stored !== null;
  if (!stored) stored = await insertCheckIn(database, caller, post, id, fields, scannedAt, now);
  let problem: ProblemDoc | null = null;
  // a retry after a failure between the check-in and its problem records the problem then
  if (fields.problem && !stored.problemId && stored.steward === caller.openid) {
    // the problem's id derives from the check-in's: it is recorded once whatever is retried
    problem = await recordProblem(
      database,
      `${stored._id}-p`,
      {
        communityId: stored.communityId,
        building: stored.building,
        place: `${stored.building}栋 ${stored.pointName}`,
        pointId: stored.pointId,
        pointName: stored.pointName,
        checkInId: stored._id,
        text: fields.problem.text,
        photos: fields.problem.photos,
        handledNote: fields.problem.handledNote?.trim() || null,
      },
      post,
      now,
    );
    await database
      .collection(CHECKINS)
      .where({ _id: stored._id })
      .update({ data: { problemId: problem._id } });
    stored = { ...stored, problemId: problem._id };
  }
  return { doc: stored, duplicate, problem };
}

async function insertCheckIn(
  database: Database,
  caller: Caller,
  post: StaffDoc,
  id: string | undefined,
  fields: CheckInFields,
  scannedAt: Date | null,
  now: Date,
): Promise<CheckInDoc> {
  const point = await pointOfCode(database, fields.code, post.communityId);
  const counted = countedAt(now, scannedAt);
  const doc: Omit<CheckInDoc, '_id'> = {
    communityId: point.communityId,
    pointId: point._id,
    pointName: point.name,
    building: point.building,
    steward: caller.openid,
    stewardName: post.name,
    at: now,
    scannedAt,
    countedAt: counted.countedAt,
    day: counted.day,
    dayNo: counted.dayNo,
    skewed: counted.skewed,
    offline: scannedAt !== null,
    checklist: fields.checklist.map((c) => ({ item: c.item, ok: c.ok })),
    photos: fields.photos,
    note: fields.note?.trim() || null,
    problemId: null,
  };
  try {
    const added = await database.collection(CHECKINS).add({ data: id ? { _id: id, ...doc } : doc });
    return { ...doc, _id: added._id };
  } catch (error) {
    // the same check-in racing itself (a double tap, the batch and the online send at once)
    if (!id || !isDuplicateError(error)) throw error;
    const earlier = await findCheckIn(database, id);
    if (!earlier) throw error;
    return earlier;
  }
}

/** The check-ins of a Shanghai day in a community (one steward's, when named). */
export async function checkInsOf(database: Database, communityId: string, day: string, steward?: string): Promise<CheckInDoc[]> {
  const where: Record<string, unknown> = { communityId, day };
  if (steward) where.steward = steward;
  const out: CheckInDoc[] = [];
  for (;;) {
    const page = await database.collection<CheckInDoc>(CHECKINS).where(where).orderBy('countedAt', 'asc').orderBy('_id', 'asc').skip(out.length).limit(100).get();
    out.push(...page.data);
    if (page.data.length < 100 || out.length >= 1000) return out;
  }
}

export function refusalText(error: unknown): string {
  return error instanceof AppError ? error.message : '系统繁忙，请稍后再试';
}
