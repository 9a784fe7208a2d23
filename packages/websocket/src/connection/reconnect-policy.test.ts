import { describe, expect, it } from 'vitest';
import { reconnectDelay, reconnectPolicy } from './reconnect-policy.js';

describe('reconnect policy', () => {
  const policy = reconnectPolicy({ initialDelayMs: 100, maxDelayMs: 1_000, jitter: 0.5 });

  it('doubles from the initial delay up to the cap', () => {
    const noJitter = () => 0;
    expect([1, 2, 3, 4, 5, 40].map((attempt) => reconnectDelay(attempt, policy, noJitter))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  it('takes up to `jitter` of the delay away at random', () => {
    expect(reconnectDelay(3, policy, () => 1)).toBe(200);
    expect(reconnectDelay(3, policy, () => 0.5)).toBe(300);
  });

  it('rejects nonsense', () => {
    expect(() => reconnectPolicy({ jitter: 2 })).toThrow(RangeError);
    expect(() => reconnectPolicy({ initialDelayMs: 10, maxDelayMs: 5 })).toThrow(RangeError);
  });
});
