/**
 * Heap growth per order: the least-squares slope of heap-after-GC against the order count, over
 * the samples taken once a warm-up number of orders was reached (caches of a fixed size are full
 * by then, so what still grows grows with the order count).
 */

/** One reading: orders placed so far and heap in use after a forced GC. */
export interface HeapSample {
  readonly seconds: number;
  readonly orders: number;
  readonly heapBytes: number;
}

/**
 * Bytes of heap added per 1,000 orders past `warmupOrders`, or `undefined` when fewer than two
 * samples past the warm-up span different order counts.
 */
export function growthPerThousandOrders(
  samples: readonly HeapSample[],
  warmupOrders: number,
): number | undefined {
  const past = samples.filter((sample) => sample.orders >= warmupOrders);
  if (past.length < 2) return undefined;
  const meanOrders = past.reduce((sum, sample) => sum + sample.orders, 0) / past.length;
  const meanHeap = past.reduce((sum, sample) => sum + sample.heapBytes, 0) / past.length;
  let covariance = 0;
  let variance = 0;
  for (const sample of past) {
    covariance += (sample.orders - meanOrders) * (sample.heapBytes - meanHeap);
    variance += (sample.orders - meanOrders) ** 2;
  }
  if (variance === 0) return undefined;
  return (covariance / variance) * 1000;
}
