import { describe, expect, it } from 'vitest';
import { BoundedQueue } from './bounded-queue.js';

describe('BoundedQueue', () => {
  it('keeps the newest items up to its capacity', () => {
    const queue = new BoundedQueue<number>(3);
    expect([1, 2, 3].map((item) => queue.push(item))).toEqual([true, true, true]);
    expect(queue.push(4)).toBe(false);
    expect(queue.push(5)).toBe(false);
    expect(queue.length).toBe(3);
    expect(queue.dropped).toBe(2);
    expect(queue.drain()).toEqual([3, 4, 5]);
    expect(queue.length).toBe(0);
    expect(queue.dropped).toBe(0);
  });

  it('stays bounded over a long stream', () => {
    const queue = new BoundedQueue<number>(100);
    for (let item = 0; item < 100_000; item += 1) queue.push(item);
    expect(queue.length).toBe(100);
    expect(queue.drain()).toEqual(Array.from({ length: 100 }, (_, index) => 99_900 + index));
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new BoundedQueue(0)).toThrow(RangeError);
  });
});
