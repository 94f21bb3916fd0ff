// Order figures through the real wx-server-sdk, on a SQLite file as `npm start` uses: booking,
// paying (unified order) and the payment callback; the same callback delivered 20 times at once
// (how many times it was applied, and how long the burst took); the staff queue's first page and
// the documents it reads with 100k orders stored, most of them finished (the queue's cost should
// follow what is open, not what is stored).
import { performance } from 'node:perf_hooks';
import type { LocalCloud } from '../../emulator/index';
import { type Print, percentile, runAlone, withFileCloud, callFunction } from './support';

const MIN = 60_000;
const HOUR = 60 * MIN;

async function call(cloud: LocalCloud, action: string, input: unknown, openid: string): Promise<Record<string, unknown>> {
  const reply = await callFunction(cloud, 'orders', action, input, openid);
  if (!reply.ok || !reply.data) throw new Error(`orders.${action}: ${JSON.stringify(reply).slice(0, 400)}`);
  return reply.data as Record<string, unknown>;
}

async function deliver(cloud: LocalCloud, outTradeNo: string): Promise<{ errcode: number }> {
  const res = await fetch(`${cloud.url}/api/pay/${encodeURIComponent(outTradeNo)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  return (await res.json()) as { errcode: number };
}

const iso = (ms: number) => new Date(ms + 8 * HOUR).toISOString().replace('Z', '+08:00');

export async function bench(print: Print): Promise<void> {
  await withFileCloud('orders', {}, async (cloud) => {
    let now = Date.parse('2026-11-24T01:00:00.000Z');
    cloud.clock.fix(new Date(now));

    /** an order quoted at 50 元 and waiting for payment */
    const quoted = async (): Promise<string> => {
      const { order } = (await call(cloud, 'book', { item: 'yuehai:s10', quantity: 1, unit: '1-1-101', preferredAt: iso(now + 2 * HOUR) }, 'dev-owner-1')) as {
        order: { id: string };
      };
      await call(cloud, 'confirm', { id: order.id, at: iso(now + 3 * HOUR) }, 'dev-steward-1');
      await call(cloud, 'start', { id: order.id }, 'dev-engineer');
      await call(cloud, 'quote', { id: order.id, unitPriceFen: 5000 }, 'dev-engineer');
      return order.id;
    };

    const books: number[] = [];
    const pays: number[] = [];
    const callbacks: number[] = [];
    for (let i = 0; i < 60; i++) {
      // a new clock minute every 10 bookings keeps clear of the per-person rate limit
      if (i % 10 === 0) cloud.clock.fix(new Date((now += MIN)));
      const started = performance.now();
      await call(cloud, 'book', { item: 'yuehai:s01', quantity: 2, unit: '1-1-101', preferredAt: iso(now + 2 * HOUR) }, 'dev-owner-1');
      books.push(performance.now() - started);
    }
    for (let i = 0; i < 30; i++) {
      cloud.clock.fix(new Date((now += MIN)));
      const id = await quoted();
      let started = performance.now();
      const { outTradeNo } = (await call(cloud, 'pay', { id }, 'dev-owner-1')) as { outTradeNo: string };
      pays.push(performance.now() - started);
      started = performance.now();
      const reply = await deliver(cloud, outTradeNo);
      callbacks.push(performance.now() - started);
      if (reply.errcode !== 0) throw new Error(`callback answered ${JSON.stringify(reply)}`);
    }
    print('orders.book p50', percentile(books.slice(10), 50), 'ms');
    print('orders.pay (unifiedOrder) p50', percentile(pays.slice(5), 50), 'ms');
    print('payNotify paid callback p50', percentile(callbacks.slice(5), 50), 'ms');

    // 20 deliveries of one callback at once: applied exactly once, each answered 0
    cloud.clock.fix(new Date((now += MIN)));
    const id = await quoted();
    const { outTradeNo } = (await call(cloud, 'pay', { id }, 'dev-owner-1')) as { outTradeNo: string };
    const started = performance.now();
    const replies = await Promise.all(Array.from({ length: 20 }, () => deliver(cloud, outTradeNo)));
    print('payNotify 20 concurrent duplicates: time', performance.now() - started, 'ms');
    print('payNotify 20 concurrent duplicates: answered errcode 0', replies.filter((r) => r.errcode === 0).length, 'of 20');
    const [order] = cloud.store.find('orders', { _id: id });
    print('payNotify 20 concurrent duplicates: paid transitions', (order.events as Array<{ action: string }>).filter((e) => e.action === 'pay').length, 'count');

    // The queue with 100k orders stored, 1% of them open.
    const model = cloud.store.find('orders', { _id: id })[0];
    const batch = 5_000;
    for (let start = 0; start < 100_000; start += batch) {
      const docs = [];
      for (let n = start; n < start + batch; n++) {
        const open = n % 100 === 0;
        const createdAt = new Date(now - (n % 300) * 24 * HOUR);
        docs.push({
          ...model,
          _id: `bench-${n}`,
          no: `TY-${n}`,
          state: open ? 'booked' : 'rated',
          createdAt,
          updatedAt: createdAt,
          flag: null,
          queueKey: open ? 1e13 + createdAt.getTime() + HOUR : null,
        });
      }
      cloud.store.insert('orders', docs);
    }
    // The inserts above block the event loop for seconds: the kept-alive socket may be closed
    // under the next request, so one throw-away call settles the connection first.
    await call(cloud, 'list', { limit: 1 }, 'dev-steward-1').catch(() => call(cloud, 'list', { limit: 1 }, 'dev-steward-1'));
    const queue: number[] = [];
    let read = 0;
    for (let i = 0; i < 60; i++) {
      cloud.store.stats.resetRowsRead();
      const t0 = performance.now();
      const page = (await call(cloud, 'list', { limit: 20 }, 'dev-steward-1')) as { orders: unknown[] };
      queue.push(performance.now() - t0);
      read = cloud.store.stats.rowsRead;
      if (page.orders.length !== 20) throw new Error(`queue page of ${page.orders.length}`);
    }
    print('orders.list staff queue first page p50 @100k stored', percentile(queue.slice(10), 50), 'ms');
    print('orders.list staff queue first page @100k stored: documents read', read, 'docs');
  });
}

// Run on its own: `npx tsx test/bench/orders.ts`.
if (require.main === module) runAlone(bench);
