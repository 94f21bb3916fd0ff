// The yearly plan's warning (SPEC §15, at least two events a year): from 1 February, a community
// with fewer than EVENTS_PER_YEAR events planned for the year (cancelled ones do not count) has its
// leads told — once each per year, however often the timer runs or dies: each message goes through
// notify's `deliverOnce` keyed by community and year.
import { EVENTS_PER_YEAR } from '../../../types/events';
import type { CommunityDoc, StaffDoc } from '../accounts/model';
import { deliverOnce } from '../notify';
import type { Database } from '../sdk';
import { shanghaiParts } from '../time';
import { EVENTS } from './model';

/** the month from which a thin plan is warned about (a month to plan the year) */
const WARN_FROM_MONTH = 2;

export interface PlanCheck {
  communities: number;
  warned: number;
}

export async function checkPlans(database: Database, now: Date): Promise<PlanCheck> {
  const { year, month } = shanghaiParts(now);
  const result: PlanCheck = { communities: 0, warned: 0 };
  if (month < WARN_FROM_MONTH) return result;
  const _ = database.command;
  for (let skip = 0; ; skip += 100) {
    const page = (await database.collection<CommunityDoc>('communities').orderBy('_id', 'asc').skip(skip).limit(100).get()).data;
    for (const community of page) {
      result.communities += 1;
      const planned = (
        await database
          .collection(EVENTS)
          .where({ communityId: community._id, year, state: _.neq('cancelled') })
          .count()
      ).total;
      if (planned >= EVENTS_PER_YEAR) continue;
      const leads = (await database.collection<StaffDoc>('staff').where({ communityId: community._id, role: 'lead', active: true }).limit(20).get()).data;
      for (const lead of leads) {
        const sent = await deliverOnce(
          database,
          `eventPlan:${community._id}:${year}`,
          {
            openid: lead.openid,
            template: 'staffAlert',
            title: '社区活动计划不足',
            body: `${community.name} ${year} 年已安排社区文化活动 ${planned} 场，全年至少 ${EVENTS_PER_YEAR} 场，请补充年度活动计划。`,
            values: { subject: '社区活动计划不足', no: `${year}`, due: now, note: `已安排 ${planned} 场，至少 ${EVENTS_PER_YEAR} 场` },
            page: '/packages/community/events/index?view=plan',
          },
          now,
        );
        if (sent.result !== 'already') result.warned += 1;
      }
    }
    if (page.length < 100) return result;
  }
}
