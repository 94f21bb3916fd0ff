// An aggregate anchored on one document with uncorrelated `$lookup` sub-pipelines (how the router
// reads the caller in one round trip) answers what mingo answers over every document, and reads
// only the anchor and what each sub-pipeline's indexed $match matches, as the real database does.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openStore, type Store } from '../../emulator/store/index';

function store(): Store {
  const s = openStore({ path: ':memory:' });
  s.declareCollection({ name: 'communities', indexes: [] });
  s.declareCollection({
    name: 'bindings',
    indexes: [
      {
        name: 'openid_state',
        fields: [
          ['openid', 1],
          ['state', 1],
        ],
      },
    ],
  });
  s.insert('communities', [{ _id: 'yuehai' }, { _id: 'binhai' }, { _id: 'haitang' }]);
  s.insert(
    'bindings',
    Array.from({ length: 500 }, (_, i) => ({ _id: `b${i}`, openid: `o${i % 100}`, state: Math.floor(i / 100) % 2 === 0 ? 'active' : 'ended', unit: `1-1-${i}` })),
  );
  return s;
}

const pipeline = [
  { $limit: 1 },
  { $project: { _id: 1 } },
  { $lookup: { from: 'bindings', pipeline: [{ $match: { openid: 'o7', state: 'active' } }, { $sort: { unit: 1 } }, { $limit: 100 }], as: 'bindings' } },
  { $lookup: { from: 'bindings', pipeline: [{ $match: { openid: 'o7' } }, { $count: 'n' }], as: 'all' } },
];

describe('aggregate: a leading $limit and uncorrelated $lookup sub-pipelines', () => {
  it('answers the same as joining over every document', () => {
    const s = store();
    const [row] = s.aggregate('communities', pipeline);
    const everything = s.find('bindings', { openid: 'o7' });
    const active = everything.filter((b) => b.state === 'active').sort((a, b) => String(a.unit).localeCompare(String(b.unit)));
    assert.equal(row._id, 'yuehai');
    assert.deepEqual(row.bindings, active);
    assert.deepEqual(row.all, [{ n: everything.length }]);
    assert.equal(active.length, 3);
  });

  it('reads the anchor and the matched documents, not the collections', () => {
    const s = store();
    s.stats.resetRowsRead();
    s.aggregate('communities', pipeline);
    // 1 anchor + 3 active bindings of o7 + 5 bindings of o7 counted (the count reads what it matches)
    assert.equal(s.stats.rowsRead, 1 + 3 + 5);
  });

  it('keeps a correlated $lookup (localField) as it is', () => {
    const s = store();
    const rows = s.aggregate('communities', [{ $match: { _id: 'yuehai' } }, { $lookup: { from: 'bindings', localField: '_id', foreignField: 'community', as: 'b' } }]);
    assert.deepEqual(rows, [{ _id: 'yuehai', b: [] }]);
  });
});
