// The emulator's clock. Tests fix it to an instant so that functions (Date in their worker),
// serverDate and timers all see exactly that time; released, it follows the machine's clock.

export interface Clock {
  /** Fixes the clock at `d`, or releases it with null. */
  fix(d: Date | null): void;
  now(): Date;
  /** The fixed instant in ms, or null when the clock follows real time. */
  fixedAt(): number | null;
  /** Called after every fix/release (the scheduler pauses while the clock is fixed). */
  onChange(listener: () => void): void;
}

export function createClock(): Clock {
  let fixed: number | null = null;
  const listeners: Array<() => void> = [];
  return {
    fix(d) {
      if (d !== null && Number.isNaN(d.getTime())) throw new RangeError('invalid date for the clock');
      fixed = d === null ? null : d.getTime();
      for (const listener of listeners) listener();
    },
    now() {
      return new Date(fixed ?? Date.now());
    },
    fixedAt() {
      return fixed;
    },
    onChange(listener) {
      listeners.push(listener);
    },
  };
}
