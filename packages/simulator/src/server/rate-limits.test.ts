import { describe, expect, it } from 'vitest';
import { coinbaseRateLimits, RateLimiter, TokenBuckets } from './rate-limits.js';

describe('TokenBuckets', () => {
  it('allows the burst, then the refill rate', () => {
    let nowMs = 0;
    const buckets = new TokenBuckets({ ratePerSecond: 10, burst: 15 }, () => nowMs);
    const granted = Array.from({ length: 20 }, () => buckets.take('ip'));
    expect(granted.filter(Boolean)).toHaveLength(15);
    nowMs = 100; // one token back after 0.1 s at 10/s
    expect(buckets.take('ip')).toBe(true);
    expect(buckets.take('ip')).toBe(false);
    nowMs = 100_000; // never above the burst
    expect(Array.from({ length: 20 }, () => buckets.take('ip')).filter(Boolean)).toHaveLength(15);
  });

  it('keeps one bucket per key', () => {
    const buckets = new TokenBuckets({ ratePerSecond: 1, burst: 1 }, () => 0);
    expect(buckets.take('a')).toBe(true);
    expect(buckets.take('a')).toBe(false);
    expect(buckets.take('b')).toBe(true);
  });

  it('stays correct while pruning idle buckets', () => {
    let nowMs = 0;
    const buckets = new TokenBuckets({ ratePerSecond: 1, burst: 1 }, () => nowMs);
    for (let index = 0; index < 10_050; index += 1) buckets.take(`key-${index}`);
    nowMs = 500; // half refilled: must still be refused after pruning ran
    expect(buckets.take('key-10049')).toBe(false);
    nowMs = 2000;
    expect(buckets.take('key-1')).toBe(true);
  });
});

describe('RateLimiter', () => {
  it('applies Coinbase limits: public 15, private 30, fills 20 in a burst', () => {
    const limiter = new RateLimiter(coinbaseRateLimits, () => 0);
    const count = (kind: 'public' | 'private' | 'fills') =>
      Array.from({ length: 50 }, () => limiter.take(kind, 'k')).filter(Boolean).length;
    expect(count('public')).toBe(15);
    expect(count('private')).toBe(30);
    expect(count('fills')).toBe(20);
  });
});
