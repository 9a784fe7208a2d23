import { type Clock, sleep, systemClock } from '@tradeloop/clock';
import { ClientOptionsError } from './errors.js';

/** Which of Coinbase's REST rate limits a request counts against. */
export type RateLimitBucket = 'public' | 'private' | 'fills';

/** One token bucket: a steady rate and a burst (the bucket's size). */
export interface BucketLimit {
  ratePerSecond: number;
  burst: number;
}

/**
 * Client-side rate limiting. `true` (default) uses Coinbase's published limits; per bucket, a
 * {@link BucketLimit} replaces them and `false` switches that bucket off.
 */
export interface RateLimitOptions {
  public?: BucketLimit | false;
  private?: BucketLimit | false;
  fills?: BucketLimit | false;
  /** Tokens kept unused below each burst, a margin for other clients of the same key. Default 1. */
  headroom?: number;
}

/** Coinbase Exchange's REST limits: public 10/s burst 15 (per IP), private 15/s burst 30, `/fills` 10/s burst 20 (per profile). */
export const COINBASE_RATE_LIMITS: Readonly<Record<RateLimitBucket, Readonly<BucketLimit>>> = {
  public: { ratePerSecond: 10, burst: 15 },
  private: { ratePerSecond: 15, burst: 30 },
  fills: { ratePerSecond: 10, burst: 20 },
};

const DEFAULT_HEADROOM = 1;
/**
 * The longest pause a `Retry-After` imposes on a bucket: a hostile or broken header must not
 * silence the client for an hour. Longer requests are honoured this far, then requests go again.
 */
export const MAX_RETRY_AFTER_PAUSE_MS = 60_000;
/**
 * A token counts as free only above 1 + this: the exchange refills its bucket at other instants
 * than the client does, and the two float sums may differ in the last bits right at the boundary.
 */
const FLOAT_MARGIN = 1e-6;

/**
 * Coinbase's lazily refilled token bucket (`tokens = min(capacity, tokens + elapsed × rate)`), seen
 * from the client, which cannot know when the exchange counted a request: some time between
 * sending it and receiving the answer. A bucket that is counted later holds fewer tokens
 * afterwards, so the client assumes the latest moment: a sent request only *reserves* a token, and
 * the token is taken when its answer arrives. Whatever the network and the exchange's queue do to
 * the timing, the exchange's bucket then never holds fewer tokens than the client believes.
 */
export class TokenBucket {
  readonly ratePerMs: number;
  readonly capacity: number;
  #tokens: number;
  #inFlight = 0;
  #updatedAt: number;

  /** @throws {ClientOptionsError} for a rate that is not > 0 or a burst that is not an integer ≥ 1. */
  constructor(limit: BucketLimit, nowMs: number, headroom = 0, name = 'bucket') {
    if (!(limit.ratePerSecond > 0) || !Number.isFinite(limit.ratePerSecond)) {
      throw new ClientOptionsError(
        `${name}.ratePerSecond`,
        `expected a number > 0, received ${limit.ratePerSecond}`,
      );
    }
    if (!Number.isInteger(limit.burst) || limit.burst < 1) {
      throw new ClientOptionsError(`${name}.burst`, `expected an integer ≥ 1, received ${limit.burst}`);
    }
    this.ratePerMs = limit.ratePerSecond / 1000;
    this.capacity = Math.max(1, limit.burst - headroom);
    this.#tokens = this.capacity;
    this.#updatedAt = nowMs;
  }

  /**
   * Reserves a token for a request about to be sent.
   * @returns 0 when reserved; else the ms until refilling alone would free one, or `Infinity`
   *   when only an answer to a request in flight can (the bucket is full of reservations).
   */
  reserve(nowMs: number): number {
    this.#refill(nowMs);
    const free = this.#tokens - this.#inFlight;
    // A full bucket holds exactly `capacity` on both sides; only a refilled fraction needs the margin.
    const needed = this.#tokens >= this.capacity ? 1 : 1 + FLOAT_MARGIN;
    if (free >= needed) {
      this.#inFlight += 1;
      return 0;
    }
    if (this.#inFlight + 1 > this.capacity) return Number.POSITIVE_INFINITY;
    return Math.max(1, Math.ceil((1 + FLOAT_MARGIN - free) / this.ratePerMs));
  }

  /** The reserved request was answered (or failed): its token is taken now. */
  settle(nowMs: number): void {
    this.#refill(nowMs);
    this.#tokens -= 1;
    this.#inFlight -= 1;
  }

  /** Empties the bucket: the exchange said 429, so its count is lower than ours. */
  drain(nowMs: number): void {
    this.#refill(nowMs);
    this.#tokens = Math.min(this.#tokens, 0);
  }

  /** Tokens neither taken nor reserved now (for tests and diagnostics). */
  available(nowMs: number): number {
    this.#refill(nowMs);
    return this.#tokens - this.#inFlight;
  }

  /** Requests sent and not yet answered. */
  get inFlight(): number {
    return this.#inFlight;
  }

  #refill(nowMs: number): void {
    const elapsed = nowMs - this.#updatedAt;
    if (elapsed > 0) {
      this.#tokens = Math.min(this.capacity, this.#tokens + elapsed * this.ratePerMs);
      this.#updatedAt = nowMs;
    }
  }
}

/** A reserved token; call `settle()` once the request was answered or failed. */
export interface RatePermit {
  settle(): void;
}

const noPermitNeeded: RatePermit = { settle: () => {} };

interface Waiter {
  resolve: (permit: RatePermit) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

interface Lane {
  name: RateLimitBucket;
  bucket: TokenBucket;
  waiters: Waiter[];
  pumping: boolean;
  /** Wakes the pump early when an answer frees a reservation. */
  wake: (() => void) | undefined;
}

/**
 * Token buckets matching Coinbase's REST limits. A request waits for a token, first come first
 * served, instead of failing; waiting can be cancelled with an `AbortSignal`.
 *
 * Time and waits come from the injected {@link Clock} (a `ManualClock` in tests and backtests).
 * On the wall clock, time can step backwards (NTP); a bucket then simply does not refill until
 * time passes its last reading again, which errs on the side of fewer requests.
 *
 * @example
 * const limiter = new RateLimiter(true, systemClock);
 * const permit = await limiter.acquire('private');
 * try { await send(); } finally { permit.settle(); }
 */
export class RateLimiter {
  readonly #lanes = new Map<RateLimitBucket, Lane>();
  readonly #clock: Clock;
  /** Clock times before which a bucket sends nothing (the exchange's `Retry-After`). */
  readonly #pausedUntil = new Map<RateLimitBucket, number>();

  /** @throws {ClientOptionsError} for an unusable limit or headroom. */
  constructor(options: RateLimitOptions | boolean = true, clock: Clock = systemClock) {
    this.#clock = clock;
    if (options === false) return;
    const settings = options === true ? {} : options;
    const headroom = settings.headroom ?? DEFAULT_HEADROOM;
    if (!Number.isInteger(headroom) || headroom < 0) {
      throw new ClientOptionsError('rateLimit.headroom', `expected an integer ≥ 0, received ${headroom}`);
    }
    for (const name of ['public', 'private', 'fills'] as const) {
      const limit = settings[name] ?? COINBASE_RATE_LIMITS[name];
      if (limit === false) continue;
      this.#lanes.set(name, {
        name,
        bucket: new TokenBucket(limit, clock.now(), headroom, `rateLimit.${name}`),
        waiters: [],
        pumping: false,
        wake: undefined,
      });
    }
  }

  /** True when `bucket` is limited at all. */
  isLimited(bucket: RateLimitBucket): boolean {
    return this.#lanes.has(bucket);
  }

  /**
   * A permit without waiting when a token is free and nobody is queued, else `undefined` (then
   * `acquire`).
   */
  tryAcquire(bucket: RateLimitBucket): RatePermit | undefined {
    if (this.#pausedFor(bucket) > 0) return undefined;
    const lane = this.#lanes.get(bucket);
    if (!lane) return noPermitNeeded;
    if (lane.waiters.length === 0 && lane.bucket.reserve(this.#clock.now()) === 0) return this.#permit(lane);
    return undefined;
  }

  /** Resolves with a permit when the request may go. Rejects with the signal's reason if `signal` aborts first. */
  acquire(bucket: RateLimitBucket, signal?: AbortSignal): Promise<RatePermit> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const pausedFor = this.#pausedFor(bucket);
    // The pause may be extended meanwhile (another 429): check again after it.
    if (pausedFor > 0) return sleep(this.#clock, pausedFor, signal).then(() => this.acquire(bucket, signal));
    const lane = this.#lanes.get(bucket);
    if (!lane) return Promise.resolve(noPermitNeeded);
    const immediate = this.tryAcquire(bucket);
    if (immediate) return Promise.resolve(immediate);
    return new Promise<RatePermit>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          const index = lane.waiters.indexOf(waiter);
          if (index >= 0) lane.waiters.splice(index, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      lane.waiters.push(waiter);
      if (!lane.pumping) void this.#pump(lane);
    });
  }

  /**
   * Call after a 429: empties the bucket so the next requests wait a full token interval, and
   * with the exchange's `Retry-After` sends nothing on it until that has passed (at most
   * {@link MAX_RETRY_AFTER_PAUSE_MS}), even where the bucket is not limited.
   */
  noteRateLimited(bucket: RateLimitBucket, retryAfterMs?: number): void {
    const now = this.#clock.now();
    this.#lanes.get(bucket)?.bucket.drain(now);
    if (retryAfterMs !== undefined && retryAfterMs > 0) {
      const until = now + Math.min(retryAfterMs, MAX_RETRY_AFTER_PAUSE_MS);
      this.#pausedUntil.set(bucket, Math.max(this.#pausedUntil.get(bucket) ?? 0, until));
    }
  }

  /** Ms left of a `Retry-After` pause of `bucket`; 0 when there is none. */
  #pausedFor(bucket: RateLimitBucket): number {
    const until = this.#pausedUntil.get(bucket);
    if (until === undefined) return 0;
    const left = until - this.#clock.now();
    if (left <= 0) this.#pausedUntil.delete(bucket);
    return Math.max(0, left);
  }

  /** Tokens free now in `bucket` (Infinity when it is not limited). */
  available(bucket: RateLimitBucket): number {
    const lane = this.#lanes.get(bucket);
    return lane ? lane.bucket.available(this.#clock.now()) : Number.POSITIVE_INFINITY;
  }

  #permit(lane: Lane): RatePermit {
    let settled = false;
    return {
      settle: () => {
        if (settled) return;
        settled = true;
        lane.bucket.settle(this.#clock.now());
        lane.wake?.();
      },
    };
  }

  async #pump(lane: Lane): Promise<void> {
    lane.pumping = true;
    try {
      while (lane.waiters.length > 0) {
        const pausedFor = this.#pausedFor(lane.name);
        const wait = pausedFor > 0 ? pausedFor : lane.bucket.reserve(this.#clock.now());
        if (wait > 0) {
          let cancelTimer: (() => void) | undefined;
          await new Promise<void>((resolve) => {
            lane.wake = resolve;
            if (wait !== Number.POSITIVE_INFINITY) cancelTimer = this.#clock.setTimer(wait, resolve);
          });
          cancelTimer?.();
          lane.wake = undefined;
          continue;
        }
        // The loop condition was checked synchronously just above, so there is a waiter.
        const waiter = lane.waiters.shift() as Waiter;
        if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
        waiter.resolve(this.#permit(lane));
      }
    } finally {
      lane.pumping = false;
    }
  }
}
