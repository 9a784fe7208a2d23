/**
 * Keeps the HTML small: long series are thinned before they are written into the page. Candles are
 * merged into longer candles (open of the first, highest high, lowest low, close of the last,
 * summed volume), so the chart stays true; lines keep each bucket's first, lowest, highest and last
 * point, so a drawdown's bottom or a spike never disappears.
 */

/** Most candles per product written into a report. */
export const MAX_CANDLES = 1500;
/** Most points per line (equity, buy and hold) written into a report. */
export const MAX_LINE_POINTS = 2000;

/** A candle as the chart takes it: seconds since the epoch and plain numbers. */
export interface ChartCandle {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
}

/** A point of a line as the chart takes it. */
export interface ChartPoint {
  time: number;
  value: number;
}

/** Merges runs of consecutive candles so that at most `limit` remain. */
export function aggregateCandles(candles: readonly ChartCandle[], limit = MAX_CANDLES): ChartCandle[] {
  if (candles.length <= limit) return [...candles];
  const groupSize = Math.ceil(candles.length / limit);
  const merged: ChartCandle[] = [];
  for (let start = 0; start < candles.length; start += groupSize) {
    const group = candles.slice(start, start + groupSize);
    const first = group[0] as ChartCandle;
    const last = group[group.length - 1] as ChartCandle;
    merged.push({
      time: first.time,
      open: first.open,
      high: Math.max(...group.map((candle) => candle.high)),
      low: Math.min(...group.map((candle) => candle.low)),
      close: last.close,
    });
  }
  return merged;
}

/** Thins a line to about `limit` points, keeping each bucket's first, minimum, maximum and last point. */
export function thinLine(points: readonly ChartPoint[], limit = MAX_LINE_POINTS): ChartPoint[] {
  if (points.length <= limit) return [...points];
  const bucketSize = Math.ceil(points.length / Math.max(1, Math.floor(limit / 4)));
  const kept: ChartPoint[] = [];
  for (let start = 0; start < points.length; start += bucketSize) {
    const bucket = points.slice(start, start + bucketSize);
    let lowest = bucket[0] as ChartPoint;
    let highest = lowest;
    for (const point of bucket) {
      if (point.value < lowest.value) lowest = point;
      if (point.value > highest.value) highest = point;
    }
    const chosen = new Set([
      bucket[0] as ChartPoint,
      lowest,
      highest,
      bucket[bucket.length - 1] as ChartPoint,
    ]);
    kept.push(...[...chosen].sort((left, right) => left.time - right.time));
  }
  return kept;
}
