// Query, update, aggregation and transaction semantics through the real wx-server-sdk, against
// the local cloud, each compared with the result MongoDB/WeChat semantics give.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { connectSdk, fixtureCloud, type Sdk } from '../support/sdk';

let t: TestCloud;
let cloud: Sdk;
let db: Sdk;
let _: Sdk;
let $: Sdk;

const PEOPLE = [
  { _id: 'a', name: 'Ann', age: 30, city: 'Qingdao', tags: ['x', 'y'], address: { building: '1', floor: 3 }, score: 8.5, active: true },
  { _id: 'b', name: 'Bob', age: 25, city: 'Shanghai', tags: ['y'], address: { building: '2', floor: 1 }, score: 6, active: false },
  { _id: 'c', name: 'Cai', age: 35, city: 'Qingdao', tags: [], address: { building: '1', floor: 5 }, score: 9, active: true, nickname: 'C' },
  { _id: 'd', name: 'Dan', age: 25, city: 'Beijing', tags: ['x', 'z'], address: { building: '3', floor: 2 }, score: 7, active: true },
  { _id: 'e', name: 'eve', age: 40, city: 'Shanghai', tags: ['z'], address: { building: '2', floor: 9 }, score: 5, active: false },
];

before(async () => {
  t = await startTestCloud(fixtureCloud);
  cloud = connectSdk(t.url);
  db = cloud.database();
  _ = db.command;
  $ = _.aggregate;
});
after(async () => {
  await t.close();
});

function reset(collection: string, docs: Array<Record<string, unknown>>): void {
  t.cloud.store.remove(collection, {}, { multi: true });
  if (docs.length > 0) t.cloud.store.insert(collection, structuredClone(docs));
}

const ids = (docs: Array<{ _id: string }>): string[] => docs.map((d) => d._id);
const sorted = (list: string[]): string[] => [...list].sort();

describe('queries', () => {
  beforeEach(() => reset('people', PEOPLE));

  // [name, where-filter builder, expected ids (any order)]
  const table: Array<[string, () => Record<string, unknown>, string[]]> = [
    ['plain equality', () => ({ city: 'Qingdao' }), ['a', 'c']],
    ['eq', () => ({ age: _.eq(25) }), ['b', 'd']],
    ['neq', () => ({ city: _.neq('Qingdao') }), ['b', 'd', 'e']],
    ['gt', () => ({ age: _.gt(30) }), ['c', 'e']],
    ['gte', () => ({ age: _.gte(30) }), ['a', 'c', 'e']],
    ['lt', () => ({ age: _.lt(30) }), ['b', 'd']],
    ['lte', () => ({ age: _.lte(30) }), ['a', 'b', 'd']],
    ['in', () => ({ city: _.in(['Beijing', 'Shanghai']) }), ['b', 'd', 'e']],
    ['nin', () => ({ city: _.nin(['Beijing', 'Shanghai']) }), ['a', 'c']],
    ['exists true', () => ({ nickname: _.exists(true) }), ['c']],
    ['exists false', () => ({ nickname: _.exists(false) }), ['a', 'b', 'd', 'e']],
    ['field-level and', () => ({ age: _.gt(20).and(_.lt(30)) }), ['b', 'd']],
    ['field-level or', () => ({ age: _.lt(26).or(_.gt(36)) }), ['b', 'd', 'e']],
    ['_.and of filters', () => _.and([{ city: 'Qingdao' }, { age: _.gt(31) }]), ['c']],
    ['_.or of filters', () => _.or([{ city: 'Beijing' }, { age: _.gte(40) }]), ['d', 'e']],
    ['_.nor', () => _.nor([{ city: 'Qingdao' }, { active: false }]), ['d']],
    ['_.not', () => ({ age: _.not(_.gt(30)) }), ['a', 'b', 'd']],
    ['nested dotted path', () => ({ 'address.building': '1' }), ['a', 'c']],
    ['nested object path', () => ({ address: { floor: _.gte(5) } }), ['c', 'e']],
    ['array contains', () => ({ tags: 'x' }), ['a', 'd']],
    ['array all', () => ({ tags: _.all(['x', 'z']) }), ['d']],
    ['array size', () => ({ tags: _.size(0) }), ['c']],
    ['array elemMatch', () => ({ tags: _.elemMatch(_.eq('z')) }), ['d', 'e']],
    ['db.RegExp', () => ({ name: db.RegExp({ regexp: '^c', options: 'i' }) }), ['c']],
    ['JS RegExp', () => ({ name: /^e/ }), ['e']],
    ['boolean', () => ({ active: false }), ['b', 'e']],
  ];
  for (const [name, where, expected] of table) {
    it(name, async () => {
      const { data } = await db.collection('people').where(where()).get();
      assert.deepEqual(sorted(ids(data)), sorted(expected));
      const { total } = await db.collection('people').where(where()).count();
      assert.equal(total, expected.length);
    });
  }

  it('orders by several fields', async () => {
    const { data } = await db.collection('people').orderBy('age', 'asc').orderBy('name', 'desc').get();
    assert.deepEqual(ids(data), ['d', 'b', 'a', 'c', 'e']);
  });

  it('orders by a nested field descending, with skip and limit', async () => {
    const { data } = await db.collection('people').orderBy('address.floor', 'desc').skip(1).limit(2).get();
    assert.deepEqual(ids(data), ['c', 'a']);
  });

  it('projects with field()', async () => {
    const { data } = await db.collection('people').where({ _id: 'a' }).field({ name: true, 'address.floor': true }).get();
    assert.deepEqual(data, [{ _id: 'a', name: 'Ann', address: { floor: 3 } }]);
  });

  it('gets one document by id', async () => {
    const { data } = await db.collection('people').doc('b').get();
    assert.equal(data.name, 'Bob');
  });

  it('limits to 100 by default and caps at 1000', async () => {
    reset(
      'bulk',
      Array.from({ length: 1200 }, (_x, i) => ({ _id: `n${String(i).padStart(5, '0')}`, i })),
    );
    assert.equal((await db.collection('bulk').get()).data.length, 100);
    assert.equal((await db.collection('bulk').limit(5000).get()).data.length, 1000);
    const page = await db.collection('bulk').orderBy('i', 'asc').skip(1100).limit(1000).get();
    assert.equal(page.data.length, 100);
    assert.equal(page.data[0].i, 1100);
    assert.equal((await db.collection('bulk').count()).total, 1200);
  });
});

describe('updates', () => {
  beforeEach(() => reset('people', PEOPLE));

  async function doc(id: string): Promise<Record<string, unknown>> {
    return (await db.collection('people').doc(id).get()).data;
  }

  // [name, update data builder, expected fields after, documents reported updated (default 1;
  // 0 where the command changes nothing, as MongoDB's modified count says)]
  const table: Array<[string, () => Record<string, unknown>, Record<string, unknown>, number?]> = [
    ['plain fields merge', () => ({ city: 'Yantai', extra: 1 }), { city: 'Yantai', extra: 1, age: 30 }],
    ['nested merge keeps siblings', () => ({ address: { floor: 4 } }), { address: { building: '1', floor: 4 } }],
    ['set replaces a nested object', () => ({ address: _.set({ floor: 4 }) }), { address: { floor: 4 } }],
    ['remove', () => ({ score: _.remove() }), { score: undefined }],
    ['inc', () => ({ age: _.inc(2) }), { age: 32 }],
    ['mul', () => ({ score: _.mul(2) }), { score: 17 }],
    ['min', () => ({ age: _.min(20) }), { age: 20 }],
    ['max (no change)', () => ({ age: _.max(20) }), { age: 30 }, 0],
    ['max', () => ({ age: _.max(31) }), { age: 31 }],
    ['rename', () => ({ city: _.rename('town') }), { city: undefined, town: 'Qingdao' }],
    ['push one', () => ({ tags: _.push('w') }), { tags: ['x', 'y', 'w'] }],
    ['push many', () => ({ tags: _.push(['v', 'w']) }), { tags: ['x', 'y', 'v', 'w'] }],
    ['push with position', () => ({ tags: _.push({ each: ['w'], position: 1 }) }), { tags: ['x', 'w', 'y'] }],
    ['push with sort and slice', () => ({ tags: _.push({ each: ['a', 'z'], sort: 1, slice: 3 }) }), { tags: ['a', 'x', 'y'] }],
    ['pop', () => ({ tags: _.pop() }), { tags: ['x'] }],
    ['shift', () => ({ tags: _.shift() }), { tags: ['y'] }],
    ['unshift', () => ({ tags: _.unshift(['w']) }), { tags: ['w', 'x', 'y'] }],
    ['pull', () => ({ tags: _.pull('x') }), { tags: ['y'] }],
    ['pull with a condition', () => ({ tags: _.pull(_.in(['x', 'y'])) }), { tags: [] }],
    ['pullAll', () => ({ tags: _.pullAll(['x', 'q']) }), { tags: ['y'] }],
    ['addToSet existing (no change)', () => ({ tags: _.addToSet('x') }), { tags: ['x', 'y'] }, 0],
    ['addToSet new', () => ({ tags: _.addToSet('q') }), { tags: ['x', 'y', 'q'] }],
    // The SDK passes addToSet's argument through: several values go as {$each} (WeChat's docs).
    ['addToSet $each', () => ({ tags: _.addToSet({ $each: ['y', 'q'] }) }), { tags: ['x', 'y', 'q'] }],
    ['nested dotted inc', () => ({ 'address.floor': _.inc(1) }), { address: { building: '1', floor: 4 } }],
  ];
  for (const [name, data, expected, updated = 1] of table) {
    it(name, async () => {
      const res = await db.collection('people').doc('a').update({ data: data() });
      assert.equal(res.stats.updated, updated);
      const after = await doc('a');
      for (const [key, value] of Object.entries(expected)) assert.deepEqual(after[key], value, key);
    });
  }

  it('doc().set replaces an existing document and creates a missing one (upsert)', async () => {
    const replaced = await db
      .collection('people')
      .doc('a')
      .set({ data: { name: 'Ann 2' } });
    assert.equal(replaced.stats.updated, 1);
    assert.deepEqual(await doc('a'), { _id: 'a', name: 'Ann 2' });
    const created = await db
      .collection('people')
      .doc('new')
      .set({ data: { name: 'New' } });
    assert.equal(created._id, 'new');
    assert.equal(created.stats.created, 1);
    assert.deepEqual(await doc('new'), { _id: 'new', name: 'New' });
  });

  it('where().update changes every match and reports how many', async () => {
    const res = await db
      .collection('people')
      .where({ city: 'Shanghai' })
      .update({ data: { visited: true } });
    assert.equal(res.stats.updated, 2);
    const { total } = await db.collection('people').where({ visited: true }).count();
    assert.equal(total, 2);
  });

  it('where().remove removes every match', async () => {
    const res = await db
      .collection('people')
      .where({ age: _.lt(30) })
      .remove();
    assert.equal(res.stats.removed, 2);
    assert.equal((await db.collection('people').count()).total, 3);
  });

  it('doc().remove and add', async () => {
    assert.equal((await db.collection('people').doc('e').remove()).stats.removed, 1);
    const added = await db.collection('people').add({ data: { name: 'Fay', at: new Date('2026-01-02T03:04:05Z') } });
    assert.match(added._id, /^[0-9a-f]{32}$/);
    const got = await doc(added._id);
    assert.ok(got.at instanceof Date);
    assert.equal((got.at as Date).toISOString(), '2026-01-02T03:04:05.000Z');
  });

  it('refuses a duplicate _id with the cloud’s code', async () => {
    await assert.rejects(db.collection('people').add({ data: { _id: 'a', name: 'again' } }), (error: { errMsg?: string; message?: string }) => {
      assert.match(`${error.errMsg ?? ''} ${error.message ?? ''}`, /DUPLICATE|duplicate/);
      return true;
    });
  });

  it('stamps serverDate with the emulator’s fixed clock', async () => {
    await t.setClock('2026-03-01T08:00:00.000Z');
    try {
      await db
        .collection('people')
        .doc('a')
        .update({ data: { at: db.serverDate(), soon: db.serverDate({ offset: 5000 }) } });
      const got = await doc('a');
      assert.equal((got.at as Date).toISOString(), '2026-03-01T08:00:00.000Z');
      assert.equal((got.soon as Date).toISOString(), '2026-03-01T08:00:05.000Z');
      const { data } = await db
        .collection('people')
        .where({ at: _.lte(db.serverDate()) })
        .get();
      assert.deepEqual(ids(data), ['a']);
    } finally {
      await t.setClock(null);
    }
  });
});

describe('aggregations', () => {
  beforeEach(() => {
    reset('people', PEOPLE);
    reset('orders', [
      { _id: 'o1', person: 'a', fen: 100 },
      { _id: 'o2', person: 'a', fen: 250 },
      { _id: 'o3', person: 'd', fen: 40 },
    ]);
  });

  it('matches, groups with accumulators and sorts', async () => {
    const { list } = await db
      .collection('people')
      .aggregate()
      .match({ age: _.gte(25) })
      .group({
        _id: '$city',
        n: $.sum(1),
        avgAge: $.avg('$age'),
        maxScore: $.max('$score'),
        minScore: $.min('$score'),
        names: $.push('$name'),
        tags: $.addToSet('$address.building'),
      })
      .sort({ n: -1, _id: 1 })
      .end();
    assert.deepEqual(
      list.map((g: Record<string, unknown>) => [g._id, g.n, g.avgAge, g.maxScore, g.minScore, g.names]),
      [
        ['Qingdao', 2, 32.5, 9, 8.5, ['Ann', 'Cai']],
        ['Shanghai', 2, 32.5, 6, 5, ['Bob', 'eve']],
        ['Beijing', 1, 25, 7, 7, ['Dan']],
      ],
    );
  });

  it('projects computed fields, skips and limits', async () => {
    const { list } = await db
      .collection('people')
      .aggregate()
      .sort({ age: -1, _id: 1 })
      .project({ _id: 0, name: 1, double: $.multiply(['$age', 2]), upper: $.toUpper('$city') })
      .skip(1)
      .limit(2)
      .end();
    assert.deepEqual(list, [
      { name: 'Cai', double: 70, upper: 'QINGDAO' },
      { name: 'Ann', double: 60, upper: 'QINGDAO' },
    ]);
  });

  it('unwinds arrays and counts', async () => {
    const { list } = await db
      .collection('people')
      .aggregate()
      .unwind('$tags')
      .group({ _id: '$tags', n: $.sum(1) })
      .sort({ _id: 1 })
      .end();
    assert.deepEqual(list, [
      { _id: 'x', n: 2 },
      { _id: 'y', n: 2 },
      { _id: 'z', n: 2 },
    ]);
    const counted = await db.collection('people').aggregate().match({ active: true }).count('n').end();
    assert.deepEqual(counted.list, [{ n: 3 }]);
  });

  it('looks up another collection', async () => {
    const { list } = await db
      .collection('orders')
      .aggregate()
      .lookup({ from: 'people', localField: 'person', foreignField: '_id', as: 'who' })
      .unwind('$who')
      .group({ _id: '$who.name', total: $.sum('$fen') })
      .sort({ total: -1 })
      .end();
    assert.deepEqual(list, [
      { _id: 'Ann', total: 350 },
      { _id: 'Dan', total: 40 },
    ]);
  });
});

describe('transactions', () => {
  beforeEach(() => reset('counters', [{ _id: 'c1', n: 0 }]));

  async function n(): Promise<number> {
    return (await db.collection('counters').doc('c1').get()).data.n;
  }

  it('runTransaction retries after a commit conflict and then succeeds', async () => {
    let attempts = 0;
    const result = await db.runTransaction(async (tx: Sdk) => {
      attempts += 1;
      const { data } = await tx.collection('counters').doc('c1').get();
      if (attempts === 1) {
        // Someone else writes the document between the transaction's read and its commit.
        await db
          .collection('counters')
          .doc('c1')
          .update({ data: { n: _.inc(10) } });
      }
      await tx
        .collection('counters')
        .doc('c1')
        .update({ data: { n: data.n + 1 } });
      return data.n + 1;
    });
    assert.equal(attempts, 2);
    assert.equal(result, 11);
    assert.equal(await n(), 11);
  });

  it('startTransaction: commit applies, rollback discards', async () => {
    const committed = await db.startTransaction();
    await committed
      .collection('counters')
      .doc('c1')
      .update({ data: { n: 5 } });
    assert.equal(await n(), 0, 'not visible before commit');
    await committed.commit();
    assert.equal(await n(), 5);

    const rolled = await db.startTransaction();
    await rolled
      .collection('counters')
      .doc('c1')
      .update({ data: { n: 99 } });
    await rolled.collection('counters').add({ data: { _id: 'c2', n: 1 } });
    await rolled.rollback();
    assert.equal(await n(), 5);
    assert.equal((await db.collection('counters').where({ _id: 'c2' }).count()).total, 0);
  });

  it('a transaction reads its own writes, and doc().get of a missing document fails', async () => {
    const tx = await db.startTransaction();
    await tx
      .collection('counters')
      .doc('c1')
      .update({ data: { n: 7 } });
    assert.equal((await tx.collection('counters').doc('c1').get()).data.n, 7);
    await assert.rejects(tx.collection('counters').doc('missing').get());
    await tx.rollback();
  });

  it('t.rollback(value) makes runTransaction reject with that value', async () => {
    await assert.rejects(
      db.runTransaction(async (tx: Sdk) => {
        await tx
          .collection('counters')
          .doc('c1')
          .update({ data: { n: 1 } });
        await tx.rollback('changed my mind');
      }),
      (reason: unknown) => reason === 'changed my mind',
    );
    assert.equal(await n(), 0);
  });

  it('an error thrown in the callback aborts and is rethrown', async () => {
    await assert.rejects(
      db.runTransaction(async (tx: Sdk) => {
        await tx
          .collection('counters')
          .doc('c1')
          .update({ data: { n: 1 } });
        throw new Error('nope');
      }),
      /nope/,
    );
    assert.equal(await n(), 0);
  });
});
