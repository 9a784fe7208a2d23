import type { Candle, ProductId } from '@tradeloop/strategy-kit';
import type { Decimal } from 'decimal.js';
import type { CandleSeries } from '../data/candle-series.js';
import { compareUnsignedDecimals } from '../data/decimal-units.js';
import { lowComesFirst } from '../fills/candle-fill-model.js';
import type { RecentDecimals } from './recent-decimals.js';

/**
 * One candle of a {@link CandleSeries} as the strategy-kit `Candle` the runtime hands to
 * `onCandle`. Its prices stay the data's decimal strings until read: a strategy that reads only
 * the close makes one Decimal per candle, not five (making Decimals is a replay's largest cost).
 * The prices are the object's own enumerable properties (read on access), so a plugin that copies
 * a candle (`{ ...candle }`) gets them as it would from a live venue's plain object.
 */
export class SeriesCandle implements Candle {
  readonly productId: ProductId;
  readonly start: number;
  readonly granularityMs: number;
  declare readonly open: Decimal;
  declare readonly high: Decimal;
  declare readonly low: Decimal;
  declare readonly close: Decimal;
  declare readonly volume: Decimal;
  declare readonly tradeCount: number;
  readonly #series: CandleSeries;
  readonly #index: number;
  readonly #decimals: RecentDecimals;
  #open: Decimal | undefined;
  #high: Decimal | undefined;
  #low: Decimal | undefined;
  #close: Decimal | undefined;
  #volume: Decimal | undefined;

  /** The lazy properties, defined on each candle (own properties: copies and spreads see them). */
  static readonly #properties: ReadonlyArray<readonly [string, PropertyDescriptor]> = [
    [
      'open',
      {
        enumerable: true,
        get(this: SeriesCandle) {
          this.#open ??= this.#decimal('open');
          return this.#open;
        },
      },
    ],
    [
      'high',
      {
        enumerable: true,
        get(this: SeriesCandle) {
          this.#high ??= this.#decimal('high');
          return this.#high;
        },
      },
    ],
    [
      'low',
      {
        enumerable: true,
        get(this: SeriesCandle) {
          this.#low ??= this.#decimal('low');
          return this.#low;
        },
      },
    ],
    [
      'close',
      {
        enumerable: true,
        get(this: SeriesCandle) {
          this.#close ??= this.#decimal('close');
          return this.#close;
        },
      },
    ],
    [
      'volume',
      {
        enumerable: true,
        get(this: SeriesCandle) {
          this.#volume ??= this.#decimal('volume');
          return this.#volume;
        },
      },
    ],
    [
      'tradeCount',
      {
        enumerable: true,
        get(this: SeriesCandle) {
          return this.#tradeCount();
        },
      },
    ],
  ];

  constructor(series: CandleSeries, index: number, granularityMs: number, decimals: RecentDecimals) {
    this.productId = series.productId as ProductId;
    this.start = series.starts[index] as number;
    this.granularityMs = granularityMs;
    this.#series = series;
    this.#index = index;
    this.#decimals = decimals;
    // One defineProperty per property: V8 defines them a third faster than one defineProperties.
    for (const [name, descriptor] of SeriesCandle.#properties) Object.defineProperty(this, name, descriptor);
  }

  #decimal(column: 'open' | 'high' | 'low' | 'close' | 'volume'): Decimal {
    return this.#decimals.get(this.#series[column][this.#index] as string);
  }

  /**
   * The prints the candle stands for, as the replay walks it (the data has no trade count): the
   * open, each extreme that differs from the print before it, the close.
   */
  #tradeCount(): number {
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
}
