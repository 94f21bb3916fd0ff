// The service levels and the working-day calendar as stored: a community's policy override
// (`slaPolicies`, one document per community, versioned) and the calendar years entered by hand
// (`calendarOverrides`, deployment-wide). Every subject with a clock loads them from here.
import type { CalendarOverride as CalendarOverrideRow } from '../../../types/tickets';
import type { ServiceLevels } from '../../../types/sla';
import type { Database } from '../sdk';
import { buildCalendar, type Calendar } from './calendar';
import { serviceLevelsOf } from './levels';
import { type PolicyOverride, type SlaPolicy, defaultPolicy, resolvePolicy } from './policy';

export const SLA_POLICIES = 'slaPolicies';

/** A community's override of the default policy; `override.version` is recorded on tickets. */
export interface SlaPolicyDoc {
  _id: string;
  communityId: string;
  override: PolicyOverride;
  /** every version saved, oldest first: a version is never reused, since tickets record it */
  versions?: Array<{ version: string; override: PolicyOverride; savedAt: Date; savedBy: string; savedByName: string | null }>;
  updatedAt: Date;
}

export interface CalendarOverrideDoc extends CalendarOverrideRow {
  /** the year as a string, one row per year */
  _id: string;
  updatedAt?: Date;
  updatedBy?: string;
  updatedByName?: string | null;
}

export async function loadPolicyDoc(database: Database, communityId: string): Promise<SlaPolicyDoc | null> {
  const found = await database.collection<SlaPolicyDoc>(SLA_POLICIES).where({ _id: communityId }).limit(1).get();
  return found.data[0] ?? null;
}

export async function loadPolicy(database: Database, communityId: string): Promise<SlaPolicy> {
  return resolvePolicy((await loadPolicyDoc(database, communityId))?.override);
}

/**
 * The effective service levels of each community, in the order given, in one read; with no
 * community, the product's defaults (what a community without an override promises).
 */
export async function loadServiceLevels(database: Database, communityIds: readonly string[]): Promise<ServiceLevels[]> {
  const ids = [...new Set(communityIds)];
  if (ids.length === 0) return [serviceLevelsOf(null, defaultPolicy)];
  const _ = database.command;
  const found = await database
    .collection<SlaPolicyDoc>(SLA_POLICIES)
    .where({ _id: _.in(ids) })
    .limit(100)
    .get();
  return serviceLevelsFrom(ids, found.data);
}

/** The service levels of each community of `ids` from policy documents already read (missing: the defaults). */
export function serviceLevelsFrom(ids: readonly string[], docs: ReadonlyArray<Pick<SlaPolicyDoc, '_id' | 'override'>>): ServiceLevels[] {
  const overrides = new Map(docs.map((doc) => [doc._id, doc.override]));
  return ids.map((id) => serviceLevelsOf(id, resolvePolicy(overrides.get(id))));
}

/** The override rows as stored (a few: one per year entered). */
export async function loadCalendarRows(database: Database): Promise<CalendarOverrideDoc[]> {
  const found = await database.collection<CalendarOverrideDoc>('calendarOverrides').limit(100).get();
  return found.data;
}

/** The package's calendar with every override year stored. */
export async function loadCalendar(database: Database): Promise<Calendar> {
  const rows = await loadCalendarRows(database);
  return buildCalendar(rows.map(({ year, holidays, workdays }) => ({ year, holidays, workdays })));
}
