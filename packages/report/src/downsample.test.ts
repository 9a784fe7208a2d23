import { describe, expect, it } from 'vitest';
import { aggregateCandles, type ChartPoint, thinLine } from './downsample.js';

describe('downsampling', () => {
  it('merges candles into longer ones that keep the open, extremes and close', () => {
    const candles = Array.from({ length: 10 }, (_, index) => ({
      time: index * 60,
      open: 100 + index,
      high: 110 + index * (index === 7 ? 3 : 1),
      low: 90 - (index === 2 ? 20 : 0),
      close: 101 + index,
    }));
    const merged = aggregateCandles(candles, 2);
    expect(merged).toEqual([
      { time: 0, open: 100, high: 114, low: 70, close: 105 },
      { time: 300, open: 105, high: 131, low: 90, close: 110 },
    ]);
    expect(aggregateCandles(candles, 10)).toEqual(candles);
  });

  it('thins a line but keeps its lowest and highest points, in time order', () => {
    const points: ChartPoint[] = Array.from({ length: 10_000 }, (_, index) => ({
      time: index,
      value: Math.sin(index / 50),
    }));
    points[4321] = { time: 4321, value: -5 };
    points[7777] = { time: 7777, value: 9 };
    const thin = thinLine(points, 400);
    expect(thin.length).toBeLessThanOrEqual(400);
    expect(thin).toContainEqual({ time: 4321, value: -5 });
    expect(thin).toContainEqual({ time: 7777, value: 9 });
    expect(thin.map((point) => point.time)).toEqual(
      [...thin.map((point) => point.time)].sort((a, b) => a - b),
    );
  });
});
