/**
 * Fires `onSilence` when nothing was heard for `timeoutMs`. `feed()` on every frame and pong is a
 * field write; the timer re-arms itself only when it expires, so a busy feed costs no timer churn.
 */
export class Watchdog {
  readonly #timeoutMs: number;
  readonly #now: () => number;
  readonly #onSilence: (silentForMs: number) => void;
  #lastHeardAt = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(timeoutMs: number, now: () => number, onSilence: (silentForMs: number) => void) {
    this.#timeoutMs = timeoutMs;
    this.#now = now;
    this.#onSilence = onSilence;
  }

  /** Starts watching from now. */
  start(): void {
    this.stop();
    this.#lastHeardAt = this.#now();
    this.#arm(this.#timeoutMs);
  }

  /** Records that something was heard. */
  feed(): void {
    this.#lastHeardAt = this.#now();
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #arm(delayMs: number): void {
    this.#timer = setTimeout(() => this.#check(), Math.max(1, delayMs));
    this.#timer.unref?.();
  }

  #check(): void {
    this.#timer = undefined;
    const silentForMs = this.#now() - this.#lastHeardAt;
    if (silentForMs >= this.#timeoutMs) {
      this.#onSilence(silentForMs);
      return;
    }
    this.#arm(this.#timeoutMs - silentForMs);
  }
}
