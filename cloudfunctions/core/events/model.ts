// How community events, sign-ups and seats are stored. Times are Date.
import type { ActorRole } from '../../../types/enums';
import type { EventAction, EventState, SignupState } from '../../../types/events';

export interface EventDoc {
  _id: string;
  communityId: string;
  /** the plan's year (Shanghai year of the start) */
  year: number;
  title: string;
  description: string;
  place: string;
  startsAt: Date;
  endsAt: Date;
  signUpBy: Date;
  capacity: number;
  state: EventState;
  rev: number;
  record: { attended: number; checkedIn: number; photos: string[]; notes: string; summary: string; by: string; byName: string | null; at: Date } | null;
  cancelReason: string | null;
  events: Array<{ action: EventAction; from: EventState | null; to: EventState; actorRole: ActorRole; actorId: string; actorName: string | null; at: Date; note: string | null }>;
  createdAt: Date;
  updatedAt: Date;
}

/** One person's sign-up: `_id` `<event>:<openid>` (one per person and event). */
export interface SignupDoc {
  _id: string;
  eventId: string;
  communityId: string;
  openid: string;
  unit: string;
  name: string | null;
  state: SignupState;
  /** the seat held while signed */
  seat: number | null;
  /** the place in the waiting list (a counter: earlier is smaller); null unless waiting */
  waitSeq: number | null;
  /** the check-in code's reference (unique); the signature is computed when shown */
  ref: string;
  checkedInAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A place at an event: `_id` `<event>:<n>` for n in 1..capacity, inserted by whoever takes it. The
 * store's unique `_id` is what keeps an event from ever going over capacity, however many sign up
 * at once: there are only `capacity` ids to take.
 */
export interface SeatDoc {
  _id: string;
  eventId: string;
  n: number;
  holder: string;
  at: Date;
}

export const EVENTS = 'communityEvents';
export const SIGNUPS = 'eventSignups';
export const SEATS = 'eventSeats';
export const EVENT_COUNTERS = 'eventCounters';
