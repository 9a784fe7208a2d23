import { describe, expect, it } from 'vitest';
import { CANDLES_PER_PAGE, cacheDirectoryFor, pageStarts } from './candle-download.js';

describe('pageStarts', () => {
  it('covers the range with pages on a fixed grid, so a later range reuses them', () => {
    const pageMs = 60_000 * CANDLES_PER_PAGE;
    const from = Date.parse('2025-01-01T00:00:00Z');
    const starts = pageStarts(60, from, from + 24 * 3_600_000);
    expect(starts).toHaveLength(5);
    for (const start of starts) expect(start % pageMs).toBe(0);
    expect(starts[0]).toBeLessThanOrEqual(from);
    expect((starts.at(-1) as number) + pageMs).toBeGreaterThanOrEqual(from + 24 * 3_600_000);
    // A range inside the first one needs no other page.
    expect(pageStarts(60, from + 3_600_000, from + 7_200_000).every((start) => starts.includes(start))).toBe(
      true,
    );
  });

  it('is empty for an empty range', () => {
    expect(pageStarts(3600, 1000, 1000)).toEqual([]);
  });
});

it('keeps each server, product and granularity apart in the cache', () => {
  expect(cacheDirectoryFor('/cache', 'http://127.0.0.1:8080', 'BTC-USD', 60)).toBe(
    '/cache/127.0.0.1_8080/BTC-USD/60',
  );
  expect(cacheDirectoryFor('/cache', 'https://api.exchange.coinbase.com', 'ETH-USD', 3600)).toBe(
    '/cache/api.exchange.coinbase.com/ETH-USD/3600',
  );
});
