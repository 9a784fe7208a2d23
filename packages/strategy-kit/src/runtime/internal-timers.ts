import type { CancelTimer, Clock } from '@tradeloop/clock';

/**
 * The runtime's own timers (lookups, reconciliation, candle closes, the day roll) on its clock,
 * remembered so that shutdown cancels every one still waiting.
 */
export class InternalTimers {
  readonly #clock: Clock;
  readonly #pending = new Set<{ cancel: CancelTimer }>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Calls `callback` once, `delayMs` from now on the clock, unless canceled first. */
  set(delayMs: number, callback: () => void): void {
    const timer = { cancel: (() => {}) as CancelTimer };
    timer.cancel = this.#clock.setTimer(delayMs, () => {
      this.#pending.delete(timer);
      callback();
    });
    this.#pending.add(timer);
  }

  cancelAll(): void {
    for (const timer of this.#pending) timer.cancel();
    this.#pending.clear();
  }
}
