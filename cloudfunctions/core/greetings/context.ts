// What one greetings run carries from step to step (core/greetings/run.ts): its clock and
// budget, what it has done so far (the report), the communities and texts it has read, and the
// fault a caller may inject (tests do).
import { performance } from 'node:perf_hooks';
import type { OccasionKey } from '../../../types/greetings';
import type { CommunityDoc } from '../accounts/model';
import type { Database } from '../sdk';
import type { Faults } from '../workflow/sweep';
import { templatesOf } from './data';
import type { GreetingTemplateDoc } from './model';

export interface GreetReport {
  /** YYYY-MM-DD, Shanghai */
  date: string;
  /** today's occasion runs, `${communityId}:${occasion}` */
  occasions: string[];
  skipped: 'quiet_hours' | null;
  /** greetings this run claimed and delivered */
  greeted: number;
  /** of those and of the resumed/retried, subscription messages WeChat accepted */
  pushed: number;
  /** dead runs' greetings this run finished */
  resumed: number;
  /** transient failures tried again */
  retried: number;
  /** people whose greeting another run had already claimed */
  alreadyClaimed: number;
  pages: number;
  /** every occasion of today is worked through (retries may still be waiting) */
  complete: boolean;
}

export interface Target {
  openid: string;
  name: string | null;
  communityId: string;
}

export interface Plan {
  key: string;
  communityId: string;
  occasion: OccasionKey;
}

export interface Ctx {
  database: Database;
  now: Date;
  date: string;
  year: number;
  runId: string;
  started: number;
  budgetMs: number;
  maxGreetings: number;
  report: GreetReport;
  communities: Map<string, CommunityDoc>;
  templates: Map<string, Promise<Map<OccasionKey, GreetingTemplateDoc>>>;
  claims: number;
  faults: Faults;
  /** the injected fault that killed this run, once one has */
  fault: { error: unknown } | null;
}

export const overBudget = (ctx: Ctx): boolean => performance.now() - ctx.started > ctx.budgetMs;

/** Called before every step that touches the world: a run killed by an injected fault does nothing more. */
export function alive(ctx: Ctx): void {
  if (ctx.fault) throw ctx.fault.error;
}

export function templates(ctx: Ctx, communityId: string): Promise<Map<OccasionKey, GreetingTemplateDoc>> {
  let found = ctx.templates.get(communityId);
  if (!found) {
    found = templatesOf(ctx.database, communityId);
    ctx.templates.set(communityId, found);
  }
  return found;
}
