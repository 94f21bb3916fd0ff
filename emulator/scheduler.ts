// Timer triggers: each function's config.json may declare one 7-field cron (sec min hour day
// month week year), evaluated in Asia/Shanghai whatever the process's TZ. `tick(now)` fires what
// is due at `now` (tests drive it with chosen instants); `start()` ticks every second on the
// real clock, and does nothing while the emulator's clock is fixed.

import { Cron } from 'croner';
import type { Clock } from './clock';
import type { FunctionRunner, InvokeOutcome } from './runner';

export const TIMER_ZONE = 'Asia/Shanghai';

export interface Fired {
  name: string;
  trigger: string;
  /** The scheduled instant that fired. */
  time: Date;
  outcome: InvokeOutcome;
}

interface Entry {
  name: string;
  trigger: string;
  cron: Cron;
  next: Date | null;
}

/** The event WeChat hands a timer-triggered function. */
export function timerEvent(trigger: string, time: Date): Record<string, unknown> {
  return {
    Type: 'Timer',
    TriggerName: trigger,
    // WeChat's form: second precision, UTC.
    Time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    Message: '',
  };
}

export class Scheduler {
  private entries: Entry[] = [];
  private interval: NodeJS.Timeout | null = null;
  private ticking = false;

  constructor(
    private readonly runner: FunctionRunner,
    private readonly clock: Clock,
  ) {}

  /** Reads every function's timer and plans its next run after `from`. */
  load(from: Date = this.clock.now()): void {
    this.entries = [];
    for (const name of this.runner.list()) {
      const timer = this.runner.config(name)?.timer;
      if (!timer) continue;
      try {
        const cron = new Cron(timer.config, { timezone: TIMER_ZONE, paused: true });
        this.entries.push({ name, trigger: timer.name, cron, next: cron.nextRun(from) });
      } catch (error) {
        console.error(`[local cloud] ${name}: invalid timer "${timer.config}": ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /** Each timer's next planned run. */
  planned(): Array<{ name: string; trigger: string; next: Date | null }> {
    return this.entries.map((e) => ({ name: e.name, trigger: e.trigger, next: e.next }));
  }

  /** The next instants a function's timer fires after `from` (for tests and tooling). */
  nextRuns(name: string, count: number, from: Date): Date[] {
    const entry = this.entries.find((e) => e.name === name);
    return entry ? entry.cron.nextRuns(count, from) : [];
  }

  /**
   * Fires every timer due at `now` (once each, however many runs were missed, as a sleeping
   * laptop would), then plans its next run after `now`.
   */
  async tick(now: Date): Promise<Fired[]> {
    const due = this.entries.filter((e) => e.next !== null && e.next.getTime() <= now.getTime());
    const fired = await Promise.all(
      due.map(async (entry) => {
        const time = entry.next as Date;
        entry.next = entry.cron.nextRun(now);
        const outcome = await this.runner.invoke(entry.name, timerEvent(entry.trigger, time), { source: 'wx_trigger' });
        if (!outcome.ok) console.error(`[local cloud] timer ${entry.name} failed: ${outcome.message}`);
        return { name: entry.name, trigger: entry.trigger, time, outcome };
      }),
    );
    return fired;
  }

  start(): void {
    if (this.interval) return;
    this.interval = setInterval(() => {
      // A fixed clock means a test is in charge of time: no automatic firing.
      if (this.clock.fixedAt() !== null || this.ticking) return;
      this.ticking = true;
      this.tick(new Date()).finally(() => {
        this.ticking = false;
      });
    }, 1000);
    this.interval.unref();
    // After the clock is released, plan from the real time again rather than fire a backlog.
    this.clock.onChange(() => {
      if (this.clock.fixedAt() === null) this.load(new Date());
    });
  }

  stop(): void {
    if (this.interval) clearInterval(this.interval);
    this.interval = null;
  }
}
