// Fuzzing every action of the contract (issue 22): a seeded, deterministic generator makes a few
// thousand calls across all functions and actions, as every seeded person (and a stranger and a
// caller without OPENID), with inputs that are random junk or valid inputs mutated (wrong types,
// huge strings, deep objects, unicode, negative/NaN/huge numbers, extreme dates, unknown ids,
// another community's ids). Every reply must be the contract's envelope with a contract code, and
// none may be INTERNAL: an INTERNAL is a bug the input reached instead of a refusal.
//
// The inputs are a function of the seed alone: the ids and cursors they pick from are the seed's and
// the warm-up's (made with requestIds, so their ids are the same every run), read in id order.
// What the replies say may vary with the order the local cloud runs the concurrent calls of a batch.
// FUZZ_SEED and FUZZ_CALLS change the run; FUZZ_DEBUG prints slow calls and actions never answered
// ok; FUZZ_TRACE=fn.action prints every call to that action and its reply.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { z } from 'zod';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { AREA, DUTY, ENGINEER, GUARD, LEAD, MANAGER, OTHER_OWNER, OWNER, RESIDENT } from '../support/people';
import { contract } from '../../types/contract';
import { ErrorCode } from '../../types/envelope';

const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
// about 20 calls per action of the contract (215 after session 4), so every action is reached with this seed
const CALLS = Number(process.env.FUZZ_CALLS ?? 4000);
const IN_FLIGHT = 4;
const START = Date.parse('2026-11-24T01:00:00.000Z'); // 09:00 Shanghai, a Tuesday

// ----- a seeded PRNG (mulberry32): the same seed, the same calls ---------------------------------

function prng(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
  };
}
type Rng = ReturnType<typeof prng>;

// ----- what the values are made of ----------------------------------------------------------------

const PEOPLE = [OWNER, OTHER_OWNER, RESIDENT, DUTY, AREA, LEAD, MANAGER, ENGINEER, GUARD, 'wx-fuzz-stranger'];
const shanghai = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().replace('Z', '+08:00');

const UNICODE = [
  '管家',
  '🏠🔧',
  'ع\u202e\u202dلي',
  'a\u0000b',
  '\u200b\u200d',
  '\ud800',
  '𝕏'.repeat(40),
  'Ω≈ç√∫',
  '\\u0000',
  '<script>alert(1)</script>',
  '{{name}}',
  '$where',
  '../../etc/passwd',
];
const EXTREME_TIMES = [
  '9999-12-31T23:59:59+00:00',
  '9999-12-31T23:59:59-12:00',
  '0000-01-01T00:00:00+23:59',
  '1970-01-01T00:00:00Z',
  '2100-12-31T23:59:59+14:00',
  '2000-01-01T00:00:00-12:00',
  '2026-02-30T09:00:00+08:00',
  '+275760-09-13T00:00:00Z',
  'yesterday',
  '',
];
const JUNK_NUMBERS = [-1, 0, -0, 1.5, 1e308, -1e308, 2 ** 53 + 1, Number.MAX_SAFE_INTEGER, Number.NaN, Number.POSITIVE_INFINITY, 99999999];

interface Pools {
  /** every id the seed and the warm-up made */
  ids: string[];
  /** ids of each function's own subjects (a tickets action aims at tickets most of the time) */
  own: Record<string, string[]>;
  /** the function the call being planned goes to */
  fn: string;
  units: string[];
  communities: string[];
  cursors: string[];
}

function deep(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
}

function junk(rng: Rng, pools: Pools, depth = 0): unknown {
  switch (rng.int(0, 13)) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick(JUNK_NUMBERS);
    case 3:
      return rng.int(-1000, 100000);
    case 4:
      return rng.pick(UNICODE);
    case 5:
      return 'x'.repeat(rng.pick([0, 1, 65, 201, 501, 5000, 20000]));
    case 6:
      return rng.pick(EXTREME_TIMES);
    case 7:
      return rng.pick(pools.ids);
    case 8:
      return `${rng.pick(['t', 'o', 'p', 'q', 'rq', 'zz'])}${rng.int(0, 1e9).toString(36)}`;
    case 9:
      return depth > 2 ? [] : Array.from({ length: rng.int(0, 4) }, () => junk(rng, pools, depth + 1));
    case 10:
      return depth > 2
        ? {}
        : Object.fromEntries(Array.from({ length: rng.int(0, 4) }, () => [rng.pick(['id', 'unit', 'a', '__proto__', 'constructor', '$set', 'x.y']), junk(rng, pools, depth + 1)]));
    case 11:
      return deep(rng.pick([5, 31, 33, 60]));
    case 12:
      return rng.pick(pools.units.concat(['9-9-999', '1-1-101 ', '１-１-１０１']));
    default:
      return rng.pick(pools.communities.concat(['qingshan', 'YUEHAI', '', 'a'.repeat(33)]));
  }
}

/** Candidate strings for a field, by its name: the generator keeps those the field's schema accepts. */
function candidates(key: string, rng: Rng, pools: Pools, now: number): string[] {
  const k = key.toLowerCase();
  const own = pools.own[pools.fn] ?? [];
  const anId = () => (own.length > 0 && rng.chance(0.8) ? rng.pick(own) : rng.pick(pools.ids));
  // the extremes too: kept when the field's schema lets them through, which is what is under test
  const times = [shanghai(now + 5 * 60_000), shanghai(now + rng.int(1, 72) * 3600_000), shanghai(now - 3600_000), shanghai(now + 40 * 86400_000), rng.pick(EXTREME_TIMES)];
  if (k.includes('community')) return [rng.pick(pools.communities), rng.pick(pools.communities), 'qingshan'];
  if (k === 'item') return [rng.pick(pools.own.catalogue), rng.pick(pools.ids)];
  if (k === 'occasion') return ['custom-0badc0de', 'birthday', 'newYear', 'springFestival'];
  if (k === 'id' || k.endsWith('id')) return [anId(), anId(), anId(), `${rng.pick(own.length > 0 ? own : pools.ids)}x`];
  if (k.includes('unit')) return [rng.pick(pools.units), '1-1-101', '2-1-202'];
  if (k.includes('phone')) return ['13912345678', '13800000001', '13677778888'];
  if (k.includes('photo')) return ['cloud://local-env.6c6f-local-env/photos/fuzz.jpg', 'https://example.com/a.jpg'];
  if (k === 'holidays' || k === 'workdays') return ['2027-01-01', '2027-02-06', '2027-10-01'];
  if (k === 'version' || k === 'baseversion') return ['guanjia-2026.1', 'fuzz-v2', rng.pick(UNICODE)];
  if (k === 'birthday') return ['03-15', '02-29', '13-01'];
  if (k === 'cursor') return pools.cursors.length > 0 ? [rng.pick(pools.cursors)] : ['eyJ4IjoxfQ'];
  if (k.endsWith('at') || k === 'from' || k === 'to' || k === 'before' || k === 'after') return times;
  if (k === 'date' || k.endsWith('date')) return ['2026-11-24', '2026-11-25', '2027-01-01'];
  if (k === 'month') return ['2026-11', '2026-10', '2027-01'];
  if (k === 'monthday') return ['11-25', '02-29', '12-01'];
  if (k === 'plate') return ['鲁B12345'];
  if (k === 'code' || k === 'token' || k === 'qr') return ['GJ1.abc.def', rng.pick(pools.ids)];
  return ['测试内容：楼道灯不亮了', '好的', '请尽快处理，谢谢！这是一条足够长的描述文字。', rng.pick(UNICODE)];
}

type Schema = z.ZodType;
// zod's definitions are walked through their internal `_zod.def`, which zod's types do not expose
// in a form a generic walker can use; the shape read here is checked at run time by `type`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Def = any;
const defOf = (schema: Schema): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

function bounds(def: Def): { min: number; max: number } {
  let min = -1000;
  let max = 100000;
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check === 'greater_than') min = Math.max(min, c.inclusive ? c.value : c.value + 1);
    if (c.check === 'less_than') max = Math.min(max, c.inclusive ? c.value : c.value - 1);
    if (c.check === 'min_length') min = Math.max(min, c.minimum);
    if (c.check === 'max_length') max = Math.min(max, c.maximum);
  }
  return { min, max };
}

/** A value the schema likely accepts (the name-driven candidates make most strings valid). */
function valid(schema: Schema, key: string, rng: Rng, pools: Pools, now: number, depth = 0): unknown {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
      return rng.chance(0.35) ? undefined : valid(def.innerType, key, rng, pools, now, depth);
    case 'default':
    case 'prefault':
      return rng.chance(0.4) ? undefined : valid(def.innerType, key, rng, pools, now, depth);
    case 'nullable':
      return rng.chance(0.15) ? null : valid(def.innerType, key, rng, pools, now, depth);
    case 'pipe':
      return valid(def.in, key, rng, pools, now, depth);
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [field, inner] of Object.entries(def.shape as Record<string, Schema>)) {
        const value = valid(inner, field, rng, pools, now, depth + 1);
        if (value !== undefined) out[field] = value;
      }
      return out;
    }
    case 'array': {
      const { min, max } = bounds(def);
      const length = rng.int(Math.max(0, min), Math.max(Math.max(0, min), Math.min(max, 3)));
      return Array.from({ length }, () => valid(def.element, key, rng, pools, now, depth + 1));
    }
    case 'union':
      return valid(rng.pick(def.options as Schema[]), key, rng, pools, now, depth);
    case 'enum':
      return rng.pick(Object.values(def.entries as Record<string, string>));
    case 'literal':
      return rng.pick(def.values as unknown[]);
    case 'boolean':
      return rng.chance(0.5);
    case 'number': {
      // small numbers mostly: quantities, counts and scores are small
      const { min, max } = bounds(def);
      const lo = Math.max(min, -1000);
      return rng.chance(0.7) ? rng.int(lo, Math.min(max, Math.max(lo, 0) + 3)) : rng.int(lo, Math.min(max, lo > 100 ? lo + 1000 : 500));
    }
    case 'string': {
      const fitting = candidates(key, rng, pools, now).filter((c) => schema.safeParse(c).success);
      if (fitting.length > 0) return rng.pick(fitting);
      const { min, max } = bounds(def);
      return '测'.repeat(Math.max(1, Math.min(Math.max(min, 4), max)));
    }
    default:
      return junk(rng, pools, depth);
  }
}

const TIME_KEY = /(^|[a-z])(at|At|from|to|before|after|date|Date|month)$/;

/** The value with one or a few of its nodes replaced by junk, removed, or given a stranger field. */
function mutate(value: unknown, rng: Rng, pools: Pools, depth = 0, key = ''): unknown {
  if (TIME_KEY.test(key) && rng.chance(0.6)) return rng.pick(EXTREME_TIMES);
  if (rng.chance(depth === 0 ? 0.15 : 0.3)) return junk(rng, pools, depth);
  if (Array.isArray(value)) return value.map((v) => (rng.chance(0.4) ? mutate(v, rng, pools, depth + 1) : v));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(out);
    if (keys.length > 0 && rng.chance(0.7)) {
      const field = rng.pick(keys);
      out[field] = mutate(out[field], rng, pools, depth + 1, field);
    }
    if (keys.length > 0 && rng.chance(0.15)) delete out[rng.pick(keys)];
    if (rng.chance(0.1)) out[rng.pick(['extra', '__proto__', 'constructor', '_id', 'openid'])] = junk(rng, pools, depth + 1);
    return out;
  }
  return junk(rng, pools, depth);
}

// ----- the run --------------------------------------------------------------------------------------

interface Planned {
  fn: string;
  action: string;
  input: unknown;
  openid: string | undefined;
  requestId?: string;
  kind: 'valid' | 'mutated' | 'junk';
}

/**
 * Inputs known to be accepted, each with a caller the action admits: mutating these reaches the
 * rules behind the role and schema checks, where a value the schema let in can still break things.
 */
interface Template {
  fn: keyof typeof contract;
  action: string;
  openid: string;
  input(pools: Pools, now: number, rng: Rng): unknown;
}
const ownOf = (pools: Pools, subject: string, rng: Rng) => rng.pick(pools.own[subject]);
const TEMPLATES: Template[] = [
  {
    fn: 'tickets',
    action: 'create',
    openid: OWNER,
    input: (_p, now, rng) => ({
      kind: rng.pick(['repair', 'complaint', 'suggestion']),
      scope: 'in_home',
      unit: '1-1-101',
      description: '模板报事：卧室墙面渗水',
      preferredAt: shanghai(now + 26 * 3600_000),
    }),
  },
  {
    fn: 'tickets',
    action: 'create',
    openid: DUTY,
    input: (_p, now) => ({
      kind: 'repair',
      scope: 'public_area',
      unit: '2-1-202',
      description: '代登记：楼道灯不亮',
      channel: 'phone',
      contactName: '王先生',
      contactPhone: '13912345678',
      preferredAt: shanghai(now + 3600_000),
    }),
  },
  { fn: 'tickets', action: 'get', openid: OWNER, input: (p, _n, rng) => ({ id: ownOf(p, 'tickets', rng) }) },
  { fn: 'tickets', action: 'list', openid: DUTY, input: () => ({ limit: 5 }) },
  { fn: 'tickets', action: 'list', openid: OWNER, input: () => ({ mine: true, limit: 5 }) },
  { fn: 'tickets', action: 'accept', openid: DUTY, input: (p, _n, rng) => ({ id: ownOf(p, 'tickets', rng) }) },
  { fn: 'tickets', action: 'saveCalendar', openid: LEAD, input: () => ({ year: 2027, holidays: ['2027-01-01'], workdays: [] }) },
  {
    fn: 'passes',
    action: 'apply',
    openid: OWNER,
    input: (_p, now) => ({
      unit: '1-1-101',
      items: [{ name: '模板物品', count: 2 }],
      from: shanghai(now + 10 * 60_000),
      to: shanghai(now + 2 * 3600_000),
      carrier: { name: '刘师傅', phone: '13912345678' },
      reason: 'moving_out',
    }),
  },
  { fn: 'passes', action: 'list', openid: DUTY, input: () => ({ date: '2026-11-24', limit: 5 }) },
  { fn: 'passes', action: 'approve', openid: DUTY, input: (p, _n, rng) => ({ id: ownOf(p, 'passes', rng) }) },
  {
    fn: 'orders',
    action: 'book',
    openid: OWNER,
    input: (_p, now) => ({ item: 'yuehai:s01', quantity: 1, unit: '1-1-101', preferredAt: shanghai(now + 26 * 3600_000), remark: '模板预约' }),
  },
  { fn: 'orders', action: 'confirm', openid: DUTY, input: (p, now, rng) => ({ id: ownOf(p, 'orders', rng), at: shanghai(now + 28 * 3600_000) }) },
  { fn: 'orders', action: 'list', openid: OWNER, input: () => ({ limit: 5 }) },
  { fn: 'questions', action: 'ask', openid: OWNER, input: () => ({ category: 'other', text: '模板咨询：快递柜在哪里？' }) },
  { fn: 'questions', action: 'list', openid: DUTY, input: () => ({ limit: 5 }) },
  { fn: 'account', action: 'setProfile', openid: OWNER, input: () => ({ birthday: '03-15', name: '张三' }) },
  { fn: 'account', action: 'inbox', openid: OWNER, input: () => ({}) },
  { fn: 'greetings', action: 'saveCustom', openid: LEAD, input: () => ({ name: '模板纪念日', monthDay: '12-01', text: '{name}，{community}{occasion}快乐！' }) },
];

// deleteMyData erases the caller: left to the end so the rest runs against the seeded people
const ALL_ACTIONS = (Object.keys(contract) as Array<keyof typeof contract>).flatMap((fn) =>
  Object.keys(contract[fn])
    .filter((action) => action !== 'deleteMyData')
    .map((action) => [fn, action] as const),
);

function plan(rng: Rng, pools: Pools, now: number): Planned {
  if (rng.chance(0.3)) {
    const template = rng.pick(TEMPLATES);
    pools.fn = template.fn;
    const base = template.input(pools, now, rng);
    const kind = rng.chance(0.25) ? 'valid' : 'mutated';
    return {
      fn: template.fn,
      action: template.action,
      input: kind === 'valid' ? base : mutate(base, rng, pools),
      openid: template.openid,
      requestId: rng.chance(0.5) ? `fuzz-req-${rng.int(0, 40)}` : undefined,
      kind,
    };
  }
  // every action equally often (not every function: reports' two actions would take a seventh)
  const [fn, named] = rng.pick(ALL_ACTIONS);
  pools.fn = fn;
  const actions = contract[fn] as Record<string, { input: Schema }>;
  const action = rng.chance(0.01) ? rng.pick(['noSuchAction', 'constructor', '__proto__', 'toString']) : named;
  const schema = actions[action]?.input;
  const roll = rng.next();
  const kind: Planned['kind'] = !schema || roll < 0.15 ? 'junk' : roll < 0.55 ? 'valid' : 'mutated';
  // cross-field rules (a complaint class only on complaints…) refuse many a combination: draw again
  let base = schema ? valid(schema, '', rng, pools, now) : undefined;
  for (let attempt = 0; schema && attempt < 12 && !schema.safeParse(base).success; attempt += 1) base = valid(schema, '', rng, pools, now);
  const input = kind === 'junk' ? junk(rng, pools) : kind === 'valid' ? base : mutate(base, rng, pools);
  // the main actors half the time, so more calls get past the role check into the rules
  const openid = rng.chance(0.02) ? undefined : rng.chance(0.5) ? rng.pick([OWNER, RESIDENT, DUTY, LEAD]) : rng.pick(PEOPLE);
  const requestId = rng.chance(0.5) ? `fuzz-req-${rng.int(0, 40)}` : rng.chance(0.05) ? rng.pick(['x', 'y'.repeat(65), '🏠🏠🏠🏠🏠🏠🏠🏠']) : undefined;
  return { fn, action, input, openid, requestId, kind };
}

function sortedIds(cloud: TestCloud, collection: string): string[] {
  return cloud.cloud.store
    .find(collection, {})
    .map((d) => String(d._id))
    .sort();
}

const contractCodes = new Set<string>(ErrorCode.options);

/**
 * Subjects of every kind in several states, made with fixed inputs and requestIds (so their ids,
 * derived from the request key, are the same every run) for the fuzzed calls to aim at.
 */
async function warmUp(): Promise<string[]> {
  const made = async (fn: string, action: string, input: unknown, openid: string, requestId: string) => {
    const reply = (await cloud.call(fn, action, input, { openid, requestId })) as { ok: boolean };
    assert.ok(reply.ok, `warm-up ${fn}.${action}: ${JSON.stringify(reply)}`);
    return reply as unknown as { data: Record<string, { id: string }> };
  };
  const reporters = [
    [OWNER, '1-1-101'],
    [RESIDENT, '1-1-101'],
    [OTHER_OWNER, '2-1-202'],
  ] as const;
  for (const [i, [openid, unit]] of reporters.entries()) {
    const ticket = await made(
      'tickets',
      'create',
      { kind: i === 2 ? 'complaint' : 'repair', scope: 'in_home', unit, description: `暖场工单 ${i}：水龙头漏水` },
      openid,
      `warm-ticket-${i}`,
    );
    if (i > 0) await made('tickets', 'accept', { id: ticket.data.ticket.id }, DUTY, `warm-accept-${i}`);
    await made(
      'passes',
      'apply',
      {
        unit,
        items: [{ name: `暖场物品 ${i}`, count: 1 }],
        from: shanghai(START + (10 + i) * 60_000),
        to: shanghai(START + 3 * 3600_000),
        carrier: { name: '刘师傅', phone: '13912345678' },
        reason: 'moving_out',
      },
      openid,
      `warm-pass-${i}`,
    );
    await made('orders', 'book', { item: 'yuehai:s01', quantity: 1, unit, preferredAt: shanghai(START + 26 * 3600_000) }, openid, `warm-order-${i}`);
    await made('questions', 'ask', { category: 'other', text: `暖场咨询 ${i}：垃圾几点收？` }, openid, `warm-question-${i}`);
  }
  // real cursors of every list, to be replayed and mutated
  const cursors: string[] = [];
  for (const [fn, openid] of [
    ['tickets', DUTY],
    ['tickets', OWNER],
    ['orders', DUTY],
    ['passes', DUTY],
    ['questions', DUTY],
    ['orders', OWNER],
  ] as const) {
    const page = (await cloud.call(fn, 'list', { limit: 1 }, { openid })) as { ok: boolean; data?: { nextCursor?: string | null } };
    if (page.ok && page.data?.nextCursor) cursors.push(page.data.nextCursor);
  }
  return cursors;
}

let cloud: TestCloud;
before(async () => {
  cloud = await startTestCloud({ functionEnv: { PASS_SECRET: 'test-secret-fuzz-0123456789abcdef', PASS_SECRET_PREVIOUS: '' } });
});
after(async () => {
  await cloud.close();
});

describe('fuzzing every action of the contract', () => {
  it(`answers ${CALLS} seeded calls in the envelope with a contract code, none INTERNAL`, async () => {
    const rng = prng(SEED);
    await cloud.setClock(new Date(START).toISOString());
    const cursors = await warmUp();
    const own = {
      tickets: sortedIds(cloud, 'tickets'),
      orders: sortedIds(cloud, 'orders'),
      passes: sortedIds(cloud, 'passes'),
      questions: [...sortedIds(cloud, 'questions'), ...sortedIds(cloud, 'faq')],
      account: sortedIds(cloud, 'bindings'),
      catalogue: sortedIds(cloud, 'catalogue'),
    };
    const pools: Pools = {
      ids: [...Object.values(own).flat(), ...sortedIds(cloud, 'units'), ...sortedIds(cloud, 'people')],
      own,
      fn: '',
      units: ['1-1-101', '2-1-202', '1-1-102', '3-2-1201', '1-2-301'],
      communities: ['yuehai'],
      cursors,
    };
    assert.ok(cursors.length > 0, 'the lists give cursors to replay');
    for (const [subject, ids] of Object.entries(own)) assert.ok(ids.length > 0, `the seed and the warm-up give ${subject} ids to aim at`);
    for (const t of TEMPLATES) {
      const schema = (contract[t.fn] as Record<string, { input: Schema }>)[t.action].input;
      const parsed = schema.safeParse(t.input(pools, START, prng(1)));
      assert.ok(parsed.success, `template ${t.fn}.${t.action} fits its schema: ${JSON.stringify(parsed.error?.issues)}`);
    }

    const failures: string[] = [];
    const codes = new Map<string, number>();
    const timing = new Map<string, number>();
    const succeeded = new Map<string, number>();
    const covered = new Set<string>();
    let ran = 0;
    let now = START;

    const check = (p: Planned, reply: unknown) => {
      ran += 1;
      covered.add(`${p.fn}.${p.action}`);
      const r = reply as { ok?: unknown; data?: unknown; error?: { code?: unknown; message?: unknown } } | null;
      const where = `${p.fn}.${p.action} as ${p.openid} (${p.kind}) ${JSON.stringify(p.input)?.slice(0, 300)}`;
      if (!r || typeof r !== 'object' || typeof r.ok !== 'boolean') {
        failures.push(`not an envelope: ${where} → ${JSON.stringify(reply)?.slice(0, 200)}`);
        return;
      }
      if (r.ok) {
        codes.set('ok', (codes.get('ok') ?? 0) + 1);
        succeeded.set(`${p.fn}.${p.action}`, (succeeded.get(`${p.fn}.${p.action}`) ?? 0) + 1);
        const output = (contract as unknown as Record<string, Record<string, { output: Schema }>>)[p.fn][p.action]?.output;
        if (!('data' in r) || (output && !output.safeParse(r.data).success)) failures.push(`ok without contract data: ${where}`);
        return;
      }
      const code = r.error?.code;
      if (process.env.FUZZ_TRACE && `${p.fn}.${p.action}` === process.env.FUZZ_TRACE)
        console.log('trace', p.openid, p.kind, String(code), String(JSON.stringify(p.input)).slice(0, 250), JSON.stringify(r.error).slice(0, 120));
      codes.set(String(code), (codes.get(String(code)) ?? 0) + 1);
      if (typeof code !== 'string' || !contractCodes.has(code) || typeof r.error?.message !== 'string') {
        failures.push(`bad error: ${where} → ${JSON.stringify(reply)?.slice(0, 200)}`);
      } else if (code === 'INTERNAL') {
        failures.push(`INTERNAL: ${where}`);
      }
    };

    const send = async (p: Planned) => {
      const body: Record<string, unknown> = { action: p.action, input: p.input };
      if (p.requestId !== undefined) body.requestId = p.requestId;
      const t0 = Date.now();
      check(p, await cloud.raw(p.fn, body, p.openid));
      const key = `${p.fn}.${p.action}`;
      timing.set(key, (timing.get(key) ?? 0) + Date.now() - t0);
      if (process.env.FUZZ_DEBUG && Date.now() - t0 > 1500) console.log('slow', Date.now() - t0, key, p.openid, p.kind, JSON.stringify(p.input)?.slice(0, 200));
    };

    // batches of IN_FLIGHT concurrent calls; the clock moves a minute every 40 calls, so the
    // per-minute create limit lets creates through and time-bound rules see time pass
    const started = Date.now();
    let batchNo = 0;
    while (ran < CALLS) {
      if (batchNo % Math.ceil(40 / IN_FLIGHT) === 0) {
        now += 61_000;
        await cloud.setClock(new Date(now).toISOString());
      }
      batchNo += 1;
      const batch = Array.from({ length: Math.min(IN_FLIGHT, CALLS - ran) }, () => plan(rng, pools, now));
      await Promise.all(batch.map(send));
    }
    // a few envelopes that are not even calls, and deleteMyData last (it erases the caller)
    // (a body that is not an object is refused by the platform before any function runs)
    for (const body of [{}, { input: {} }, { action: 42 }, { action: 'me', input: deep(100) }, { action: 'me', requestId: 7 }, { action: ['me'] }]) {
      check({ fn: 'account', action: 'me', input: body, openid: OWNER, kind: 'junk' }, await cloud.raw('account', body, OWNER));
    }
    for (const openid of [ENGINEER, 'wx-fuzz-stranger', undefined]) {
      for (const input of [{}, { confirm: true }, junk(rng, pools)]) {
        const p: Planned = { fn: 'account', action: 'deleteMyData', input, openid, kind: 'mutated' };
        check(p, await cloud.raw('account', { action: 'deleteMyData', input }, openid));
      }
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const all = Object.entries(contract).flatMap(([fn, actions]) => Object.keys(actions).map((a) => `${fn}.${a}`));
    if (process.env.FUZZ_DEBUG) {
      console.log([...timing].sort((a, b) => b[1] - a[1]).slice(0, 12));
      console.log(
        'never ok:',
        ALL_ACTIONS.map(([f, a]) => `${f}.${a}`)
          .filter((a) => !succeeded.has(a))
          .join(' '),
      );
    }
    const missed = all.filter((a) => !covered.has(a));
    console.log(`fuzz: ${ran} calls (seed ${SEED}) in ${seconds} s over ${covered.size} actions; replies ${JSON.stringify(Object.fromEntries(codes))}`);
    assert.deepEqual(missed, [], 'every action of the contract was called');
    assert.deepEqual(failures.slice(0, 20), [], `${failures.length} replies broke the envelope or were INTERNAL`);
  });
});
