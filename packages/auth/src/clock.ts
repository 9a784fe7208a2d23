import { type CancelTimer, type Clock, systemClock } from '@tradeloop/clock';

/**
 * How `CB-ACCESS-TIMESTAMP` is written: `'seconds'` = integer seconds since the epoch
 * (`"1700000000"`, accepted by every Coinbase API), `'milliseconds'` = seconds with three decimals
 * (`"1700000000.123"`, accepted by Coinbase Exchange).
 */
export type TimestampFormat = 'seconds' | 'milliseconds';

/**
 * A clock that follows the exchange's time: a local `Clock` from `@tradeloop/clock` (its source)
 * plus an offset measured against the server (the REST client sets it from `GET /time`). Signing
 * reads its time from here, so a machine whose clock drifts still produces timestamps inside
 * Coinbase's ±30 s window. It is a `Clock` itself: timers are the source's, unchanged by the
 * offset, so a `ManualClock` source drives signing, waits and timeouts alike.
 *
 * @example
 * const clock = new ExchangeClock({ source: systemClock });
 * clock.updateFromServerTime(serverEpochSeconds, sentAtMs, receivedAtMs);
 * clock.timestamp(); // "1700000000"
 */
export class ExchangeClock implements Clock {
  readonly #source: Clock;
  #offsetMs: number;

  /** `source`: the local clock (default `systemClock`); `offsetMs`: the starting offset (default 0). */
  constructor(options: { source?: Clock; offsetMs?: number } = {}) {
    this.#source = options.source ?? systemClock;
    this.#offsetMs = options.offsetMs ?? 0;
  }

  /** Exchange time in milliseconds since the epoch. */
  now(): number {
    return this.#source.now() + this.#offsetMs;
  }

  /** Calls `callback` after `delayMs` of the source's time (an offset change does not move timers). */
  setTimer(delayMs: number, callback: () => void): CancelTimer {
    return this.#source.setTimer(delayMs, callback);
  }

  /** The local clock this one adds the offset to. */
  get source(): Clock {
    return this.#source;
  }

  /** How far the exchange's clock is ahead of the local one, in milliseconds (negative: behind). */
  get offsetMs(): number {
    return this.#offsetMs;
  }

  setOffsetMs(offsetMs: number): void {
    if (!Number.isFinite(offsetMs))
      throw new RangeError(`expected a finite offset in ms, received ${offsetMs}`);
    this.#offsetMs = offsetMs;
  }

  /**
   * Sets the offset from a server time reading. The server's time is taken to belong to the
   * midpoint of the round trip, which halves the error a slow response would add.
   *
   * @param serverEpochSeconds `epoch` from `GET /time` (seconds, may have decimals).
   * @param sentAtMs local time (from this clock's source) when the request was sent.
   * @param receivedAtMs local time when the response arrived.
   * @returns the new offset in milliseconds.
   */
  updateFromServerTime(serverEpochSeconds: number, sentAtMs: number, receivedAtMs: number): number {
    if (!Number.isFinite(serverEpochSeconds) || serverEpochSeconds <= 0) {
      throw new RangeError(
        `expected the server time in seconds since the epoch, received ${serverEpochSeconds}`,
      );
    }
    const localMidpoint = sentAtMs + (receivedAtMs - sentAtMs) / 2;
    this.#offsetMs = Math.round(serverEpochSeconds * 1000 - localMidpoint);
    return this.#offsetMs;
  }

  /** Local time from the underlying source, without the offset (for measuring round trips). */
  localNow(): number {
    return this.#source.now();
  }

  /** The current exchange time as a `CB-ACCESS-TIMESTAMP` string. */
  timestamp(format: TimestampFormat = 'seconds'): string {
    return formatTimestamp(this.now(), format);
  }
}

/** Formats milliseconds since the epoch as a Coinbase timestamp string. */
export function formatTimestamp(epochMs: number, format: TimestampFormat = 'seconds'): string {
  if (format === 'seconds') return String(Math.floor(epochMs / 1000));
  const whole = Math.floor(epochMs);
  const seconds = Math.floor(whole / 1000);
  const millis = whole - seconds * 1000;
  return `${seconds}.${String(millis).padStart(3, '0')}`;
}
