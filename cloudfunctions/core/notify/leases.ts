// Shared by the sweeps that claim an alert and then deliver it (tickets' slaSweep, questionSweep,
// passSweep): an alert in hand is held by a lease in `alertLeases` until its notices are delivered,
// so that a run dying in between leaves it to be resumed instead of lost (docs/rules.md, The SLA
// sweep). The helpers below are the lease's life for a sweep whose alert is a list of recipients
// (questions, passes); the SLA sweep keeps its own, richer leases.
import { randomBytes } from 'node:crypto';
import { type Notification, deliverOnce } from './index';
import { type Database, isDuplicateError } from '../sdk';
import { DELIVERIES } from './model';

/** The collection of leases; index (source, until) finds the expired ones of each sweep. */
export const ALERT_LEASES = 'alertLeases';

/**
 * How long a lease protects an alert in hand: well past the sweeps' 60-second limit (their
 * config.json), so a lease this old belongs to a dead run.
 */
export const LEASE_MS = 2 * 60_000;

/** Thrown by the sweeps' test hook (`crashAfterClaims`): the instance is gone. */
export class SweepCrash extends Error {}

/**
 * `deliverOnce`'s markers serve only while a notice may be attempted again: a lease is resumed at
 * most 3 times, minutes apart. A week covers that with room; older markers are removed by the SLA
 * sweep, a bounded number of pages per run, through the `at` index (only expired rows are read).
 */
export const DELIVERY_TTL_MS = 7 * 24 * 60 * 60_000;

export async function expireDeliveries(database: Database, now: Date, maxBatches = 20): Promise<number> {
  const _ = database.command;
  const expired = { at: _.lt(new Date(now.getTime() - DELIVERY_TTL_MS)) };
  let removed = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const page = await database.collection<{ _id: string }>(DELIVERIES).where(expired).orderBy('at', 'asc').field({ _id: true }).limit(100).get();
    if (page.data.length === 0) break;
    const gone = await database
      .collection(DELIVERIES)
      .where({ _id: _.in(page.data.map((d) => d._id)), ...expired })
      .remove();
    removed += gone.stats.removed;
    if (page.data.length < 100) break;
  }
  return removed;
}

/** What every recipient-list lease holds; a sweep adds the text its notices need. */
export interface RecipientLease {
  /** `<source>:<subject id>:<what the alert is about>`: the key of its notices too */
  _id: string;
  source: string;
  /** who is told */
  openids: string[];
  /** the holder run's token; a take-over is conditional on it */
  token: string;
  until: Date;
  /** take-overs so far */
  attempts: number;
  createdAt: Date;
}

/** A resumed lease whose notices failed this many take-overs is given up (logged). */
export const MAX_LEASE_ATTEMPTS = 3;

/** One sweep run as the leases see it: its token, and the test hook that kills it after a claim. */
export interface LeaseRun {
  database: Database;
  now: Date;
  token: string;
  claims: number;
  crashAfter: number;
}

export function leaseRun(database: Database, now: Date, crashAfterClaims?: number): LeaseRun {
  return { database, now, token: randomBytes(8).toString('hex'), claims: 0, crashAfter: crashAfterClaims ?? Infinity };
}

/** The test hook: the instance is gone once it has made `crashAfterClaims` claims. */
export function alive(run: LeaseRun): void {
  if (run.claims >= run.crashAfter) throw new SweepCrash('the sweep instance is gone');
}

/** Takes the lease before the claim; false when another run holds it (alive, or dead and resumed). */
export async function takeLease(run: LeaseRun, lease: RecipientLease): Promise<boolean> {
  try {
    await run.database.collection(ALERT_LEASES).add({ data: { ...lease } });
    return true;
  } catch (error) {
    if (!isDuplicateError(error)) throw error;
    return false;
  }
}

/** Drops a lease this run holds (conditional on its token: a run that lost it removes nothing). */
export async function releaseLease(run: LeaseRun, id: string): Promise<void> {
  alive(run);
  await run.database.collection(ALERT_LEASES).where({ _id: id, token: run.token }).remove();
}

/**
 * Delivers a claimed alert from its lease, each recipient through `deliverOnce` keyed by the lease,
 * then drops the lease; a failure leaves it for a later run (logged under `label`).
 */
export async function deliverLease<L extends RecipientLease>(run: LeaseRun, lease: L, notice: (openid: string) => Notification, label: string): Promise<boolean> {
  alive(run);
  const outcomes = await Promise.allSettled(lease.openids.map((openid) => deliverOnce(run.database, lease._id, notice(openid), run.now)));
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) {
    console.error(`[${label}] notices failed; a later run resumes them`, lease._id, failed.reason);
    return false;
  }
  await releaseLease(run, lease._id);
  return true;
}

/**
 * Leases of `source` held past LEASE_MS (their run died): each taken over (conditional on the dead
 * holder's token, so of two runs one takes it) and, if its claim landed (`landed`), delivered
 * (`deliver`); a lease whose claim never landed is dropped — nothing went out and the subject is
 * still due. Returns how many were delivered.
 */
export async function resumeExpiredLeases<L extends RecipientLease>(
  run: LeaseRun,
  source: string,
  overBudget: () => boolean,
  landed: (lease: L) => Promise<boolean>,
  deliver: (lease: L) => Promise<boolean>,
  label: string,
): Promise<number> {
  const { database, now } = run;
  const _ = database.command;
  const leases = database.collection<L>(ALERT_LEASES);
  let resumed = 0;
  for (;;) {
    if (overBudget()) return resumed;
    const expired = await leases.where({ source, until: _.lte(now) }).orderBy('until', 'asc').limit(100).get();
    for (const lease of expired.data) {
      if (overBudget()) return resumed;
      const attempts = lease.attempts + 1;
      if (attempts > MAX_LEASE_ATTEMPTS) {
        console.error(`[${label}] giving up an alert whose notices keep failing`, lease._id);
        await leases.where({ _id: lease._id, token: lease.token }).remove();
        continue;
      }
      const taken = await leases.where({ _id: lease._id, token: lease.token }).update({ data: { token: run.token, until: new Date(now.getTime() + LEASE_MS), attempts } });
      if (taken.stats.updated !== 1) continue; // another run took it
      const held: L = { ...lease, token: run.token };
      if (await landed(held)) {
        if (await deliver(held)) resumed += 1;
      } else {
        await releaseLease(run, lease._id);
      }
    }
    if (expired.data.length < 100) return resumed;
  }
}
