import { z } from 'zod';
import { CommunityId, Id, IsoTime } from './common';

// Community events (社区文化活动, SPEC §15): the yearly plan (at least two a year; the lead is
// warned once when fewer are planned), each event with date, place, capacity and sign-up deadline;
// owners sign up and cancel (never over capacity; a waiting list moves up), check in by QR, and a
// steward records the event afterwards (社区文化活动记录表 / 总结).

/** planned (in the year's plan) → open (owners sign up) → held (recorded); planned | open → cancelled. */
export const EventState = z.enum(['planned', 'open', 'held', 'cancelled']);
export type EventState = z.infer<typeof EventState>;

export const EventAction = z.enum(['plan', 'open', 'record', 'cancel']);
export type EventAction = z.infer<typeof EventAction>;

export const SignupState = z.enum(['signed', 'waiting', 'cancelled']);
export type SignupState = z.infer<typeof SignupState>;

/** At least this many events a year (管家服务承诺: 社区文化活动 ≥ 2 次/年). */
export const EVENTS_PER_YEAR = 2;

const PhotoId = z
  .string()
  .regex(/^cloud:\/\/\S+$/, '图片地址不正确')
  .max(512);

export const CommunityEvent = z.object({
  id: z.string(),
  communityId: z.string(),
  year: z.number().int(),
  title: z.string(),
  description: z.string(),
  place: z.string(),
  startsAt: IsoTime,
  endsAt: IsoTime,
  signUpBy: IsoTime,
  capacity: z.number().int(),
  state: EventState,
  signed: z.number().int(),
  waiting: z.number().int(),
  /** the caller's sign-up, and its check-in code while they hold a place */
  mine: z.object({ state: SignupState, position: z.number().int().nullable(), code: z.string().nullable(), checkedIn: z.boolean() }).nullable(),
  record: z
    .object({
      attended: z.number().int(),
      checkedIn: z.number().int(),
      photos: z.array(z.string()),
      notes: z.string(),
      summary: z.string(),
      byName: z.string().nullable(),
      at: IsoTime,
    })
    .nullable(),
  cancelReason: z.string().nullable(),
  allowed: z.array(EventAction),
  rev: z.number().int(),
});
export type CommunityEvent = z.infer<typeof CommunityEvent>;

export const Signup = z.object({ name: z.string().nullable(), unit: z.string(), state: SignupState, position: z.number().int().nullable(), checkedIn: z.boolean() });
export type Signup = z.infer<typeof Signup>;

const reply = z.object({ event: CommunityEvent });
const byId = z.object({ id: Id }).strict();
const Details = {
  title: z.string().trim().min(2, '标题至少 2 个字').max(40),
  description: z.string().trim().max(1000).default(''),
  place: z.string().trim().min(2, '请填写活动地点').max(60),
  startsAt: IsoTime,
  endsAt: IsoTime,
  signUpBy: IsoTime,
  capacity: z.number().int().min(1, '名额至少 1 人').max(500, '名额不超过 500 人'),
};

export const eventActions = {
  /** a steward puts an event in the year's plan (idempotent by requestId) */
  plan: { input: z.object({ communityId: CommunityId.optional(), ...Details }).strict(), output: reply },
  /** opens sign-up: owners see it from now */
  open: { input: byId, output: reply },
  /** the lead cancels a planned or open event; everyone signed or waiting is told */
  cancel: { input: z.object({ id: Id, reason: z.string().trim().min(1, '请填写取消原因').max(200) }).strict(), output: reply },
  /** afterwards: attendance, photos, notes and the summary (社区文化活动记录表 / 总结) */
  record: {
    input: z
      .object({
        id: Id,
        attended: z.number().int().min(0).max(5000),
        photos: z.array(PhotoId).max(9).default([]),
        notes: z.string().trim().min(1, '请填写活动记录').max(2000),
        summary: z.string().trim().min(1, '请填写活动总结').max(2000),
      })
      .strict(),
    output: reply,
  },
  get: { input: byId, output: reply },
  list: {
    input: z
      .object({
        /** upcoming: open events not yet over (owners); plan: the year's plan (staff) */
        view: z.enum(['upcoming', 'plan']).default('upcoming'),
        communityId: CommunityId.optional(),
        year: z.number().int().min(2000).max(2100).optional(),
      })
      .strict()
      .optional()
      .default({ view: 'upcoming' }),
    output: z.object({ events: z.array(CommunityEvent) }),
  },
  /** an owner or resident signs up: a place while any is left, else the waiting list */
  signUp: { input: byId, output: reply },
  /** gives the place up; the first waiting moves up and is told */
  cancelSignUp: { input: byId, output: reply },
  /** staff: who signed up, in order */
  signups: { input: byId, output: z.object({ signups: z.array(Signup) }) },
  /** a steward scans an attendee's code at the event */
  checkIn: { input: z.object({ code: z.string().trim().min(1).max(64) }).strict(), output: z.object({ signup: Signup, event: CommunityEvent }) },
} as const;
