/** One token bucket's shape: refill rate and capacity. */
export interface BucketSpec {
  ratePerSecond: number;
  burst: number;
}

/** The three REST limits Coinbase Exchange applies. */
export interface RateLimitSettings {
  /** Public endpoints, per client IP. */
  public: BucketSpec;
  /** Private endpoints, per API key. */
  private: BucketSpec;
  /** `GET /fills`, per API key, instead of the private bucket. */
  fills: BucketSpec;
}

/** Coinbase Exchange's published REST limits. */
export const coinbaseRateLimits: RateLimitSettings = {
  public: { ratePerSecond: 10, burst: 15 },
  private: { ratePerSecond: 15, burst: 30 },
  fills: { ratePerSecond: 10, burst: 20 },
};

/** Which bucket family a request draws from. */
export type RateLimitKind = keyof RateLimitSettings;

/** Coinbase's 429 body text for each bucket family. */
export const rateLimitMessages: Record<RateLimitKind, string> = {
  public: 'Public rate limit exceeded',
  private: 'Private rate limit exceeded',
  fills: 'Private rate limit exceeded',
};

interface Bucket {
  tokens: number;
  updatedMs: number;
}

// Idle buckets are full again and carry no information; drop them once the map grows this large.
const pruneAboveSize = 10_000;

/** Lazily refilled token buckets, one per key: `tokens = min(burst, tokens + elapsed × rate)`. */
export class TokenBuckets {
  readonly #spec: BucketSpec;
  readonly #clock: () => number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(spec: BucketSpec, clock: () => number) {
    this.#spec = spec;
    this.#clock = clock;
  }

  /** Takes one token for `key`; false when the bucket is empty (the request must be refused). */
  take(key: string): boolean {
    const nowMs = this.#clock();
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      if (this.#buckets.size >= pruneAboveSize) this.#pruneFull(nowMs);
      bucket = { tokens: this.#spec.burst, updatedMs: nowMs };
      this.#buckets.set(key, bucket);
    }
    const elapsedSeconds = Math.max(0, nowMs - bucket.updatedMs) / 1000;
    bucket.tokens = Math.min(this.#spec.burst, bucket.tokens + elapsedSeconds * this.#spec.ratePerSecond);
    bucket.updatedMs = nowMs;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  #pruneFull(nowMs: number): void {
    for (const [key, bucket] of this.#buckets) {
      const refilled = bucket.tokens + ((nowMs - bucket.updatedMs) / 1000) * this.#spec.ratePerSecond;
      if (refilled >= this.#spec.burst) this.#buckets.delete(key);
    }
  }
}

/** The REST rate limiter of one simulator: public per IP, private and fills per key. */
export class RateLimiter {
  readonly #buckets: Record<RateLimitKind, TokenBuckets>;

  constructor(settings: RateLimitSettings, clock: () => number) {
    this.#buckets = {
      public: new TokenBuckets(settings.public, clock),
      private: new TokenBuckets(settings.private, clock),
      fills: new TokenBuckets(settings.fills, clock),
    };
  }

  /** Takes a token; false when the caller is over its limit. */
  take(kind: RateLimitKind, key: string): boolean {
    return this.#buckets[kind].take(key);
  }
}
