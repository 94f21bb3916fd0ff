// A steward's decoration inspections of one Shanghai day, for the steward log (SPEC §13) and
// anything else that reports a day's work: one indexed query (by, day), newest first.
import type { Database } from '../sdk';
import { INSPECTIONS } from './data';
import type { InspectionDoc } from './model';

export async function inspectionsOn(database: Database, stewardOpenid: string, day: string): Promise<InspectionDoc[]> {
  const found = await database.collection<InspectionDoc>(INSPECTIONS).where({ by: stewardOpenid, day }).limit(100).get();
  return found.data.sort((a, b) => b.at.getTime() - a.at.getTime());
}
