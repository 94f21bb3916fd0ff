// Greetings at scale through the real wx-server-sdk, on a SQLite file as `npm start` uses: 春节 2027
// for 50,000 eligible owners (taken possession, opted in; one in ten holding a greeting grant),
// triggered as the timer would (09:00, then every minute) until the day's work is complete. Figures:
// trigger runs, the longest run (against greetDaily's 10 s limit), greetings per second of run time,
// documents read per greeting, and duplicates (inbox entries or WeChat messages beyond one per
// person; must be 0). Owners are seeded straight into the store.
import { performance } from 'node:perf_hooks';
import type { GreetReport } from '../../cloudfunctions/core/greetings/run';
import { TIMEOUT_S } from '../../cloudfunctions/greetDaily/index';
import { type Print, runAlone, withFileCloud } from './support';

const OWNERS = 50_000;
const GRANT_EVERY = 10;
const MIN = 60_000;
/** 09:00 to 11:59, every minute (config.json). */
const MORNING_TRIGGERS = 180;

type Doc = Record<string, unknown> & { _id: string };

export async function bench(print: Print): Promise<void> {
  await withFileCloud('greetings', {}, async (cloud) => {
    const created = new Date('2026-01-05T02:00:00.000Z');
    const batch = 5_000;
    for (let start = 0; start < OWNERS; start += batch) {
      const units: Doc[] = [];
      const bindings: Doc[] = [];
      const people: Doc[] = [];
      const grants: Doc[] = [];
      for (let i = start; i < Math.min(OWNERS, start + batch); i++) {
        const openid = `bench-owner-${String(i).padStart(6, '0')}`;
        const unit = `${10 + Math.floor(i / 1000)}-${1 + Math.floor((i % 1000) / 250)}-${1000 + (i % 250)}`;
        units.push({ _id: `yuehai:${unit}`, communityId: 'yuehai', unit, building: unit.split('-')[0], possession: true });
        bindings.push({
          _id: `bench-binding-${i}`,
          openid,
          communityId: 'yuehai',
          unit,
          role: 'owner',
          state: 'active',
          phone: '13900000000',
          name: `业主${i}`,
          createdAt: created,
          decidedAt: created,
          decidedBy: 'roster',
          rejectReason: null,
        });
        people.push({ _id: openid, name: `业主${i}`, birthday: null, greetingsOptIn: true, createdAt: created, updatedAt: created });
        if (i % GRANT_EVERY === 0) grants.push({ _id: `${openid}:greeting`, openid, template: 'greeting', count: 1, updatedAt: created });
      }
      cloud.store.insert('units', units);
      cloud.store.insert('bindings', bindings);
      cloud.store.insert('people', people);
      cloud.store.insert('grants', grants);
    }
    // plus the two seeded owners of the demo community
    const eligible = OWNERS + 2;

    let now = Date.parse('2027-02-06T01:00:00.000Z'); // 春节 2027, 09:00 Shanghai
    cloud.store.stats.resetRowsRead();
    const runs: number[] = [];
    let greeted = 0;
    let pushed = 0;
    for (let run = 0; run < 1000; run++) {
      cloud.clock.fix(new Date(now));
      const started = performance.now();
      const outcome = await cloud.runTimer('greetDaily');
      runs.push(performance.now() - started);
      if (!outcome.ok) throw new Error(`greetDaily run ${run} failed: ${outcome.message}`);
      const reply = outcome.result as { ok: boolean; data: GreetReport };
      if (!reply.ok) throw new Error(`greetDaily run ${run}: ${JSON.stringify(reply).slice(0, 300)}`);
      greeted += reply.data.greeted;
      pushed += reply.data.pushed;
      if (reply.data.complete) break;
      now += MIN;
    }
    const read = cloud.store.stats.rowsRead;
    const runSeconds = runs.reduce((a, b) => a + b, 0) / 1000;

    const ledger = cloud.store.count('greetings', { occasion: 'springFestival', year: 2027 });
    const inbox = cloud.store.count('inbox', { template: 'greeting' });
    const outbox = cloud.outbox().filter((m) => m.template_id === 'local-greeting');
    const pushedTo = new Set(outbox.map((m) => m.touser));
    // Every eligible owner has exactly one inbox entry (ids are per person and occasion, so a
    // duplicate would be a second entry) and at most one WeChat message.
    const duplicates = Math.max(0, inbox - eligible) + (outbox.length - pushedTo.size) + Math.max(0, ledger - eligible);
    const missed = eligible - ledger;
    if (greeted !== eligible || missed !== 0) throw new Error(`greeted ${greeted}, ledger ${ledger}, expected ${eligible}`);

    print('greet_50k_owners', eligible, 'owners');
    print('greet_50k_trigger_runs', runs.length, 'runs');
    print('greet_50k_morning_triggers', MORNING_TRIGGERS, 'runs');
    print('greet_50k_longest_run', Math.max(...runs), 'ms');
    print('greet_50k_time_limit', TIMEOUT_S * 1000, 'ms');
    print('greet_50k_greetings_per_second', greeted / runSeconds, 'greetings/s');
    print('greet_50k_docs_read_per_greeting', read / greeted, 'docs');
    print('greet_50k_pushed', pushed, 'messages');
    print('greet_50k_duplicates', duplicates, 'greetings');
    print('greet_50k_missed', missed, 'owners');
  });
}

if (require.main === module) runAlone(bench);
