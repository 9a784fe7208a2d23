import {
  invalidPrice,
  MAX_KEY_DECIMALS,
  type ParsedDecimal,
  POWERS_OF_TEN,
  parseDecimal,
} from './decimal-text.js';
import type { PriceLadder } from './price-ladder.js';

/**
 * Turns price strings into exact integer keys: the price scaled by 10^decimals, with `decimals`
 * the most significant decimal places seen so far in this book ("64321.12" at 2 → 6432112).
 * No float is ever parsed. When a price with more decimals arrives, the keys of every ladder are
 * rescaled in place (rare: a book's tick size does not change).
 */
export class PriceKeys {
  #decimals = 0;
  readonly #parsed: ParsedDecimal = { digits: 0, decimals: 0 };
  readonly #ladders: ReadonlyArray<PriceLadder<unknown>>;

  constructor(ladders: ReadonlyArray<PriceLadder<unknown>>) {
    this.#ladders = ladders;
  }

  /** Decimal places of the current keys. */
  get decimals(): number {
    return this.#decimals;
  }

  /** Sets the scale for an empty book (snapshot loading sets it once from all its prices). */
  reset(decimals: number): void {
    this.#decimals = decimals;
  }

  /** Significant decimal places of `price`. @throws {InvalidBookValueError} */
  decimalsOf(price: string): number {
    if (!parseDecimal(price, this.#parsed)) throw invalidPrice(price);
    return this.#parsed.decimals;
  }

  /**
   * The key of `price` at the current scale, rescaling all ladders first when the price needs
   * more decimals. @throws {InvalidBookValueError} for a malformed price or one too large to key exactly.
   */
  keyOf(price: string): number {
    const parsed = this.#parsed;
    if (typeof price !== 'string' || !parseDecimal(price, parsed)) throw invalidPrice(price);
    if (parsed.decimals > this.#decimals) this.#rescale(parsed.decimals, price);
    const key = parsed.digits * (POWERS_OF_TEN[this.#decimals - parsed.decimals] as number);
    if (key > Number.MAX_SAFE_INTEGER) throw invalidPrice(price);
    return key;
  }

  #rescale(decimals: number, price: string): void {
    if (decimals > MAX_KEY_DECIMALS) throw invalidPrice(price);
    const factor = POWERS_OF_TEN[decimals - this.#decimals] as number;
    for (const ladder of this.#ladders) {
      if (ladder.multiplyKeys(factor) > Number.MAX_SAFE_INTEGER) throw invalidPrice(price);
    }
    this.#decimals = decimals;
  }
}
