// What leads set for the tickets' clocks: the working-day calendar for years the package does not
// know yet (`calendarOverrides`, deployment-wide: the PRC calendar is one for every community), and
// a community's service levels (`slaPolicies`, versioned). Tickets keep the deadlines and the
// policy version they were given; only tickets reported (or clocks started) later use a change.
import type { z } from 'zod';
import type { ticketActions, CalendarYear } from '../../../types/tickets';
import type { Caller } from '../router/caller';
import { conflict, forbidden, invalid } from '../router/errors';
import type { ActionContext, ActionTable } from '../router/router';
import { type Database, isDuplicateError } from '../sdk';
import { buildCalendar, overrideProblems } from '../sla/calendar';
import { defaultPolicy, overrideFromSpans, policySpans, resolvePolicy, spansFromOverride, type SpanOverride } from '../sla/policy';
import { shanghaiParts, toShanghaiIso } from '../time';
import { type CalendarOverrideDoc, type SlaPolicyDoc, SLA_POLICIES, loadCalendarRows, loadPolicyDoc } from '../sla/load';

type Ctx<A extends keyof typeof ticketActions> = ActionContext<z.output<(typeof ticketActions)[A]['input']>>;

/** The years a staff member must see covered: this one and the next (tickets reach into it). */
export function yearsToCover(now: Date): [number, number] {
  const year = shanghaiParts(now).year;
  return [year, year + 1];
}

/** The queue's and the calendar page's warning; null when both years have data. */
export function calendarYearsWarning(missing: readonly number[]): string | null {
  if (missing.length === 0) return null;
  const years = missing.join('、');
  return `系统缺少 ${years} 年的法定节假日安排，相关期限暂按周末计算。请班长在「节假日与服务时限」中录入`;
}

function yearView(year: number, source: CalendarYear['source'], row: CalendarOverrideDoc | undefined): CalendarYear {
  return {
    year,
    source,
    holidays: row ? [...row.holidays].sort() : [],
    workdays: row ? [...row.workdays].sort() : [],
    updatedAt: row?.updatedAt ? toShanghaiIso(row.updatedAt) : null,
    updatedByName: row?.updatedByName ?? null,
  };
}

/** The caller's name as staff (for "saved by"), any community. */
function staffName(caller: Caller, communityId?: string): string | null {
  const post = caller.staff.find((p) => !communityId || p.communityId === communityId);
  return post?.name ?? null;
}

function communityFor(caller: Caller, requested: string | undefined): string {
  const communityId = requested ?? caller.communitiesAs(['steward'])[0];
  if (!communityId || !caller.postIn(communityId, ['steward'])) throw forbidden('您不是该小区的工作人员');
  return communityId;
}

function policyReply(communityId: string, doc: SlaPolicyDoc | null, caller: Caller) {
  const policy = resolvePolicy(doc?.override);
  return {
    communityId,
    version: policy.version,
    defaultVersion: defaultPolicy.version,
    override: doc ? spansFromOverride(doc.override) : null,
    spans: policySpans(policy),
    history: (doc?.versions ?? []).map((v) => ({ version: v.version, savedAt: toShanghaiIso(v.savedAt), savedByName: v.savedByName })),
    canEdit: Boolean(caller.postIn(communityId, ['lead'])),
  };
}

export const settingsActions = {
  calendar: {
    roles: ['steward'],
    async handler(ctx: Ctx<'calendar'>) {
      const rows = await loadCalendarRows(ctx.db);
      const calendar = buildCalendar(rows.map(({ year, holidays, workdays }) => ({ year, holidays, workdays })));
      const [thisYear, nextYear] = yearsToCover(ctx.now);
      const years: CalendarYear[] = [];
      for (let year = thisYear - 1; year <= nextYear + 1; year += 1) {
        years.push(
          yearView(
            year,
            calendar.sourceOf(year),
            rows.find((r) => r.year === year),
          ),
        );
      }
      // years entered by hand further out are listed too
      for (const row of rows) if (!years.some((y) => y.year === row.year)) years.push(yearView(row.year, 'override', row));
      years.sort((a, b) => a.year - b.year);
      const missingYears = calendar.missingYears(thisYear, nextYear);
      return { years, missingYears, warning: calendarYearsWarning(missingYears), canEdit: ctx.caller.communitiesAs(['lead']).length > 0 };
    },
  },

  saveCalendar: {
    roles: ['lead'],
    async handler(ctx: Ctx<'saveCalendar'>) {
      const input = { year: ctx.input.year, holidays: [...new Set(ctx.input.holidays)].sort(), workdays: [...new Set(ctx.input.workdays)].sort() };
      const problems = overrideProblems(input);
      if (problems.length > 0) {
        const fields: Record<string, string> = {};
        for (const problem of problems) {
          const field = problem.startsWith('holidays') ? 'holidays' : problem.startsWith('workdays') ? 'workdays' : problem.startsWith('year') ? 'year' : 'workdays';
          fields[field] ??= calendarProblemText(problem, input.year);
        }
        throw invalid(Object.values(fields)[0], fields);
      }
      const row = { ...input, updatedAt: ctx.now, updatedBy: ctx.caller.openid, updatedByName: staffName(ctx.caller) };
      // One row per year, replaced whole: the State Council publishes a year's arrangement at once.
      await ctx.db.collection<CalendarOverrideDoc>('calendarOverrides').doc(String(input.year)).set({ data: row });
      return { year: yearView(input.year, 'override', { _id: String(input.year), ...row }) };
    },
  },

  policy: {
    roles: ['steward'],
    async handler(ctx: Ctx<'policy'>) {
      const communityId = communityFor(ctx.caller, ctx.input.communityId);
      return policyReply(communityId, await loadPolicyDoc(ctx.db, communityId), ctx.caller);
    },
  },

  savePolicy: {
    roles: ['lead'],
    async handler(ctx: Ctx<'savePolicy'>) {
      const communityId = communityFor(ctx.caller, ctx.input.communityId);
      if (!ctx.caller.postIn(communityId, ['lead'])) throw forbidden('只有班长或项目经理可以修改服务时限');
      const { baseVersion } = ctx.input;
      const spans: SpanOverride = ctx.input.override;
      const version = spans.version;
      const doc = await loadPolicyDoc(ctx.db, communityId);
      const current = doc?.override.version ?? defaultPolicy.version;
      if (current !== baseVersion) throw conflict(`服务时限已被他人改为 ${current} 版，请刷新后再修改`);
      // Tickets record the version they were given, so a version names one set of numbers forever.
      const used = new Set([defaultPolicy.version, ...(doc?.versions ?? []).map((v) => v.version)]);
      if (used.has(version)) throw invalid(`版本号 ${version} 已使用过，请换一个新的版本号`, { 'override.version': '版本号已使用过' });
      const override = overrideFromSpans(spans);
      const record = { version, override, savedAt: ctx.now, savedBy: ctx.caller.openid, savedByName: staffName(ctx.caller, communityId) };
      const policies = ctx.db.collection<SlaPolicyDoc>(SLA_POLICIES);
      if (!doc) {
        try {
          await policies.add({ data: { _id: communityId, communityId, override, versions: [record], updatedAt: ctx.now } });
        } catch (error) {
          if (isDuplicateError(error)) throw conflict('服务时限已被他人修改，请刷新后再修改');
          throw error;
        }
      } else {
        const _ = ctx.db.command;
        // conditional on the version the editor started from: two leads saving at once, one wins
        const result = await policies
          .where({ _id: communityId, 'override.version': baseVersion })
          .update({ data: { override: _.set(override), versions: _.push([record]), updatedAt: ctx.now } });
        if (result.stats.updated !== 1) throw conflict('服务时限已被他人修改，请刷新后再修改');
      }
      return { version, spans: policySpans(resolvePolicy(override)) };
    },
  },
} satisfies Pick<ActionTable<'tickets'>, 'calendar' | 'saveCalendar' | 'policy' | 'savePolicy'>;

function calendarProblemText(problem: string, year: number): string {
  if (problem.startsWith('year')) return '年份超出范围';
  if (problem.includes('not a date') || problem.includes('no such date')) return `有日期不存在：${problem.split(': ').pop() ?? ''}`;
  if (problem.includes(' is not in ')) return `日期须在 ${year} 年内：${problem.split(': ')[1]?.split(' ')[0] ?? ''}`;
  if (problem.includes('both a holiday and a working day')) return `同一天不能既是假日又是调休上班日：${problem.split(' ')[0]}`;
  return problem;
}

/** The years entered by hand, and the years to cover that still have no data. */
export async function calendarStatus(database: Database, now: Date): Promise<{ covered: Set<number>; missing: number[] }> {
  const rows = await loadCalendarRows(database);
  const calendar = buildCalendar(rows.map(({ year, holidays, workdays }) => ({ year, holidays, workdays })));
  const [from, to] = yearsToCover(now);
  return { covered: new Set(rows.map((r) => r.year)), missing: calendar.missingYears(from, to) };
}
