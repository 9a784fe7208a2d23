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
  /**
   * Tokens kept unused below each burst, default 2. Coinbase's bucket starts counting when a
   * request arrives, the client's when it leaves; the headroom absorbs the difference (network
   * jitter) so a client at full speed is never refused.
   */
  headroom?: number;
}

/** Coinbase Exchange's REST limits: public 10/s burst 15 (per IP), private 15/s burst 30, `/fills` 10/s burst 20 (per profile). */
export const COINBASE_RATE_LIMITS: Readonly<Record<RateLimitBucket, Readonly<BucketLimit>>> = {
  public: { ratePerSecond: 10, burst: 15 },
  private: { ratePerSecond: 15, burst: 30 },
  fills: { ratePerSecond: 10, burst: 20 },
};

const DEFAULT_HEADROOM = 2;

/** Time and waiting, injectable so the limiter can be tested without real time passing. */
export interface Scheduler {
  /** Monotonic milliseconds. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Real time: `performance.now()` and `setTimeout`. */
export const realScheduler: Scheduler = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * A lazily refilled token bucket, Coinbase's own algorithm:
 * `tokens = min(capacity, tokens + elapsed × rate)`, then take one.
 */
export class TokenBucket {
  readonly ratePerMs: number;
  readonly capacity: number;
  #tokens: number;
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

  /** Takes a token if one is there. @returns 0 when taken, else the ms until one will be. */
  take(nowMs: number): number {
    this.#refill(nowMs);
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - this.#tokens) / this.ratePerMs));
  }

  /** Empties the bucket: the exchange said 429, so its count is lower than ours. */
  drain(nowMs: number): void {
    this.#refill(nowMs);
    this.#tokens = 0;
  }

  /** Tokens available now (for tests and diagnostics). */
  available(nowMs: number): number {
    this.#refill(nowMs);
    return this.#tokens;
  }

  #refill(nowMs: number): void {
    const elapsed = nowMs - this.#updatedAt;
    if (elapsed > 0) {
      this.#tokens = Math.min(this.capacity, this.#tokens + elapsed * this.ratePerMs);
      this.#updatedAt = nowMs;
    }
  }
}

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

interface Lane {
  bucket: TokenBucket;
  waiters: Waiter[];
  pumping: boolean;
}

/**
 * Token buckets matching Coinbase's REST limits. A request waits for a token, first come first
 * served, instead of failing; waiting can be cancelled with an `AbortSignal`.
 *
 * @example
 * const limiter = new RateLimiter(true);
 * await limiter.acquire('private');
 */
export class RateLimiter {
  readonly #lanes = new Map<RateLimitBucket, Lane>();
  readonly #scheduler: Scheduler;

  constructor(options: RateLimitOptions | boolean = true, scheduler: Scheduler = realScheduler) {
    this.#scheduler = scheduler;
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
        bucket: new TokenBucket(limit, scheduler.now(), headroom, `rateLimit.${name}`),
        waiters: [],
        pumping: false,
      });
    }
  }

  /** True when `bucket` is limited at all. */
  isLimited(bucket: RateLimitBucket): boolean {
    return this.#lanes.has(bucket);
  }

  /**
   * Takes a token without waiting when one is free and nobody is queued.
   * @returns true when the request may go now; false when it must `acquire`.
   */
  tryAcquire(bucket: RateLimitBucket): boolean {
    const lane = this.#lanes.get(bucket);
    if (!lane) return true;
    return lane.waiters.length === 0 && lane.bucket.take(this.#scheduler.now()) === 0;
  }

  /**
   * Resolves when the request may go. Rejects with the signal's reason if `signal` aborts first.
   */
  acquire(bucket: RateLimitBucket, signal?: AbortSignal): Promise<void> {
    const lane = this.#lanes.get(bucket);
    if (!lane) return Promise.resolve();
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (lane.waiters.length === 0 && lane.bucket.take(this.#scheduler.now()) === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
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

  /** Call after a 429: empties the bucket so the next requests wait a full token interval. */
  noteRateLimited(bucket: RateLimitBucket): void {
    this.#lanes.get(bucket)?.bucket.drain(this.#scheduler.now());
  }

  /** Tokens available now in `bucket` (Infinity when it is not limited). */
  available(bucket: RateLimitBucket): number {
    const lane = this.#lanes.get(bucket);
    return lane ? lane.bucket.available(this.#scheduler.now()) : Number.POSITIVE_INFINITY;
  }

  async #pump(lane: Lane): Promise<void> {
    lane.pumping = true;
    try {
      while (lane.waiters.length > 0) {
        const wait = lane.bucket.take(this.#scheduler.now());
        if (wait > 0) {
          await this.#scheduler.sleep(wait);
          continue;
        }
        const waiter = lane.waiters.shift() as Waiter;
        if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
        waiter.resolve();
      }
    } finally {
      lane.pumping = false;
    }
  }
}
