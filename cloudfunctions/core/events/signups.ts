// Signing up for an event without ever going over capacity, however many sign up at once: a place
// is a seat document `<event>:<n>` (n in 1..capacity) taken by inserting it — the store's unique
// `_id` refuses a second taker, so there are never more than `capacity` seats. No count is read and
// then written. A person who finds no seat free joins the waiting list, ordered by a counter
// (core/workflow/number.ts bumpCounter). Giving a place up removes its seat (conditional on its
// holder) and then fills free seats from the head of the waiting list, telling each who moves up.
// Every step can be repeated: a retry finds the caller's own seat or sign-up and goes on from there.
import { AppError, conflict } from '../router/errors';
import { type Database, isDuplicateError } from '../sdk';
import { bumpCounter } from '../workflow/number';
import { tellAfterWrite } from '../workflow/notices';
import { newRef } from '../passes/token';
import { EVENT_COUNTERS, type EventDoc, SEATS, type SeatDoc, SIGNUPS, type SignupDoc } from './model';

const signupId = (eventId: string, openid: string) => `${eventId}:${openid}`;

export async function findSignup(database: Database, eventId: string, openid: string): Promise<SignupDoc | null> {
  return (
    (
      await database
        .collection<SignupDoc>(SIGNUPS)
        .where({ _id: signupId(eventId, openid) })
        .limit(1)
        .get()
    ).data[0] ?? null
  );
}

async function seatsOf(database: Database, eventId: string): Promise<SeatDoc[]> {
  const out: SeatDoc[] = [];
  for (;;) {
    const page = await database.collection<SeatDoc>(SEATS).where({ eventId }).orderBy('n', 'asc').skip(out.length).limit(100).get();
    out.push(...page.data);
    if (page.data.length < 100) return out;
  }
}

/**
 * A seat for `holder`: theirs if they hold one, else a free one taken by insert (a random free
 * one, so callers at once rarely reach for the same); null when every seat is taken.
 */
async function takeSeat(database: Database, ev: EventDoc, holder: string, now: Date): Promise<number | null> {
  const seats = database.collection<SeatDoc>(SEATS);
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const taken = await seatsOf(database, ev._id);
    const mine = taken.find((s) => s.holder === holder);
    if (mine) return mine.n;
    const held = new Set(taken.map((s) => s.n));
    const free: number[] = [];
    for (let n = 1; n <= ev.capacity; n += 1) if (!held.has(n)) free.push(n);
    if (free.length === 0) return null;
    const n = free[Math.floor(Math.random() * free.length)];
    try {
      await seats.add({ data: { _id: `${ev._id}:${n}`, eventId: ev._id, n, holder, at: now } });
      return n;
    } catch (error) {
      if (!isDuplicateError(error)) throw error;
    }
  }
  throw new AppError('CONFLICT', '报名的人太多，请稍后重试');
}

async function releaseSeat(database: Database, eventId: string, seat: number, holder: string): Promise<void> {
  await database
    .collection<SeatDoc>(SEATS)
    .where({ _id: `${eventId}:${seat}`, holder })
    .remove();
}

export async function countSeats(database: Database, eventId: string): Promise<{ signed: number; waiting: number }> {
  const [signed, waiting] = await Promise.all([
    database.collection<SeatDoc>(SEATS).where({ eventId }).count(),
    database.collection<SignupDoc>(SIGNUPS).where({ eventId, state: 'waiting' }).count(),
  ]);
  return { signed: signed.total, waiting: waiting.total };
}

/** The caller's place in the waiting list (1 = next), or null. */
export async function waitingPosition(database: Database, s: SignupDoc): Promise<number | null> {
  if (s.state !== 'waiting' || s.waitSeq === null) return null;
  const _ = database.command;
  const ahead = await database
    .collection<SignupDoc>(SIGNUPS)
    .where({ eventId: s.eventId, state: 'waiting', waitSeq: _.and(_.gt(0), _.lt(s.waitSeq)) })
    .count();
  return ahead.total + 1;
}

export interface Person {
  openid: string;
  communityId: string;
  unit: string;
  name: string | null;
}

/** Signs `person` up: a seat while any is free, else the waiting list. Repeating it changes nothing. */
export async function signUp(database: Database, ev: EventDoc, person: Person, now: Date): Promise<SignupDoc> {
  const signups = database.collection<SignupDoc>(SIGNUPS);
  const id = signupId(ev._id, person.openid);
  let s = await findSignup(database, ev._id, person.openid);
  if (s && s.state === 'signed') return s;
  if (s && s.state === 'waiting' && s.waitSeq !== null) return s;
  if (!s) {
    const doc: SignupDoc = {
      _id: id,
      eventId: ev._id,
      communityId: ev.communityId,
      openid: person.openid,
      unit: person.unit,
      name: person.name,
      state: 'waiting',
      seat: null,
      waitSeq: null,
      ref: newRef(),
      checkedInAt: null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await signups.add({ data: { ...doc } });
    } catch (error) {
      if (!isDuplicateError(error)) throw error;
    }
    s = (await findSignup(database, ev._id, person.openid)) ?? doc;
  } else if (s.state === 'cancelled') {
    // back in: waiting (not yet placed) until a seat or a place in the list is found
    const back = await signups.where({ _id: id, state: 'cancelled' }).update({ data: { state: 'waiting', waitSeq: null, seat: null, updatedAt: now } });
    if (back.stats.updated !== 1) throw conflict('报名状态已变化，请刷新后重试');
    s = { ...s, state: 'waiting', waitSeq: null, seat: null };
  }
  const seat = await takeSeat(database, ev, person.openid, now);
  if (seat !== null) {
    await signups.where({ _id: id }).update({ data: { state: 'signed', seat, waitSeq: null, updatedAt: now } });
    return { ...s, state: 'signed', seat, waitSeq: null };
  }
  const waitSeq = await bumpCounter(database, EVENT_COUNTERS, `${ev._id}:wait`, '报名的人太多，请稍后重试');
  await signups.where({ _id: id, state: 'waiting' }).update({ data: { waitSeq, updatedAt: now } });
  // a seat given up between our look and our place in the list goes to the head of the list
  await promote(database, ev, now);
  return (await findSignup(database, ev._id, person.openid)) ?? { ...s, waitSeq };
}

/** Gives a place (or a place in the list) up; a freed seat goes to the first waiting. */
export async function cancelSignup(database: Database, ev: EventDoc, s: SignupDoc, now: Date): Promise<SignupDoc> {
  if (s.state === 'cancelled') return s;
  // the seat first: a retry after a crash finds the sign-up still signed and removes nothing twice
  if (s.state === 'signed' && s.seat !== null) await releaseSeat(database, ev._id, s.seat, s.openid);
  const done = await database
    .collection<SignupDoc>(SIGNUPS)
    .where({ _id: s._id, state: s.state })
    .update({ data: { state: 'cancelled', seat: null, waitSeq: null, updatedAt: now } });
  if (done.stats.updated !== 1) throw conflict('报名状态已变化，请刷新后重试');
  if (s.state === 'signed') await promote(database, ev, now);
  return { ...s, state: 'cancelled', seat: null, waitSeq: null };
}

/** Fills free seats from the head of the waiting list, telling each who moves up. */
export async function promote(database: Database, ev: EventDoc, now: Date): Promise<number> {
  const _ = database.command;
  const signups = database.collection<SignupDoc>(SIGNUPS);
  let moved = 0;
  for (let guard = 0; guard < ev.capacity + 50; guard += 1) {
    const first = (
      await signups
        .where({ eventId: ev._id, state: 'waiting', waitSeq: _.gt(0) })
        .orderBy('waitSeq', 'asc')
        .limit(1)
        .get()
    ).data[0];
    if (!first) return moved;
    const seat = await takeSeat(database, ev, first.openid, now);
    if (seat === null) return moved;
    const placed = await signups.where({ _id: first._id, state: 'waiting' }).update({ data: { state: 'signed', seat, waitSeq: null, updatedAt: now } });
    if (placed.stats.updated !== 1) {
      // they gave up their place in the list meanwhile: the seat is not theirs to keep
      await releaseSeat(database, ev._id, seat, first.openid);
      continue;
    }
    moved += 1;
    await tellAfterWrite(
      database,
      'events',
      `${ev._id} promoted ${first._id}`,
      () => [
        {
          openid: first.openid,
          template: 'communityNotice',
          title: '活动候补成功',
          body: `您候补的活动《${ev.title}》有名额空出，已为您报名成功，请准时参加。`,
          values: { title: ev.title, from: '社区活动报名', at: ev.startsAt, note: '候补成功，已为您报名' },
          page: `/packages/community/event/index?id=${ev._id}`,
        },
      ],
      now,
    );
  }
  return moved;
}
