// The document store's MongoDB semantics: queries, updates, projections, aggregations, upserts,
// unique indexes, errors and Date round-trips — exercised in-process on ':memory:' and a file.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openStore, type Doc, type Filter, type FindOptions, type Store, StoreError, type StoreErrorCode } from '../../emulator/store/index';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

/** Asserts that `run` throws a StoreError with this code (and, optionally, a message pattern). */
function throwsStoreError(run: () => unknown, code: StoreErrorCode, message?: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof StoreError, `expected a StoreError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (message) assert.match(error.message, message);
    return true;
  });
}

/** A fresh temporary directory for a file-backed store, removed by the returned cleanup. */
function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'guanjia-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function ids(docs: Array<{ _id?: unknown }>): unknown[] {
  return docs.map((d) => d._id);
}

function people(): Doc[] {
  return [
    {
      _id: 'a',
      name: 'Ann',
      age: 30,
      tags: ['x', 'y'],
      addr: { city: 'SH', zip: '200000' },
      score: [80, 95],
      born: new Date('1990-01-01T00:00:00Z'),
      active: true,
    },
    { _id: 'b', name: 'Bob', age: 25, tags: ['y'], addr: { city: 'BJ' }, score: [60], born: new Date('1995-06-01T00:00:00Z'), active: false },
    {
      _id: 'c',
      name: 'Cai',
      age: 35,
      tags: [],
      addr: { city: 'SH', zip: '200001' },
      items: [
        { sku: 'p1', qty: 2 },
        { sku: 'p2', qty: 5 },
      ],
      active: true,
    },
    { _id: 'd', name: 'dora', age: null, tags: ['x', 'z', 'y'], items: [{ sku: 'p1', qty: 7 }] },
    { _id: 'e', name: 'Eve', tags: ['z'], addr: { city: 'GZ' }, age: 41 },
  ];
}

function withPeople(indexed: boolean): Store {
  const store = openStore({ path: ':memory:' });
  store.declareCollection({
    name: 'people',
    // The same table of queries must hold with and without indexes on the queried fields.
    indexes: indexed
      ? [
          { name: 'age', fields: [['age', 1]] },
          {
            name: 'city_name',
            fields: [
              ['addr.city', 1],
              ['name', -1],
            ],
          },
          { name: 'born', fields: [['born', 1]] },
          { name: 'active', fields: [['active', 1]] },
        ]
      : [],
  });
  store.insert('people', people());
  return store;
}

const queryTable: Array<[string, Filter, string[]]> = [
  ['equality', { age: 30 }, ['a']],
  ['$eq', { age: { $eq: 25 } }, ['b']],
  ['$ne includes null and missing', { age: { $ne: 30 } }, ['b', 'c', 'd', 'e']],
  ['$gt', { age: { $gt: 30 } }, ['c', 'e']],
  ['$gte and $lt', { age: { $gte: 30, $lt: 41 } }, ['a', 'c']],
  ['$lte', { age: { $lte: 25 } }, ['b']],
  ['$in', { age: { $in: [25, 35] } }, ['b', 'c']],
  ['$nin', { age: { $nin: [25, 35] } }, ['a', 'd', 'e']],
  ['null matches null', { age: null }, ['d']],
  ['null matches missing', { active: null }, ['d', 'e']],
  ['$exists true on a nested path', { 'addr.zip': { $exists: true } }, ['a', 'c']],
  ['$exists false', { addr: { $exists: false } }, ['d']],
  ['nested dotted equality', { 'addr.city': 'SH' }, ['a', 'c']],
  ['array contains', { tags: 'x' }, ['a', 'd']],
  ['$size', { tags: { $size: 0 } }, ['c']],
  ['$all', { tags: { $all: ['x', 'y'] } }, ['a', 'd']],
  ['$elemMatch', { items: { $elemMatch: { sku: 'p1', qty: { $gt: 3 } } } }, ['d']],
  ['path through array of objects', { 'items.sku': 'p2' }, ['c']],
  ['RegExp value', { name: /^d/i }, ['d']],
  ['$regex with $options', { name: { $regex: 'o', $options: 'i' } }, ['b', 'd']],
  ['$regex with a RegExp object', { name: { $regex: /^[AB]/ } }, ['a', 'b']],
  ['$or', { $or: [{ age: 25 }, { 'addr.city': 'GZ' }] }, ['b', 'e']],
  ['$and', { $and: [{ active: true }, { age: { $gt: 30 } }] }, ['c']],
  ['$nor', { $nor: [{ active: true }, { age: null }] }, ['b', 'e']],
  ['$not', { age: { $not: { $gt: 30 } } }, ['a', 'b', 'd']],
  ['range on array elements', { score: { $gt: 90 } }, ['a']],
  ['array index path', { 'score.1': 95 }, ['a']],
  ['Date range', { born: { $lt: new Date('1992-01-01T00:00:00Z') } }, ['a']],
  ['$exists on a boolean', { active: { $exists: true } }, ['a', 'b', 'c']],
  ['boolean equality', { active: false }, ['b']],
  ['type bracketing: numbers never match a string range', { age: { $lt: 'z' } }, []],
  ['compound on an index prefix', { 'addr.city': 'SH', name: { $in: ['Cai', 'Zed'] } }, ['c']],
  ['_id equality', { _id: 'c' }, ['c']],
  ['_id $in', { _id: { $in: ['e', 'a', 'q'] } }, ['a', 'e']],
];

const findTable: Array<[string, Filter, FindOptions, unknown[]]> = [
  ['sort ascending puts null first', {}, { sort: [['age', 1]] }, ['d', 'b', 'a', 'c', 'e']],
  ['sort descending', {}, { sort: [['age', -1]] }, ['e', 'c', 'a', 'b', 'd']],
  [
    'sort on two fields, missing last when descending',
    {},
    {
      sort: [
        ['active', -1],
        ['name', 1],
      ],
    },
    ['a', 'c', 'b', 'e', 'd'],
  ],
  ['skip and limit after sort', {}, { sort: [['age', 1]], skip: 1, limit: 2 }, ['b', 'a']],
  ['limit without sort keeps insertion order', {}, { limit: 3 }, ['a', 'b', 'c']],
  ['skip past the end', {}, { skip: 10 }, []],
  ['limit undefined returns everything', { 'addr.city': 'SH' }, { limit: undefined }, ['a', 'c']],
  [
    'sort on a nested path',
    { addr: { $exists: true } },
    {
      sort: [
        ['addr.city', 1],
        ['name', -1],
      ],
    },
    ['b', 'e', 'c', 'a'],
  ],
  ['sort by _id descending', {}, { sort: [['_id', -1]], limit: 2 }, ['e', 'd']],
];

for (const indexed of [false, true]) {
  describe(`queries (${indexed ? 'indexed' : 'unindexed'})`, () => {
    const store = withPeople(indexed);
    for (const [name, filter, expected] of queryTable) {
      it(name, () => {
        assert.deepEqual(ids(store.find('people', filter)).sort(), expected);
        assert.equal(store.count('people', filter), expected.length);
      });
    }
    for (const [name, filter, options, expected] of findTable) {
      it(name, () => assert.deepEqual(ids(store.find('people', filter, options)), expected));
    }
  });
}

describe('projection', () => {
  const store = withPeople(false);
  it('inclusion keeps _id', () => {
    assert.deepEqual(store.find('people', { _id: 'b' }, { projection: { name: 1, age: 1 } }), [{ _id: 'b', name: 'Bob', age: 25 }]);
  });
  it('inclusion can drop _id', () => {
    assert.deepEqual(store.find('people', { _id: 'b' }, { projection: { name: 1, _id: 0 } }), [{ name: 'Bob' }]);
  });
  it('exclusion', () => {
    assert.deepEqual(store.find('people', { _id: 'e' }, { projection: { tags: 0, addr: 0, age: 0 } }), [{ _id: 'e', name: 'Eve' }]);
  });
  it('nested inclusion', () => {
    assert.deepEqual(store.find('people', { _id: 'a' }, { projection: { 'addr.city': 1 } }), [{ _id: 'a', addr: { city: 'SH' } }]);
  });
  it('projection applies after sort and limit', () => {
    assert.deepEqual(store.find('people', {}, { sort: [['age', -1]], limit: 2, projection: { _id: 1 } }), [{ _id: 'e' }, { _id: 'c' }]);
  });
});

describe('update operators', () => {
  const base = (): Doc => ({
    _id: 'u',
    arr: [3, 1, 2],
    n: 5,
    s: ['a'],
    obj: { x: 1 },
    old: 'v',
    nums: [1, 2, 3, 4, 5],
    items: [
      { k: 'a', q: 1 },
      { k: 'b', q: 2 },
    ],
  });
  const table: Array<[string, Doc, Partial<Doc> & Record<string, unknown>, number]> = [
    ['$inc creates missing fields', { $inc: { n: 2, m: 1 } }, { n: 7, m: 1 }, 1],
    ['$mul', { $mul: { n: 3 } }, { n: 15 }, 1],
    ['$min lowers', { $min: { n: 3 } }, { n: 3 }, 1],
    ['$min leaves a smaller value alone', { $min: { n: 10 } }, { n: 5 }, 0],
    ['$max raises', { $max: { n: 9 } }, { n: 9 }, 1],
    ['$rename', { $rename: { old: 'renamed' } }, { old: undefined, renamed: 'v' }, 1],
    ['$unset', { $unset: { old: '' } }, { old: undefined }, 1],
    ['$set on a nested path', { $set: { 'obj.y': 2 } }, { obj: { x: 1, y: 2 } }, 1],
    [
      '$set into an array element',
      { $set: { 'items.1.q': 9 } },
      {
        items: [
          { k: 'a', q: 1 },
          { k: 'b', q: 9 },
        ],
      },
      1,
    ],
    ['$set a Date', { $set: { at: new Date('2026-01-02T03:04:05Z') } }, { at: new Date('2026-01-02T03:04:05Z') }, 1],
    ['$push one value', { $push: { arr: 4 } }, { arr: [3, 1, 2, 4] }, 1],
    ['$push $each $position', { $push: { arr: { $each: [9, 0], $position: 0 } } }, { arr: [9, 0, 3, 1, 2] }, 1],
    ['$push $each $sort $slice', { $push: { arr: { $each: [5], $sort: 1, $slice: 3 } } }, { arr: [1, 2, 3] }, 1],
    [
      '$push $sort by a field',
      { $push: { items: { $each: [{ k: 'c', q: 0 }], $sort: { q: -1 } } } },
      {
        items: [
          { k: 'b', q: 2 },
          { k: 'a', q: 1 },
          { k: 'c', q: 0 },
        ],
      },
      1,
    ],
    ['$pull with a condition', { $pull: { nums: { $gte: 4 } } }, { nums: [1, 2, 3] }, 1],
    ['$pull matching objects', { $pull: { items: { k: 'a' } } }, { items: [{ k: 'b', q: 2 }] }, 1],
    ['$pullAll', { $pullAll: { nums: [1, 5] } }, { nums: [2, 3, 4] }, 1],
    ['$addToSet $each skips present values', { $addToSet: { s: { $each: ['a', 'b'] } } }, { s: ['a', 'b'] }, 1],
    ['$pop last', { $pop: { nums: 1 } }, { nums: [1, 2, 3, 4] }, 1],
    ['$pop first', { $pop: { nums: -1 } }, { nums: [2, 3, 4, 5] }, 1],
    ['plain object with merge sets its fields', { n: 6, extra: true }, { n: 6, extra: true }, 1],
  ];
  for (const [name, update, changes, updated] of table) {
    it(name, () => {
      const store = openStore({ path: ':memory:' });
      store.createCollection('u');
      store.insert('u', [base()]);
      const result = store.update('u', { _id: 'u' }, update, { multi: false });
      assert.deepEqual(result, { matched: 1, updated, upsertedId: null });
      const expected: Record<string, unknown> = { ...base(), ...changes };
      for (const key of Object.keys(expected)) if (expected[key] === undefined) delete expected[key];
      const [doc] = store.find('u', { _id: 'u' });
      assert.deepEqual(doc, expected);
    });
  }

  it('merge false replaces the document and keeps _id', () => {
    const store = openStore({ path: ':memory:' });
    store.createCollection('u');
    store.insert('u', [base()]);
    assert.deepEqual(store.update('u', { n: 5 }, { only: 'this' }, { merge: false }), { matched: 1, updated: 1, upsertedId: null });
    assert.deepEqual(store.find('u', {}), [{ _id: 'u', only: 'this' }]);
  });

  it('refuses to change _id, operators in a replacement, and unknown operators', () => {
    const store = openStore({ path: ':memory:' });
    store.createCollection('u');
    store.insert('u', [base()]);
    throwsStoreError(() => store.update('u', {}, { $set: { _id: 'other' } }, {}), 'INVALID_PARAM');
    throwsStoreError(() => store.update('u', {}, { $set: { n: 1 } }, { merge: false }), 'INVALID_PARAM');
    throwsStoreError(() => store.update('u', {}, { $frobnicate: { n: 1 } }, {}), 'INVALID_PARAM');
    assert.deepEqual(store.find('u', {}), [base()]);
  });
});

describe('multi, upsert and remove', () => {
  const fresh = (): Store => {
    const store = openStore({ path: ':memory:' });
    store.createCollection('t');
    store.insert('t', [
      { _id: '1', status: 'open', n: 1 },
      { _id: '2', status: 'open', n: 2 },
      { _id: '3', status: 'done', n: 3 },
    ]);
    return store;
  };

  it('multi false updates only the first match, multi true all', () => {
    const store = fresh();
    assert.deepEqual(store.update('t', { status: 'open' }, { $inc: { n: 10 } }, { multi: false }), { matched: 1, updated: 1, upsertedId: null });
    assert.deepEqual(
      store.find('t', {}).map((d) => d.n),
      [11, 2, 3],
    );
    assert.deepEqual(store.update('t', { status: 'open' }, { $inc: { n: 10 } }, { multi: true }), { matched: 2, updated: 2, upsertedId: null });
    assert.deepEqual(
      store.find('t', {}).map((d) => d.n),
      [21, 12, 3],
    );
  });

  it('counts matched and updated separately', () => {
    const store = fresh();
    assert.deepEqual(store.update('t', {}, { $set: { status: 'open' } }, { multi: true }), { matched: 3, updated: 1, upsertedId: null });
  });

  it('upsert inserts from the filter equality fields plus the update', () => {
    const store = fresh();
    const result = store.update('t', { code: 'k1', 'addr.city': 'SH', n: { $gt: 5 } }, { $set: { n: 9 }, $inc: { hits: 1 } }, { upsert: true });
    assert.equal(result.matched, 0);
    assert.equal(result.updated, 0);
    assert.match(result.upsertedId ?? '', /^[0-9a-f]{32}$/);
    assert.deepEqual(store.find('t', { _id: result.upsertedId }), [{ _id: result.upsertedId, code: 'k1', addr: { city: 'SH' }, n: 9, hits: 1 }]);
  });

  it('upsert with a replacement takes _id from the filter', () => {
    const store = fresh();
    const result = store.update('t', { _id: 'fixed' }, { name: 'x' }, { merge: false, upsert: true });
    assert.deepEqual(result, { matched: 0, updated: 0, upsertedId: 'fixed' });
    assert.deepEqual(store.find('t', { _id: 'fixed' }), [{ _id: 'fixed', name: 'x' }]);
  });

  it('upsert updates when something matches', () => {
    const store = fresh();
    assert.deepEqual(store.update('t', { _id: '3' }, { $set: { n: 30 } }, { upsert: true }), { matched: 1, updated: 1, upsertedId: null });
    assert.equal(store.count('t', {}), 3);
  });

  it('remove one or many', () => {
    const store = fresh();
    assert.equal(store.remove('t', { status: 'open' }, { multi: false }), 1);
    assert.deepEqual(ids(store.find('t', {})), ['2', '3']);
    assert.equal(store.remove('t', { n: { $gte: 0 } }, { multi: true }), 2);
    assert.equal(store.count('t', {}), 0);
    assert.equal(store.remove('t', {}, { multi: true }), 0);
  });

  it('generates 32 lowercase hex ids and keeps given ones', () => {
    const store = fresh();
    const [generated, given] = store.insert('t', [{ a: 1 }, { _id: 'mine', a: 2 }]);
    assert.match(generated, /^[0-9a-f]{32}$/);
    assert.equal(given, 'mine');
    assert.deepEqual(store.find('t', { _id: generated }), [{ _id: generated, a: 1 }]);
  });
});

describe('aggregation', () => {
  const store = openStore({ path: ':memory:' });
  store.declareCollection({ name: 'orders', indexes: [{ name: 'city', fields: [['city', 1]] }] });
  store.createCollection('customers');
  store.insert('orders', [
    { _id: 'o1', cust: 'a', amount: 10, items: ['x', 'y'], city: 'SH' },
    { _id: 'o2', cust: 'b', amount: 20, items: ['x'], city: 'BJ' },
    { _id: 'o3', cust: 'a', amount: 30, items: [], city: 'SH' },
    { _id: 'o4', cust: 'c', amount: 40, items: ['y', 'z'], city: 'SH' },
  ]);
  store.insert('customers', [
    { _id: 'a', name: 'Ann' },
    { _id: 'b', name: 'Bob' },
  ]);

  it('$match $group accumulators $sort', () => {
    const result = store.aggregate('orders', [
      { $match: { city: 'SH' } },
      {
        $group: {
          _id: '$cust',
          total: { $sum: '$amount' },
          n: { $sum: 1 },
          avg: { $avg: '$amount' },
          mn: { $min: '$amount' },
          mx: { $max: '$amount' },
          first: { $first: '$_id' },
          last: { $last: '$_id' },
          all: { $push: '$_id' },
        },
      },
      { $sort: { _id: 1 } },
    ]);
    assert.deepEqual(result, [
      { _id: 'a', total: 40, n: 2, avg: 20, mn: 10, mx: 30, first: 'o1', last: 'o3', all: ['o1', 'o3'] },
      { _id: 'c', total: 40, n: 1, avg: 40, mn: 40, mx: 40, first: 'o4', last: 'o4', all: ['o4'] },
    ]);
  });

  it('$addToSet and standard deviations', () => {
    const [result] = store.aggregate('orders', [{ $group: { _id: null, cities: { $addToSet: '$city' }, pop: { $stdDevPop: '$amount' }, samp: { $stdDevSamp: '$amount' } } }]);
    assert.deepEqual((result.cities as string[]).slice().sort(), ['BJ', 'SH']);
    assert.ok(Math.abs((result.pop as number) - Math.sqrt(125)) < 1e-9);
    assert.ok(Math.abs((result.samp as number) - Math.sqrt(500 / 3)) < 1e-9);
  });

  it('$unwind and $sortByCount', () => {
    const result = store.aggregate('orders', [{ $unwind: '$items' }, { $sortByCount: '$items' }]);
    const sorted = result.slice().sort((p, q) => (q.count as number) - (p.count as number) || String(p._id).localeCompare(String(q._id)));
    assert.deepEqual(sorted, [
      { _id: 'x', count: 2 },
      { _id: 'y', count: 2 },
      { _id: 'z', count: 1 },
    ]);
    assert.deepEqual(result[2], { _id: 'z', count: 1 });
  });

  it('$lookup resolves another collection', () => {
    const result = store.aggregate('orders', [{ $lookup: { from: 'customers', localField: 'cust', foreignField: '_id', as: 'who' } }, { $project: { _id: 1, who: '$who.name' } }]);
    assert.deepEqual(result, [
      { _id: 'o1', who: ['Ann'] },
      { _id: 'o2', who: ['Bob'] },
      { _id: 'o3', who: ['Ann'] },
      { _id: 'o4', who: [] },
    ]);
  });

  it('$lookup of an unknown collection is refused', () => {
    throwsStoreError(() => store.aggregate('orders', [{ $lookup: { from: 'nope', localField: 'cust', foreignField: '_id', as: 'x' } }]), 'DATABASE_COLLECTION_NOT_EXIST');
  });

  it('$count', () => {
    assert.deepEqual(store.aggregate('orders', [{ $match: { amount: { $gte: 20 } } }, { $count: 'n' }]), [{ n: 3 }]);
  });

  it('$sort $skip $limit $project', () => {
    assert.deepEqual(store.aggregate('orders', [{ $sort: { amount: -1 } }, { $skip: 1 }, { $limit: 2 }, { $project: { _id: 1 } }]), [{ _id: 'o3' }, { _id: 'o2' }]);
  });

  it('$addFields', () => {
    assert.deepEqual(store.aggregate('orders', [{ $addFields: { double: { $multiply: ['$amount', 2] } } }, { $match: { double: { $gt: 50 } } }, { $project: { double: 1 } }]), [
      { _id: 'o3', double: 60 },
      { _id: 'o4', double: 80 },
    ]);
  });

  it('$bucket', () => {
    assert.deepEqual(store.aggregate('orders', [{ $bucket: { groupBy: '$amount', boundaries: [0, 25, 50], default: 'other', output: { n: { $sum: 1 } } } }]), [
      { _id: 0, n: 2 },
      { _id: 25, n: 2 },
    ]);
  });

  it('$sample returns documents of the collection', () => {
    // Like MongoDB's, mingo's $sample may pick a document twice, so only size and origin are fixed.
    const result = store.aggregate('orders', [{ $sample: { size: 2 } }]);
    assert.equal(result.length, 2);
    for (const id of ids(result)) assert.ok(['o1', 'o2', 'o3', 'o4'].includes(id as string));
  });
});

describe('unique indexes', () => {
  const fresh = (): Store => {
    const store = openStore({ path: ':memory:' });
    store.declareCollection({
      name: 'u',
      indexes: [
        { name: 'code_unique', fields: [['code', 1]], unique: true },
        {
          name: 'pair',
          fields: [
            ['a', 1],
            ['b', 1],
          ],
          unique: true,
        },
      ],
    });
    store.insert('u', [{ _id: 'one', code: 'c1', a: 1, b: 1 }]);
    return store;
  };

  it('refuses a duplicate value with E11000', () => {
    const store = fresh();
    throwsStoreError(() => store.insert('u', [{ code: 'c1', a: 9 }]), 'DATABASE_DUPLICATE_WRITE', /E11000 duplicate key error.*code_unique.*c1/);
  });

  it('refuses a duplicate _id', () => {
    const store = fresh();
    throwsStoreError(() => store.insert('u', [{ _id: 'one', code: 'c2', a: 2 }]), 'DATABASE_DUPLICATE_WRITE', /E11000 duplicate key error.*_id_/);
  });

  it('a batch with a duplicate writes nothing', () => {
    const store = fresh();
    throwsStoreError(
      () =>
        store.insert('u', [
          { code: 'c2', a: 2 },
          { code: 'c3', a: 3 },
          { code: 'c2', a: 4 },
        ]),
      'DATABASE_DUPLICATE_WRITE',
    );
    assert.equal(store.count('u', {}), 1);
  });

  it('treats missing fields as null', () => {
    const store = fresh();
    store.insert('u', [{ a: 5, b: 5 }]);
    throwsStoreError(() => store.insert('u', [{ a: 6, b: 6, code: null }]), 'DATABASE_DUPLICATE_WRITE', /code_unique/);
  });

  it('compound unique compares the whole key', () => {
    const store = fresh();
    store.insert('u', [{ code: 'c2', a: 1, b: 2 }]);
    throwsStoreError(() => store.insert('u', [{ code: 'c3', a: 1, b: 2 }]), 'DATABASE_DUPLICATE_WRITE', /index: pair/);
  });

  it('an update into a duplicate is refused and changes nothing', () => {
    const store = fresh();
    store.insert('u', [{ _id: 'two', code: 'c2', a: 2 }]);
    throwsStoreError(() => store.update('u', { _id: 'two' }, { $set: { code: 'c1' } }, {}), 'DATABASE_DUPLICATE_WRITE');
    assert.equal(store.find('u', { _id: 'two' })[0].code, 'c2');
    throwsStoreError(() => store.update('u', {}, { $set: { code: 'same' } }, { multi: true }), 'DATABASE_DUPLICATE_WRITE');
    assert.deepEqual(
      store.find('u', {}).map((d) => d.code),
      ['c1', 'c2'],
    );
  });

  it('declaring a unique index over duplicates is refused and the collection keeps working', () => {
    const store = openStore({ path: ':memory:' });
    store.createCollection('d');
    store.insert('d', [{ k: 1 }, { k: 1 }]);
    throwsStoreError(() => store.declareCollection({ name: 'd', indexes: [{ name: 'k', fields: [['k', 1]], unique: true }] }), 'DATABASE_DUPLICATE_WRITE');
    store.insert('d', [{ k: 1 }]);
    assert.equal(store.count('d', { k: 1 }), 3);
  });
});

describe('collections', () => {
  it('every operation on an unknown collection is refused', () => {
    const store = openStore({ path: ':memory:' });
    const code = 'DATABASE_COLLECTION_NOT_EXIST';
    throwsStoreError(() => store.find('nope', {}), code);
    throwsStoreError(() => store.count('nope', {}), code);
    throwsStoreError(() => store.insert('nope', [{ a: 1 }]), code);
    throwsStoreError(() => store.update('nope', {}, { $set: { a: 1 } }, { upsert: true }), code);
    throwsStoreError(() => store.remove('nope', {}, { multi: true }), code);
    throwsStoreError(() => store.aggregate('nope', []), code);
    const tx = store.beginTransaction();
    throwsStoreError(() => store.find('nope', {}, {}, tx), code);
    throwsStoreError(() => store.insert('nope', [{ a: 1 }], tx), code);
    assert.equal(store.hasCollection('nope'), false);
  });

  it('create, list, refuse an existing name; declare is idempotent', () => {
    const store = openStore({ path: ':memory:' });
    store.createCollection('b');
    store.declareCollection({ name: 'a', indexes: [{ name: 'x', fields: [['x', 1]] }] });
    store.declareCollection({ name: 'a', indexes: [{ name: 'x', fields: [['x', 1]] }] });
    assert.deepEqual(store.listCollections(), ['a', 'b']);
    assert.equal(store.hasCollection('a'), true);
    throwsStoreError(() => store.createCollection('a'), 'DATABASE_COLLECTION_ALREADY_EXIST');
  });
});

describe('Dates and persistence', () => {
  it('Dates round-trip through a file store and its reopening', () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'store.db');
      const when = new Date('2026-03-04T05:06:07.089Z');
      let store = openStore({ path });
      store.declareCollection({ name: 'd', indexes: [{ name: 'when', fields: [['when', 1]] }] });
      store.insert('d', [
        { _id: 'x', when, nested: { list: [when, { at: new Date(0) }] }, n: 1.5, big: 2 ** 40, s: '管家' },
        { _id: 'y', when: new Date('2027-01-01T00:00:00Z') },
      ]);
      store.close();
      store = openStore({ path });
      const [doc] = store.find('d', { when: { $lt: new Date('2026-12-31T00:00:00Z') } });
      assert.ok(doc.when instanceof Date);
      assert.deepEqual(doc, { _id: 'x', when, nested: { list: [when, { at: new Date(0) }] }, n: 1.5, big: 2 ** 40, s: '管家' });
      assert.deepEqual(ids(store.find('d', {}, { sort: [['when', -1]] })), ['y', 'x']);
      store.close();
    } finally {
      cleanup();
    }
  });
});
