/** Cancels a timer set with {@link Clock.setTimer}; calling it again, or after the timer ran, does nothing. */
export type CancelTimer = () => void;

/**
 * The one source of time and timers in tradeloop. Every component that waits, times out, limits a
 * rate or stamps an event takes a `Clock`, so a test or a backtest can drive all of them at once
 * with a {@link ManualClock}.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch, on this clock. */
  now(): number;
  /** Calls `callback` once, `delayMs` from now on this clock (a negative delay counts as 0). */
  setTimer(delayMs: number, callback: () => void): CancelTimer;
}

/** Options for {@link createSystemClock}. */
export interface SystemClockOptions {
  /**
   * `true`: timers never keep the process alive by themselves (`timer.unref()`), for background
   * work such as a server's housekeeping. Default `false`.
   */
  unrefTimers?: boolean;
}

/** Wall-clock time (`Date.now()`) and Node timers. */
export function createSystemClock(options: SystemClockOptions = {}): Clock {
  const unref = options.unrefTimers === true;
  return {
    now: () => Date.now(),
    setTimer(delayMs, callback) {
      const handle = setTimeout(callback, Math.max(0, delayMs));
      if (unref) handle.unref();
      return () => clearTimeout(handle);
    },
  };
}

/** The machine's clock: `Date.now()` and Node timers that keep the process alive. */
export const systemClock: Clock = createSystemClock();

/**
 * Resolves after `delayMs` on `clock`; rejects with the signal's reason if `signal` aborts first.
 *
 * @example
 * await sleep(systemClock, 250);
 */
export function sleep(clock: Clock, delayMs: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      cancel();
      reject(signal?.reason);
    };
    const cancel = clock.setTimer(delayMs, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
