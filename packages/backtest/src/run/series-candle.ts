import type { Candle, ProductId } from '@tradeloop/strategy-kit';
import type { Decimal } from 'decimal.js';
import { type CandleSeries, compareUnsignedDecimals } from '../data/candle-series.js';
import { lowComesFirst } from '../fills/candle-fill-model.js';
import type { RecentDecimals } from './recent-decimals.js';

/**
 * One candle of a {@link CandleSeries} as the strategy-kit `Candle` the runtime hands to
 * `onCandle`. Its prices stay the data's decimal strings until read: a strategy that reads only
 * the close makes one Decimal per candle, not five (making Decimals is a replay's largest cost).
 */
export class SeriesCandle implements Candle {
  readonly productId: ProductId;
  readonly start: number;
  readonly granularityMs: number;
  readonly #series: CandleSeries;
  readonly #index: number;
  readonly #decimals: RecentDecimals;
  #open: Decimal | undefined;
  #high: Decimal | undefined;
  #low: Decimal | undefined;
  #close: Decimal | undefined;
  #volume: Decimal | undefined;

  constructor(series: CandleSeries, index: number, granularityMs: number, decimals: RecentDecimals) {
    this.productId = series.productId as ProductId;
    this.start = series.starts[index] as number;
    this.granularityMs = granularityMs;
    this.#series = series;
    this.#index = index;
    this.#decimals = decimals;
  }

  get open(): Decimal {
    if (this.#open === undefined) this.#open = this.#decimals.get(this.#series.open[this.#index] as string);
    return this.#open;
  }

  get high(): Decimal {
    if (this.#high === undefined) this.#high = this.#decimals.get(this.#series.high[this.#index] as string);
    return this.#high;
  }

  get low(): Decimal {
    if (this.#low === undefined) this.#low = this.#decimals.get(this.#series.low[this.#index] as string);
    return this.#low;
  }

  get close(): Decimal {
    if (this.#close === undefined)
      this.#close = this.#decimals.get(this.#series.close[this.#index] as string);
    return this.#close;
  }

  get volume(): Decimal {
    if (this.#volume === undefined)
      this.#volume = this.#decimals.get(this.#series.volume[this.#index] as string);
    return this.#volume;
  }

  /**
   * The prints the candle stands for, as the replay walks it (the data has no trade count): the
   * open, each extreme that differs from the print before it, the close.
   */
  get tradeCount(): number {
    const open = this.text('open');
    const high = this.text('high');
    const low = this.text('low');
    const [first, second] = lowComesFirst(open, high, low, this.open, this.high, this.low)
      ? [low, high]
      : [high, low];
    return (
      2 +
      (compareUnsignedDecimals(first, open) === 0 ? 0 : 1) +
      (compareUnsignedDecimals(second, first) === 0 ? 0 : 1)
    );
  }

  /** The open, high, low and close as the data's strings (for exact comparisons without Decimals). */
  text(column: 'open' | 'high' | 'low' | 'close'): string {
    return this.#series[column][this.#index] as string;
  }

  /** Plain JSON (what `JSON.stringify` and test matchers see): the prices as Decimals. */
  toJSON(): Omit<Candle, never> {
    return {
      productId: this.productId,
      start: this.start,
      granularityMs: this.granularityMs,
      open: this.open,
      high: this.high,
      low: this.low,
      close: this.close,
      volume: this.volume,
      tradeCount: this.tradeCount,
    };
  }
}
