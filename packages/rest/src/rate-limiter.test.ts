import { ManualClock, sleep } from '@tradeloop/clock';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClientOptionsError } from './errors.js';
import { COINBASE_RATE_LIMITS, RateLimiter, TokenBucket } from './rate-limiter.js';

/**
 * Virtual time on a `ManualClock`: `run` lets every microtask settle, then moves the clock to the
 * earliest timer and fires it, until the awaited work is done.
 */
class VirtualTime extends ManualClock {
  async run<T>(work: Promise<T>): Promise<T> {
    let done = false;
    const settled = work.finally(() => {
      done = true;
    });
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (done) return settled;
      const next = this.nextTimerAt();
      if (next === undefined) throw new Error('nothing left to wake: the limiter is stuck');
      this.advanceTo(next);
    }
  }

  sleep(ms: number): Promise<void> {
    return sleep(this, ms);
  }
}

/** One request through the limiter: when it was let go and when its answer came back. */
interface Sent {
  grantedAt: number;
  answeredAt: number;
}

/**
 * Sends `roundTrips.length` requests at once through `bucket`; request i is answered
 * `roundTrips[i]` ms after it was let go (0 = at once).
 */
async function sendAll(
  limiter: RateLimiter,
  clock: VirtualTime,
  roundTrips: number[],
  bucket: 'public' | 'private' | 'fills' = 'private',
): Promise<Sent[]> {
  const sent: Sent[] = [];
  await clock.run(
    Promise.all(
      roundTrips.map(async (roundTrip) => {
        const permit = await limiter.acquire(bucket);
        const grantedAt = clock.now();
        if (roundTrip > 0) await clock.sleep(roundTrip);
        permit.settle();
        sent.push({ grantedAt, answeredAt: clock.now() });
      }),
    ),
  );
  return sent.sort((left, right) => left.grantedAt - right.grantedAt);
}

/** Coinbase's side: a lazily refilled bucket, full when first used, that refuses (429) instead of waiting. */
function serverRefusals(countedAt: number[], ratePerSecond: number, burst: number): number {
  const sorted = [...countedAt].sort((left, right) => left - right);
  let tokens = burst;
  let updatedAt = sorted[0] ?? 0;
  let refused = 0;
  for (const at of sorted) {
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
    expect([bucket.reserve(0), bucket.reserve(0), bucket.reserve(0)]).toEqual([0, 0, 0]);
    // Full of reservations: only an answer can free one.
    expect(bucket.reserve(0)).toBe(Number.POSITIVE_INFINITY);
    bucket.settle(0);
    expect(bucket.reserve(0)).toBe(101); // 100 ms, plus 1 for the float margin
    expect(bucket.reserve(50)).toBe(51);
    expect(bucket.reserve(100)).toBe(0);
    expect(bucket.inFlight).toBe(3);
  });

  it('takes the token when the answer arrives, not when the request leaves', () => {
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 1 }, 0);
    expect(bucket.reserve(0)).toBe(0);
    // Answered 500 ms later: the bucket stayed full meanwhile, so the next token comes 100 ms after the answer.
    bucket.settle(500);
    expect(bucket.reserve(550)).toBe(51);
    expect(bucket.reserve(600)).toBe(0);
  });

  it('keeps the headroom unused', () => {
    expect(new TokenBucket({ ratePerSecond: 15, burst: 30 }, 0, 2).capacity).toBe(28);
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
  it("uses Coinbase's limits by default: a burst of 29 (30 minus 1 headroom), then 15 per second", async () => {
    const clock = new VirtualTime(0);
    const sent = await sendAll(new RateLimiter(true, clock), clock, Array(29 + 15).fill(0));
    const granted = sent.map((request) => request.grantedAt);
    expect(granted.slice(0, 29)).toEqual(Array(29).fill(0));
    expect(granted[29]).toBeGreaterThan(0);
    // 15 more tokens take one second at 15/s.
    expect(granted[granted.length - 1]).toBeGreaterThanOrEqual(1_000);
    expect(granted[granted.length - 1]).toBeLessThan(1_000 + 1_000 / 15);
  });

  it('lets nothing wait when switched off, per bucket or entirely', async () => {
    const clock = new VirtualTime(0);
    const sent = await sendAll(new RateLimiter(false, clock), clock, Array(100).fill(0));
    expect(sent.every((request) => request.grantedAt === 0)).toBe(true);
    const privateOff = new RateLimiter({ private: false }, clock);
    expect(privateOff.isLimited('private')).toBe(false);
    expect(privateOff.isLimited('public')).toBe(true);
  });

  it('serves waiters first come, first served', async () => {
    const clock = new VirtualTime(0);
    const limiter = new RateLimiter({ private: { ratePerSecond: 10, burst: 1 }, headroom: 0 }, clock);
    const order: number[] = [];
    await clock.run(
      Promise.all(
        [0, 1, 2, 3, 4].map(async (index) => {
          const permit = await limiter.acquire('private');
          order.push(index);
          permit.settle();
        }),
      ),
    );
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('drains the bucket after a 429, so the next request waits a full interval', async () => {
    const clock = new VirtualTime(0);
    const limiter = new RateLimiter({ public: { ratePerSecond: 10, burst: 15 }, headroom: 0 }, clock);
    limiter.tryAcquire('public')?.settle();
    limiter.noteRateLimited('public');
    expect(limiter.tryAcquire('public')).toBeUndefined();
    (await clock.run(limiter.acquire('public'))).settle();
    expect(clock.now()).toBe(101);
  });

  it('drops an aborted waiter from the queue and rejects with the reason', async () => {
    const clock = new VirtualTime(0);
    const limiter = new RateLimiter({ fills: { ratePerSecond: 1, burst: 1 }, headroom: 0 }, clock);
    (await clock.run(limiter.acquire('fills'))).settle();
    const controller = new AbortController();
    const waiting = limiter.acquire('fills', controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrowError('stop');
    await expect(limiter.acquire('fills', controller.signal)).rejects.toThrowError('stop');
  });

  it('is never refused when Coinbase counts a burst late (its queue) and the next request early', async () => {
    const limit = COINBASE_RATE_LIMITS.private;
    // The burst is answered after 300 ms; Coinbase counts it just before answering.
    const clock = new VirtualTime(0);
    const sent = await sendAll(
      new RateLimiter({ private: limit, headroom: 0 }, clock),
      clock,
      Array.from({ length: limit.burst + 5 }, (_, index) => (index < limit.burst ? 300 : 1)),
    );
    const countedAt = sent.map((request) => request.answeredAt - 1);
    expect(serverRefusals(countedAt, limit.ratePerSecond, limit.burst)).toBe(0);

    // The naive bucket, taking the token when the request leaves, gets a request refused here.
    const naiveClock = new VirtualTime(0);
    const naive = await sendAll(
      new RateLimiter({ private: limit, headroom: 0 }, naiveClock),
      naiveClock,
      Array(limit.burst + 5).fill(0),
    );
    const naiveCountedAt = naive.map((request, index) =>
      index < limit.burst ? request.grantedAt + 299 : request.grantedAt,
    );
    expect(serverRefusals(naiveCountedAt, limit.ratePerSecond, limit.burst)).toBeGreaterThan(0);
  });

  it('is never refused by Coinbase, whatever the round trips and whenever Coinbase counts each request (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.values(COINBASE_RATE_LIMITS)),
        // A first wave answered late (Coinbase's queue), then a mix of quick and slow requests.
        fc
          .tuple(
            fc.integer({ min: 0, max: 35 }),
            fc.integer({ min: 100, max: 400 }),
            fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 100, max: 400 })), {
              maxLength: 40,
            }),
          )
          .map(
            ([slowCount, slowRoundTrip, rest]) =>
              [...Array(slowCount).fill(slowRoundTrip), ...rest] as number[],
          )
          .filter((roundTrips) => roundTrips.length > 0),
        // Where in its round trip Coinbase counts a request; often at the very end.
        fc.infiniteStream(fc.oneof(fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true }))),
        async (limit, roundTrips, countingPoints) => {
          const clock = new VirtualTime(0);
          const sent = await sendAll(
            new RateLimiter({ private: limit, headroom: 0 }, clock),
            clock,
            roundTrips,
          );
          const points = countingPoints[Symbol.iterator]();
          // Coinbase counts each request somewhere between its sending and its answer.
          const countedAt = sent.map(
            (request) =>
              request.grantedAt + (points.next().value as number) * (request.answeredAt - request.grantedAt),
          );
          expect(serverRefusals(countedAt, limit.ratePerSecond, limit.burst)).toBe(0);
        },
      ),
      { numRuns: 100 },
    );
  });
});
