// Vacant units (空置房, SPEC §13): units of the community not yet taken possession of
// (`possession: false` in `units`), checked by their area steward once a month (空置房巡查记录表).
import type { VacantUnit } from '../../../types/patrol';
import type { UnitDoc } from '../accounts/model';
import type { Database } from '../sdk';
import { toShanghaiIso } from '../time';
import { VACANT_CHECKS, type VacantCheckDoc } from './model';

/** `YYYY-MM` of a Shanghai day. */
export const monthOfDay = (day: string): string => day.slice(0, 7);

export async function vacantUnits(database: Database, communityId: string, buildings: readonly string[] | null): Promise<UnitDoc[]> {
  const out: UnitDoc[] = [];
  for (;;) {
    const page = await database.collection<UnitDoc>('units').where({ communityId, possession: false }).orderBy('unit', 'asc').skip(out.length).limit(100).get();
    out.push(...page.data);
    if (page.data.length < 100) break;
  }
  return buildings ? out.filter((u) => buildings.includes(u.building)) : out;
}

export async function checksOfMonth(database: Database, communityId: string, month: string): Promise<VacantCheckDoc[]> {
  const out: VacantCheckDoc[] = [];
  for (;;) {
    const page = await database.collection<VacantCheckDoc>(VACANT_CHECKS).where({ communityId, month }).orderBy('at', 'asc').skip(out.length).limit(100).get();
    out.push(...page.data);
    if (page.data.length < 100 || out.length >= 2000) return out;
  }
}

/** An exception on a check: not clean, damaged, or damp/mould. */
export const isException = (c: Pick<VacantCheckDoc, 'clean' | 'damaged' | 'damp'>): boolean => !c.clean || c.damaged || c.damp;

export function vacantList(units: UnitDoc[], checks: VacantCheckDoc[]): VacantUnit[] {
  const latest = new Map<string, VacantCheckDoc>();
  for (const c of checks) latest.set(c.unit, c);
  return units.map((u) => {
    const c = latest.get(u.unit);
    return { unit: u.unit, building: u.building, checkedAt: c ? toShanghaiIso(c.at) : null, exception: c ? isException(c) : false };
  });
}

export function exceptionText(c: Pick<VacantCheckDoc, 'clean' | 'damaged' | 'damp' | 'aired' | 'note'>): string {
  const parts = [!c.clean && '不清洁', c.damaged && '设施损坏', c.damp && '潮湿发霉', !c.aired && '未通风', c.note].filter((x): x is string => Boolean(x));
  return parts.length === 0 ? '无' : parts.join('、');
}
