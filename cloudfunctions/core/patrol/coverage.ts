// Patrol coverage (SPEC §13 figures): completion by building and steward over Shanghai days,
// aggregated in the database — the check-ins are counted per steward, building, point and day and
// capped at the steward's rounds there, so what reaches the function is a row per steward and
// building, not the month's check-ins. The whole-area rule (every point of a steward's buildings
// within each window of N days) is grouped the same way, a row per steward and window.
import type { AreaRow, CoverageRow } from '../../../types/patrol';
import type { StaffDoc } from '../accounts/model';
import type { Database } from '../sdk';
import { CHECKINS, RULES, type PointDoc, type RuleDoc } from './model';
import { activePoints } from './points';
import { type RuleValues, daysBetween, defaultRule, windowsWithin } from './rules';

type Expr = Record<string, unknown> | string | number | boolean | unknown[];

/** The area stewards of a community with their rules (the manual's defaults where a lead set none). */
export async function areaStewards(database: Database, communityId: string): Promise<Array<{ post: StaffDoc; rule: RuleValues; custom: boolean }>> {
  const [staff, rules] = await Promise.all([
    database.collection<StaffDoc>('staff').where({ communityId, role: 'steward', active: true }).limit(100).get(),
    database.collection<RuleDoc>(RULES).where({ communityId }).limit(100).get(),
  ]);
  const byOpenid = new Map(rules.data.map((r) => [r.steward, r]));
  return staff.data
    .filter((s) => s.kind === 'area')
    .map((post) => {
      const r = byOpenid.get(post.openid);
      return { post, rule: r ? { roundsPerDay: r.roundsPerDay, wholeAreaDays: r.wholeAreaDays, vacantPerMonth: r.vacantPerMonth } : defaultRule(), custom: Boolean(r) };
    });
}

export async function ruleOf(database: Database, communityId: string, openid: string): Promise<{ rule: RuleValues; custom: boolean }> {
  const r = (
    await database
      .collection<RuleDoc>(RULES)
      .where({ _id: `${communityId}:${openid}` })
      .limit(1)
      .get()
  ).data[0];
  return r ? { rule: { roundsPerDay: r.roundsPerDay, wholeAreaDays: r.wholeAreaDays, vacantPerMonth: r.vacantPerMonth }, custom: true } : { rule: defaultRule(), custom: false };
}

/** `$switch` on the steward: their own value where a lead set one, else the default. */
function perSteward(values: ReadonlyMap<string, number>, fallback: number): Expr {
  const branches = [...values].map(([openid, value]) => ({ case: { $eq: ['$_id.steward', openid] }, then: value }));
  return branches.length === 0 ? fallback : { $switch: { branches, default: fallback } };
}

export interface Coverage {
  rows: CoverageRow[];
  areas: AreaRow[];
}

export async function coverage(database: Database, communityId: string, from: string, to: string): Promise<Coverage> {
  const _ = database.command;
  const days = daysBetween(from, to).length;
  const [stewards, points] = await Promise.all([areaStewards(database, communityId), activePoints(database, communityId)]);
  const rounds = new Map(stewards.filter((s) => s.custom).map((s) => [s.post.openid, s.rule.roundsPerDay]));
  const windowDays = new Map(stewards.filter((s) => s.custom).map((s) => [s.post.openid, s.rule.wholeAreaDays]));
  const match = { communityId, day: _.and(_.gte(from), _.lte(to)) };

  const perBuilding = await database
    .collection(CHECKINS)
    .aggregate()
    .match(match)
    .group({ _id: { steward: '$steward', building: '$building', point: '$pointId', day: '$day' }, n: { $sum: 1 }, skewed: { $sum: { $cond: ['$skewed', 1, 0] } } })
    .project({ _id: 1, skewed: 1, capped: { $min: ['$n', perSteward(rounds, defaultRule().roundsPerDay)] } })
    .group({ _id: { steward: '$_id.steward', building: '$_id.building' }, done: { $sum: '$capped' }, skewed: { $sum: '$skewed' } })
    .limit(10_000)
    .end();

  const perWindow = await database
    .collection(CHECKINS)
    .aggregate()
    .match(match)
    .group({
      _id: { steward: '$steward', building: '$building', point: '$pointId', w: { $floor: { $divide: ['$dayNo', perStewardTop(windowDays, defaultRule().wholeAreaDays)] } } },
    })
    .group({ _id: { steward: '$_id.steward', building: '$_id.building', w: '$_id.w' }, points: { $sum: 1 } })
    .limit(10_000)
    .end();

  const pointsIn = new Map<string, PointDoc[]>();
  for (const p of points) pointsIn.set(p.building, [...(pointsIn.get(p.building) ?? []), p]);
  const names = new Map(stewards.map((s) => [s.post.openid, s.post.name]));
  const done = new Map<string, { done: number; skewed: number }>();
  for (const row of perBuilding.list as Array<{ _id: { steward: string; building: string }; done: number; skewed: number }>) {
    done.set(`${row._id.steward}|${row._id.building}`, { done: row.done, skewed: row.skewed });
  }
  const rows: CoverageRow[] = [];
  const seen = new Set<string>();
  for (const { post, rule } of stewards) {
    for (const building of post.buildings) {
      const key = `${post.openid}|${building}`;
      seen.add(key);
      const n = pointsIn.get(building)?.length ?? 0;
      const required = n * rule.roundsPerDay * days;
      const d = done.get(key) ?? { done: 0, skewed: 0 };
      rows.push({
        steward: post.openid,
        stewardName: post.name,
        building,
        points: n,
        required,
        done: d.done,
        completion: required === 0 ? null : Math.min(1, d.done / required),
        skewed: d.skewed,
      });
    }
  }
  // check-ins outside a steward's own buildings (a lead standing in): shown, nothing required
  for (const [key, d] of done) {
    if (seen.has(key)) continue;
    const [steward, building] = key.split('|');
    rows.push({
      steward,
      stewardName: names.get(steward) ?? '（其他人员）',
      building,
      points: pointsIn.get(building)?.length ?? 0,
      required: 0,
      done: d.done,
      completion: null,
      skewed: d.skewed,
    });
  }
  rows.sort((a, b) => a.building.localeCompare(b.building, 'zh') || a.stewardName.localeCompare(b.stewardName, 'zh'));

  const windowsSeen = new Map<string, number>();
  const own = new Map(stewards.map((s) => [s.post.openid, new Set(s.post.buildings)]));
  for (const row of perWindow.list as Array<{ _id: { steward: string; building: string; w: number }; points: number }>) {
    if (!own.get(row._id.steward)?.has(row._id.building)) continue;
    const key = `${row._id.steward}|${row._id.w}`;
    windowsSeen.set(key, (windowsSeen.get(key) ?? 0) + row.points);
  }
  const areas = stewards.map(({ post, rule }) => {
    const need = post.buildings.reduce((sum, b) => sum + (pointsIn.get(b)?.length ?? 0), 0);
    const windows = windowsWithin(from, to, rule.wholeAreaDays);
    const covered = need === 0 ? 0 : windows.filter((w) => (windowsSeen.get(`${post.openid}|${w}`) ?? 0) >= need).length;
    return { steward: post.openid, stewardName: post.name, windows: windows.length, covered };
  });
  return { rows, areas };
}

/** The same `$switch` read from the document's own steward (before any grouping). */
function perStewardTop(values: ReadonlyMap<string, number>, fallback: number): Expr {
  const branches = [...values].map(([openid, value]) => ({ case: { $eq: ['$steward', openid] }, then: value }));
  return branches.length === 0 ? fallback : { $switch: { branches, default: fallback } };
}
