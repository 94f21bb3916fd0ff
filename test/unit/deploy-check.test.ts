// The deploy check: which index serves a query in the cloud (emulator/store/serving.ts), the local
// cloud failing a test file whose queries on a large collection no index serves (through the real
// wx-server-sdk, as a function would query), and `npm run check-deploy`'s source checks
// (scripts/check-deploy.ts) — collections used but not declared, timer triggers, env variables.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadCollectionSpecs } from '../../emulator/seed';
import { QueryWatch, serving, shapeOf } from '../../emulator/store/serving';
import { checkDeploy, checkTimers, collectionUses } from '../../scripts/check-deploy';
import { startTestCloud } from '../support/cloud';
import { connectSdk, FIXTURES } from '../support/sdk';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURE_COLLECTIONS = join(FIXTURES, 'deploy/collections');
const specs = loadCollectionSpecs(FIXTURE_COLLECTIONS);
const visits = specs.find((s) => s.name === 'visits');
assert.ok(visits);

const by = (filter: Record<string, unknown>, sort: Array<[string, 1 | -1]> = []) => serving(visits, shapeOf('visits', filter, sort));

describe('serving index', () => {
  it('a compound index serves queries on its leading fields, with or without its sort', () => {
    assert.deepEqual(by({ communityId: 'c1' }), { by: 'index', index: 'community_day', sortInMemory: false });
    assert.deepEqual(by({ communityId: 'c1', day: { $gte: '2026-01-01' } }, [['day', 1]]), { by: 'index', index: 'community_day', sortInMemory: false });
    assert.deepEqual(by({ communityId: 'c1', day: '2026-01-01' }, [['createdAt', -1]]), { by: 'index', index: 'community_day', sortInMemory: false });
    assert.deepEqual(by({ communityId: 'c1' }, [['createdAt', -1]]), { by: 'index', index: 'community_day', sortInMemory: true });
    assert.deepEqual(by({ visitor: { $in: ['a', 'b'] }, state: 'open' }), { by: 'index', index: 'visitor', sortInMemory: false });
    assert.deepEqual(by({ _id: 'x', rev: 3 }), { by: '_id' });
  });

  it('a query that does not constrain any index’s leading field is a scan', () => {
    assert.deepEqual(by({ day: '2026-01-01' }), { by: 'scan' }, 'day is second in community_day');
    assert.deepEqual(by({ state: 'open' }, [['createdAt', -1]]), { by: 'scan' });
    assert.deepEqual(by({}), { by: 'scan' });
    assert.deepEqual(by({ communityId: { $ne: 'c1' } }), { by: 'scan' }, '$ne cannot bound an index');
    assert.deepEqual(by({ $or: [{ visitor: 'a' }, { host: 'a' }] }), { by: 'scan' }, 'one $or branch without an index scans');
    assert.equal(by({ $or: [{ visitor: 'a' }, { communityId: 'c1' }] }).by, 'index');
  });

  it('the watch names the query and an index to declare, and ignores small collections', () => {
    const watch = new QueryWatch(specs);
    watch.observe('visits', { communityId: 'c1', state: 'open' });
    watch.observe('visits', { host: 'h1', state: { $in: ['open', 'due'] } }, [['createdAt', -1]]);
    watch.observe('visits', { host: 'h2', state: { $in: ['open'] } }, [['createdAt', -1]]);
    watch.observe('visitSettings', { anything: 1 });
    watch.observe('undeclared', { anything: 1 });
    assert.equal(watch.unserved.length, 1, 'the same shape is reported once');
    const report = watch.report();
    assert.match(report, /visits where \{host: eq, state: eq\} sort createdAt desc/);
    assert.match(report, /database\/collections\/visits\.json/);
    assert.match(report, /"fields":\[\["host",1\],\["state",1\],\["createdAt",-1\]\]/);
  });
});

describe('the local cloud fails a test file whose query no index serves', () => {
  it('an unindexed query through the real SDK makes close() fail with the query named', async () => {
    const cloud = await startTestCloud({ collectionsDir: FIXTURE_COLLECTIONS, seedDir: null, functionsDir: join(FIXTURES, 'functions') });
    let closed = false;
    try {
      const db = connectSdk(cloud.url).database();
      await db.collection('visits').add({ data: { communityId: 'c1', day: '2026-01-01', host: 'h1', createdAt: new Date(0) } });
      await db.collection('visits').where({ communityId: 'c1' }).get();
      await db.collection('visitSettings').where({ any: 1 }).get();
      assert.equal(cloud.cloud.queryWatch.unserved.length, 0, 'indexed and small-collection queries pass');
      // the deliberately unindexed one: host is in no index of the fixture's visits
      await db.collection('visits').where({ host: 'h1' }).orderBy('createdAt', 'desc').get();
      closed = true;
      await assert.rejects(cloud.close(), (error: Error) => {
        assert.match(error.message, /queries on large collections with no serving index/);
        assert.match(error.message, /visits where \{host: eq\} sort createdAt desc/);
        assert.match(error.message, /declare an index in database\/collections\/visits\.json/);
        return true;
      });
    } finally {
      if (!closed) await cloud.close();
    }
  });
});

describe('check-deploy', () => {
  it('the repository passes', () => {
    assert.deepEqual(checkDeploy(ROOT), []);
  });

  it('finds the collections the source uses: literals, constants, spec objects and collection parameters', () => {
    const uses = collectionUses([
      {
        path: join(ROOT, 'cloudfunctions/core/x/data.ts'),
        text: "export const VISITS = 'visits';\nexport async function findOne(db, collection: string, id: string) { return db.collection(collection).doc(id).get(); }",
      },
      {
        path: join(ROOT, 'cloudfunctions/core/x/actions.ts'),
        text: "db.collection('visitLog').add({});\ndb.collection(VISITS).where({}).get();\npageList(db, { collection: 'visitQueue' });\nfindOne(db, 'visitHosts', '1');\ndb.collection(name);",
      },
    ]);
    assert.deepEqual(
      uses.map((u) => u.name),
      ['visitHosts', 'visitLog', 'visitQueue', 'visits'],
    );
    assert.equal(uses.find((u) => u.name === 'visitLog')?.where, 'cloudfunctions/core/x/actions.ts:1');
  });

  it('names a used collection that is not declared, and a timer function without exactly one trigger', () => {
    const root = mkdtempSync(join(tmpdir(), 'guanjia-check-'));
    try {
      mkdirSync(join(root, 'database/collections'), { recursive: true });
      writeFileSync(join(root, 'database/collections/visits.json'), JSON.stringify({ name: 'visits', large: true, indexes: [] }));
      writeFileSync(join(root, 'database/collections/visitLog.json'), JSON.stringify({ name: 'visitLog', indexes: [{ name: 'bad', fields: [] }] }));
      for (const [name, index, config] of [
        ['visitSweep', "export const main = defineTimer({ name: 'visitSweep' });", { triggers: [] }],
        [
          'visitTwice',
          "export const main = defineTimer({ name: 'visitTwice' });",
          {
            triggers: [
              { name: 'a', type: 'timer', config: '0 * * * * * *' },
              { name: 'b', type: 'timer', config: '0 * * * *' },
            ],
          },
        ],
        ['visits', "db.collection('visitHosts').get();", { triggers: [{ name: 'x', type: 'timer', config: '0 * * * * * *' }] }],
      ] as const) {
        mkdirSync(join(root, 'cloudfunctions', name), { recursive: true });
        writeFileSync(join(root, 'cloudfunctions', name, 'index.ts'), index);
        writeFileSync(join(root, 'cloudfunctions', name, 'config.json'), JSON.stringify(config));
      }
      const timers = checkTimers(join(root, 'cloudfunctions'));
      assert.equal(timers.length, 4);
      assert.match(timers.join('\n'), /visitSweep: a timer function \(defineTimer\) needs exactly one timer trigger in config.json, has 0/);
      assert.match(timers.join('\n'), /visitTwice: a timer function .* has 2/);
      assert.match(timers.join('\n'), /visitTwice: trigger b "0 \* \* \* \*" is not 7-field cron/);
      assert.match(timers.join('\n'), /visits: has a timer trigger but is not a defineTimer function/);
      const all = checkDeploy(root).join('\n');
      assert.match(all, /collection "visitHosts" is used but not declared — add database\/collections\/visitHosts.json/);
      assert.match(all, /visitLog.json: say whether the collection grows with use/);
      assert.match(all, /visitLog.json: index bad needs "fields"/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
