// How greetings are stored. `greetings` is the ledger that makes sending exactly-once: one document
// per person, occasion and year, whose `_id` is that triple, inserted (claimed) before anything is
// sent. `greetRuns` keeps each day's place per community and occasion; `greetingTemplates` holds a
// community's texts and its own dates.
import { createHash } from 'node:crypto';
import type { OccasionKey } from '../../../types/greetings';
import type { SendResult } from '../notify/model';

export const GREETINGS = 'greetings';
export const GREET_RUNS = 'greetRuns';
export const GREETING_TEMPLATES = 'greetingTemplates';

/**
 * claimed → (inbox written) → pushing → done, or pushing → retry → pushing … for a transient
 * WeChat failure. `heldAt` is when the current holder last took it: a `claimed` or `pushing`
 * greeting held longer than a function can live belongs to a dead run.
 */
export type GreetingState = 'claimed' | 'pushing' | 'retry' | 'done';

/** What became of the subscription message: notify's results, plus `unknown` (the run died while
 * WeChat was being asked, so it may or may not have gone out) and `expired` (a retry still due when
 * the greeting's day was over). */
export type PushOutcome = SendResult | 'unknown' | 'expired';

export interface GreetingDoc {
  /** `${year}:${occasion}:${openid}` — the exactly-once key */
  _id: string;
  openid: string;
  /** the community whose text was used (the counts are per community) */
  communityId: string;
  occasion: OccasionKey;
  year: number;
  /** YYYY-MM-DD, Shanghai */
  date: string;
  state: GreetingState;
  /** the run holding it */
  runId: string;
  heldAt: Date;
  /** subscription sends tried */
  attempts: number;
  retryAt: Date | null;
  /** the rendered message, kept so that a resumed or retried greeting sends exactly what was claimed */
  title: string;
  body: string;
  occasionName: string;
  push: PushOutcome | null;
  errcode: number | null;
  createdAt: Date;
  doneAt: Date | null;
}

export interface GreetRunDoc {
  /** `${date}:${communityId}:${occasion}`; birthdays are one run for all communities (`*`) */
  _id: string;
  date: string;
  communityId: string;
  occasion: OccasionKey;
  /** the last `_id` (a binding's, or a person's for birthdays) whose page is finished */
  cursor: string;
  done: boolean;
  pages: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface GreetingTemplateDoc {
  /** `${communityId}:${occasion}` */
  _id: string;
  communityId: string;
  occasion: OccasionKey;
  custom: boolean;
  /** custom dates only */
  name: string | null;
  /** custom dates only: MM-DD, every year */
  monthDay: string | null;
  text: string;
  updatedAt: Date;
  updatedBy: string;
}

export const greetingId = (year: number, occasion: OccasionKey, openid: string): string => `${year}:${occasion}:${openid}`;
export const runId = (date: string, communityId: string, occasion: OccasionKey): string => `${date}:${communityId}:${occasion}`;
export const templateId = (communityId: string, occasion: OccasionKey): string => `${communityId}:${occasion}`;
/** The greeting's inbox entry has a fixed id, so writing it again after a crash changes nothing. */
export const inboxIdOf = (greeting: string): string => createHash('sha256').update(`greeting\n${greeting}`).digest('hex').slice(0, 32);
