import { describe, expect, it } from 'vitest';
import { ClientOptionsError } from './errors.js';
import { backoffDelay, parseRetryAfter, resolveRetryPolicy } from './retry.js';

describe('backoffDelay', () => {
  const policy = resolveRetryPolicy({ baseDelayMs: 100, maxDelayMs: 1_000 });

  it('doubles with each retry, between half and all of the ceiling', () => {
    expect(backoffDelay(policy, 1, () => 0)).toBe(50);
    expect(backoffDelay(policy, 1, () => 1)).toBe(100);
    expect(backoffDelay(policy, 2, () => 0)).toBe(100);
    expect(backoffDelay(policy, 3, () => 1)).toBe(400);
  });

  it('never exceeds maxDelayMs', () => {
    expect(backoffDelay(policy, 20, () => 1)).toBe(1_000);
  });

  it("takes the exchange's Retry-After as a floor", () => {
    expect(backoffDelay(policy, 1, () => 0, 700)).toBe(700);
    expect(backoffDelay(policy, 4, () => 1, 10)).toBe(800);
  });

  it('gives up rather than wait longer than maxDelayMs for a Retry-After', () => {
    expect(backoffDelay(policy, 1, () => 0, 5_000)).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter('2', 0)).toBe(2_000);
    expect(parseRetryAfter('0.5', 0)).toBe(500);
    const now = Date.parse('2024-05-01T12:00:00Z');
    expect(parseRetryAfter('Wed, 01 May 2024 12:00:03 GMT', now)).toBe(3_000);
    expect(parseRetryAfter('Wed, 01 May 2024 11:00:00 GMT', now)).toBe(0);
  });

  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });
});

describe('resolveRetryPolicy', () => {
  it('fills defaults, turns false into one attempt and refuses nonsense', () => {
    expect(resolveRetryPolicy(undefined)).toEqual({ maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 10_000 });
    expect(resolveRetryPolicy(false).maxAttempts).toBe(1);
    expect(() => resolveRetryPolicy({ maxAttempts: 0 })).toThrowError(ClientOptionsError);
    expect(() => resolveRetryPolicy({ baseDelayMs: -1 })).toThrowError(/retry.baseDelayMs/);
  });
});
