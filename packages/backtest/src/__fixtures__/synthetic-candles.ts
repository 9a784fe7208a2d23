/**
 * Seeded synthetic candles (a random walk in integer cents, so every value is an exact decimal
 * string): for tests and the benchmark. The year-long data set is generated, never committed.
 */
import type { CandleSeries } from '../data/candle-series.js';

/** A small, fast, seeded generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function cents(value: number): string {
  const whole = Math.floor(value / 100);
  const rest = value % 100;
  return `${whole}.${rest < 10 ? '0' : ''}${rest}`;
}

/** `count` candles of `granularityMs` from `startMs`, starting near `startPrice` (in cents). */
export function syntheticCandles(options: {
  productId?: string;
  count: number;
  granularityMs?: number;
  startMs?: number;
  startCents?: number;
  seed?: number;
}): CandleSeries {
  const granularityMs = options.granularityMs ?? 60_000;
  const startMs = options.startMs ?? Date.UTC(2025, 0, 1);
  const random = seededRandom(options.seed ?? 7);
  const starts = new Float64Array(options.count);
  const open: string[] = [];
  const high: string[] = [];
  const low: string[] = [];
  const close: string[] = [];
  const volume: string[] = [];
  let price = options.startCents ?? 4_300_000;
  for (let index = 0; index < options.count; index += 1) {
    const first = price;
    const last = Math.max(100, first + Math.round((random() - 0.5) * 4000));
    const top = Math.max(first, last) + Math.round(random() * 1500);
    const bottom = Math.max(50, Math.min(first, last) - Math.round(random() * 1500));
    starts[index] = startMs + index * granularityMs;
    open.push(cents(first));
    high.push(cents(top));
    low.push(cents(bottom));
    close.push(cents(last));
    volume.push(`${Math.floor(random() * 20)}.${String(Math.floor(random() * 1e8)).padStart(8, '0')}`);
    price = last;
  }
  return {
    productId: options.productId ?? 'BTC-USD',
    starts,
    open,
    high,
    low,
    close,
    volume,
    length: options.count,
  };
}

/** The same candles as CSV text (Unix-second times). */
export function candlesToCsv(series: CandleSeries): string {
  const lines = ['time,open,high,low,close,volume'];
  for (let index = 0; index < series.length; index += 1)
    lines.push(
      `${(series.starts[index] as number) / 1000},${series.open[index]},${series.high[index]},${series.low[index]},${series.close[index]},${series.volume[index]}`,
    );
  return `${lines.join('\n')}\n`;
}
