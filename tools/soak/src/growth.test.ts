import { describe, expect, it } from 'vitest';
import { growthPerThousandOrders } from './growth.js';

describe('growthPerThousandOrders', () => {
  it('is the slope of heap against orders past the warm-up, per 1,000 orders', () => {
    const samples = [
      { seconds: 0, orders: 0, heapBytes: 50_000_000 },
      { seconds: 20, orders: 1000, heapBytes: 60_000_000 },
      { seconds: 40, orders: 2000, heapBytes: 10_000_000 },
      { seconds: 60, orders: 3000, heapBytes: 10_500_000 },
      { seconds: 80, orders: 4000, heapBytes: 11_000_000 },
    ];
    expect(growthPerThousandOrders(samples, 2000)).toBeCloseTo(500_000);
  });

  it('is undefined without two distinct order counts past the warm-up', () => {
    expect(growthPerThousandOrders([{ seconds: 0, orders: 2500, heapBytes: 1 }], 2000)).toBeUndefined();
    expect(
      growthPerThousandOrders(
        [
          { seconds: 0, orders: 2500, heapBytes: 1 },
          { seconds: 20, orders: 2500, heapBytes: 2 },
        ],
        2000,
      ),
    ).toBeUndefined();
  });
});
