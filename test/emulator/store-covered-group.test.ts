// A $match + $group over key columns is answered from the index alone (no document parsed), and
// gives exactly what mingo gives over the parsed documents: the same store without the index is
// the oracle. Null or missing values, unindexed fields, $$ROOT and order-dependent accumulators
// fall back to reading the documents.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openStore, type Doc, type Store } from '../../emulator/store/index';

const N = 6_000;

function docs(): Doc[] {
  return Array.from({ length: N }, (_, i) => ({
    _id: `c${String(i).padStart(5, '0')}`,
    community: i % 3 === 0 ? 'other' : 'yuehai',
    day: `2026-11-${String(1 + (i % 30)).padStart(2, '0')}`,
    dayNo: 20_000 + (i % 30),
    steward: `s${i % 7}`,
    point: `p${i % 11}`,
    skewed: i % 13 === 0,
    weight: i % 5 === 0 ? 2.5 : -1,
    label: `x${i % 4}`,
    at: new Date(Date.UTC(2026, 10, 1) + (i % 30) * 86_400_000),
    body: { note: 'not indexed', i },
  }));
}

function store(indexed: boolean): Store {
  const s = openStore({ path: ':memory:' });
  s.declareCollection({
    name: 'checkins',
    indexes: indexed
      ? [
          {
            name: 'cover',
            fields: [
              ['community', 1],
              ['day', 1],
              ['steward', 1],
              ['point', 1],
              ['dayNo', 1],
              ['skewed', 1],
              ['weight', 1],
              ['label', 1],
              ['at', 1],
            ],
          },
        ]
      : [],
  });
  s.insert('checkins', docs());
  return s;
}

const canonical = (rows: Doc[]) => rows.map((r) => JSON.stringify(r)).sort();

const MATCH = { $match: { community: 'yuehai', day: { $gte: '2026-11-03', $lte: '2026-11-20' } } };
const PIPELINES: Record<string, Array<Record<string, unknown>>> = {
  'count per steward, point and day, capped, then per steward (the coverage shape)': [
    MATCH,
    { $group: { _id: { steward: '$steward', point: '$point', day: '$day' }, n: { $sum: 1 }, skewed: { $sum: { $cond: ['$skewed', 1, 0] } } } },
    { $project: { _id: 1, skewed: 1, capped: { $min: ['$n', { $switch: { branches: [{ case: { $eq: ['$_id.steward', 's3'] }, then: 2 }], default: 4 } }] } } },
    { $group: { _id: '$_id.steward', done: { $sum: '$capped' }, skewed: { $sum: '$skewed' } } },
  ],
  'an expression in the key (windows of days)': [
    MATCH,
    { $group: { _id: { steward: '$steward', point: '$point', w: { $floor: { $divide: ['$dayNo', 3] } } } } },
    { $group: { _id: { steward: '$_id.steward', w: '$_id.w' }, points: { $sum: 1 } } },
  ],
  'sums of numbers, of non-numbers, $count, $min and $max of dates': [
    MATCH,
    {
      $group: {
        _id: '$label',
        total: { $sum: '$weight' },
        strings: { $sum: '$steward' },
        flags: { $sum: '$skewed' },
        n: { $count: {} },
        first: { $min: '$at' },
        last: { $max: '$at' },
      },
    },
  ],
  'one group for all': [MATCH, { $group: { _id: null, n: { $sum: 1 }, w: { $sum: { $multiply: ['$weight', 2] } } } }],
  'nothing matched': [{ $match: { community: 'nowhere' } }, { $group: { _id: null, n: { $sum: 1 } } }],
};

describe('a $group answered from the index', () => {
  const covered = store(true);
  const oracle = store(false);
  for (const [name, pipeline] of Object.entries(PIPELINES)) {
    it(`${name}: the same answer, no document parsed`, () => {
      oracle.stats.resetRowsRead();
      const expected = oracle.aggregate('checkins', pipeline);
      assert.ok(oracle.stats.rowsRead > 0, 'the oracle reads the documents');
      covered.stats.resetRowsRead();
      const got = covered.aggregate('checkins', pipeline);
      assert.deepEqual(canonical(got), canonical(expected));
      assert.equal(covered.stats.rowsRead, 0, 'answered from the key columns');
      const matched = oracle.aggregate('checkins', [pipeline[0], { $count: 'n' }])[0]?.n ?? 0;
      assert.equal(covered.stats.keysRead, matched, 'every matching row counted once');
    });
  }

  const fallbacks: Record<string, Array<Record<string, unknown>>> = {
    'an unindexed field': [MATCH, { $group: { _id: '$body.note', n: { $sum: 1 } } }],
    $$ROOT: [MATCH, { $group: { _id: '$steward', docs: { $push: '$$ROOT' } } }],
    'an order-dependent accumulator': [MATCH, { $group: { _id: '$steward', first: { $first: '$point' } } }],
    'a $match the index cannot answer exactly': [{ $match: { community: 'yuehai', 'body.i': { $lt: 100 } } }, { $group: { _id: '$steward', n: { $sum: 1 } } }],
  };
  for (const [name, pipeline] of Object.entries(fallbacks)) {
    it(`falls back to the documents for ${name}`, () => {
      covered.stats.resetRowsRead();
      const got = covered.aggregate('checkins', pipeline);
      assert.ok(covered.stats.rowsRead > 0);
      assert.deepEqual(canonical(got), canonical(oracle.aggregate('checkins', pipeline)));
    });
  }

  it('tells null from missing by reading the documents when the group reads such a field', () => {
    const s = store(true);
    s.insert('checkins', [
      { _id: 'null-point', community: 'yuehai', day: '2026-11-05', dayNo: 20_004, steward: 's1', point: null, skewed: false, weight: 1, label: 'x1', at: new Date(0) },
      { _id: 'no-point', community: 'yuehai', day: '2026-11-05', dayNo: 20_004, steward: 's1', skewed: false, weight: 1, label: 'x1', at: new Date(0) },
    ]);
    const pipeline = [MATCH, { $group: { _id: { p: '$point' }, n: { $sum: 1 } } }];
    s.stats.resetRowsRead();
    const got = s.aggregate('checkins', pipeline);
    assert.ok(s.stats.rowsRead > 0, 'read the documents');
    // MongoDB: {p: null} and {} are two groups
    assert.ok(got.some((g) => JSON.stringify(g._id) === '{}'));
    assert.ok(got.some((g) => JSON.stringify(g._id) === '{"p":null}'));
    // a group that does not read `point` is still covered
    s.stats.resetRowsRead();
    s.aggregate('checkins', [MATCH, { $group: { _id: '$steward', n: { $sum: 1 } } }]);
    assert.equal(s.stats.rowsRead, 0);
  });
});
