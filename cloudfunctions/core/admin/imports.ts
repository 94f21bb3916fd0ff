// Units and the owner roster from a spreadsheet in cloud storage (SPEC §11). Everything is read and
// judged before anything is written: a dry run answers the figures; a real run with any refused row
// writes nothing and names the rows; otherwise it writes in batches. Documents have ids fixed by
// what they are (`<community>:<unit>`, `<community>:<unit>:<phone>`), so a second run — the same
// requestId (the router answers it from the first) or a new one — finds them and adds nothing.
import type { z } from 'zod';
import type { importActions, ImportResult } from '../../../types/admin';
import type { CommunityDoc, RosterDoc, UnitDoc } from '../accounts/model';
import { AppError, invalid, notFound } from '../router/errors';
import type { ActionContext } from '../router/router';
import { type Database, isDuplicateError, sdk } from '../sdk';
import { loadCommunity, managerPost } from './communities';
import { sortBuildings } from './model';
import { type GoodRow, judgeRows } from './rows';

type Ctx<A extends keyof typeof importActions> = ActionContext<z.output<(typeof importActions)[A]['input']>>;

/** Ids per `_.in` read, documents per batched insert: well inside one request's size. */
const READ_CHUNK = 500;
const WRITE_CHUNK = 500;
/** Units per roster read: a unit rarely lists more than a few owners, and the read's limit is 1000. */
const ROSTER_CHUNK = 200;

const unitIdOf = (communityId: string, unit: string) => `${communityId}:${unit}`;
const rosterIdOf = (communityId: string, unit: string, phone: string) => `${communityId}:${unit}:${phone}`;

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

async function sheetRows(fileID: string, needOwner: boolean) {
  let bytes: Buffer;
  try {
    bytes = (await sdk().downloadFile({ fileID })).fileContent;
  } catch {
    throw invalid('找不到上传的文件，请重新上传', { fileID: '文件不存在' });
  }
  const { readSheet } = await import('./sheet');
  return judgeRows(await readSheet(bytes), needOwner);
}

async function unitsById(database: Database, ids: readonly string[]): Promise<Map<string, UnitDoc>> {
  const _ = database.command;
  const found = new Map<string, UnitDoc>();
  for (const part of chunks(ids, READ_CHUNK)) {
    const page = await database
      .collection<UnitDoc>('units')
      .where({ _id: _.in(part) })
      .limit(part.length)
      .get();
    for (const u of page.data) found.set(u._id, u);
  }
  return found;
}

/** A real run with refused rows writes nothing: the rows and reasons, the first 20 as fields. */
function refuseFile(refused: ImportResult['refused']): AppError {
  const fields: Record<string, string> = {};
  for (const r of refused.slice(0, 20)) fields[`row${r.row}`] = r.reason;
  const first = refused[0];
  return invalid(`有 ${refused.length} 行不能导入，未写入任何数据。第 ${first.row} 行：${first.reason}`, fields);
}

async function insertAll(database: Database, collection: string, docs: Array<Record<string, unknown>>): Promise<number> {
  for (const part of chunks(docs, WRITE_CHUNK)) {
    try {
      await database.collection(collection).add({ data: part });
    } catch (error) {
      if (isDuplicateError(error)) throw new AppError('CONFLICT', '另一次导入正在写入同样的数据，请稍后再试');
      throw error;
    }
  }
  return docs.length;
}

async function communityFor(ctx: { db: Database; caller: Ctx<'importUnits'>['caller'] }, communityId: string): Promise<CommunityDoc> {
  managerPost(ctx.caller, communityId);
  const community = await loadCommunity(ctx.db, communityId);
  if (!community) throw notFound('没有找到这个小区');
  return community;
}

export const importActionsTable = {
  importUnits: {
    roles: ['manager'] as const,
    create: true,
    async handler(ctx: Ctx<'importUnits'>): Promise<ImportResult> {
      const { input, db: database } = ctx;
      const community = await communityFor(ctx, input.communityId);
      const { good, refused } = await sheetRows(input.fileID, false);
      const existing = await unitsById(
        database,
        good.map((r) => unitIdOf(input.communityId, r.unit)),
      );
      const adds: GoodRow[] = [];
      const toTrue: string[] = [];
      const toFalse: string[] = [];
      for (const row of good) {
        const id = unitIdOf(input.communityId, row.unit);
        const was = existing.get(id);
        if (!was) {
          adds.push(row);
          continue;
        }
        // a recorded move-in is the truth about possession: the sheet's 否 does not undo it
        const possession = row.possession || (was.possession && Boolean(was.possessionOn));
        if (possession !== was.possession) (possession ? toTrue : toFalse).push(id);
      }
      const result: ImportResult = {
        dryRun: input.dryRun,
        add: adds.length,
        change: toTrue.length + toFalse.length,
        unchanged: good.length - adds.length - toTrue.length - toFalse.length,
        refused,
        written: 0,
      };
      if (input.dryRun) return result;
      if (refused.length > 0) throw refuseFile(refused);

      const _ = database.command;
      result.written += await insertAll(
        database,
        'units',
        adds.map((r) => ({ _id: unitIdOf(input.communityId, r.unit), communityId: input.communityId, unit: r.unit, building: r.building, possession: r.possession })),
      );
      for (const [ids, possession] of [
        [toTrue, true],
        [toFalse, false],
      ] as const) {
        for (const part of chunks(ids, READ_CHUNK)) {
          const updated = await database
            .collection('units')
            .where({ _id: _.in(part) })
            .update({ data: { possession } });
          result.written += updated.stats.updated;
        }
      }
      const buildings = sortBuildings([...community.buildings, ...good.map((r) => r.building)]);
      if (buildings.length !== community.buildings.length) {
        await database
          .collection('communities')
          .where({ _id: community._id })
          .update({ data: { buildings: _.set(buildings) } });
        result.written += 1;
      }
      return result;
    },
  },

  importRoster: {
    roles: ['manager'] as const,
    create: true,
    async handler(ctx: Ctx<'importRoster'>): Promise<ImportResult> {
      const { input, db: database } = ctx;
      await communityFor(ctx, input.communityId);
      const judged = await sheetRows(input.fileID, true);
      const refused = [...judged.refused];
      const units = await unitsById(
        database,
        judged.good.map((r) => unitIdOf(input.communityId, r.unit)),
      );
      const good = judged.good.filter((r) => {
        if (units.has(unitIdOf(input.communityId, r.unit))) return true;
        refused.push({ row: r.row, reason: `本小区没有房号 ${r.unit}，请先导入房屋` });
        return false;
      });
      refused.sort((a, b) => a.row - b.row);

      const _ = database.command;
      const lines = new Map<string, RosterDoc>();
      for (const part of chunks([...new Set(good.map((r) => r.unit))], ROSTER_CHUNK)) {
        const page = await database
          .collection<RosterDoc>('roster')
          .where({ communityId: input.communityId, unit: _.in(part) })
          .limit(1000)
          .get();
        for (const line of page.data) lines.set(`${line.unit}|${line.phone}`, line);
      }
      const adds: GoodRow[] = [];
      const renames: Array<{ id: string; name: string }> = [];
      for (const row of good) {
        const was = lines.get(`${row.unit}|${row.phone}`);
        if (!was) adds.push(row);
        else if (was.name !== row.name) renames.push({ id: was._id, name: row.name as string });
      }
      const result: ImportResult = {
        dryRun: input.dryRun,
        add: adds.length,
        change: renames.length,
        unchanged: good.length - adds.length - renames.length,
        refused,
        written: 0,
      };
      if (input.dryRun) return result;
      if (refused.length > 0) throw refuseFile(refused);
      result.written += await insertAll(
        database,
        'roster',
        adds.map((r) => ({ _id: rosterIdOf(input.communityId, r.unit, r.phone as string), communityId: input.communityId, unit: r.unit, name: r.name, phone: r.phone })),
      );
      for (const r of renames) {
        const updated = await database
          .collection('roster')
          .where({ _id: r.id })
          .update({ data: { name: r.name } });
        result.written += updated.stats.updated;
      }
      return result;
    },
  },

  importTemplate: {
    roles: ['manager'] as const,
    async handler(): Promise<{ fileID: string; url: string }> {
      const { templateSheet } = await import('./sheet');
      const fileContent = await templateSheet();
      const { fileID } = await sdk().uploadFile({ cloudPath: 'admin/import-template.xlsx', fileContent });
      const { fileList } = await sdk().getTempFileURL({ fileList: [{ fileID, maxAge: 3600 }] });
      return { fileID, url: fileList[0]?.tempFileURL ?? '' };
    },
  },
};
