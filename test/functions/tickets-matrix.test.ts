// Every command × every person of the demo, through the tickets function (the real SDK against the
// local cloud): who may (the ticket moves), who may not (FORBIDDEN, or NOT_FOUND for someone with
// no business seeing the ticket), and each who may, from a state that does not allow it (CONFLICT).
// The table is written by hand from SPEC §1 and §3 and docs/rules.md, not read from the code.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import type { Reply } from '../../types/envelope';
import type { Ticket, TicketState } from '../../types/tickets';

const OWNER = 'dev-owner-1'; // the unit's owner, who reports
const RESIDENT = 'dev-resident-1'; // a tenant of the same unit
const OTHER = 'dev-owner-2'; // an owner of another unit
const DUTY = 'dev-steward-1';
const AREA = 'dev-steward-2';
const LEAD = 'dev-lead';
const ENGINEER = 'dev-engineer'; // the assignee
const GUARD = 'dev-guard';
const MANAGER = 'dev-manager';
const PEOPLE = [OWNER, RESIDENT, OTHER, DUTY, AREA, LEAD, ENGINEER, GUARD, MANAGER];

type Outcome = 'ok' | 'FORBIDDEN' | 'NOT_FOUND';
interface Row {
  command: string;
  input: Record<string, unknown>;
  /** the state the ticket is brought to first */
  from: TicketState;
  /** a state the command is refused from */
  wrong: TicketState;
  complaint?: boolean;
  /** everyone not listed is FORBIDDEN */
  outcomes: Partial<Record<string, Outcome>>;
  /** from `wrong`, those who may see the ticket get CONFLICT; these may not see it there (NOT_FOUND) */
  hiddenWhenWrong?: readonly string[];
}

const STAFF_OK = { [DUTY]: 'ok', [AREA]: 'ok', [LEAD]: 'ok', [MANAGER]: 'ok' } as const;
const table: Row[] = [
  { command: 'accept', input: {}, from: 'submitted', wrong: 'accepted', outcomes: STAFF_OK },
  { command: 'assign', input: { assignee: ENGINEER }, from: 'accepted', wrong: 'submitted', outcomes: STAFF_OK },
  // an accepted ticket is not assigned to the engineer yet: they may not see it (issue 22 item 7)
  { command: 'arrive', input: {}, from: 'assigned', wrong: 'accepted', outcomes: { ...STAFF_OK, [ENGINEER]: 'ok' }, hiddenWhenWrong: [ENGINEER] },
  { command: 'resolve', input: { note: '已修好' }, from: 'on_site', wrong: 'resolved', outcomes: { ...STAFF_OK, [ENGINEER]: 'ok' } },
  { command: 'revisit', input: { method: 'phone', score: 4, note: '电话回访，满意' }, from: 'resolved', wrong: 'on_site', outcomes: STAFF_OK },
  { command: 'rate', input: { score: 4 }, from: 'resolved', wrong: 'assigned', outcomes: { [OWNER]: 'ok', [RESIDENT]: 'ok', [OTHER]: 'NOT_FOUND' } },
  { command: 'cancel', input: {}, from: 'submitted', wrong: 'on_site', outcomes: { [OWNER]: 'ok', [RESIDENT]: 'ok', [MANAGER]: 'ok', [OTHER]: 'NOT_FOUND' } },
  { command: 'reject', input: { reason: '重复报修' }, from: 'submitted', wrong: 'resolved', outcomes: STAFF_OK },
  {
    command: 'reopen',
    input: { reason: '还是不行' },
    from: 'resolved',
    wrong: 'assigned',
    outcomes: { ...STAFF_OK, [OWNER]: 'ok', [RESIDENT]: 'ok', [OTHER]: 'NOT_FOUND' },
  },
  { command: 'reclassify', input: { complaintClass: 'major' }, from: 'submitted', wrong: 'resolved', complaint: true, outcomes: STAFF_OK },
];

let cloud: TestCloud;
let clockMs = Date.parse('2026-11-25T01:00:00.000Z');
before(async () => {
  cloud = await startTestCloud();
});
after(() => cloud.close());

async function call(command: string, input: unknown, openid: string): Promise<Reply<{ ticket: Ticket }>> {
  return (await cloud.call('tickets', command, input, { openid })) as Reply<{ ticket: Ticket }>;
}

/** A ticket of 1-1-101 brought to `state` by the people who would do it. */
async function ticketIn(state: TicketState, complaint = false): Promise<Ticket> {
  clockMs += 60_000; // a minute per report keeps clear of the limit on creates
  await cloud.setClock(new Date(clockMs).toISOString());
  const kind = complaint ? { kind: 'complaint', complaintClass: 'class1', scope: 'public_area' } : { kind: 'repair', scope: 'in_home' };
  const created = await call('create', { ...kind, unit: '1-1-101', description: '卫生间水龙头漏水' }, OWNER);
  assert.ok(created.ok, JSON.stringify(created));
  let t = created.data.ticket;
  const path: Array<[string, Record<string, unknown>, string, TicketState]> = [
    ['accept', {}, DUTY, 'accepted'],
    ['assign', { assignee: ENGINEER }, DUTY, 'assigned'],
    ['arrive', {}, ENGINEER, 'on_site'],
    ['resolve', { note: '已更换阀芯' }, ENGINEER, 'resolved'],
  ];
  for (const [command, input, who, reached] of path) {
    if (t.state === state) break;
    const moved = await call(command, { id: t.id, ...input }, who);
    assert.ok(moved.ok, `${command}: ${JSON.stringify(moved)}`);
    t = moved.data.ticket;
    if (reached === state) break;
  }
  assert.equal(t.state, state);
  return t;
}

describe('every command × every person, through the function', () => {
  for (const row of table) {
    const outcome = (who: string): Outcome => row.outcomes[who] ?? 'FORBIDDEN';
    it(`${row.command} from ${row.from}: ${PEOPLE.map((p) => `${p} ${outcome(p)}`).join(', ')}; CONFLICT from ${row.wrong}`, async () => {
      // refusals first, on one ticket: none of them may change it
      const refused = await ticketIn(row.from, row.complaint);
      for (const who of PEOPLE.filter((p) => outcome(p) !== 'ok')) {
        const reply = await call(row.command, { id: refused.id, ...row.input }, who);
        assert.ok(!reply.ok, `${row.command} by ${who} should be refused`);
        assert.equal(reply.error.code, outcome(who), `${row.command} by ${who}: ${reply.error.message}`);
      }
      const untouched = cloud.cloud.store.find('tickets', { _id: refused.id })[0] as { rev: number; state: string; events: unknown[] };
      assert.equal(untouched.state, row.from, 'no refusal moved the ticket');
      assert.equal(untouched.events.length, refused.events.length, 'no refusal wrote an event');

      // each person who may, on a ticket of their own in the right state
      for (const who of PEOPLE.filter((p) => outcome(p) === 'ok')) {
        const t = await ticketIn(row.from, row.complaint);
        const reply = await call(row.command, { id: t.id, ...row.input }, who);
        assert.ok(reply.ok, `${row.command} by ${who}: ${JSON.stringify(!reply.ok && reply.error)}`);
        assert.equal(reply.data.ticket.events.length, t.events.length + 1, `${row.command} by ${who} is logged`);
        const event = reply.data.ticket.events.at(-1);
        assert.equal(event?.from, row.from);
      }

      // and the same people from a state that does not allow it
      const stale = await ticketIn(row.wrong, row.complaint);
      for (const who of PEOPLE.filter((p) => outcome(p) === 'ok')) {
        const reply = await call(row.command, { id: stale.id, ...row.input }, who);
        assert.ok(!reply.ok, `${row.command} by ${who} from ${row.wrong} should be refused`);
        assert.equal(reply.error.code, row.hiddenWhenWrong?.includes(who) ? 'NOT_FOUND' : 'CONFLICT', `${row.command} by ${who} from ${row.wrong}`);
      }
    });
  }
});
