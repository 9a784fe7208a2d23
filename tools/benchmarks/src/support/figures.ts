import type { BenchResult, Figure } from '@tradeloop-internal/bench-harness';

/** A throughput result as time per operation in µs (the spread inverts: the fastest round is the minimum). */
export function microsecondsPerOperation(result: BenchResult, name = result.name): Figure {
  return {
    name,
    value: 1e6 / result.opsPerSecond,
    min: result.max > 0 ? 1e6 / result.max : Number.NaN,
    max: result.min > 0 ? 1e6 / result.min : Number.NaN,
    unit: 'µs',
  };
}

/** Why a figure is missing, from whatever was thrown: one line, no stack. */
export function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? text).slice(0, 160);
}
