// Tickets are the property's record of work done (SPEC §1): when a reporter deletes their data the
// tickets stay, stripped of who reported them and how to reach them.
import { countAll, registerPersonalData } from '../privacy';

/** What a reporter becomes once they have deleted their data. */
export const ERASED_REPORTER = 'erased';

registerPersonalData({
  name: 'tickets',
  count: (database, openid) => countAll(database, 'tickets', { reporter: openid }),
  async erase(database, openid) {
    const result = await database
      .collection('tickets')
      .where({ reporter: openid })
      .update({ data: { reporter: ERASED_REPORTER, reporterName: null, reporterPhone: null } });
    return result.stats.updated;
  },
});
