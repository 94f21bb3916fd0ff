// The pass sweep (`passSweep`, every minute): tells the lead and the stewards once when a pass's
// 15-minute decision clock has run out undecided, and writes `expired` on passes whose window
// ended unused. It reads only passes that are due (indexed on `nextDueAt`), so its cost follows
// what is due, not what is stored; every claim is conditional on the revision read, so two runs at
// once, or a run after a crash, never send an alert twice.
import type { StaffDoc } from '../accounts/model';
import { send } from '../notify';
import type { Database } from '../sdk';
import { PASSES, expireIfLapsed } from './data';
import type { PassDoc } from './model';
import { passPage, stewardsFor, windowText } from './notices';
import { effectiveState, isDecidable, passNextDueAt } from './states';

const PAGE = 100;

export interface PassSweepResult {
  read: number;
  alerted: number;
  expired: number;
}

async function alertBreach(database: Database, p: PassDoc, now: Date, staffOf: (communityId: string) => Promise<StaffDoc[]>): Promise<boolean> {
  const _ = database.command;
  const alerts = { ...p.alerts, breach: now };
  const claimed = await database
    .collection<PassDoc>(PASSES)
    .where({ _id: p._id, rev: p.rev })
    .update({ data: { alerts: _.set(alerts), rev: _.inc(1), nextDueAt: passNextDueAt({ ...p, alerts }) } });
  if (claimed.stats.updated !== 1) return false; // changed meanwhile (decided, or another run claimed it)
  const staff = await staffOf(p.communityId);
  const people = new Set([...staff.filter((s) => s.role === 'lead').map((s) => s.openid), ...stewardsFor(staff, p.building)]);
  const items = p.items.map((i) => `${i.name}×${i.count}`).join('、');
  for (const openid of people) {
    try {
      await send(
        database,
        {
          openid,
          template: 'staffAlert',
          title: '放行审批已超时',
          body: `${p.unit} ${p.no}：${items}（${windowText(p.from, p.to)}）超过 15 分钟未审批，请立即处理`,
          values: { subject: `${p.unit} 物品放行审批超时`, no: p.no, due: p.clock?.at ?? now, note: items },
          page: passPage(p._id),
        },
        now,
      );
    } catch (error) {
      console.error(`[passSweep] alert failed ${p._id} → ${openid}`, error);
    }
  }
  return true;
}

export async function sweepPasses(database: Database, { now, budgetMs }: { now: Date; budgetMs: number }): Promise<PassSweepResult> {
  const started = Date.now();
  const result: PassSweepResult = { read: 0, alerted: 0, expired: 0 };
  const seen = new Set<string>();
  // the community's stewards and leads, read once per run rather than once per alert
  const staffCache = new Map<string, Promise<StaffDoc[]>>();
  const staffOf = (communityId: string) => {
    let found = staffCache.get(communityId);
    if (!found) {
      found = database
        .collection<StaffDoc>('staff')
        .where({ communityId, role: database.command.in(['steward', 'lead']), active: true })
        .limit(100)
        .get()
        .then((r) => r.data);
      staffCache.set(communityId, found);
    }
    return found;
  };
  while (Date.now() - started < budgetMs) {
    const due = (await database.collection<PassDoc>(PASSES).where({ nextDueAt: database.command.lte(now) }).orderBy('nextDueAt', 'asc').limit(PAGE).get()).data;
    const fresh = due.filter((p) => !seen.has(p._id));
    if (fresh.length === 0) break;
    for (const p of fresh) {
      seen.add(p._id);
      result.read += 1;
      if (effectiveState(p, now) === 'expired') {
        await expireIfLapsed(database, p, now);
        result.expired += 1;
      } else if (isDecidable(p) && p.clock && !p.clock.metAt && p.clock.at <= now && !p.alerts?.breach) {
        if (await alertBreach(database, p, now, staffOf)) result.alerted += 1;
      }
    }
  }
  return result;
}
