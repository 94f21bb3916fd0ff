// Notices after a write (core/workflow/notices.ts): a failure is logged and counted, never thrown,
// and one person's failure does not keep the next from hearing.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../../cloudfunctions/core/sdk';
import type { Notification } from '../../cloudfunctions/core/notify';
import { tellAfterWrite } from '../../cloudfunctions/core/workflow/notices';

const now = new Date('2026-11-24T02:00:00.000Z');

/**
 * A database whose inbox refuses `failFor` and accepts everyone else (no grants: no push). A batch
 * insert (`add` with an array, as wx-server-sdk allows) holding `failFor` is refused whole.
 */
function fakeDb(failFor: string): { db: Database; inbox: string[] } {
  const inbox: string[] = [];
  const collection = (name: string) => ({
    async add({ data }: { data: Record<string, unknown> | Array<Record<string, unknown>> }) {
      const docs = Array.isArray(data) ? data : [data];
      if (name === 'inbox') {
        if (docs.some((doc) => doc.openid === failFor)) throw new Error('inbox down');
        for (const doc of docs) inbox.push(String(doc.openid));
      }
      return Array.isArray(data) ? { _ids: docs.map((_d, i) => `${name}-${inbox.length - docs.length + i + 1}`) } : { _id: `${name}-${inbox.length}` };
    },
    where() {
      const none = { data: [] };
      return { update: async () => ({ stats: { updated: 0 } }), limit: () => ({ get: async () => none }), get: async () => none };
    },
  });
  const db = { collection, command: { gt: (v: unknown) => v, inc: (v: unknown) => v, in: (v: unknown) => v } } as unknown as Database;
  return { db, inbox };
}

const message = (openid: string): Notification => ({
  openid,
  template: 'staffAlert',
  title: '新工单',
  body: '1-1-101：漏水',
  values: { subject: '1-1-101 报修：新工单', no: 'BX20261124-0001', due: now, note: '漏水' },
});

describe('tellAfterWrite', () => {
  it('tells everyone it can, logs and counts the one it cannot, and never throws', async () => {
    const { db, inbox } = fakeDb('b');
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const outcome = await tellAfterWrite(db, 'tickets', 'staff t1', () => ['a', 'b', 'c'].map(message), now);
      assert.deepEqual(outcome, { sent: 2, failed: 1 });
      assert.deepEqual(inbox, ['a', 'c']);
      assert.equal(errors.length, 1);
      assert.match(String((errors[0] as unknown[])[0]), /\[tickets\] notice failed: staff t1 → staffAlert b/);
    } finally {
      console.error = original;
    }
  });

  it('counts a failure to find who to tell as a failed notice', async () => {
    const { db } = fakeDb('');
    const original = console.error;
    console.error = () => undefined;
    try {
      const outcome = await tellAfterWrite(db, 'passes', 'stewards p1', async () => Promise.reject(new Error('staff read failed')), now);
      assert.deepEqual(outcome, { sent: 0, failed: 1 });
    } finally {
      console.error = original;
    }
  });
});
