// Every decoration command × every person of the demo × its state, through the decoration function
// (the real SDK against the local cloud): who may (the application moves, or its timeline grows),
// who may not (FORBIDDEN, or NOT_FOUND for someone with no business seeing it), and each who may,
// from a state that does not allow it (CONFLICT). Written by hand from SPEC §12 and docs/rules.md.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import type { Reply } from '../../types/envelope';
import type { Decoration, DecorationState } from '../../types/decoration';
import { AREA, DUTY, ENGINEER, GUARD, LEAD, MANAGER, OTHER_OWNER as OTHER, OWNER, RESIDENT } from '../support/people';

const PEOPLE = [OWNER, RESIDENT, OTHER, DUTY, AREA, LEAD, ENGINEER, GUARD, MANAGER];
type Outcome = 'ok' | 'FORBIDDEN' | 'NOT_FOUND';
/** where an application is brought first: a state, or `signed` (approved with the agreement confirmed), `noticed` (in progress with an open notice) */
type Stage = DecorationState | 'signed' | 'noticed';

interface Row {
  command: string;
  input: () => Record<string, unknown>;
  from: Stage;
  /** a state the command is refused from (CONFLICT for those who may); null: none to test */
  wrong: Stage | null;
  outcomes: Partial<Record<string, Outcome>>;
}

const STAFF_OK = { [DUTY]: 'ok', [AREA]: 'ok', [LEAD]: 'ok', [MANAGER]: 'ok' } as const;
const PEOPLE_OK = { [OWNER]: 'ok', [RESIDENT]: 'ok', [OTHER]: 'NOT_FOUND' } as const;
let clockMs = Date.parse('2026-11-24T01:00:00.000Z'); // 09:00 Shanghai
const shanghai = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().replace('Z', '+08:00');
const PHOTO = 'cloud://local-env.6c6f/inspections/a.jpg';

const table: Row[] = [
  { command: 'approve', input: () => ({ depositFen: 100_000 }), from: 'applied', wrong: 'approved', outcomes: STAFF_OK },
  { command: 'reject', input: () => ({ reason: '资料不全' }), from: 'applied', wrong: 'approved', outcomes: STAFF_OK },
  { command: 'signAgreement', input: () => ({}), from: 'approved', wrong: 'applied', outcomes: PEOPLE_OK },
  { command: 'payDeposit', input: () => ({}), from: 'signed', wrong: 'applied', outcomes: PEOPLE_OK },
  { command: 'inspect', input: () => ({ photos: [PHOTO] }), from: 'in_progress', wrong: 'permitted', outcomes: STAFF_OK },
  { command: 'notice', input: () => ({ items: ['建筑垃圾清运'], deadline: shanghai(clockMs + 24 * 3600_000) }), from: 'in_progress', wrong: 'permitted', outcomes: STAFF_OK },
  { command: 'verifyRectification', input: () => ({ notice: '' }), from: 'noticed', wrong: null, outcomes: STAFF_OK },
  { command: 'suspend', input: () => ({ reason: '违章拆改' }), from: 'in_progress', wrong: 'suspended', outcomes: STAFF_OK },
  { command: 'resume', input: () => ({}), from: 'suspended', wrong: 'in_progress', outcomes: STAFF_OK },
  { command: 'requestAcceptance', input: () => ({}), from: 'in_progress', wrong: 'permitted', outcomes: PEOPLE_OK },
  { command: 'accept', input: () => ({ stage: 'initial', passed: true }), from: 'completion_requested', wrong: 'in_progress', outcomes: STAFF_OK },
  { command: 'settle', input: () => ({}), from: 'final_accepted', wrong: 'completion_requested', outcomes: STAFF_OK },
  { command: 'cancel', input: () => ({}), from: 'applied', wrong: 'in_progress', outcomes: { ...STAFF_OK, ...PEOPLE_OK } },
];

let cloud: TestCloud;
before(async () => {
  cloud = await startTestCloud();
});
after(() => cloud.close());

async function call(command: string, input: unknown, openid: string, requestId?: string): Promise<Reply<{ decoration: Decoration }>> {
  return (await cloud.call('decoration', command, input, { openid, requestId })) as Reply<{ decoration: Decoration }>;
}
async function must(command: string, input: unknown, openid: string, requestId?: string): Promise<Decoration> {
  const reply = await call(command, input, openid, requestId);
  assert.ok(reply.ok, `${command}: ${JSON.stringify(reply)}`);
  return reply.data.decoration;
}

let made = 0;
/** An application of 1-1-101 brought to `stage` by the people who would do it (earlier ones set aside). */
async function decorationIn(stage: Stage): Promise<Decoration> {
  clockMs += 2 * 60_000; // clear of the limit on creates
  await cloud.setClock(new Date(clockMs).toISOString());
  cloud.cloud.store.update('decorations', { unit: '1-1-101' }, { $set: { state: 'closed', nextDueAt: null, queueKey: null } }, { multi: true });
  made += 1;
  const day = shanghai(clockMs).slice(0, 10);
  const end = shanghai(clockMs + 30 * 86_400_000).slice(0, 10);
  let d = await must(
    'apply',
    { unit: '1-1-101', contractor: { company: '安居装饰', leader: '王工', phone: '13912345678' }, workers: ['王工'], scope: '刷漆', plannedStart: day, plannedEnd: end },
    OWNER,
    `decoration-matrix-${made}`,
  );
  if (stage === 'applied') return d;
  d = await must('approve', { id: d.id, depositFen: 100_000 }, DUTY);
  if (stage === 'approved') return d;
  d = await must('signAgreement', { id: d.id }, OWNER);
  if (stage === 'signed') return d;
  const paying = (await cloud.call('decoration', 'payDeposit', { id: d.id }, { openid: OWNER })) as Reply<{ outTradeNo: string }>;
  assert.ok(paying.ok);
  await cloud.pay(paying.data.outTradeNo);
  d = await must('get', { id: d.id }, OWNER);
  if (stage === 'permitted') return d;
  await cloud.runTimer('decorationSweep');
  d = await must('get', { id: d.id }, OWNER);
  assert.equal(d.state, 'in_progress');
  if (stage === 'in_progress') return d;
  if (stage === 'noticed') return must('notice', { id: d.id, items: ['楼道垃圾'], deadline: shanghai(clockMs + 24 * 3600_000) }, AREA);
  if (stage === 'suspended') return must('suspend', { id: d.id, reason: '违章' }, AREA);
  d = await must('requestAcceptance', { id: d.id }, OWNER);
  if (stage === 'completion_requested') return d;
  d = await must('accept', { id: d.id, stage: 'initial', passed: true }, AREA);
  if (stage === 'initial_accepted') return d;
  d = await must('accept', { id: d.id, stage: 'final', passed: true }, AREA);
  if (stage === 'final_accepted') return d;
  throw new Error(`no path to ${stage}`);
}

const inputFor = (row: Row, d: Decoration) => ({ id: d.id, ...row.input(), ...(row.command === 'verifyRectification' ? { notice: d.notices[0]?.no ?? '' } : {}) });

describe('every decoration command × every person × its state, through the function', () => {
  for (const row of table) {
    const outcome = (who: string): Outcome => row.outcomes[who] ?? 'FORBIDDEN';
    it(`${row.command} from ${row.from}: ${PEOPLE.map((p) => `${p} ${outcome(p)}`).join(', ')}${row.wrong ? `; CONFLICT from ${row.wrong}` : ''}`, async () => {
      const refused = await decorationIn(row.from);
      for (const who of PEOPLE.filter((p) => outcome(p) !== 'ok')) {
        const reply = await call(row.command, inputFor(row, refused), who);
        assert.ok(!reply.ok, `${row.command} by ${who} should be refused`);
        assert.equal(reply.error.code, outcome(who), `${row.command} by ${who}: ${reply.error.message}`);
      }
      const untouched = cloud.cloud.store.find('decorations', { _id: refused.id })[0] as { rev: number; events: unknown[] };
      assert.equal(untouched.events.length, refused.events.length, 'no refusal wrote an event');

      for (const who of PEOPLE.filter((p) => outcome(p) === 'ok')) {
        const d = await decorationIn(row.from);
        const read = () => cloud.cloud.store.find('decorations', { _id: d.id })[0] as { rev: number; events: Array<{ action: string; actorId: string }> };
        const before = read().rev;
        const reply = await call(row.command, inputFor(row, d), who);
        assert.ok(reply.ok, `${row.command} by ${who}: ${JSON.stringify(!reply.ok && reply.error)}`);
        assert.ok(read().rev > before, `${row.command} by ${who} is written`);
        // starting a payment is no step of the timeline (the callback's is); every other command is logged
        if (row.command !== 'payDeposit') {
          assert.ok(
            read().events.some((e) => e.action === row.command && e.actorId === who),
            `${row.command} by ${who} is logged`,
          );
        }
      }

      if (row.wrong) {
        const stale = await decorationIn(row.wrong);
        for (const who of PEOPLE.filter((p) => outcome(p) === 'ok')) {
          const reply = await call(row.command, inputFor(row, stale), who);
          assert.ok(!reply.ok, `${row.command} by ${who} from ${row.wrong} should be refused`);
          assert.equal(reply.error.code, 'CONFLICT', `${row.command} by ${who} from ${row.wrong}: ${reply.error.message}`);
        }
      }
    });
  }
});
