import { Random } from '../core/random.js';
import type { Candle } from '../exchange/trade-tape.js';

/**
 * A deterministic candle history the exchange serves from `GET /products/{id}/candles` before
 * its own trades begin, so candle downloads (paging, resuming) can be tested against it. Same
 * seed and range → same candles, whatever pages they are asked for in.
 */
export interface CandleHistoryOptions {
  /** Start of the first candle, ms since the epoch (a multiple of the granularity). */
  readonly from: number;
  /** End of the history (exclusive), ms since the epoch. */
  readonly to: number;
  /** Candle size in seconds (default 60). Other granularities are served by aggregation. */
  readonly granularity?: number;
}

/** The most candles one history may hold (a year of minutes is 525,600). */
export const MAX_HISTORY_CANDLES = 1_100_000;

/** One product's generated candles, integer ticks and size units as the trade tape keeps them. */
export class CandleHistory {
  readonly #startMs: number;
  readonly #stepMs: number;
  readonly #candles: Candle[] = [];

  /**
   * @param startingPriceTicks where the walk starts (the product's starting price).
   * @param seed the exchange's seed combined with the product, so products differ.
   */
  constructor(options: CandleHistoryOptions, startingPriceTicks: number, seed: number) {
    this.#stepMs = (options.granularity ?? 60) * 1000;
    this.#startMs = Math.ceil(options.from / this.#stepMs) * this.#stepMs;
    const count = Math.max(0, Math.ceil((options.to - this.#startMs) / this.#stepMs));
    const random = new Random(seed);
    // A random walk of about 0.1 % a candle, kept above 1 % of where it started.
    const stepTicks = Math.max(1, Math.round(startingPriceTicks * 0.001));
    const floor = Math.max(1, Math.round(startingPriceTicks * 0.01));
    let close = startingPriceTicks;
    for (let index = 0; index < Math.min(count, MAX_HISTORY_CANDLES); index += 1) {
      const open = close;
      close = Math.max(floor, open + Math.round((random.uint32() / 0x1_0000_0000 - 0.5) * 2 * stepTicks));
      const high = Math.max(open, close) + (random.uint32() % stepTicks);
      const low = Math.max(1, Math.min(open, close) - (random.uint32() % stepTicks));
      const volume = 1 + (random.uint32() % 1_000_000);
      this.#candles.push({ start: this.#startMs + index * this.#stepMs, open, high, low, close, volume });
    }
  }

  /** Candles with start in [startMs, endMs], newest first, in buckets of `granularity` seconds. */
  candles(granularity: number, startMs: number, endMs: number): Candle[] {
    const sizeMs = granularity * 1000;
    if (sizeMs < this.#stepMs || sizeMs % this.#stepMs !== 0) return [];
    const result: Candle[] = [];
    const first = Math.max(0, Math.ceil((startMs - this.#startMs) / this.#stepMs));
    for (let index = first; index < this.#candles.length; index += 1) {
      const candle = this.#candles[index] as Candle;
      const bucket = Math.floor(candle.start / sizeMs) * sizeMs;
      if (bucket > endMs) break;
      const last = result[result.length - 1];
      if (last !== undefined && last.start === bucket) {
        last.high = Math.max(last.high, candle.high);
        last.low = Math.min(last.low, candle.low);
        last.close = candle.close;
        last.volume += candle.volume;
      } else if (bucket >= startMs) {
        result.push({ ...candle, start: bucket });
      }
    }
    return result.reverse();
  }
}
