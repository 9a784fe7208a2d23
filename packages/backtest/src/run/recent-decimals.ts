import { ExactDecimal } from '@tradeloop/strategy-kit';
import type { Decimal } from 'decimal.js';

const ZERO = new ExactDecimal(0);

/**
 * Turns the data's decimal strings into Decimals, reusing the last few (a candle's open is
 * usually the previous close): making a Decimal is the replay's largest cost.
 */
export class RecentDecimals {
  readonly #texts: string[] = new Array(8).fill('');
  readonly #values: Decimal[] = new Array(8).fill(ZERO);
  #next = 0;
  get(text: string): Decimal {
    for (let index = 0; index < 8; index += 1)
      if (this.#texts[index] === text) return this.#values[index] as Decimal;
    const value = new ExactDecimal(text);
    this.#texts[this.#next] = text;
    this.#values[this.#next] = value;
    this.#next = (this.#next + 1) & 7;
    return value;
  }
}
