// The survey's and the visits' figures: households (units that have taken possession), averages
// by area and building against the 90 % target, and visit coverage by building. Pure functions over
// what the actions read, so the monthly report and the results screen say the same.
import { SATISFACTION_TARGET_PERCENT, scorePercent, type SurveyArea } from '../../../types/surveys';
import type { UnitDoc } from '../accounts/model';
import type { Database } from '../sdk';
import type { AnswerDoc, VisitDoc } from './model';

const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;

/** Every document of `collection` matching `where`, a page at a time (the SDK's 100). */
export async function readAll<T>(database: Database, collection: string, where: Record<string, unknown>): Promise<T[]> {
  const out: T[] = [];
  for (;;) {
    const page = await database.collection<T>(collection).where(where).orderBy('_id', 'asc').skip(out.length).limit(100).get();
    out.push(...page.data);
    if (page.data.length < 100) return out;
  }
}

/** The community's households: units that have taken possession (units.possession). */
export const households = (database: Database, communityId: string) => readAll<UnitDoc>(database, 'units', { communityId, possession: true });

/** Average of every score given in `answers` (each area of each answer counts once). */
function average(answers: AnswerDoc[], areas: readonly SurveyArea[]): number | null {
  const scores = answers.flatMap((a) => areas.map((area) => a.scores[area.key]).filter((s): s is number => typeof s === 'number'));
  return scores.length === 0 ? null : scores.reduce((x, y) => x + y, 0) / scores.length;
}

export function surveyFigures(areas: readonly SurveyArea[], answers: AnswerDoc[], units: UnitDoc[]) {
  const avg = average(answers, areas);
  const buildings = [...new Set(units.map((u) => u.building))].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
  return {
    households: units.length,
    answered: answers.length,
    average: avg === null ? null : round2(avg),
    percent: avg === null ? null : round1(scorePercent(avg)),
    target: SATISFACTION_TARGET_PERCENT,
    met: avg === null ? null : scorePercent(avg) >= SATISFACTION_TARGET_PERCENT,
    byArea: areas.map((area) => {
      const given = answers.map((a) => a.scores[area.key]).filter((s): s is number => typeof s === 'number');
      const mean = given.length === 0 ? null : given.reduce((x, y) => x + y, 0) / given.length;
      return { key: area.key, label: area.label, answers: given.length, average: mean === null ? null : round2(mean), percent: mean === null ? null : round1(scorePercent(mean)) };
    }),
    byBuilding: buildings.map((building) => {
      const mine = answers.filter((a) => a.building === building);
      const mean = average(mine, areas);
      return {
        building,
        answered: mine.length,
        households: units.filter((u) => u.building === building).length,
        average: mean === null ? null : round2(mean),
        percent: mean === null ? null : round1(scorePercent(mean)),
      };
    }),
  };
}

export function visitFigures(year: number, units: UnitDoc[], visits: VisitDoc[]) {
  const visited = new Set(visits.map((v) => v.unit));
  const held = units.filter((u) => visited.has(u.unit));
  const pct = (n: number, d: number) => (d === 0 ? null : round1((n / d) * 100));
  const buildings = [...new Set(units.map((u) => u.building))].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
  return {
    year,
    households: units.length,
    visited: held.length,
    percent: pct(held.length, units.length),
    byBuilding: buildings.map((building) => {
      const all = units.filter((u) => u.building === building).length;
      const seen = held.filter((u) => u.building === building).length;
      return { building, households: all, visited: seen, percent: pct(seen, all) };
    }),
  };
}
