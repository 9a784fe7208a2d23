import { describe, expect, it } from 'vitest';
import { Random, randomUserId, randomUuid } from './random.js';

describe('Random', () => {
  it('repeats its sequence for a seed and spreads values', () => {
    const first = new Random(9);
    const second = new Random(9);
    const draws = Array.from({ length: 1000 }, () => first.uint32());
    expect(Array.from({ length: 1000 }, () => second.uint32())).toEqual(draws);
    expect(new Set(draws).size).toBe(1000);
    const floats = Array.from({ length: 10_000 }, () => first.next());
    expect(Math.min(...floats)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...floats)).toBeLessThan(1);
    const mean = floats.reduce((sum, value) => sum + value, 0) / floats.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
  });

  it('makes version-4 UUIDs and 24-hex user ids', () => {
    const random = new Random(1);
    const ids = Array.from({ length: 500 }, () => randomUuid(random));
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(500);
    expect(randomUserId(random)).toMatch(/^[0-9a-f]{24}$/);
  });
});
