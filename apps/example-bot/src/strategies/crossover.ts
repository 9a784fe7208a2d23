/**
 * The trend follower's signal, free of I/O: a fast and a slow simple moving average of candle
 * closes, and the moment one crosses the other.
 */
import { Decimal } from 'decimal.js';

/** Which way the fast average crossed the slow one. */
export type Crossing = 'crossed-above' | 'crossed-below';

/** A simple moving average over the last `period` values, kept as a running sum. */
class SimpleMovingAverage {
  readonly #period: number;
  readonly #values: Decimal[] = [];
  #sum = new Decimal(0);

  constructor(period: number) {
    this.#period = period;
  }

  /** Adds a value; returns the sum of the last `period` values once that many have been seen. */
  update(value: Decimal): Decimal | undefined {
    this.#values.push(value);
    this.#sum = this.#sum.plus(value);
    if (this.#values.length > this.#period) this.#sum = this.#sum.minus(this.#values.shift()!);
    return this.#values.length === this.#period ? this.#sum : undefined;
  }

  get period(): number {
    return this.#period;
  }
}

/**
 * Reports when the fast average crosses the slow one. A tie keeps the previous side, so a
 * crossing is reported once, when the averages actually change order.
 *
 * @example
 * const crossover = new MovingAverageCrossover(3, 8);
 * for (const candle of candles) if (crossover.update(candle.close) === 'crossed-above') buy();
 */
export class MovingAverageCrossover {
  readonly #fast: SimpleMovingAverage;
  readonly #slow: SimpleMovingAverage;
  #side: 1 | -1 | undefined;
  #fastSum: Decimal | undefined;
  #slowSum: Decimal | undefined;

  /**
   * @throws {RangeError} unless 1 ≤ fastPeriod < slowPeriod, both whole numbers.
   */
  constructor(fastPeriod: number, slowPeriod: number) {
    if (
      !Number.isInteger(fastPeriod) ||
      !Number.isInteger(slowPeriod) ||
      fastPeriod < 1 ||
      fastPeriod >= slowPeriod
    ) {
      throw new RangeError(
        `expected whole periods with 1 ≤ fast < slow, received fast ${fastPeriod} and slow ${slowPeriod}`,
      );
    }
    this.#fast = new SimpleMovingAverage(fastPeriod);
    this.#slow = new SimpleMovingAverage(slowPeriod);
  }

  /** The latest averages, once each has enough values. */
  get averages(): { fast: Decimal | undefined; slow: Decimal | undefined } {
    return {
      fast: this.#fastSum?.div(this.#fast.period),
      slow: this.#slowSum?.div(this.#slow.period),
    };
  }

  /** Adds one close; returns the crossing it caused, if any. */
  update(close: Decimal): Crossing | undefined {
    this.#fastSum = this.#fast.update(close);
    this.#slowSum = this.#slow.update(close);
    if (this.#fastSum === undefined || this.#slowSum === undefined) return undefined;
    // fast/f against slow/s as fast·s against slow·f: no rounded quotients, no long division per candle.
    const comparison = this.#fastSum
      .times(this.#slow.period)
      .comparedTo(this.#slowSum.times(this.#fast.period));
    if (comparison === 0) return undefined;
    const side = comparison > 0 ? 1 : -1;
    const previous = this.#side;
    this.#side = side;
    if (previous === undefined || previous === side) return undefined;
    return side === 1 ? 'crossed-above' : 'crossed-below';
  }
}
