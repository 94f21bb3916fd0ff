// The notices function (发文, SPEC §15) through the real wx-server-sdk against the local cloud: a
// steward drafts in the fixed format, the manager returns or approves (numbered 〔YYYY〕第 N 号,
// gapless per community and year even when approvals race), owners see only what was approved,
// revoked notices leave 首页 but stay in the archive, and the fan-out timer puts a notice in every
// inbox of the community exactly once, across two runs at once and a run killed half-way.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { functionCalls } from '../support/calls';
import { OWNER, OTHER_OWNER, RESIDENT, DUTY, AREA, MANAGER, LEAD, GUARD } from '../support/people';
import type { Notice } from '../../types/notices';
import { sweepNotices } from '../../cloudfunctions/core/bulletins/fanout';
import { LEASE_MS } from '../../cloudfunctions/core/workflow/sweep';
import type { Database } from '../../cloudfunctions/core/sdk';
import { SimulatedCrash, crashAfterClaims } from '../support/faults';
import { connectSdk } from '../support/sdk';

let cloud: TestCloud;
let database: Database;
let clockMs = Date.parse('2026-11-24T01:00:00.000Z'); // 09:00 Shanghai
async function at(ms: number): Promise<void> {
  clockMs = ms;
  await cloud.setClock(new Date(clockMs).toISOString());
}

before(async () => {
  cloud = await startTestCloud();
  database = connectSdk(cloud.url).database() as Database;
  await at(clockMs);
});
after(async () => {
  await cloud.close();
});

const { ok, failed } = functionCalls('notices', () => cloud);

let drafted = 0;
const draft = async (extra: Record<string, unknown> = {}, openid = DUTY): Promise<Notice> => {
  drafted += 1;
  const input = { title: `停水通知 ${drafted}`, body: '因市政管网维修，本周四 9:00–17:00 小区停水，请提前储水。', department: '悦海和园物业服务中心', ...extra };
  return (await ok('create', input, openid, `notice-draft-${drafted}`)).notice;
};
const submitted = async (extra: Record<string, unknown> = {}) => {
  const n = await draft(extra);
  return (await ok('submit', { id: n.id }, DUTY)).notice;
};
const published = async (extra: Record<string, unknown> = {}) => (await ok('approve', { id: (await submitted(extra)).id }, MANAGER)).notice;

const inboxOf = (openid: string, noticeId?: string) =>
  (cloud.cloud.store.find('inbox', { openid, template: 'communityNotice' }) as Array<{ _id: string; page: string | null }>).filter(
    (m) => !noticeId || m.page?.endsWith(`id=${noticeId}`),
  );

describe('notices: drafting and approval', () => {
  it('keeps a notice from owners until the manager approves it, then numbers, dates and publishes it', async () => {
    const n = await draft({ pinnedUntil: '2026-11-30' });
    assert.equal(n.state, 'draft');
    assert.equal(n.no, null);
    assert.deepEqual(n.allowed.sort(), ['edit', 'submit']);
    // the same request again: the same notice, not a second one
    const again = (
      await ok(
        'create',
        { title: '停水通知 1', body: '因市政管网维修，本周四 9:00–17:00 小区停水，请提前储水。', department: '悦海和园物业服务中心', pinnedUntil: '2026-11-30' },
        DUTY,
        'notice-draft-1',
      )
    ).notice;
    assert.equal(again.id, n.id);

    for (const who of [OWNER, RESIDENT]) {
      assert.equal((await failed('get', { id: n.id }, who)).code, 'NOT_FOUND');
      // (the demo seed holds one issued notice of its own: the draft must not be among what they see)
      assert.ok(!(await ok('home', {}, who)).notices.some((x) => x.id === n.id));
      assert.ok(!(await ok('list', {}, who)).notices.some((x) => x.id === n.id));
    }
    assert.equal((await failed('create', { title: '业主发文', body: '业主不能以物业名义发文，这里应当被拒绝。', department: '业主' }, OWNER)).code, 'FORBIDDEN');
    assert.equal((await failed('submit', { id: n.id }, GUARD)).code, 'FORBIDDEN');

    const sub = (await ok('submit', { id: n.id }, DUTY)).notice;
    assert.equal(sub.state, 'submitted');
    assert.equal((await failed('get', { id: n.id }, OWNER)).code, 'NOT_FOUND');
    // only the manager lets a notice out: not the drafter, not the lead
    assert.equal((await failed('approve', { id: n.id }, DUTY)).code, 'FORBIDDEN');
    assert.equal((await failed('approve', { id: n.id }, LEAD)).code, 'FORBIDDEN');
    assert.equal((await failed('edit', { id: n.id, rev: sub.rev, title: '改标题', body: '提交后不能修改正文内容，除非被退回。', department: '物业' }, DUTY)).code, 'CONFLICT');

    // returned with a comment: the drafter is told, edits and submits again
    assert.equal((await failed('return', { id: n.id, comment: ' ' }, MANAGER)).code, 'INVALID_INPUT');
    const back = (await ok('return', { id: n.id, comment: '请写明停水范围' }, MANAGER)).notice;
    assert.equal(back.state, 'returned');
    assert.equal(back.returnComment, '请写明停水范围');
    assert.ok((cloud.cloud.store.find('inbox', { openid: DUTY }) as Array<{ body: string }>).some((m) => m.body.includes('请写明停水范围')));
    const stale = {
      id: n.id,
      rev: back.rev - 1,
      title: '停水通知（1-3 栋）',
      body: '因市政管网维修，本周四 9:00–17:00 1-3 栋停水，请提前储水。',
      department: '悦海和园物业服务中心',
    };
    assert.equal((await failed('edit', stale, DUTY)).code, 'CONFLICT');
    const edited = (await ok('edit', { ...stale, rev: back.rev, pinnedUntil: '2026-11-30' }, DUTY)).notice;
    assert.equal(edited.state, 'draft');
    assert.equal(edited.title, '停水通知（1-3 栋）');
    await ok('submit', { id: n.id }, DUTY);

    const approved = (await ok('approve', { id: n.id }, MANAGER)).notice;
    assert.equal(approved.state, 'published');
    assert.match(approved.no ?? '', /^〔2026〕第 \d+ 号$/);
    assert.equal(approved.date, '2026-11-24');
    assert.equal((await failed('approve', { id: n.id }, MANAGER)).code, 'CONFLICT');
    // locked once published
    assert.equal((await failed('edit', { ...stale, rev: approved.rev }, DUTY)).code, 'CONFLICT');

    const home = (await ok('home', {}, OWNER)).notices;
    assert.equal(home[0]?.id, n.id);
    assert.equal(home[0].pinned, true);
    assert.equal((await ok('list', {}, RESIDENT)).notices[0]?.id, n.id);
    // reads are counted once per person; staff opening it are not counted
    assert.equal((await ok('get', { id: n.id }, OWNER)).notice.readCount, 1);
    assert.equal((await ok('get', { id: n.id }, OWNER)).notice.read, true);
    await ok('get', { id: n.id }, OTHER_OWNER);
    await ok('get', { id: n.id }, AREA);
    assert.equal((await ok('get', { id: n.id }, MANAGER)).notice.readCount, 2);
  });

  it('numbers notices approved at once uniquely and without gaps, per community and year', async () => {
    const before = (await ok('list', { view: 'archive', limit: 50 }, MANAGER)).notices.filter((n) => n.no?.startsWith('〔2026〕')).length;
    const batch: Notice[] = [];
    for (let i = 0; i < 4; i++) batch.push(await submitted());
    // every notice approved twice at once: one approval of each wins, the other is a conflict
    const replies = await Promise.all(
      batch.flatMap((n) => [n, n]).map((n) => cloud.call('notices', 'approve', { id: n.id }, { openid: MANAGER }) as Promise<{ ok: boolean; error?: { code: string } }>),
    );
    assert.equal(replies.filter((r) => r.ok).length, 4, JSON.stringify(replies.filter((r) => !r.ok)));
    assert.ok(replies.filter((r) => !r.ok).every((r) => r.error?.code === 'CONFLICT'));
    const seqs = (await Promise.all(batch.map(async (n) => (await ok('get', { id: n.id }, MANAGER)).notice.no)))
      .map((no) => Number(/第 (\d+) 号/.exec(no ?? '')?.[1]))
      .sort((a, b) => a - b);
    assert.deepEqual(
      seqs,
      Array.from({ length: 4 }, (_, i) => before + i + 1),
    );
    // a new year starts again at 1
    await at(Date.parse('2027-01-02T01:00:00.000Z'));
    try {
      assert.equal((await published()).no, '〔2027〕第 1 号');
      assert.equal((await published()).no, '〔2027〕第 2 号');
    } finally {
      await at(Date.parse('2026-11-24T02:00:00.000Z'));
    }
  });

  it('takes a revoked notice off 首页 and the owners list, keeping it in the archive', async () => {
    const pinned = await published({ pinnedUntil: '2026-11-25', title: '置顶：电梯检修' });
    await at(clockMs + 60_000);
    const newest = await published({ title: '最新：绿化养护' });
    let home = (await ok('home', { limit: 5 }, OWNER)).notices;
    // pinned first (the one from the first test is pinned through the 30th too), each group newest first
    const pinnedCount = home.filter((n) => n.pinned).length;
    assert.ok(home.slice(0, pinnedCount).every((n) => n.pinned) && pinnedCount >= 2);
    assert.ok(home.slice(0, pinnedCount).some((n) => n.id === pinned.id));
    for (const group of [home.slice(0, pinnedCount), home.slice(pinnedCount)]) {
      const times = group.map((n) => Date.parse(n.publishedAt ?? ''));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => b - a),
        'newest first',
      );
    }
    assert.ok(home.some((n) => n.id === newest.id));
    assert.equal((await failed('revoke', { id: pinned.id, reason: '' }, MANAGER)).code, 'INVALID_INPUT');
    assert.equal((await failed('revoke', { id: pinned.id, reason: '内容有误' }, DUTY)).code, 'FORBIDDEN');
    const revoked = (await ok('revoke', { id: pinned.id, reason: '内容有误' }, MANAGER)).notice;
    assert.equal(revoked.state, 'revoked');
    home = (await ok('home', { limit: 5 }, OWNER)).notices;
    assert.ok(!home.some((n) => n.id === pinned.id));
    assert.ok(!(await ok('list', { limit: 50 }, OWNER)).notices.some((n) => n.id === pinned.id));
    assert.equal((await failed('get', { id: pinned.id }, OWNER)).code, 'NOT_FOUND');
    const archive = (await ok('list', { view: 'archive', limit: 50 }, DUTY)).notices;
    assert.equal(archive.find((n) => n.id === pinned.id)?.state, 'revoked');
    // after its pinned day it is simply the newest-first order
    await at(Date.parse('2026-11-26T02:00:00.000Z'));
    const archived = (await ok('archive', { id: newest.id }, DUTY)).notice;
    assert.equal(archived.state, 'archived');
    assert.ok(!(await ok('home', { limit: 5 }, OWNER)).notices.some((n) => n.id === newest.id));
    assert.ok(
      (await ok('list', { limit: 50 }, OWNER)).notices.some((n) => n.id === newest.id),
      'an archived notice stays readable',
    );
  });
});

describe('notices: the fan-out to every inbox', () => {
  const PEOPLE = 240;
  before(async () => {
    // the notices of the tests above reach the three seeded people first
    await sweepNotices(database, { now: new Date(clockMs) });
    const created = new Date('2026-01-05T02:00:00.000Z');
    const bindings = Array.from({ length: PEOPLE }, (_, i) => ({
      _id: `fan-binding-${String(i).padStart(4, '0')}`,
      openid: `fan-owner-${i}`,
      communityId: 'yuehai',
      unit: `3-1-${1000 + i}`,
      role: 'owner',
      state: 'active',
      phone: '13900000000',
      name: null,
      createdAt: created,
      decidedAt: created,
      decidedBy: 'roster',
      rejectReason: null,
    }));
    // one person bound to a second unit (one inbox entry), one binding pending (not told), one of another community
    bindings.push({ ...bindings[0], _id: 'fan-binding-second-unit', unit: '3-2-1001' });
    bindings.push({ ...bindings[1], _id: 'fan-binding-pending', openid: 'fan-pending', state: 'pending' });
    bindings.push({ ...bindings[2], _id: 'fan-binding-elsewhere', openid: 'fan-elsewhere', communityId: 'other' });
    cloud.cloud.store.insert('bindings', bindings);
    cloud.cloud.store.insert('grants', [{ _id: 'fan-owner-7:communityNotice', openid: 'fan-owner-7', template: 'communityNotice', count: 2, updatedAt: created }]);
  });

  /** everyone active in 悦海和园: the seeded three and the inserted people */
  const everyone = () => [OWNER, OTHER_OWNER, RESIDENT, ...Array.from({ length: PEOPLE }, (_, i) => `fan-owner-${i}`)];

  async function assertExactlyOnce(noticeId: string) {
    for (const openid of everyone()) assert.equal(inboxOf(openid, noticeId).length, 1, `${openid} has the notice once`);
    assert.equal(inboxOf('fan-pending', noticeId).length, 0);
    assert.equal(inboxOf('fan-elsewhere', noticeId).length, 0);
    const pushes = (await cloud.outbox()).filter((m) => m.template_id === 'local-communityNotice' && m.page?.endsWith(noticeId));
    assert.deepEqual(
      pushes.map((m) => m.touser),
      ['fan-owner-7'],
      'a subscription message only where a grant exists, once',
    );
    const n = (await ok('get', { id: noticeId }, MANAGER)).notice;
    // every active binding: the three seeded, the inserted people and the second unit
    assert.deepEqual(n.delivery, { reached: everyone().length + 1, done: true });
  }

  it('delivers once when two runs work at once', async () => {
    const n = await published({ title: '两次并发' });
    assert.equal(inboxOf(OWNER, n.id).length, 0, 'nothing before the timer runs');
    for (let i = 0; i < 20; i++) {
      const now = new Date(clockMs);
      await Promise.all([sweepNotices(database, { now, batchSize: 10 }), sweepNotices(database, { now, budgetMs: 1 })]);
      if ((await ok('get', { id: n.id }, MANAGER)).notice.delivery?.done) break;
      await at(clockMs + 60_000);
    }
    await assertExactlyOnce(n.id);
  });

  it('delivers once when a run is killed half-way, resumed by a later run', async () => {
    const n = await published({ title: '中途崩溃' });
    await assert.rejects(sweepNotices(database, { now: new Date(clockMs), faults: crashAfterClaims(2) }), SimulatedCrash);
    const partial = inboxOf(OWNER, n.id).length + everyone().filter((o) => inboxOf(o, n.id).length > 0).length;
    assert.ok(partial > 0 && partial < everyone().length + 1, 'the dead run got part of the way');
    // while its lease holds, another run leaves the notice alone
    await sweepNotices(database, { now: new Date(clockMs + 60_000) });
    assert.equal((await ok('get', { id: n.id }, MANAGER)).notice.delivery?.done, false);
    await at(clockMs + LEASE_MS + 60_000);
    const reply = (await cloud.runTimer('noticeSweep')) as { ok: boolean };
    assert.ok(reply.ok, JSON.stringify(reply));
    await assertExactlyOnce(n.id);
  });

  it('stops a fan-out when the notice is revoked', async () => {
    const n = await published({ title: '撤回中止' });
    await ok('revoke', { id: n.id, reason: '发错小区' }, MANAGER);
    await sweepNotices(database, { now: new Date(clockMs) });
    assert.equal(inboxOf(OWNER, n.id).length, 0);
    assert.equal(cloud.cloud.store.count('notices', { _id: n.id, fanoutDueAt: null }), 1);
  });
});
