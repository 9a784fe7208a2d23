import type { Clock } from '@tradeloop/clock';

/**
 * At most `limit` requests in any 60 s on the injected clock (a sliding window). One limit for the
 * whole intake: behind a reverse proxy every request comes from the proxy's address, so a
 * per-address limit would be no limit at all.
 */
export class MinuteRateLimit {
  readonly #clock: Clock;
  readonly #limit: number;
  readonly #times: number[] = [];

  constructor(clock: Clock, limit: number) {
    this.#clock = clock;
    this.#limit = limit;
  }

  /** Counts one request; false when it is over the limit (it is not counted then). */
  take(): boolean {
    const now = this.#clock.now();
    while (this.#times.length > 0 && (this.#times[0] as number) <= now - 60_000) this.#times.shift();
    if (this.#times.length >= this.#limit) return false;
    this.#times.push(now);
    return true;
  }

  /** Seconds until one more request would be allowed (for `Retry-After`). */
  retryAfterSeconds(): number {
    const oldest = this.#times[0];
    if (oldest === undefined) return 0;
    return Math.max(1, Math.ceil((oldest + 60_000 - this.#clock.now()) / 1000));
  }
}
