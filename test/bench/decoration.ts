// Decoration figures through the real wx-server-sdk, on a SQLite file as `npm start` uses, with
// 100,000 applications stored of which 2,000 are in progress: the morning run of decorationSweep
// (each area steward's list of units to inspect today, read through the index on state) and the
// 18:00 run (the units not inspected today: one miss each), time and documents read. Both must
// follow the units in progress (and the misses), not the applications stored.
import { performance } from 'node:perf_hooks';
import type { LocalCloud } from '../../emulator/index';
import { newRef } from '../../cloudfunctions/core/passes/token';
import { type Print, runAlone, withFileCloud, callFunction } from './support';

const STORED = 100_000;
const LIVE = 2_000;
const MISSED = 100;

type Doc = Record<string, unknown> & { _id: string };

const shanghai = (day: string, hh: number, mm = 0) => new Date(`${day}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00.000+08:00`);

async function sweep(cloud: LocalCloud): Promise<{ ms: number; data: { read: number; missed: number; digests: number }; rows: number }> {
  cloud.store.stats.resetRowsRead();
  const started = performance.now();
  const outcome = (await cloud.runTimer('decorationSweep')) as unknown as { result?: { ok: boolean; data: { read: number; missed: number; digests: number } } };
  const ms = performance.now() - started;
  if (!outcome.result?.ok) throw new Error(`decorationSweep failed: ${JSON.stringify(outcome).slice(0, 300)}`);
  return { ms, data: outcome.result.data, rows: cloud.store.stats.rowsRead };
}

export async function bench(print: Print): Promise<void> {
  await withFileCloud('decoration', {}, async (cloud) => {
    const day = '2026-11-24';
    cloud.clock.fix(shanghai(day, 7, 0));
    // one real application in progress, as the functions write it, to copy
    const call = (action: string, input: unknown, openid: string, requestId?: string) => callFunction(cloud, 'decoration', action, input, openid, requestId);
    const applied = await call(
      'apply',
      { unit: '1-1-101', contractor: { company: '安居装饰', leader: '王工', phone: '13912345678' }, workers: ['王工'], scope: '刷漆', plannedStart: day, plannedEnd: '2026-12-24' },
      'dev-owner-1',
      'bench-decoration-0001',
    );
    if (!applied.ok) throw new Error(JSON.stringify(applied));
    const id = (applied.data as { decoration: { id: string } }).decoration.id;
    await call('approve', { id, depositFen: 0 }, 'dev-steward-1');
    await call('signAgreement', { id }, 'dev-owner-1');
    await cloud.runTimer('decorationSweep');
    const [model] = cloud.store.find('decorations', { _id: id }) as Doc[];
    if (model.state !== 'in_progress') throw new Error(`model not in progress: ${String(model.state)}`);

    const batch = 5_000;
    for (let start = 0; start < STORED; start += batch) {
      const docs: Doc[] = [];
      for (let n = start; n < Math.min(STORED, start + batch); n++) {
        const live = n < LIVE;
        const inspected = live && n >= MISSED;
        const building = String((n % 20) + 1);
        docs.push({
          ...model,
          _id: `bench-deco-${n}`,
          no: `ZX-${n}`,
          ref: newRef(),
          unit: `${building}-1-${100 + (n % 900)}`,
          unitKey: `yuehai:${building}-1-${100 + (n % 900)}-${n}`,
          building,
          state: live ? 'in_progress' : 'closed',
          lastInspectedDay: inspected ? day : null,
          nextDueAt: live ? shanghai(inspected ? '2026-11-25' : day, 18) : null,
          queueKey: live ? shanghai(inspected ? '2026-11-25' : day, 18).getTime() : null,
          events: [],
        });
      }
      cloud.store.insert('decorations', docs);
    }

    cloud.clock.fix(shanghai(day, 8, 5));
    const morning = await sweep(cloud);
    print(`decorationSweep morning lists, ${LIVE} in progress @${STORED / 1000}k stored: time`, morning.ms, 'ms');
    print(`decorationSweep morning lists, ${LIVE} in progress @${STORED / 1000}k stored: documents read`, morning.rows, 'docs');
    print(`decorationSweep morning lists: area stewards told`, morning.data.digests, 'stewards');

    cloud.clock.fix(shanghai(day, 18, 5));
    const evening = await sweep(cloud);
    print(`decorationSweep 18:00 misses, ${MISSED} of ${LIVE} not inspected @${STORED / 1000}k stored: time`, evening.ms, 'ms');
    print(`decorationSweep 18:00 misses, ${MISSED} of ${LIVE} not inspected @${STORED / 1000}k stored: documents read`, evening.rows, 'docs');
    print(`decorationSweep 18:00 misses recorded (goal ${MISSED + 1})`, evening.data.missed, 'units');

    const idle = await sweep(cloud);
    print(`decorationSweep run with nothing due @${STORED / 1000}k stored: documents read`, idle.rows, 'docs');
  });
}

// Run on its own: `npx tsx test/bench/decoration.ts`.
if (require.main === module) runAlone(bench);
