// The entry registry (src/entries.ts) is the only way owners and staff reach a feature's pages:
// every entry must open a page that exists and is registered in src/app.config.ts, and keys must be
// unique because tests and styles find entries by them.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { OWNER_ENTRIES, STAFF_ENTRIES, bySection, staffEntriesFor } from '../../src/entries';

const appConfig = readFileSync('src/app.config.ts', 'utf8');

/** Whether `path` (no leading slash, no query) is a tab page or a page of a registered subpackage. */
function registered(path: string): boolean {
  if (path.startsWith('pages/')) return appConfig.includes(`pagePath: '${path}'`);
  const match = /^(packages\/[^/]+)\/(.+)$/.exec(path);
  if (!match) return false;
  const [, root, page] = match;
  const line = appConfig.split('\n').find((l) => l.includes(`root: '${root}'`));
  return Boolean(line?.includes(`'${page}'`));
}

describe('entry registry', () => {
  for (const entry of [...OWNER_ENTRIES, ...STAFF_ENTRIES]) {
    it(`${entry.key} opens a page that exists and is registered`, () => {
      const path = entry.url.replace(/^\//, '').split('?')[0];
      assert.ok(existsSync(`src/${path}.tsx`), `src/${path}.tsx`);
      assert.ok(registered(path), `${path} is not in src/app.config.ts`);
    });
  }

  it('keys are unique within each list', () => {
    for (const list of [OWNER_ENTRIES, STAFF_ENTRIES]) {
      const keys = list.map((entry) => entry.key);
      assert.deepEqual([...new Set(keys)], keys);
    }
  });

  it('a post sees exactly the entries naming it, grouped by section in registry order', () => {
    const guard = staffEntriesFor(['guard']).map((entry) => entry.key);
    // the lobby: item release passes, visitor codes and the walk-in register (SPEC §5, §14)
    assert.deepEqual(guard, ['gate', 'visitor-gate', 'walk-in']);
    assert.ok(!staffEntriesFor(['engineer']).some((entry) => entry.key === 'passes'));
    const sections = bySection(staffEntriesFor(['manager'])).map((s) => s.section);
    assert.equal(new Set(sections).size, sections.length);
    assert.equal(sections[0], '工单');
  });
});
