// The reports' database access: the month's aggregation over `tickets` (its leading $match uses
// the community_created index, so a month costs the tickets of that month, not all of them), staff
// names, the community, and the archive of exported files.
import type { CommunityDoc, StaffDoc } from '../accounts/model';
import type { Database } from '../sdk';
import { sdk } from '../sdk';
import { TICKETS } from '../tickets/data';
import { monthBounds } from './figures';
import { type AlikeRow, alikeStages, type GroupRow, groupStages, questionStages, ticketFacts } from './pipeline';

export const ARCHIVES = 'reportArchives';

export interface ArchiveDoc {
  _id: string;
  communityId: string;
  /** YYYY-MM */
  month: string;
  fileID: string;
  fileName: string;
  createdAt: Date;
  /** the lead or manager who exported it (staff, not an owner) */
  by: string;
  byName: string | null;
}

function monthMatch(database: Database, communityId: string, month: string): Record<string, unknown> {
  const _ = database.command;
  const { start, end } = monthBounds(month);
  return { communityId, createdAt: _.and(_.gte(start), _.lt(end)) };
}

/** One row per building and accepting steward, with every figure's counts and the missed tickets. */
export async function monthGroups(database: Database, communityId: string, month: string, now: Date): Promise<GroupRow[]> {
  let pipeline = database
    .collection(TICKETS)
    .aggregate()
    .match(monthMatch(database, communityId, month))
    .project(ticketFacts(now));
  for (const stage of groupStages()) {
    const [name, value] = Object.entries(stage)[0] as ['$group' | '$project', Record<string, unknown>];
    pipeline = name === '$group' ? pipeline.group(value) : pipeline.project(value);
  }
  // WeChat's database answers 20 rows unless told: a community has more buildings × stewards.
  const { list } = await pipeline.limit(10_000).end();
  return list as unknown as GroupRow[];
}

/**
 * The month's questions (information feedback) in the same group rows, by one aggregation whose
 * $match uses the questions' community_month index.
 */
export async function monthQuestionGroups(database: Database, communityId: string, month: string, now: Date): Promise<GroupRow[]> {
  let pipeline = database.collection('questions').aggregate().match({ communityId, askedMonth: month });
  for (const stage of questionStages(now)) {
    const [name, value] = Object.entries(stage)[0] as ['$group' | '$project', Record<string, unknown>];
    pipeline = name === '$group' ? pipeline.group(value) : pipeline.project(value);
  }
  const { list } = await pipeline.limit(10_000).end();
  return list as unknown as GroupRow[];
}

/** One ticket of the month as the export lists it: its facts and, per figure, in/ok/pending. */
export type TicketRow = Record<string, unknown> & { _id: string; no: string; createdAt: Date };

/**
 * The month's tickets in alike groups with their flags and every ticket kept (the export: the
 * figures and the full list from one pass over the month).
 */
export async function monthAlike(database: Database, communityId: string, month: string, now: Date): Promise<AlikeRow[]> {
  let pipeline = database
    .collection(TICKETS)
    .aggregate()
    .match(monthMatch(database, communityId, month))
    .project(ticketFacts(now));
  for (const stage of alikeStages()) {
    const [name, value] = Object.entries(stage)[0] as ['$group' | '$project', Record<string, unknown>];
    pipeline = name === '$group' ? pipeline.group(value) : pipeline.project(value);
  }
  const { list } = await pipeline.limit(100_000).end();
  return list as unknown as AlikeRow[];
}

/** openid → name of everyone who has held a post in the community (former staff still own old tickets). */
export async function staffNames(database: Database, communityId: string): Promise<Map<string, string>> {
  const found = await database.collection<StaffDoc>('staff').where({ communityId }).limit(100).get();
  const names = new Map<string, string>();
  for (const s of found.data) if (!names.has(s.openid) || s.active) names.set(s.openid, s.name);
  return names;
}

export async function community(database: Database, communityId: string): Promise<CommunityDoc | null> {
  const found = await database.collection<CommunityDoc>('communities').where({ _id: communityId }).limit(1).get();
  return found.data[0] ?? null;
}

export async function archivesOf(database: Database, communityId: string, month: string): Promise<ArchiveDoc[]> {
  const found = await database.collection<ArchiveDoc>(ARCHIVES).where({ communityId, month }).orderBy('createdAt', 'desc').limit(20).get();
  return found.data;
}

/** Temporary links for archived files (one call for all); a file storage no longer has gets null. */
export async function downloadLinks(fileIDs: string[]): Promise<Map<string, string | null>> {
  const links = new Map<string, string | null>();
  if (fileIDs.length === 0) return links;
  const { fileList } = await sdk().getTempFileURL({ fileList: fileIDs.map((fileID) => ({ fileID, maxAge: 3600 })) });
  for (const file of fileList) links.set(file.fileID, file.status === 0 && file.tempFileURL ? file.tempFileURL : null);
  return links;
}
