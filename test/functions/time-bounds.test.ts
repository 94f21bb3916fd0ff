// One request must not poison every list (issue 22 item 2): times far outside any real use are
// refused before anything is written, and a time already stored out of range (written before the
// inputs were bounded) is shown clamped, so get, accept, the lists and the staff queue still answer.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCloud, type TestCloud } from '../support/cloud';
import { functionCalls } from '../support/calls';
import { DUTY, LEAD, OWNER, RESIDENT } from '../support/people';
import { IsoTime, CalendarDate } from '../../types/common';
import { Ticket } from '../../types/tickets';

let cloud: TestCloud;
const T0 = Date.parse('2026-11-24T01:00:00.000Z'); // 09:00 Shanghai, a Tuesday

before(async () => {
  cloud = await startTestCloud({ functionEnv: { PASS_SECRET: 'test-secret-a-0123456789abcdef', PASS_SECRET_PREVIOUS: '' } });
  await cloud.setClock(new Date(T0).toISOString());
});
after(async () => {
  await cloud.close();
});

const tickets = functionCalls('tickets', () => cloud);
const passes = functionCalls('passes', () => cloud);
const store = () => cloud.cloud.store;

const POISON = ['9999-12-31T23:59:59+00:00', '9999-12-31T23:59:59-12:00', '0000-01-01T00:00:00+23:59'];

const ticketInput = (description: string, preferredAt?: string) => ({
  kind: 'repair',
  scope: 'in_home',
  unit: '1-1-101',
  description,
  ...(preferredAt === undefined ? {} : { preferredAt }),
});

describe('time inputs have a sane range', () => {
  it('IsoTime: years 2000–2100, offsets −12:00…+14:00, real calendar dates', () => {
    for (const ok of ['2026-11-24T09:00:00+08:00', '2000-01-01T00:00:00Z', '2100-12-31T23:59:59.999+08:00', '2028-02-29T09:00:00-12:00', '2026-11-24T09:00:00+14:00']) {
      assert.equal(IsoTime.safeParse(ok).success, true, ok);
    }
    for (const bad of [
      ...POISON,
      '1999-12-31T23:59:59+08:00',
      '2101-01-01T00:00:00+08:00',
      '2026-11-24T09:00:00+14:30',
      '2026-11-24T09:00:00-12:30',
      '2026-02-30T09:00:00+08:00',
      '2026-11-24T25:00:00+08:00',
    ]) {
      assert.equal(IsoTime.safeParse(bad).success, false, bad);
    }
    assert.equal(CalendarDate.safeParse('2027-01-01').success, true);
    for (const bad of ['9999-99-99', '2027-02-29', '1999-12-31', '2101-01-01', '2027-1-1']) assert.equal(CalendarDate.safeParse(bad).success, false, bad);
  });

  it('tickets.create refuses each of the poisoned times with INVALID_INPUT naming preferredAt, and writes nothing', async () => {
    for (const [i, preferredAt] of POISON.entries()) {
      const description = `远得离谱的上门时间 ${i}`;
      const error = await tickets.failed('create', ticketInput(description, preferredAt), OWNER, `req-poison-${i}-0000`);
      assert.equal(error.code, 'INVALID_INPUT', preferredAt);
      assert.ok(error.fields?.preferredAt, `${preferredAt}: ${JSON.stringify(error)}`);
      assert.equal(store().find('tickets', { description }).length, 0, 'nothing written');
    }
  });

  it('passes.apply refuses a window in year 9999 with INVALID_INPUT naming the field, and writes nothing', async () => {
    const input = {
      unit: '1-1-101',
      items: [{ name: '万年的衣柜', count: 1 }],
      from: '9999-12-31T10:00:00+08:00',
      to: '9999-12-31T12:00:00+08:00',
      carrier: { name: '刘师傅', phone: '13912345678' },
      reason: 'moving_out',
    };
    const error = await passes.failed('apply', input, OWNER);
    assert.equal(error.code, 'INVALID_INPUT');
    assert.ok(error.fields?.from && error.fields?.to, JSON.stringify(error));
    assert.equal(store().find('passes', { 'items.name': '万年的衣柜' }).length, 0);
    const listed = await passes.failed('list', { date: '9999-99-99' }, DUTY);
    assert.equal(listed.code, 'INVALID_INPUT');
    assert.ok(listed.fields?.date);
  });

  it('a holiday override dated 9999-99-99 is refused', async () => {
    const error = await tickets.failed('saveCalendar', { year: 2027, holidays: ['9999-99-99'], workdays: [] }, LEAD);
    assert.equal(error.code, 'INVALID_INPUT', JSON.stringify(error));
  });
});

describe('a time stored out of range does not poison the replies that show it', () => {
  it('get, accept, the owner’s and resident’s lists and the staff queue still answer, the time shown clamped', async () => {
    const made: string[] = [];
    for (const [i, poison] of POISON.entries()) {
      const description = `库里已有的离谱时间 ${i}`;
      const { ticket } = await tickets.ok('create', ticketInput(description, '2026-11-25T10:00:00+08:00'), OWNER);
      // what the unbounded input used to let in, written straight into the store
      store().update('tickets', { _id: ticket.id }, { $set: { preferredAt: new Date(poison) } }, {});
      made.push(ticket.id);
    }
    // the clocks that start at acceptance are computed from the stored visit time
    for (const id of made) {
      const accepted = await tickets.ok('accept', { id }, DUTY);
      assert.equal(Ticket.safeParse(accepted.ticket).success, true);
    }
    for (const id of made) {
      const { ticket } = await tickets.ok('get', { id }, OWNER);
      assert.match(ticket.preferredAt ?? '', /^(2000|2100)-/, 'shown at the nearest bound');
      await tickets.ok('get', { id }, DUTY);
    }
    const mine = await tickets.ok('list', { mine: true, limit: 50 }, OWNER);
    for (const id of made)
      assert.ok(
        mine.tickets.some((t) => t.id === id),
        'in the owner’s list',
      );
    const residents = await tickets.ok('list', { mine: true, limit: 50 }, RESIDENT);
    assert.ok(Array.isArray(residents.tickets));
    let cursor: string | null | undefined;
    const queued = new Set<string>();
    do {
      const page = await tickets.ok('list', { limit: 5, ...(cursor ? { cursor } : {}) }, DUTY);
      for (const t of page.tickets) queued.add(t.id);
      cursor = page.nextCursor;
    } while (cursor);
    for (const id of made) assert.ok(queued.has(id), 'in the staff queue');
  });
});
