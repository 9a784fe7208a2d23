import { ExactDecimal } from '@tradeloop/strategy-kit';
import type { Decimal } from 'decimal.js';
import type { CurveValues } from '../metrics/metrics.js';

/** Per product, its mark at each sample: a Decimal, or the data's decimal string (candle mode). */
export type MarksLog = ReadonlyMap<string, ReadonlyArray<Decimal | string | undefined>>;

/** The account as a sample saw it: the quote total and each product's base total (the account's own Decimals). */
interface AccountState {
  readonly quote: Decimal;
  /** Per product, in the recorder's product order. */
  readonly bases: readonly Decimal[];
}

/**
 * The account's value at every sample, kept as what it is made of instead of one Decimal per
 * sample: which account state (quote and base totals, changed only by fills) and the products'
 * marks at that sample (the recorder's marks log). A value is made again when read — exactly as
 * the sample would have made it (quote + Σ base × mark, in product order, the same Decimal
 * operations) — so a year of samples keeps no Decimals alive: they are made and dropped while the
 * metrics read them, instead of a Decimal per minute surviving to the end of the run (which kept
 * the garbage collector copying and promoting them, and in a sweep the other core busy).
 *
 * Which samples repeat the previous value as the same object is kept too: the drawdown skips
 * those (a flat stretch), and a value equal but made anew moves the peak's time, as before.
 */
export class EquityCurve implements CurveValues {
  times = new Float64Array(1024);
  length = 0;
  readonly #productIds: readonly string[];
  readonly #marks: ReadonlyArray<ReadonlyArray<Decimal | string | undefined>>;
  readonly #states: AccountState[] = [];
  /** Per sample, the sample whose value it repeats (itself when it made its own). */
  #sources = new Int32Array(1024);
  /** Per sample that made its value, its account state. */
  #stateOf = new Int32Array(1024);

  /** `marks` holds every product of `productIds`, logged at every sample. */
  constructor(productIds: readonly string[], marks: MarksLog) {
    this.#productIds = productIds;
    this.#marks = productIds.map((id) => marks.get(id) ?? []);
  }

  /** A sample that repeats the previous sample's value (the same object). */
  repeat(time: number): void {
    const index = this.#grow(time);
    this.#sources[index] = this.#sources[index - 1] as number;
  }

  /**
   * A sample valued now from the account's totals (`bases` in product order); the marks must be
   * logged for this sample before its value is read.
   */
  capture(time: number, quote: Decimal, bases: readonly Decimal[]): void {
    const index = this.#grow(time);
    this.#sources[index] = index;
    const last = this.#states.length - 1;
    const previous = this.#states[last];
    if (previous !== undefined && previous.quote === quote && sameObjects(previous.bases, bases)) {
      this.#stateOf[index] = last;
      return;
    }
    this.#states.push({ quote, bases: [...bases] });
    this.#stateOf[index] = last + 1;
  }

  /** The value at sample `index`. */
  valueAt(index: number): Decimal {
    const source = this.#sources[index] as number;
    const state = this.#states[this.#stateOf[source] as number] as AccountState;
    let value = state.quote;
    for (let product = 0; product < this.#productIds.length; product += 1) {
      const base = state.bases[product] as Decimal;
      if (base.isZero()) continue;
      const mark = (this.#marks[product] as ReadonlyArray<Decimal | string | undefined>)[source];
      if (mark !== undefined)
        value = value.plus(base.times(typeof mark === 'string' ? new ExactDecimal(mark) : mark));
    }
    return value;
  }

  /** Whether sample `index` holds the very object of the sample before it. */
  sameAsPrevious(index: number): boolean {
    if (index === 0) return false;
    const source = this.#sources[index] as number;
    const previous = this.#sources[index - 1] as number;
    if (source === previous) return true;
    // Values made anew are new objects; a state with no base valued holds its quote total itself.
    const quote = this.#onlyQuote(source);
    return quote !== undefined && quote === this.#onlyQuote(previous);
  }

  /** The state's quote total when the value at `source` is that object itself (no base valued). */
  #onlyQuote(source: number): Decimal | undefined {
    const state = this.#states[this.#stateOf[source] as number] as AccountState;
    for (let product = 0; product < this.#productIds.length; product += 1) {
      const base = state.bases[product] as Decimal;
      if (!base.isZero() && (this.#marks[product] as ReadonlyArray<unknown>)[source] !== undefined)
        return undefined;
    }
    return state.quote;
  }

  #grow(time: number): number {
    const index = this.length;
    if (index === this.times.length) {
      this.times = grown(this.times, Float64Array);
      this.#sources = grown(this.#sources, Int32Array);
      this.#stateOf = grown(this.#stateOf, Int32Array);
    }
    this.times[index] = time;
    this.length = index + 1;
    return index;
  }
}

function sameObjects(left: readonly Decimal[], right: readonly Decimal[]): boolean {
  for (let index = 0; index < left.length; index += 1) if (left[index] !== right[index]) return false;
  return true;
}

function grown<T extends Float64Array | Int32Array>(array: T, Type: { new (length: number): T }): T {
  const copy = new Type(array.length * 2);
  copy.set(array);
  return copy;
}
