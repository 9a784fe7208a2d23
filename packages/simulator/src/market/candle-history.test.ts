import { describe, expect, it } from 'vitest';
import { startSimulator } from '../simulator.js';
import { CandleHistory } from './candle-history.js';

const from = Date.parse('2025-01-01T00:00:00Z');

describe('CandleHistory', () => {
  it('is the same walk whatever range is asked for, and consistent candle by candle', () => {
    const history = new CandleHistory({ from, to: from + 1000 * 60_000 }, 6_425_000, 7);
    const all = history.candles(60, from, from + 999 * 60_000).reverse();
    expect(all).toHaveLength(1000);
    const again = new CandleHistory({ from, to: from + 1000 * 60_000 }, 6_425_000, 7);
    expect(again.candles(60, from + 500 * 60_000, from + 509 * 60_000).reverse()).toEqual(
      all.slice(500, 510),
    );
    for (const [index, candle] of all.entries()) {
      expect(candle.start).toBe(from + index * 60_000);
      expect(candle.low).toBeLessThanOrEqual(Math.min(candle.open, candle.close));
      expect(candle.high).toBeGreaterThanOrEqual(Math.max(candle.open, candle.close));
      if (index > 0) expect(candle.open).toBe(all[index - 1]?.close);
    }
  });

  it('aggregates to coarser buckets and serves nothing finer', () => {
    const history = new CandleHistory({ from, to: from + 10 * 60_000 }, 100_000, 1);
    const minutes = history.candles(60, from, from + 9 * 60_000).reverse();
    const [fiveMinutes] = history.candles(300, from, from).reverse();
    expect(fiveMinutes).toEqual({
      start: from,
      open: minutes[0]?.open,
      close: minutes[4]?.close,
      high: Math.max(...minutes.slice(0, 5).map((candle) => candle.high)),
      low: Math.min(...minutes.slice(0, 5).map((candle) => candle.low)),
      volume: minutes.slice(0, 5).reduce((sum, candle) => sum + candle.volume, 0),
    });
    expect(
      new CandleHistory({ from, to: from + 600_000, granularity: 300 }, 100_000, 1).candles(
        60,
        from,
        from + 600_000,
      ),
    ).toEqual([]);
  });

  it('is served by GET /products/{id}/candles, newest first, 300 buckets at most per request', async () => {
    const simulator = await startSimulator({
      market: { enabled: false },
      rateLimits: false,
      candleHistory: { from: '2025-01-01T00:00:00Z', to: '2025-01-02T00:00:00Z' },
    });
    try {
      const url = (start: string, end: string) =>
        `${simulator.restUrl}/products/BTC-USD/candles?granularity=60&start=${start}&end=${end}`;
      const response = await fetch(url('2025-01-01T00:00:00Z', '2025-01-01T04:59:00Z'));
      const rows = (await response.json()) as number[][];
      expect(rows).toHaveLength(300);
      expect(rows[0]?.[0]).toBe(Date.parse('2025-01-01T04:59:00Z') / 1000);
      expect(rows[299]?.[0]).toBe(from / 1000);
      expect((await fetch(url('2025-01-01T00:00:00Z', '2025-01-01T05:01:00Z'))).status).toBe(400);
    } finally {
      await simulator.stop();
    }
  });
});
