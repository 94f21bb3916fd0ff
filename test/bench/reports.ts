// `reports.monthly` through the real wx-server-sdk on a SQLite file (as `npm start` uses): time and
// documents read for a month of 20,000 tickets, with 60,000 more in other months stored beside
// them (documents read should follow the month, not the store), and the export of that month.
// Tickets are seeded straight into the store with a mix of kinds, states and outcomes.
import { performance } from 'node:perf_hooks';
import type { LocalCloud } from '../../emulator/index';
import { ticketDoc, type TicketSpec } from '../support/ticket-docs';
import { type Print, percentile, runAlone, withFileCloud, callFunction } from './support';

const MONTH_TICKETS = 20_000;
const OTHER_TICKETS = 60_000;

const pad = (n: number) => String(n).padStart(2, '0');
/** 'YYYY-MM-DD HH:mm' in Shanghai, `minutes` after the month's start. */
function local(year: number, month: number, minutes: number): string {
  const d = new Date(Date.UTC(year, month - 1, 1) + minutes * 60_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** One ticket of a varied month: kinds, buildings, stewards, late and reopened ones, revisits. */
function spec(i: number, year: number, month: number, prefix: string): TicketSpec {
  const start = (i * 2 + (i % 7) * 37) % (29 * 24 * 60); // spread over the month
  const at = (m: number) => local(year, month, start + m);
  const kinds = ['repair', 'repair', 'repair', 'repair', 'repair', 'complaint', 'complaint', 'warranty', 'suggestion', 'emergency'] as const;
  const kind = kinds[i % kinds.length];
  const late = i % 23 === 0;
  const reopened = i % 31 === 0;
  const states = ['closed', 'closed', 'revisited', 'revisited', 'resolved', 'closed', 'assigned', 'closed', 'cancelled', 'rejected'] as const;
  const state = states[(i * 7) % states.length];
  const handled = state === 'closed' || state === 'revisited' || state === 'resolved';
  const revisited = state !== 'resolved' && handled && i % 3 !== 0;
  return {
    id: `${prefix}-${i}`,
    kind,
    state,
    created: at(0),
    building: String((i % 5) + 1),
    steward: ['dev-steward-1', 'dev-steward-2', 'dev-lead', null][i % 4],
    respond: { at: at(60), met: at(late ? 70 : 10) },
    arrive: kind === 'repair' ? { at: at(30), met: handled ? at(late ? 40 : 25) : undefined } : undefined,
    resolve: { at: at(3 * 24 * 60), met: handled ? at(late ? 4 * 24 * 60 : 120) : undefined },
    revisit: handled ? { at: at(6 * 24 * 60), met: revisited ? at(24 * 60) : undefined } : undefined,
    events: reopened ? [['reopen', at(100)]] : [],
    revisitRecord: revisited ? { method: i % 5 === 0 ? 'on_site' : 'phone', score: (i % 5) + 1, at: at(24 * 60) } : undefined,
    rating: revisited && i % 2 === 0 ? { score: ((i + 2) % 5) + 1, at: at(24 * 60) } : undefined,
  };
}

function seed(cloud: LocalCloud, count: number, year: number, month: number, prefix: string): void {
  for (let from = 0; from < count; from += 5_000) {
    const docs = [];
    for (let i = from; i < Math.min(count, from + 5_000); i++) docs.push(ticketDoc(spec(i, year, month, prefix)));
    cloud.store.insert('tickets', docs);
  }
}

export async function bench(print: Print): Promise<void> {
  await withFileCloud('reports', {}, async (cloud) => {
    cloud.clock.fix(new Date('2026-10-10T02:00:00.000Z'));
    seed(cloud, MONTH_TICKETS, 2026, 9, 'sep');
    seed(cloud, OTHER_TICKETS / 2, 2026, 8, 'aug');
    seed(cloud, OTHER_TICKETS / 2, 2026, 7, 'jul');

    const times: number[] = [];
    // CPU time of this process (the local cloud's store and the function's worker thread are both
    // in it): on a shared machine it says more than the wall clock, which waits for other work
    const cpu: number[] = [];
    let read = 0;
    for (let run = 0; run < 6; run++) {
      cloud.store.stats.resetRowsRead();
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      const reply = await callFunction(cloud, 'reports', 'monthly', { month: '2026-09' }, 'dev-lead');
      const used = process.cpuUsage(cpuBefore);
      cpu.push((used.user + used.system) / 1000);
      times.push(performance.now() - started);
      read = cloud.store.stats.rowsRead;
      if (!reply.ok) throw new Error(`monthly failed: ${JSON.stringify(reply).slice(0, 500)}`);
    }
    print('reports.monthly 20k tickets in month (80k stored): p50', percentile(times.slice(1), 50), 'ms');
    print('reports.monthly 20k tickets in month: first call', times[0], 'ms');
    print('reports.monthly 20k tickets in month: cpu time p50', percentile(cpu.slice(1), 50), 'ms');
    print('reports.monthly 20k tickets in month: documents read', read, 'docs');

    cloud.store.stats.resetRowsRead();
    const started = performance.now();
    const exportCpu = process.cpuUsage();
    const exported = await callFunction(cloud, 'reports', 'export', { month: '2026-09' }, 'dev-lead', 'bench-export');
    const exportMs = performance.now() - started;
    const exportCpuUsed = process.cpuUsage(exportCpu);
    if (!exported.ok) throw new Error(`export failed: ${JSON.stringify(exported).slice(0, 500)}`);
    print('reports.export 20k tickets in month: time', exportMs, 'ms');
    print('reports.export 20k tickets in month: cpu time', (exportCpuUsed.user + exportCpuUsed.system) / 1000, 'ms');
    print('reports.export 20k tickets in month: documents read', cloud.store.stats.rowsRead, 'docs');
  });
}

// Run on its own: `npx tsx test/bench/reports.ts`.
if (require.main === module) runAlone(bench);
