// Tickets are the property's record of work done (SPEC §1): when a reporter deletes their data the
// tickets stay, stripped of who reported them, how to reach them, and their id in the timeline.
import { countAll, registerPersonalData } from '../privacy';
import type { Database } from '../sdk';
import { ERASED_REPORTER, type TicketDoc } from './model';

export { ERASED_REPORTER };

const PAGE = 100;
const ATTEMPTS = 3;

async function eraseReporter(database: Database, openid: string): Promise<number> {
  const tickets = database.collection<TicketDoc>('tickets');
  let erased = 0;
  for (;;) {
    const page = await tickets.where({ reporter: openid }).limit(PAGE).get();
    if (page.data.length === 0) return erased;
    for (const found of page.data) {
      if (!(await eraseOne(database, found, openid))) throw new Error(`ticket ${found._id} kept changing while its reporter was erased`);
      erased += 1;
    }
  }
}

/** Conditional on `rev`, like every transition, so a concurrent event is never overwritten. */
async function eraseOne(database: Database, found: TicketDoc, openid: string): Promise<boolean> {
  const tickets = database.collection<TicketDoc>('tickets');
  let ticket: TicketDoc | undefined = found;
  for (let attempt = 0; ticket && attempt < ATTEMPTS; attempt += 1) {
    const events = ticket.events.map((e) => (e.actorId === openid ? { ...e, actorId: ERASED_REPORTER } : e));
    const done = await tickets.where({ _id: ticket._id, rev: ticket.rev }).update({ data: { reporter: ERASED_REPORTER, reporterName: null, reporterPhone: null, events } });
    if (done.stats.updated === 1) return true;
    ticket = (await tickets.where({ _id: ticket._id, reporter: openid }).limit(1).get()).data[0];
  }
  // gone from this reporter meanwhile (erased by a concurrent call) counts as done
  return ticket === undefined;
}

registerPersonalData({
  name: 'tickets',
  count: (database, openid) => countAll(database, 'tickets', { reporter: openid }),
  erase: eraseReporter,
});
