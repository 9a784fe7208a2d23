import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClientOptionsError } from './errors.js';
import { COINBASE_RATE_LIMITS, RateLimiter, type Scheduler, TokenBucket } from './rate-limiter.js';

/**
 * Virtual time: `sleep` registers a timer, and `run` lets every microtask settle, then jumps the
 * clock to the earliest timer and fires it, until the awaited work is done.
 */
function virtualScheduler(): Scheduler & { run<T>(work: Promise<T>): Promise<T> } {
  let now = 0;
  const timers: Array<{ at: number; fire: () => void }> = [];
  return {
    now: () => now,
    sleep: (ms) => new Promise<void>((resolve) => timers.push({ at: now + ms, fire: resolve })),
    async run<T>(work: Promise<T>): Promise<T> {
      let done = false;
      const settled = work.finally(() => {
        done = true;
      });
      for (;;) {
        await new Promise((resolve) => setImmediate(resolve));
        if (done) return settled;
        timers.sort((left, right) => left.at - right.at);
        const next = timers.shift();
        if (!next) throw new Error('nothing left to wake: the limiter is stuck');
        now = next.at;
        next.fire();
      }
    },
  };
}

/** Acquires `count` tokens, all asked for at once, and returns the virtual time each was granted. */
async function grantTimes(
  limiter: RateLimiter,
  scheduler: ReturnType<typeof virtualScheduler>,
  count: number,
): Promise<number[]> {
  const granted: number[] = [];
  await scheduler.run(
    Promise.all(
      Array.from({ length: count }, () =>
        limiter.acquire('private').then(() => granted.push(scheduler.now())),
      ),
    ),
  );
  return granted;
}

/** Coinbase's side: a lazily refilled bucket that refuses (429) instead of waiting. */
function serverRefusals(arrivals: number[], ratePerSecond: number, burst: number): number {
  let tokens = burst;
  let updatedAt = 0;
  let refused = 0;
  for (const at of [...arrivals].sort((left, right) => left - right)) {
    tokens = Math.min(burst, tokens + ((at - updatedAt) * ratePerSecond) / 1000);
    updatedAt = at;
    if (tokens >= 1) tokens -= 1;
    else refused += 1;
  }
  return refused;
}

describe('TokenBucket', () => {
  it('starts full, then refills at its rate', () => {
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 3 }, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([0, 0, 0]);
    expect(bucket.take(0)).toBe(100);
    expect(bucket.take(50)).toBe(50);
    expect(bucket.take(100)).toBe(0);
  });

  it('keeps the headroom unused', () => {
    const bucket = new TokenBucket({ ratePerSecond: 15, burst: 30 }, 0, 2);
    expect(bucket.capacity).toBe(28);
  });

  it('refuses unusable limits with a typed error naming the option', () => {
    expect(() => new TokenBucket({ ratePerSecond: 0, burst: 1 }, 0, 0, 'rateLimit.private')).toThrowError(
      ClientOptionsError,
    );
    expect(() => new TokenBucket({ ratePerSecond: 1, burst: 1.5 }, 0, 0, 'rateLimit.fills')).toThrowError(
      /rateLimit.fills.burst/,
    );
  });
});

describe('RateLimiter', () => {
  it("uses Coinbase's limits by default: a burst of 28 (30 minus 2 headroom), then 15 per second", async () => {
    const scheduler = virtualScheduler();
    const limiter = new RateLimiter(true, scheduler);
    const granted = await grantTimes(limiter, scheduler, 28 + 15);
    expect(granted.slice(0, 28).every((at) => at === 0)).toBe(true);
    expect(granted[28]).toBeGreaterThan(0);
    // 15 more tokens need one second at 15/s.
    expect(granted[granted.length - 1]).toBeGreaterThanOrEqual(1_000);
    expect(granted[granted.length - 1]).toBeLessThan(1_000 + 1_000 / 15);
  });

  it('lets nothing wait when switched off, per bucket or entirely', async () => {
    const scheduler = virtualScheduler();
    const off = new RateLimiter(false, scheduler);
    expect(await grantTimes(off, scheduler, 100)).toEqual(Array(100).fill(0));
    const privateOff = new RateLimiter({ private: false }, scheduler);
    expect(privateOff.isLimited('private')).toBe(false);
    expect(privateOff.isLimited('public')).toBe(true);
  });

  it('serves waiters first come, first served', async () => {
    const scheduler = virtualScheduler();
    const limiter = new RateLimiter({ private: { ratePerSecond: 10, burst: 1 }, headroom: 0 }, scheduler);
    const order: number[] = [];
    await scheduler.run(
      Promise.all([0, 1, 2, 3, 4].map((index) => limiter.acquire('private').then(() => order.push(index)))),
    );
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('drains the bucket after a 429, so the next request waits a full interval', async () => {
    const scheduler = virtualScheduler();
    const limiter = new RateLimiter({ public: { ratePerSecond: 10, burst: 15 }, headroom: 0 }, scheduler);
    expect(limiter.tryAcquire('public')).toBe(true);
    limiter.noteRateLimited('public');
    expect(limiter.tryAcquire('public')).toBe(false);
    await scheduler.run(limiter.acquire('public'));
    expect(scheduler.now()).toBe(100);
  });

  it('drops an aborted waiter from the queue and rejects with the reason', async () => {
    const scheduler = virtualScheduler();
    const limiter = new RateLimiter({ fills: { ratePerSecond: 1, burst: 1 }, headroom: 0 }, scheduler);
    await scheduler.run(limiter.acquire('fills'));
    const controller = new AbortController();
    const waiting = limiter.acquire('fills', controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrowError('stop');
    await expect(limiter.acquire('fills', controller.signal)).rejects.toThrowError('stop');
  });

  it('needs the headroom: without it, a burst that travels slower than the request after it gets that one refused', async () => {
    const scheduler = virtualScheduler();
    const limit = COINBASE_RATE_LIMITS.private;
    const limiter = new RateLimiter({ private: limit, headroom: 0 }, scheduler);
    const granted = await grantTimes(limiter, scheduler, limit.burst + 1);
    // The burst reaches Coinbase 20 ms late, the next request on time: Coinbase has refilled 20 ms less.
    const arrivals = granted.map((at, index) => (index < limit.burst ? at + 20 : at));
    expect(serverRefusals(arrivals, limit.ratePerSecond, limit.burst)).toBe(1);
    const withHeadroom = new RateLimiter({ private: limit, headroom: 1 }, scheduler);
    const grantedWithHeadroom = await grantTimes(withHeadroom, scheduler, limit.burst + 1);
    const start = grantedWithHeadroom[0] as number;
    const arrivalsWithHeadroom = grantedWithHeadroom.map(
      (at, index) => at - start + (index < limit.burst - 1 ? 20 : 0),
    );
    expect(serverRefusals(arrivalsWithHeadroom, limit.ratePerSecond, limit.burst)).toBe(0);
  });

  it('never lets Coinbase refuse a request when arrival jitter stays within the headroom (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.values(COINBASE_RATE_LIMITS)),
        fc.integer({ min: 1, max: 80 }),
        fc.integer({ min: 0, max: 3 }),
        fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
        async (limit, count, headroom, jitterFractions) => {
          const scheduler = virtualScheduler();
          const limiter = new RateLimiter({ private: limit, headroom }, scheduler);
          const granted = await grantTimes(limiter, scheduler, count);
          // Network delay per request anywhere in [0, headroom / rate]: what the headroom absorbs.
          const maxJitterMs = (headroom * 1000) / limit.ratePerSecond;
          const iterator = jitterFractions[Symbol.iterator]();
          const arrivals = granted.map((at) => at + (iterator.next().value as number) * maxJitterMs);
          expect(serverRefusals(arrivals, limit.ratePerSecond, limit.burst)).toBe(0);
          // And the grants themselves never beat the bucket: n grants in a window of t ms ≤ capacity + rate·t.
          for (let first = 0; first < granted.length; first += 1) {
            for (let last = first; last < granted.length; last += 1) {
              const windowMs = (granted[last] as number) - (granted[first] as number);
              expect(last - first + 1).toBeLessThanOrEqual(
                limit.burst - headroom + Math.ceil((windowMs * limit.ratePerSecond) / 1000) + 1e-9,
              );
            }
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});
