// One lease-based sweep runner for every subject whose documents come due (tickets' slaSweep,
// passSweep, questionSweep). A subject says which documents are due (a collection and its indexed
// due field), how one is worked, what its alert says and who is told; the runner owns the rest:
// the due query in ordered pages, the time budget, and the leases that make every alert exactly
// once across two runs at once and across a run killed anywhere (docs/rules.md, The SLA sweep):
//   1. a lease first: an insert into `alertLeases` keyed by subject and alert, held LEASE_MS; only
//      the run whose insert landed goes on with that alert (`take`);
//   2. the claim: the subject's conditional update of its document (`claimed` counts it);
//   3. the notices, through notify's `deliverOnce` keyed by the lease (`deliver`): a repeat adds
//      nothing to an inbox and asks WeChat nothing twice;
//   4. the lease removed, conditional on this run's token (`release`).
// A run that dies after 1 leaves a lease that expires: the first run after LEASE_MS takes it over
// (conditional on the dead holder's token, so of two runs one does) and hands it to the subject's
// `resume`, which delivers it if its claim landed and otherwise lets the document be swept as it is.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { type Notification, deliverOnce } from '../notify';
import { type Database, isDuplicateError } from '../sdk';

/** The collection of leases; index (source, until) finds the expired ones of each subject. */
export const ALERT_LEASES = 'alertLeases';

/**
 * How long a lease protects an alert in hand: well past the sweeps' 60-second limit (their
 * config.json), so a lease this old belongs to a dead run.
 */
export const LEASE_MS = 2 * 60_000;

/** A lease taken over this many times without its notices going out is given up (logged). */
export const MAX_LEASE_ATTEMPTS = 3;

/**
 * Where a caller may inject a fault (tests do; production passes none). A hook that throws kills
 * the run at that point: the error is thrown from there, and again from every later step.
 */
export interface Faults {
  /** called once the run's `n`th claim has landed */
  afterClaim?(n: number): void;
}

/** What every lease holds; a subject adds what its alert needs to be delivered again. */
export interface LeaseDoc {
  /** `<source>:<subject id>:<what the alert is about>`: the key of its notices too */
  _id: string;
  source: string;
  /** the holding run's; a take-over is conditional on it */
  token: string;
  until: Date;
  /** take-overs so far */
  attempts: number;
  createdAt: Date;
}

/** One notice of an alert, and the `deliverOnce` key it goes under (the lease id, or one derived). */
export interface Delivery {
  key: string;
  notice: Notification;
}

/** A subject's own part of a sweep. */
export interface SweepSubject<D extends { _id: string }, L extends LeaseDoc> {
  /** the timer function's name, for the log */
  name: string;
  /** its leases' `source` */
  source: string;
  /** where its due documents are: `dueField <= now`, through an index on that field */
  collection: string;
  dueField: string;
  /** ties in `dueField` ordered by `_id` too (the subject's index covers both) */
  orderById?: boolean;
  /** works one due document */
  handle(run: SweepRun, doc: D): Promise<void>;
  /** a lease whose run died, now held by this run */
  resume(run: SweepRun, lease: L): Promise<void>;
}

export interface SweepOptions {
  /** the instant the sweep runs at (the function's clock) */
  now: Date;
  /** stop starting new documents after this many ms of work (room before the function's limit) */
  budgetMs?: number;
  /** documents per query, at most 100 (the SDK's page) */
  batchSize?: number;
  /** stop after this many documents worked (the rest is due at the next run) */
  maxItems?: number;
  /**
   * documents worked at once within a page: each is independent when its claims are conditional
   * on its own revision, and the work is waiting on the database
   */
  concurrency?: number;
  faults?: Faults;
}

export interface SweepStats {
  /** due documents read */
  read: number;
  /** due documents worked (read but not worked: left for the next run) */
  handled: number;
  batches: number;
  /** true when the run stopped with due documents possibly left (budget or maxItems) */
  stoppedEarly: boolean;
}

/** One run of a sweep as its subject sees it: the clock, the budget, the leases, the claims. */
export class SweepRun {
  /** this run's, held in its leases */
  readonly token = randomBytes(8).toString('hex');
  private readonly started = performance.now();
  private claims = 0;
  /** the injected fault that killed this run, once one has */
  private fault: { error: unknown } | null = null;

  constructor(
    readonly database: Database,
    readonly now: Date,
    private readonly name: string,
    private readonly source: string,
    private readonly budgetMs: number,
    private readonly faults: Faults = {},
  ) {}

  overBudget(): boolean {
    return performance.now() - this.started > this.budgetMs;
  }

  /** Before every step that touches the world: a run killed by an injected fault does nothing more. */
  alive(): void {
    if (this.fault) throw this.fault.error;
  }

  /** A claim of this run has landed. */
  claimed(): void {
    this.claims += 1;
    try {
      this.faults.afterClaim?.(this.claims);
    } catch (error) {
      this.fault = { error };
      throw error;
    }
  }

  /** The runner's part of a new lease of this run on `id`; the subject adds what its alert needs. */
  lease(id: string): LeaseDoc {
    return { _id: id, source: this.source, token: this.token, until: new Date(this.now.getTime() + LEASE_MS), attempts: 0, createdAt: this.now };
  }

  /** Takes a lease before the claim: false when another run holds it (alive, or dead and to be resumed). */
  async take(lease: LeaseDoc): Promise<boolean> {
    this.alive();
    try {
      await this.database.collection(ALERT_LEASES).add({ data: { ...lease } });
      return true;
    } catch (error) {
      if (!isDuplicateError(error)) throw error;
      return false;
    }
  }

  /** Only while this run still holds it: a run presumed dead must not drop its successor's lease. */
  async release(id: string): Promise<void> {
    this.alive();
    await this.database.collection(ALERT_LEASES).where({ _id: id, token: this.token }).remove();
  }

  /**
   * Delivers a claimed alert's notices (each person's side by side), then drops its lease. A
   * failure (building them, or any one notice) leaves the lease to expire and be taken over — what
   * went out already is not repeated — and answers false.
   */
  async deliver(leaseId: string, notices: () => Delivery[] | Promise<Delivery[]>): Promise<boolean> {
    this.alive();
    try {
      const deliveries = await notices();
      const outcomes = await Promise.allSettled(
        deliveries.map(({ key, notice }) => {
          this.alive();
          return deliverOnce(this.database, key, notice, this.now);
        }),
      );
      const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (failed) throw failed.reason;
    } catch (error) {
      if (this.fault && error === this.fault.error) throw error;
      console.error(`[${this.name}] notices failed; a later run resumes them`, leaseId, error);
      return false;
    }
    await this.release(leaseId);
    return true;
  }
}

/** The notices of a lease whose alert goes to a list of people, all under the lease's key. */
export function toEach(lease: LeaseDoc & { openids: string[] }, notice: (openid: string) => Notification): Delivery[] {
  return [...new Set(lease.openids)].map((openid) => ({ key: lease._id, notice: notice(openid) }));
}

/** A document that carries its alerts (`alerts.<name>`: the claim's time) and a revision. */
export interface AlertedDoc {
  _id: string;
  rev: number;
  alerts?: Record<string, Date>;
}

/** One alert of one document: where it is, what the claim writes besides, how its notices go out. */
export interface OneAlert<L extends LeaseDoc> {
  collection: string;
  /** the key in `alerts` */
  name: string;
  lease: L;
  /** the notices of the lease (built from the lease alone, so a resumed one says the same) */
  finish(run: SweepRun, lease: L): Promise<boolean>;
}

/**
 * Steps 1–3 of an alert for a document read as `doc`: the lease, the claim — `alerts.<name>` set to
 * the run's clock (the lease's `createdAt`, which tells a resumed lease its claim landed) with the
 * revision bumped, conditional on the revision read — then the notices. `also` adds fields the
 * claim writes (the document's next due time). True when this run delivered the alert.
 */
export async function alertOnce<L extends LeaseDoc>(
  run: SweepRun,
  doc: AlertedDoc,
  alert: OneAlert<L> & { also?: (alerts: Record<string, Date>) => Record<string, unknown> },
): Promise<boolean> {
  // another run has it in hand (or died with it: its lease is resumed)
  if (!(await run.take(alert.lease))) return false;
  const _ = run.database.command;
  const alerts = { ...doc.alerts, [alert.name]: run.now };
  const claimed = await run.database
    .collection(alert.collection)
    .where({ _id: doc._id, rev: doc.rev })
    .update({ data: { alerts: _.set(alerts), rev: _.inc(1), ...(alert.also?.(alerts) ?? {}) } });
  if (claimed.stats.updated !== 1) {
    // changed meanwhile (another run claimed it, or a person moved it): nothing to tell
    await run.release(alert.lease._id);
    return false;
  }
  run.claimed();
  return alert.finish(run, alert.lease);
}

/**
 * A dead run's lease on the alert of document `id`: delivered when its claim landed (the
 * document's `alerts.<name>` is the lease's `createdAt`), otherwise released so the document is
 * swept as it is now. True when this run delivered it.
 */
export async function resumeAlert<L extends LeaseDoc>(run: SweepRun, id: string, alert: OneAlert<L>): Promise<boolean> {
  const found = await run.database.collection<AlertedDoc>(alert.collection).where({ _id: id }).field({ alerts: true }).limit(1).get();
  if (found.data[0]?.alerts?.[alert.name]?.getTime() === alert.lease.createdAt.getTime()) return alert.finish(run, alert.lease);
  // the claim never landed: nothing went out, and the document is still due
  await run.release(alert.lease._id);
  return false;
}

/**
 * Runs a sweep: first the leases dead runs left (mostly one indexed query that finds nothing), then
 * the due documents, oldest due first, until none is left, the budget is spent or `maxItems` are
 * worked. A document still due after it was worked (a concurrent write beat the subject's update)
 * is left for the next run rather than read over and over now.
 */
export async function runSweep<D extends { _id: string }, L extends LeaseDoc>(database: Database, subject: SweepSubject<D, L>, options: SweepOptions): Promise<SweepStats> {
  const { now } = options;
  const run = new SweepRun(database, now, subject.name, subject.source, options.budgetMs ?? Infinity, options.faults);
  const batchSize = Math.min(100, Math.max(1, options.batchSize ?? 100));
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const maxItems = options.maxItems ?? Infinity;
  const stats: SweepStats = { read: 0, handled: 0, batches: 0, stoppedEarly: false };
  const _ = database.command;

  await resumeExpired(run, subject);

  const seen = new Set<string>();
  const stuck: string[] = [];
  for (;;) {
    run.alive();
    const where: Record<string, unknown> = { [subject.dueField]: _.lte(now) };
    if (stuck.length > 0) where._id = _.nin(stuck);
    let query = database.collection<D>(subject.collection).where(where).orderBy(subject.dueField, 'asc');
    if (subject.orderById) query = query.orderBy('_id', 'asc');
    const batch = await query.limit(batchSize).get();
    stats.batches += 1;
    stats.read += batch.data.length;
    const fresh: D[] = [];
    for (const doc of batch.data) {
      if (seen.has(doc._id)) stuck.push(doc._id);
      else fresh.push(doc);
    }
    // A few at a time; each is started only while the budget and the limit allow.
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < fresh.length && !stats.stoppedEarly) {
        if (stats.handled >= maxItems || run.overBudget()) {
          stats.stoppedEarly = true;
          return;
        }
        const doc = fresh[next];
        next += 1;
        seen.add(doc._id);
        stats.handled += 1;
        await subject.handle(run, doc);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, fresh.length) }, worker));
    if (stats.stoppedEarly || batch.data.length < batchSize) return stats;
  }
}

/** Leases of the subject held past LEASE_MS (their run died): taken over, oldest first, and resumed. */
async function resumeExpired<D extends { _id: string }, L extends LeaseDoc>(run: SweepRun, subject: SweepSubject<D, L>): Promise<void> {
  const { database, now } = run;
  const _ = database.command;
  const leases = database.collection<L>(ALERT_LEASES);
  for (;;) {
    if (run.overBudget()) return;
    run.alive();
    const expired = await leases
      .where({ source: subject.source, until: _.lte(now) })
      .orderBy('until', 'asc')
      .limit(100)
      .get();
    for (const lease of expired.data) {
      if (run.overBudget()) return;
      run.alive();
      const attempts = (lease.attempts ?? 0) + 1;
      if (attempts > MAX_LEASE_ATTEMPTS) {
        console.error(`[${subject.name}] giving up an alert whose notices keep failing`, lease._id);
        await leases.where({ _id: lease._id, token: lease.token }).remove();
        continue;
      }
      const until = new Date(now.getTime() + LEASE_MS);
      // Conditional on the dead holder's token: of two runs at once, one takes it.
      const taken = await leases.where({ _id: lease._id, token: lease.token }).update({ data: { token: run.token, until, attempts } });
      if (taken.stats.updated !== 1) continue;
      await subject.resume(run, { ...lease, token: run.token, until, attempts });
    }
    if (expired.data.length < 100) return;
  }
}
