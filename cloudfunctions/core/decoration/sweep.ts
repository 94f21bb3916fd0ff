// The decoration clocks (`decorationSweep`, SPEC §12), on the workflow sweep runner
// (core/workflow/sweep.ts): every unit whose next item is due (indexed on `nextDueAt`) —
//   start      the permit's first day has come: permitted → in_progress, inspections due from today;
//   miss       a unit in progress not inspected by 18:00: one miss on the ledger, the lead and the
//              area steward told once;
//   remind     a rectification deadline tomorrow: the owner and the steward reminded once;
//   escalate   a rectification deadline passed unverified: the lead told once;
//   expiry     the permit ends tomorrow: the owner and the steward told once;
// and, once a day from 08:00, each area steward's list of units to inspect today (one message per
// steward and day, read from the units in progress through the index on state). Every alert is
// exactly once across two runs and a run killed anywhere: a lease holding its notices, the claim (a
// write conditional on the revision read, marking `alerts[key]`), the notices, the lease removed.
import type { Notification } from '../notify';
import { deliverOnce } from '../notify';
import type { StaffDoc } from '../accounts/model';
import { AppError } from '../router/errors';
import { type Database, isDuplicateError } from '../sdk';
import { shanghaiDate } from '../time';
import { type Faults, type LeaseDoc, type SweepRun, runSweep } from '../workflow/sweep';
import { INSPECT_BY, inspectByText } from '../../../types/decoration';
import { DECORATIONS, areaStewards, markDay, ownersOf, stewardsOf, writeDecoration } from './data';
import { type DecorationDoc, type DueItem, alertKey, dayAt, decorationNextDueAt, decorationQueueKey, dueItems } from './model';
import { decorationPage, when } from './notices';

export const DIGESTS = 'decorationDigests';
/** The hour the day's inspection lists go out (Shanghai). */
export const DIGEST_HOUR = 8;

export interface DecorationLeaseDoc extends LeaseDoc {
  decorationId: string;
  /** the alert's key on the application (`alerts[key]`) */
  key: string;
  /** a miss's day, written to the ledger when the alert is delivered (again) */
  missDay: string | null;
  notices: Notification[];
}

export interface DecorationSweepResult {
  read: number;
  started: number;
  missed: number;
  reminded: number;
  escalated: number;
  expiring: number;
  resumed: number;
  /** area stewards sent today's list by this run */
  digests: number;
}

export interface DecorationSweepOptions {
  now: Date;
  budgetMs?: number;
  faults?: Faults;
}

const staffAlert = (openid: string, d: DecorationDoc, title: string, body: string, due: Date): Notification => ({
  openid,
  template: 'staffAlert',
  title,
  body,
  values: { subject: `${d.unit} 装修：${title}`, no: d.no, due, note: body },
  page: decorationPage(d._id),
});

const ownerNotice = (openid: string, d: DecorationDoc, state: string, body: string, now: Date): Notification => ({
  openid,
  template: 'orderStatus',
  title: `装修：${state}`,
  body,
  values: { no: d.no, item: `装修 ${d.unit}`, state, amount: d.deposit?.amountFen ?? 0, at: now },
  page: decorationPage(d._id),
});

function finish(run: SweepRun, lease: DecorationLeaseDoc): Promise<boolean> {
  return run.deliver(lease._id, () => [...new Map(lease.notices.map((n) => [`${n.openid}:${n.title}`, n])).values()].map((notice) => ({ key: lease._id, notice })));
}

export async function sweepDecorations(database: Database, options: DecorationSweepOptions): Promise<DecorationSweepResult> {
  const result: DecorationSweepResult = { read: 0, started: 0, missed: 0, reminded: 0, escalated: 0, expiring: 0, resumed: 0, digests: 0 };
  const staffCache = new Map<string, Promise<StaffDoc[]>>();
  const staffOf = (communityId: string) => {
    let found = staffCache.get(communityId);
    if (!found) {
      found = stewardsOf(database, communityId);
      staffCache.set(communityId, found);
    }
    return found;
  };
  const applicantsOf = async (d: DecorationDoc) =>
    [...new Set([d.applicant, ...(await ownersOf(database, d.communityId, d.unit)).map((o) => o.openid)])].filter((p) => p !== 'erased');

  /** The notices of a due alert, fixed when its lease is taken. */
  async function noticesFor(d: DecorationDoc, item: DueItem, now: Date): Promise<Notification[]> {
    const staff = await staffOf(d.communityId);
    const leads = staff.filter((s) => s.role === 'lead').map((s) => s.openid);
    const area = areaStewards(staff, d.building);
    switch (item.kind) {
      case 'miss': {
        const body = `${d.unit} ${d.no} 施工中，${item.day} ${inspectByText} 前未巡查（巡检率目标 100%）`;
        return [...leads, ...area].map((p) => staffAlert(p, d, '装修巡查遗漏', body, item.at));
      }
      case 'remind':
      case 'escalate': {
        const n = d.notices.find((x) => x.no === item.notice);
        const items = n?.items.join('；') ?? '';
        const deadline = n ? when(n.deadline) : '';
        if (item.kind === 'remind') {
          const people = await applicantsOf(d);
          return [
            ...people.map((p) => ownerNotice(p, d, '整改即将到期', `整改通知 ${item.notice}（${items}）将于 ${deadline} 到期，请按时整改并通知管家复查。`, now)),
            ...area.map((p) => staffAlert(p, d, '整改明日到期', `${d.unit} 整改通知 ${item.notice} 将于 ${deadline} 到期，请安排复查`, item.at)),
          ];
        }
        return [...leads, ...area].map((p) =>
          staffAlert(p, d, '整改逾期未复查', `${d.unit} 整改通知 ${item.notice}（${items}）已过期限 ${deadline}，仍未复查通过，请跟进`, item.at),
        );
      }
      case 'expiry': {
        const people = await applicantsOf(d);
        const end = d.plannedEnd;
        return [
          ...people.map((p) => ownerNotice(p, d, '许可证将到期', `施工许可证 ${d.permit?.no ?? ''} 将于 ${end} 到期；如需延期请联系管家。`, now)),
          ...area.map((p) => staffAlert(p, d, '施工许可证明日到期', `${d.unit} 施工许可证 ${d.permit?.no ?? ''} 将于 ${end} 到期`, item.at)),
        ];
      }
      case 'start':
        return [];
    }
  }

  /** Claims one alert of `d` (lease, conditional write, notices); the application as written, or null. */
  async function claim(run: SweepRun, d: DecorationDoc, item: DueItem): Promise<DecorationDoc | null> {
    const { now } = run;
    const key = alertKey(item);
    const lease: DecorationLeaseDoc = {
      ...run.lease(`decoration:${d._id}:${key}:${item.at.getTime()}`),
      decorationId: d._id,
      key,
      missDay: item.kind === 'miss' ? item.day : null,
      notices: await noticesFor(d, item, now),
    };
    if (!(await run.take(lease))) return null;
    const alerts = { ...d.alerts, [key]: now };
    const after: DecorationDoc = { ...d, alerts, rev: d.rev + 1, ...(item.kind === 'miss' ? { lastMissDay: item.day } : {}) };
    after.nextDueAt = decorationNextDueAt(after);
    after.queueKey = decorationQueueKey(after);
    const _ = database.command;
    const data: Record<string, unknown> = { alerts: _.set(alerts), rev: _.inc(1), nextDueAt: after.nextDueAt, queueKey: after.queueKey };
    if (item.kind === 'miss') data.lastMissDay = item.day;
    const claimed = await database.collection<DecorationDoc>(DECORATIONS).where({ _id: d._id, rev: d.rev }).update({ data });
    if (claimed.stats.updated !== 1) {
      await run.release(lease._id);
      return null;
    }
    run.claimed();
    if (lease.missDay) await markDay(database, d, lease.missDay, { missed: true }, now);
    await finish(run, lease);
    return after;
  }

  const stats = await runSweep<DecorationDoc, DecorationLeaseDoc>(
    database,
    {
      name: 'decorationSweep',
      source: 'decoration',
      collection: DECORATIONS,
      dueField: 'nextDueAt',
      async handle(run, doc) {
        const { now } = run;
        let d: DecorationDoc | null = doc;
        // everything due now, one after another, each on the revision the last one wrote
        for (let i = 0; d && i < 8; i += 1) {
          const item: DueItem | undefined = dueItems(d).find((x) => x.at <= now);
          if (!item) return;
          if (item.kind === 'start') {
            run.alive();
            const from = shanghaiDate(d.permit && d.permit.validFrom > now ? d.permit.validFrom : now);
            try {
              d = await writeDecoration(
                database,
                d,
                { state: 'in_progress', inspectFrom: from },
                [
                  {
                    action: 'start',
                    from: 'permitted',
                    to: 'in_progress',
                    actorRole: 'system',
                    actorId: 'system',
                    actorName: null,
                    at: now,
                    note: '许可证生效，开始施工；每日巡查',
                  },
                ],
                now,
              );
              result.started += 1;
            } catch (error) {
              if (error instanceof AppError && error.code === 'CONFLICT') return;
              throw error;
            }
            continue;
          }
          d = await claim(run, d, item);
          if (d) {
            if (item.kind === 'miss') result.missed += 1;
            else if (item.kind === 'remind') result.reminded += 1;
            else if (item.kind === 'escalate') result.escalated += 1;
            else result.expiring += 1;
          }
        }
      },
      async resume(run, lease) {
        const found = await database.collection<DecorationDoc>(DECORATIONS).where({ _id: lease.decorationId }).limit(1).get();
        const d = found.data[0];
        if (d && d.alerts?.[lease.key]?.getTime() === lease.createdAt.getTime()) {
          if (lease.missDay) await markDay(database, d, lease.missDay, { missed: true }, run.now);
          if (await finish(run, lease)) result.resumed += 1;
        } else {
          await run.release(lease._id);
        }
      },
    },
    { now: options.now, budgetMs: options.budgetMs, faults: options.faults },
  );
  result.read = stats.read;
  result.digests = await sendDigests(database, options.now, staffOf);
  return result;
}

/**
 * Each area steward's units to inspect today, once a day from 08:00: read from the units in
 * progress (the index on state), one message per steward and day (deliverOnce), and a marker for
 * the day once all went out, so later runs read one document.
 */
async function sendDigests(database: Database, now: Date, staffOf: (communityId: string) => Promise<StaffDoc[]>): Promise<number> {
  const day = shanghaiDate(now);
  if (now < dayAt(day, DIGEST_HOUR)) return 0;
  const markers = database.collection<{ _id: string }>(DIGESTS);
  if ((await markers.where({ _id: day }).limit(1).get()).data.length > 0) return 0;
  const _ = database.command;
  const byCommunity = new Map<string, DecorationDoc[]>();
  let last = '';
  for (;;) {
    const where: Record<string, unknown> = { state: 'in_progress' };
    if (last) where._id = _.gt(last);
    const page = await database
      .collection<DecorationDoc>(DECORATIONS)
      .where(where)
      .field({ _id: true, no: true, unit: true, building: true, communityId: true })
      .orderBy('_id', 'asc')
      .limit(100)
      .get();
    for (const d of page.data) {
      const list = byCommunity.get(d.communityId) ?? [];
      list.push(d);
      byCommunity.set(d.communityId, list);
    }
    if (page.data.length < 100) break;
    last = page.data[page.data.length - 1]._id;
  }
  let sent = 0;
  const due = dayAt(day, INSPECT_BY.hour, INSPECT_BY.minute);
  for (const [communityId, units] of byCommunity) {
    const staff = await staffOf(communityId);
    const perSteward = new Map<string, DecorationDoc[]>();
    for (const d of units) for (const s of areaStewards(staff, d.building)) perSteward.set(s, [...(perSteward.get(s) ?? []), d]);
    for (const [openid, mine] of perSteward) {
      const names = mine
        .map((d) => d.unit)
        .sort()
        .join('、');
      await deliverOnce(
        database,
        `decoration:today:${communityId}:${day}`,
        {
          openid,
          template: 'staffAlert',
          title: '今日装修巡查',
          body: `今天需巡查 ${mine.length} 户装修（${inspectByText} 前）：${names.length > 200 ? `${names.slice(0, 200)}…` : names}`,
          values: { subject: `今日装修巡查 ${mine.length} 户`, no: day.replace(/-/g, ''), due, note: `${mine.length} 户待巡查` },
          page: '/packages/decoration/queue/index?view=today',
        },
        now,
      );
      sent += 1;
    }
  }
  try {
    await markers.add({ data: { _id: day, at: now } });
  } catch (error) {
    if (!isDuplicateError(error)) throw error;
  }
  return sent;
}
