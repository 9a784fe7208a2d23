import type { CancelTimer, Clock } from '@tradeloop/clock';

/**
 * Fires `onSilence` when nothing was heard for `timeoutMs` on `clock`. `feed()` on every frame and
 * pong is a field write; the timer re-arms itself only when it expires, so a busy feed costs no
 * timer churn.
 */
export class Watchdog {
  readonly #timeoutMs: number;
  readonly #clock: Clock;
  readonly #onSilence: (silentForMs: number) => void;
  #lastHeardAt = 0;
  #cancelTimer: CancelTimer | undefined;

  constructor(timeoutMs: number, clock: Clock, onSilence: (silentForMs: number) => void) {
    this.#timeoutMs = timeoutMs;
    this.#clock = clock;
    this.#onSilence = onSilence;
  }

  /** Starts watching from now. */
  start(): void {
    this.stop();
    this.#lastHeardAt = this.#clock.now();
    this.#arm(this.#timeoutMs);
  }

  /** Records that something was heard. */
  feed(): void {
    this.#lastHeardAt = this.#clock.now();
  }

  stop(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
  }

  #arm(delayMs: number): void {
    this.#cancelTimer = this.#clock.setTimer(Math.max(1, delayMs), () => this.#check());
  }

  #check(): void {
    this.#cancelTimer = undefined;
    const silentForMs = this.#clock.now() - this.#lastHeardAt;
    if (silentForMs >= this.#timeoutMs) {
      this.#onSilence(silentForMs);
      return;
    }
    this.#arm(this.#timeoutMs - silentForMs);
  }
}
