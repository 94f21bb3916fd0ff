// The `reports` function (SPEC §2, §8, §10): the month's commitments for a community, and its
// export to cloud storage. Stewards see their own community's figures; leads and managers (SPEC
// §1: KPI reports) also export and archive them. Owners, engineers and guards: FORBIDDEN.
import type { z } from 'zod';
import type { MonthlyReport, ReportArchive } from '../../../types/reports';
import { reportActions } from '../../../types/reports';
import type { Caller } from '../router/caller';
import { forbidden, invalid } from '../router/errors';
import type { ActionContext, ActionTable } from '../router/router';
import { type Database, sdk } from '../sdk';
import { toShanghaiIso } from '../time';
import { archiveDueBy, archiveStatus, monthOf } from './figures';
import { ARCHIVES, type ArchiveDoc, archivesOf, community, downloadLinks, monthAlike, monthGroups, monthQuestionGroups, staffNames } from './data';
import { groupRowsOf, type GroupRow, ticketRowsOf } from './pipeline';
import { buildFigures } from './report';
import { monthDecorationGroups } from './decoration';
import { frontdeskFigures } from './frontdesk';
import { serviceLevelsOf } from '../sla/levels';
import { loadPolicy } from '../sla/load';
import { monthlyWorkbook } from './workbook';
import { createdEarlier, idOfCreate } from '../router/idempotency';

type Ctx<A extends keyof typeof reportActions> = ActionContext<z.output<(typeof reportActions)[A]['input']>>;

/** The community the caller asks about, where they hold a post of at least `rank`. */
function communityFor(caller: Caller, requested: string | undefined, rank: 'steward' | 'lead'): string {
  const communityId = requested ?? caller.communitiesAs([rank])[0];
  if (!communityId || !caller.postIn(communityId, [rank])) {
    throw forbidden(rank === 'lead' ? '只有班长和项目经理可以导出报表' : '您不是该小区的管家，不能查看其报表');
  }
  return communityId;
}

function checkMonth(month: string, now: Date): void {
  if (month > monthOf(now)) throw invalid('还没到这个月份', { month: '不能查看未来的月份' });
}

function archiveView(doc: ArchiveDoc, url: string | null): ReportArchive {
  return { id: doc._id, fileID: doc.fileID, url, fileName: doc.fileName, createdAt: toShanghaiIso(doc.createdAt), byName: doc.byName };
}

async function monthlyReport(database: Database, caller: Caller, communityId: string, month: string, now: Date, ticketGroups?: GroupRow[]) {
  const [tickets, questionGroups, names, place, archives, policy, decorationGroups, frontdesk] = await Promise.all([
    ticketGroups ?? monthGroups(database, communityId, month, now),
    monthQuestionGroups(database, communityId, month, now),
    staffNames(database, communityId),
    community(database, communityId),
    archivesOf(database, communityId, month),
    loadPolicy(database, communityId),
    monthDecorationGroups(database, communityId, month),
    frontdeskFigures(database, communityId, month, now),
  ]);
  const built = buildFigures([...tickets, ...questionGroups, ...decorationGroups], names, serviceLevelsOf(communityId, policy));
  const links = await downloadLinks(archives.map((a) => a.fileID));
  const report: MonthlyReport = {
    communityId,
    communityName: place?.name ?? communityId,
    month,
    asOf: toShanghaiIso(now),
    tickets: built.tickets,
    questions: built.questions,
    figures: built.figures,
    archive: {
      dueBy: toShanghaiIso(archiveDueBy(month)),
      status: archiveStatus(
        month,
        archives.map((a) => a.createdAt),
        now,
      ),
      archives: archives.map((a) => archiveView(a, links.get(a.fileID) ?? null)),
    },
    canExport: Boolean(caller.postIn(communityId, ['lead'])),
    frontdesk,
  };
  return { report, names };
}

export const reportsActionTable = {
  monthly: {
    roles: ['steward'],
    async handler(ctx: Ctx<'monthly'>) {
      const communityId = communityFor(ctx.caller, ctx.input.communityId, 'steward');
      checkMonth(ctx.input.month, ctx.now);
      const { report } = await monthlyReport(ctx.db, ctx.caller, communityId, ctx.input.month, ctx.now);
      return report;
    },
  },

  export: {
    roles: ['lead'],
    create: true,
    async handler(ctx: Ctx<'export'>) {
      const { db: database, caller, now, input } = ctx;
      const earlier = await createdEarlier<ArchiveDoc>(ctx, ARCHIVES);
      if (earlier) return { archive: archiveView(earlier, (await downloadLinks([earlier.fileID])).get(earlier.fileID) ?? null) };
      const communityId = communityFor(caller, input.communityId, 'lead');
      checkMonth(input.month, now);
      // one pass over the month's tickets gives both the figures and the full list
      const alike = await monthAlike(database, communityId, input.month, now);
      const { report, names } = await monthlyReport(database, caller, communityId, input.month, now, groupRowsOf(alike));
      const bytes = await monthlyWorkbook(report, ticketRowsOf(alike), names);
      const stamp = toShanghaiIso(now).slice(0, 19).replace(/[-:T]/g, '');
      const fileName = `服务承诺月报-${report.communityName}-${input.month}-${stamp}.xlsx`;
      // one folder per community and month: the month's archive
      const { fileID } = await sdk().uploadFile({ cloudPath: `reports/${communityId}/${input.month}/${stamp}-${now.getTime() % 1000}.xlsx`, fileContent: bytes });
      const doc: Omit<ArchiveDoc, '_id'> = {
        communityId,
        month: input.month,
        fileID,
        fileName,
        createdAt: now,
        by: caller.openid,
        byName: caller.postIn(communityId, ['lead'])?.name ?? null,
      };
      const added = await database.collection(ARCHIVES).add({ data: { ...idOfCreate(ctx), ...doc } });
      const links = await downloadLinks([fileID]);
      return { archive: archiveView({ ...doc, _id: added._id }, links.get(fileID) ?? null) };
    },
  },
} satisfies ActionTable<'reports'>;
