// The steward log (管家日志, SPEC §13; the manual's 管家日志填写要求): composed from the day's own
// records — tickets the steward worked that day (time, unit and name, progress, result, revisit),
// decoration inspections (core/decoration/inspections.ts), patrol rounds (time, points,
// exceptions) and vacant units checked (time, unit, exceptions) — plus the steward's notes;
// submitted at day end (the sections are kept as submitted), reviewed by the lead.
import type { LogSections, LogState } from '../../../types/patrol';
import { revisitMethodLabels, ticketEventLabels, ticketStateLabels } from '../../../types/labels';
import { checkItemLabels } from '../../../types/decoration';
import type { StaffDoc } from '../accounts/model';
import { inspectionsOn } from '../decoration/inspections';
import type { InspectionDoc } from '../decoration/model';
import type { Database } from '../sdk';
import { TICKETS } from '../tickets/data';
import type { TicketDoc } from '../tickets/model';
import { toShanghaiIso } from '../time';
import { defineMachine } from '../workflow/machine';
import { checkInsOf } from './checkins';
import { LOGS, type LogDoc, PROBLEMS, type ProblemDoc, VACANT_CHECKS, type VacantCheckDoc } from './model';
import { dayBounds } from './rules';
import { exceptionText } from './vacant';

export const logMachine = defineMachine<LogState, 'submit' | 'review', LogDoc>({
  rules: {
    submit: { from: ['draft'], to: 'submitted', roles: ['steward'] },
    review: { from: ['submitted'], to: 'reviewed', roles: ['lead'], needsNote: true },
  },
  stale: (l) => (l.state === 'draft' ? '日志尚未提交' : l.state === 'submitted' ? '日志已提交' : '日志已审阅'),
  policy: (l, command, actor) => (command === 'submit' && actor.id !== l.steward ? { ok: false, code: 'FORBIDDEN', message: '只能提交自己的日志' } : null),
});

export const logId = (communityId: string, steward: string, day: string) => `${communityId}:${steward}:${day}`;

export async function findLog(database: Database, id: string): Promise<LogDoc | null> {
  return (await database.collection<LogDoc>(LOGS).where({ _id: id }).limit(1).get()).data[0] ?? null;
}

/** The log's document, made as a draft the first time it is saved or submitted. */
export async function ensureLog(database: Database, post: Pick<StaffDoc, 'communityId' | 'openid' | 'name'>, day: string, now: Date): Promise<LogDoc> {
  const id = logId(post.communityId, post.openid, day);
  const found = await findLog(database, id);
  if (found) return found;
  const doc: LogDoc = {
    _id: id,
    communityId: post.communityId,
    unit: '',
    steward: post.openid,
    stewardName: post.name,
    day,
    state: 'draft',
    rev: 0,
    notes: '',
    sections: null,
    submittedAt: null,
    review: null,
    events: [],
    updatedAt: now,
  };
  try {
    await database.collection(LOGS).add({ data: { ...doc } });
    return doc;
  } catch {
    // made meanwhile by the same steward's other tap
    const again = await findLog(database, id);
    if (!again) throw new Error(`log ${id} could not be made`);
    return again;
  }
}

const timeText = (d: Date) => toShanghaiIso(d);

/** 装修巡检 exceptions: the checklist items marked as an issue, then the steward's findings; 无 when neither. */
export function inspectionExceptions(i: Pick<InspectionDoc, 'checklist' | 'findings'>): string {
  const issues = Object.entries(i.checklist)
    .filter(([, mark]) => mark === 'issue')
    .map(([item]) => checkItemLabels[item as keyof typeof checkItemLabels]);
  const parts = [...(issues.length ? [issues.join('、')] : []), ...(i.findings ? [i.findings] : [])];
  return parts.length ? parts.join('；') : '无';
}

/** The day's sections from the day's own records (Shanghai day, whatever the function's zone). */
export async function composeLog(database: Database, communityId: string, steward: string, day: string): Promise<LogSections> {
  const { start, end } = dayBounds(day);
  const _ = database.command;
  const inDay = (at: Date) => at.getTime() >= start.getTime() && at.getTime() < end.getTime();
  const [tickets, checkIns, problems, vacant, inspections] = await Promise.all([
    database
      .collection<TicketDoc>(TICKETS)
      .where({ communityId, updatedAt: _.gte(start), 'events.actorId': steward })
      .orderBy('updatedAt', 'asc')
      .limit(100)
      .get(),
    checkInsOf(database, communityId, day, steward),
    database
      .collection<ProblemDoc>(PROBLEMS)
      .where({ communityId, foundBy: steward, foundAt: _.and(_.gte(start), _.lt(end)) })
      .limit(100)
      .get(),
    database.collection<VacantCheckDoc>(VACANT_CHECKS).where({ communityId, steward, day }).orderBy('at', 'asc').limit(100).get(),
    inspectionsOn(database, steward, day),
  ]);

  const ticketRows = tickets.data
    .map((t) => ({ t, mine: t.events.filter((e) => e.actorId === steward && inDay(e.at)) }))
    .filter(({ mine }) => mine.length > 0)
    .sort((a, b) => a.mine[0].at.getTime() - b.mine[0].at.getTime())
    .map(({ t, mine }) => ({
      ticketId: t._id,
      no: t.no,
      at: timeText(mine[0].at),
      unit: t.unit,
      name: t.reporterName,
      progress: mine.map((e) => ticketEventLabels[e.action]).join('、'),
      result: t.resolution ? `${ticketStateLabels[t.state]}：${t.resolution.note}` : ticketStateLabels[t.state],
      revisit: t.revisit ? `${revisitMethodLabels[t.revisit.method]}${t.revisit.score ? ` ${t.revisit.score} 分` : ''}` : '未回访',
    }));

  const problemsOf = new Map<string, ProblemDoc>(problems.data.map((p) => [p._id, p]));
  // a round of a building: its check-ins in one sitting (less than an hour between scans)
  const rounds: LogSections['rounds'] = [];
  let current: { at: Date; last: Date; building: string; points: string[]; exceptions: string[] } | null = null;
  const flush = () => {
    if (current)
      rounds.push({
        at: timeText(current.at),
        building: current.building,
        points: current.points.join('、'),
        exceptions: current.exceptions.length ? current.exceptions.join('；') : '无',
      });
  };
  for (const c of checkIns) {
    if (!current || current.building !== c.building || c.countedAt.getTime() - current.last.getTime() > 3_600_000) {
      flush();
      current = { at: c.countedAt, last: c.countedAt, building: c.building, points: [], exceptions: [] };
    }
    current.last = c.countedAt;
    current.points.push(c.pointName);
    const failed = c.checklist.filter((i) => !i.ok).map((i) => i.item);
    if (failed.length) current.exceptions.push(`${c.pointName}：${failed.join('、')}`);
    const p = c.problemId ? problemsOf.get(c.problemId) : undefined;
    if (p) current.exceptions.push(`${p.no} ${p.text}`);
  }
  flush();

  return {
    tickets: ticketRows,
    // an empty list is a day without inspections (null stays only in logs submitted before the register existed)
    decoration: inspections
      .filter((i) => i.communityId === communityId)
      .sort((a, b) => a.at.getTime() - b.at.getTime())
      .map((i) => ({ at: timeText(i.at), unit: i.unit, exceptions: inspectionExceptions(i) })),
    rounds,
    vacant: vacant.data.map((v) => ({ at: timeText(v.at), unit: v.unit, exceptions: exceptionText(v) })),
  };
}
