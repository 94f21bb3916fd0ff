// Orders are the property's record of work done and money taken (SPEC §1): when a booker deletes
// their data the orders stay, stripped of who booked them and how to reach them; payment records
// keep the amount and WeChat's transaction id, without the payer's openid.
import { countAll, registerPersonalData } from '../privacy';
import type { Database } from '../sdk';
import { ORDERS, PAYMENTS } from './data';
import type { OrderDoc } from './model';

export const ERASED = 'erased';
const ATTEMPTS = 3;

async function eraseBooker(database: Database, openid: string): Promise<number> {
  const orders = database.collection<OrderDoc>(ORDERS);
  let erased = 0;
  for (;;) {
    const page = await orders.where({ booker: openid }).limit(100).get();
    if (page.data.length === 0) break;
    for (const found of page.data) {
      let order: OrderDoc | undefined = found;
      let done = false;
      for (let attempt = 0; order && attempt < ATTEMPTS && !done; attempt += 1) {
        // conditional on rev, like every transition, so a concurrent change is never overwritten
        const events = order.events.map((e) => (e.actorId === openid ? { ...e, actorId: ERASED } : e));
        const result = await orders
          .where({ _id: order._id, rev: order.rev })
          .update({ data: { booker: ERASED, bookerName: null, bookerPhone: null, remark: null, events: database.command.set(events) } });
        done = result.stats.updated === 1;
        if (!done) order = (await orders.where({ _id: order._id, booker: openid }).limit(1).get()).data[0];
      }
      if (!done && order) throw new Error(`order ${found._id} kept changing while its booker was erased`);
      erased += 1;
    }
  }
  const payments = await database
    .collection(PAYMENTS)
    .where({ openid })
    .update({ data: { openid: ERASED } });
  return erased + payments.stats.updated;
}

registerPersonalData({
  name: 'orders',
  count: async (database, openid) => (await countAll(database, ORDERS, { booker: openid })) + (await countAll(database, PAYMENTS, { openid })),
  erase: eraseBooker,
});
