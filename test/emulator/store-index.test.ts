// Index pushdown, measured by the store's rowsRead counter (documents read from SQLite and
// parsed): indexed queries read what they return, unindexed ones read the whole collection, and
// a field that turns multikey falls back to a scan without changing any answer.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openStore, type Doc, type Filter, type FindOptions, type Store } from '../../emulator/store/index';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

/** A fresh temporary directory for a file-backed store, removed by the returned cleanup. */
function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'guanjia-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function ids(docs: Array<{ _id?: unknown }>): unknown[] {
  return docs.map((d) => d._id);
}

const N = 10_000;

function queueDocs(): Doc[] {
  return Array.from({ length: N }, (_, i) => ({
    _id: `t${String(i).padStart(5, '0')}`,
    // 200 categories of exactly 50 documents each; `cat2` is the same value, never indexed.
    cat: `cat${i % 200}`,
    cat2: `cat${i % 200}`,
    // One document in ten is open; due dates are a permutation, so insertion order is not due order.
    status: i % 10 === 0 ? 'open' : 'done',
    due: new Date(Date.UTC(2026, 0, 1) + ((i * 7919) % N) * 60_000),
    n: i,
  }));
}

function queueStore(): Store {
  const store = openStore({ path: ':memory:' });
  store.declareCollection({
    name: 'tickets',
    indexes: [
      { name: 'cat', fields: [['cat', 1]] },
      {
        name: 'status_due',
        fields: [
          ['status', 1],
          ['due', 1],
        ],
      },
      { name: 'n', fields: [['n', -1]] },
    ],
  });
  store.insert('tickets', queueDocs());
  return store;
}

function reads(store: Store, run: () => unknown): number {
  store.stats.resetRowsRead();
  run();
  return store.stats.rowsRead;
}

describe('index pushdown', () => {
  const store = queueStore();

  it('an indexed equality reads exactly its 50 matches; the same query unindexed reads all', () => {
    let found: Doc[] = [];
    assert.equal(
      reads(store, () => (found = store.find('tickets', { cat: 'cat7' }))),
      50,
    );
    assert.equal(found.length, 50);
    let scanned: Doc[] = [];
    assert.equal(
      reads(store, () => (scanned = store.find('tickets', { cat2: 'cat7' }))),
      N,
    );
    assert.deepEqual(ids(scanned), ids(found));
  });

  it('a sorted, limited queue query reads only the rows it returns', () => {
    let page: Doc[] = [];
    const options: FindOptions = { sort: [['due', 1]], limit: 10 };
    assert.equal(
      reads(store, () => (page = store.find('tickets', { status: 'open' }, options))),
      10,
    );
    const expected = queueDocs()
      .filter((d) => d.status === 'open')
      .sort((p, q) => (p.due as Date).getTime() - (q.due as Date).getTime())
      .slice(0, 10);
    assert.deepEqual(page, expected);
  });

  it('skip is read through, not past', () => {
    let page: Doc[] = [];
    const options: FindOptions = { sort: [['due', -1]], skip: 20, limit: 5 };
    assert.equal(
      reads(store, () => (page = store.find('tickets', { status: 'open' }, options))),
      25,
    );
    const expected = queueDocs()
      .filter((d) => d.status === 'open')
      .sort((p, q) => (q.due as Date).getTime() - (p.due as Date).getTime())
      .slice(20, 25);
    assert.deepEqual(ids(page), ids(expected));
  });

  it('ranges and $in on indexed fields read only their matches', () => {
    assert.equal(
      reads(store, () => assert.equal(store.find('tickets', { n: { $gte: 100, $lt: 200 } }).length, 100)),
      100,
    );
    assert.equal(
      reads(store, () => assert.equal(store.find('tickets', { cat: { $in: ['cat1', 'cat2', 'nope'] } }).length, 100)),
      100,
    );
    const since = new Date(Date.UTC(2026, 0, 1) + (N - 30) * 60_000);
    assert.equal(
      reads(store, () => assert.equal(store.find('tickets', { status: 'open', due: { $gte: since } }).length, 3)),
      3,
    );
  });

  it('$nin on an indexed field reads only its matches (an area steward\'s "the other buildings")', () => {
    assert.equal(
      reads(store, () => assert.equal(store.find('tickets', { cat: { $nin: ['cat0', 'cat1', 'nope'] } }).length, N - 100)),
      N - 100,
    );
  });

  it('an indexed prefilter plus an unindexed condition reads the prefilter candidates', () => {
    assert.equal(
      reads(store, () => assert.equal(store.find('tickets', { cat: 'cat10', n: { $mod: [2, 0] }, cat2: 'cat10' }).length, 50)),
      50,
    );
    assert.equal(
      reads(store, () => assert.equal(store.find('tickets', { cat: 'cat10', $or: [{ n: 10 }, { n: 210 }] }).length, 2)),
      50,
    );
  });

  it('an exactly pushed-down count or remove parses no document', () => {
    assert.equal(
      reads(store, () => assert.equal(store.count('tickets', { status: 'open' }), N / 10)),
      0,
    );
    assert.equal(
      reads(store, () => assert.equal(store.count('tickets', { cat2: 'cat3' }), 50)),
      N,
    );
    const copy = queueStore();
    assert.equal(
      reads(copy, () => assert.equal(copy.remove('tickets', { cat: 'cat3' }, { multi: true }), 50)),
      0,
    );
    assert.equal(copy.count('tickets', { cat2: 'cat3' }), 0);
  });

  it('an update through an index reads only its targets', () => {
    const copy = queueStore();
    assert.equal(
      reads(copy, () => assert.deepEqual(copy.update('tickets', { cat: 'cat9' }, { $set: { cat: 'moved' } }, { multi: true }), { matched: 50, updated: 50, upsertedId: null })),
      50,
    );
    assert.equal(
      reads(copy, () => assert.equal(copy.find('tickets', { cat: 'moved' }).length, 50)),
      50,
    );
    assert.equal(
      reads(copy, () => assert.equal(copy.find('tickets', { cat: 'cat9' }).length, 0)),
      0,
    );
  });

  it('an aggregation starting with an indexed $match reads its matches', () => {
    let result: Doc[] = [];
    assert.equal(
      reads(store, () => (result = store.aggregate('tickets', [{ $match: { cat: 'cat5' } }, { $count: 'n' }]))),
      50,
    );
    assert.deepEqual(result, [{ n: 50 }]);
  });
});

describe('typed keys order like MongoDB', () => {
  // Mixed types, negative numbers, null and missing: an indexed collection must answer exactly as
  // the same data without an index (mingo over a scan).
  const values: unknown[] = [
    null,
    undefined,
    -Infinity,
    -1e300,
    -2.5,
    -1,
    -0,
    0,
    1e-300,
    1,
    2,
    2.5,
    1e300,
    Infinity,
    '',
    'A',
    'a',
    'ab',
    'b',
    '管家',
    false,
    true,
    new Date(-1000),
    new Date(0),
    new Date('2026-01-01T00:00:00Z'),
  ];
  const docs = values.map((v, i) => {
    const doc: Doc = { _id: `v${String(i).padStart(2, '0')}`, other: i % 3 };
    if (v !== undefined) doc.v = v;
    return doc;
  });
  const indexed = openStore({ path: ':memory:' });
  indexed.declareCollection({
    name: 'x',
    indexes: [
      {
        name: 'v_other',
        fields: [
          ['v', 1],
          ['other', -1],
        ],
      },
    ],
  });
  indexed.insert('x', docs);
  const plain = openStore({ path: ':memory:' });
  plain.createCollection('x');
  plain.insert('x', docs);

  const cases: Array<[Filter, FindOptions]> = [
    [{}, { sort: [['v', 1]] }],
    [{}, { sort: [['v', -1]] }],
    [
      {},
      {
        sort: [
          ['other', 1],
          ['v', -1],
        ],
      },
    ],
    [{ v: { $gt: -1 } }, {}],
    [{ v: { $gte: 0, $lte: 2 } }, {}],
    [{ v: { $lt: 0 } }, {}],
    [{ v: { $gt: 'a' } }, {}],
    [{ v: { $lte: 'ab' } }, {}],
    [{ v: { $gt: false } }, {}],
    [{ v: { $gte: new Date(0) } }, {}],
    [{ v: { $in: [null, 1, 'a', true] } }, {}],
    [{ v: { $nin: [null, 1, 'a', true] } }, {}],
    [{ v: { $nin: [0, 'ab'] } }, { sort: [['v', 1]] }],
    [{ v: { $nin: [] } }, {}],
    [{ v: 0 }, {}],
    [{ v: null }, {}],
    [{ v: { $ne: null } }, { sort: [['v', 1]], limit: 5 }],
  ];
  for (const [filter, options] of cases) {
    it(`${JSON.stringify(filter)} ${JSON.stringify(options)}`, () => {
      assert.deepEqual(indexed.find('x', filter, options), plain.find('x', filter, options));
      assert.equal(indexed.count('x', filter), plain.count('x', filter));
    });
  }

  it('the sort follows BSON type order', () => {
    // -0 comes back as 0: relaxed EJSON writes it as JSON does.
    assert.deepEqual(
      indexed
        .find(
          'x',
          {},
          {
            sort: [
              ['v', 1],
              ['_id', 1],
            ],
          },
        )
        .map((d) => d.v),
      [
        null,
        undefined,
        -Infinity,
        -1e300,
        -2.5,
        -1,
        0,
        0,
        1e-300,
        1,
        2,
        2.5,
        1e300,
        Infinity,
        '',
        'A',
        'a',
        'ab',
        'b',
        '管家',
        false,
        true,
        new Date(-1000),
        new Date(0),
        new Date('2026-01-01T00:00:00Z'),
      ],
    );
  });
});

describe('multikey fallback', () => {
  it('an array in an indexed field stops pushdown and keeps answers right, also after reopening', () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'multikey.db');
      let store = openStore({ path });
      store.declareCollection({
        name: 'm',
        indexes: [
          { name: 'tags', fields: [['tags', 1]] },
          { name: 'k', fields: [['k', 1]] },
        ],
      });
      store.insert(
        'm',
        Array.from({ length: 100 }, (_, i) => ({ _id: `m${i}`, tags: i % 2 ? 'x' : 'y', k: i % 10 })),
      );
      assert.equal(
        reads(store, () => assert.equal(store.find('m', { tags: 'x' }).length, 50)),
        50,
      );

      store.insert('m', [{ _id: 'arr', tags: ['x', 'z'], k: 3 }]);
      assert.equal(
        reads(store, () => assert.equal(store.find('m', { tags: 'x' }).length, 51)),
        101,
      );
      assert.deepEqual(ids(store.find('m', { tags: 'z' })), ['arr']);
      // The other index is untouched.
      assert.equal(
        reads(store, () => assert.equal(store.find('m', { k: 3 }).length, 11)),
        11,
      );
      store.close();

      store = openStore({ path });
      assert.equal(
        reads(store, () => assert.equal(store.find('m', { tags: 'x' }, { sort: [['tags', 1]] }).length, 51)),
        101,
      );
      assert.equal(
        reads(store, () => assert.equal(store.find('m', { k: 3 }).length, 11)),
        11,
      );
      store.close();
    } finally {
      cleanup();
    }
  });

  it('a path through an array of objects is multikey too', () => {
    const store = openStore({ path: ':memory:' });
    store.declareCollection({ name: 'p', indexes: [{ name: 'ab', fields: [['a.b', 1]] }] });
    store.insert('p', [
      { _id: '1', a: { b: 1 } },
      { _id: '2', a: [{ b: 1 }, { b: 2 }] },
      { _id: '3', a: { b: 2 } },
    ]);
    assert.deepEqual(ids(store.find('p', { 'a.b': 2 })), ['2', '3']);
    assert.deepEqual(
      ids(
        store.find(
          'p',
          { 'a.b': 1 },
          {
            sort: [
              ['a.b', 1],
              ['_id', -1],
            ],
          },
        ),
      ),
      ['2', '1'],
    );
  });
});

describe('index declarations', () => {
  it('indexes declared after the data are filled from it, and can be changed', () => {
    const store = openStore({ path: ':memory:' });
    store.createCollection('late');
    store.insert(
      'late',
      Array.from({ length: 300 }, (_, i) => ({ g: i % 3, h: i % 5 })),
    );
    assert.equal(
      reads(store, () => assert.equal(store.find('late', { g: 1 }).length, 100)),
      300,
    );
    store.declareCollection({ name: 'late', indexes: [{ name: 'g', fields: [['g', 1]] }] });
    assert.equal(
      reads(store, () => assert.equal(store.find('late', { g: 1 }).length, 100)),
      100,
    );
    store.declareCollection({ name: 'late', indexes: [{ name: 'h', fields: [['h', 1]] }] });
    assert.equal(
      reads(store, () => assert.equal(store.find('late', { g: 1 }).length, 100)),
      300,
    );
    assert.equal(
      reads(store, () => assert.equal(store.find('late', { h: 4 }).length, 60)),
      60,
    );
    store.insert('late', [{ g: 1, h: 4 }]);
    assert.equal(
      reads(store, () => assert.equal(store.find('late', { h: 4 }).length, 61)),
      61,
    );
  });
});

describe('bulk insert', () => {
  it('100k documents in one call go in as one batch and are all readable', () => {
    const store = openStore({ path: ':memory:' });
    store.declareCollection({
      name: 'big',
      indexes: [
        {
          name: 's',
          fields: [
            ['s', 1],
            ['d', 1],
          ],
        },
      ],
    });
    const docs = Array.from({ length: 100_000 }, (_, i) => ({ s: i % 7 === 0 ? 'open' : 'done', d: new Date(i * 1000), i }));
    assert.equal(store.insert('big', docs).length, 100_000);
    assert.equal(store.count('big', {}), 100_000);
    assert.equal(
      reads(store, () =>
        assert.deepEqual(
          store.find('big', { s: 'open' }, { sort: [['d', -1]], limit: 3 }).map((d) => d.i),
          [99995, 99988, 99981],
        ),
      ),
      3,
    );
  });
});
