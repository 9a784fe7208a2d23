import type { Clock as TimeAndTimers } from '@tradeloop/clock';

/** A source of time in ms since the epoch (`now()`): the read-only half of `@tradeloop/clock`'s `Clock`. */
export type Clock = Pick<TimeAndTimers, 'now'>;

/** Cancels a scheduled callback. */
export type CancelTimer = () => void;

/**
 * The one source of time and of timers for a runtime. Strategies read time only through it, so a
 * run can be replayed with a {@link ManualClock}.
 */
export interface RuntimeClock extends Clock {
  /** Calls `callback` once, `delayMs` from now on this clock. */
  setTimer(delayMs: number, callback: () => void): CancelTimer;
}

/** Wall-clock time and Node timers. */
export const systemRuntimeClock: RuntimeClock = {
  now: () => Date.now(),
  setTimer(delayMs, callback) {
    const handle = setTimeout(callback, Math.max(0, delayMs));
    return () => clearTimeout(handle);
  },
};

interface PendingTimer {
  readonly at: number;
  readonly sequence: number;
  readonly callback: () => void;
  canceled: boolean;
}

/**
 * A clock that moves only when told: for tests and backtests. Timers fire in time order (ties
 * in scheduling order) as {@link ManualClock.advanceBy} / {@link ManualClock.advanceTo} pass them.
 *
 * @example
 * const clock = new ManualClock(Date.UTC(2026, 0, 1));
 * clock.setTimer(1000, () => console.log('one second later'));
 * clock.advanceBy(1000);
 */
export class ManualClock implements RuntimeClock {
  #now: number;
  #sequence = 0;
  #timers: PendingTimer[] = [];

  constructor(startMs = 0) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  setTimer(delayMs: number, callback: () => void): CancelTimer {
    const timer: PendingTimer = {
      at: this.#now + Math.max(0, delayMs),
      sequence: this.#sequence++,
      callback,
      canceled: false,
    };
    this.#timers.push(timer);
    return () => {
      timer.canceled = true;
    };
  }

  /** Moves time forward by `ms`, firing every timer due on the way. */
  advanceBy(ms: number): void {
    this.advanceTo(this.#now + ms);
  }

  /** Moves time to `ms` (never backwards), firing every timer due on the way. */
  advanceTo(ms: number): void {
    for (;;) {
      this.#timers = this.#timers.filter((timer) => !timer.canceled);
      let next: PendingTimer | undefined;
      for (const timer of this.#timers)
        if (
          timer.at <= ms &&
          (next === undefined ||
            timer.at < next.at ||
            (timer.at === next.at && timer.sequence < next.sequence))
        )
          next = timer;
      if (next === undefined) break;
      next.canceled = true;
      this.#now = Math.max(this.#now, next.at);
      next.callback();
    }
    this.#now = Math.max(this.#now, ms);
  }

  /** Timers still waiting. */
  get pendingTimers(): number {
    return this.#timers.filter((timer) => !timer.canceled).length;
  }
}
