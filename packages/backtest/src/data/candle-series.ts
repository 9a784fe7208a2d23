import { CandleDataError } from '../errors.js';
import { DecimalStringSum } from './decimal-string-sum.js';
import { compareUnsignedDecimals } from './decimal-units.js';

/**
 * One product's candles, column by column (a year of 1-minute candles is 525,600 rows: columns of
 * strings cost far less than half a million objects, and a `Decimal` is made only when the replay
 * needs it). Money stays a decimal string exactly as read.
 */
export interface CandleSeries {
  readonly productId: string;
  /** Candle starts, ms since the epoch, strictly ascending (gaps allowed: no candle = no trades). */
  readonly starts: Float64Array;
  readonly open: readonly string[];
  readonly high: readonly string[];
  readonly low: readonly string[];
  readonly close: readonly string[];
  /** Base volume. */
  readonly volume: readonly string[];
  readonly length: number;
}

/** One candle as plain values: `start` in ms since the epoch, money as decimal strings. */
export interface CandleRow {
  readonly start: number;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly volume: string;
}

/** Candles by product id. */
export type CandleData = ReadonlyMap<string, CandleSeries>;

/** True for a plain non-negative decimal string (`123`, `0.5`, `.5`; no sign, no exponent). */
export function isUnsignedDecimal(text: string): boolean {
  return decimalKind(text) !== notDecimal;
}

const notDecimal = 0;
const zeroDecimal = 1;
const positiveDecimal = 2;

/**
 * Whether a text is a plain non-negative decimal (digits with at most one dot, at least one
 * digit: `123`, `0.5`, `.5`, `5.`), and whether it is above 0, in one pass over its characters
 * (half a million rows, five values each: a regular expression costs more than the scan).
 */
function decimalKind(text: string): number {
  let digits = 0;
  let dots = 0;
  let nonZero = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= 48 && code <= 57) {
      digits += 1;
      if (code !== 48) nonZero = true;
    } else if (code === 46 && dots === 0) dots = 1;
    else return notDecimal;
  }
  if (digits === 0) return notDecimal;
  return nonZero ? positiveDecimal : zeroDecimal;
}

/**
 * Checks one candle's values; returns the problem (with the column at fault) or `undefined`.
 * Prices must be positive decimals, volume zero or more, and `low ≤ open, close ≤ high`.
 */
export function candleProblem(
  open: string,
  high: string,
  low: string,
  close: string,
  volume: string,
): { column: string; problem: string } | undefined {
  // Written without arrays: it runs once per row of files with half a million rows.
  const badPrice =
    priceProblem('open', open) ??
    priceProblem('high', high) ??
    priceProblem('low', low) ??
    priceProblem('close', close);
  if (badPrice !== undefined) return badPrice;
  if (decimalKind(volume) === notDecimal)
    return { column: 'volume', problem: `expected a decimal of 0 or more, received ${quote(volume)}` };
  if (compareUnsignedDecimals(open, high) > 0) return aboveHigh('open', open, high);
  if (compareUnsignedDecimals(low, high) > 0) return aboveHigh('low', low, high);
  if (compareUnsignedDecimals(close, high) > 0) return aboveHigh('close', close, high);
  if (compareUnsignedDecimals(open, low) < 0) return belowLow('open', open, low);
  if (compareUnsignedDecimals(close, low) < 0) return belowLow('close', close, low);
  return undefined;
}

function priceProblem(column: string, value: string): { column: string; problem: string } | undefined {
  const kind = decimalKind(value);
  if (kind === positiveDecimal) return undefined;
  if (kind === notDecimal)
    return { column, problem: `expected a positive decimal such as 43012.55, received ${quote(value)}` };
  return { column, problem: `expected a price above 0, received ${quote(value)}` };
}

function aboveHigh(column: string, value: string, high: string) {
  return { column: 'high', problem: `expected high ≥ ${column} (${value}), received ${high}` };
}

function belowLow(column: string, value: string, low: string) {
  return { column: 'low', problem: `expected low ≤ ${column} (${value}), received ${low}` };
}

/** Quotes a received value for an error message, cut short so a huge field is never echoed whole. */
export function quote(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

/**
 * Builds a series from plain rows (e.g. candles downloaded from a venue), checking each row and the
 * order of times exactly as the CSV loader does.
 *
 * @throws CandleDataError naming the row index (1-based, as `line`) at fault.
 */
export function candleSeriesFromRows(
  productId: string,
  rows: readonly CandleRow[],
  source = productId,
): CandleSeries {
  const builder = new CandleSeriesBuilder(productId, source);
  rows.forEach((row, index) => {
    builder.add(index + 1, row.start, row.open, row.high, row.low, row.close, row.volume);
  });
  return builder.build();
}

/** Collects checked rows of one product; refuses a time not after the previous one. */
export class CandleSeriesBuilder {
  readonly productId: string;
  readonly #source: string;
  #starts = new Float64Array(1024);
  readonly #open: string[] = [];
  readonly #high: string[] = [];
  readonly #low: string[] = [];
  readonly #close: string[] = [];
  readonly #volume: string[] = [];
  #previousLine = 0;

  /** The close of the last row added, if any. */
  get lastClose(): string | undefined {
    return this.#close[this.#close.length - 1];
  }

  constructor(productId: string, source: string) {
    this.productId = productId;
    this.#source = source;
  }

  add(line: number, start: number, open: string, high: string, low: string, close: string, volume: string) {
    if (!Number.isSafeInteger(start))
      throw new CandleDataError(this.#source, line, 'time', `expected a time in whole ms, received ${start}`);
    const problem = candleProblem(open, high, low, close, volume);
    if (problem !== undefined) throw new CandleDataError(this.#source, line, problem.column, problem.problem);
    const count = this.#open.length;
    if (count > 0) {
      const previous = this.#starts[count - 1] as number;
      if (start <= previous)
        throw new CandleDataError(
          this.#source,
          line,
          'time',
          `${start === previous ? 'duplicated' : 'unsorted'} time ${new Date(start).toISOString()}${
            this.productId === '' ? '' : ` for ${this.productId}`
          }: expected a time after ${new Date(previous).toISOString()} (line ${this.#previousLine})`,
        );
    }
    if (count === this.#starts.length) {
      const grown = new Float64Array(count * 2);
      grown.set(this.#starts);
      this.#starts = grown;
    }
    this.#starts[count] = start;
    this.#open.push(open);
    this.#high.push(high);
    this.#low.push(low);
    this.#close.push(close);
    this.#volume.push(volume);
    this.#previousLine = line;
  }

  build(): CandleSeries {
    const length = this.#open.length;
    return {
      productId: this.productId,
      starts: this.#starts.slice(0, length),
      open: this.#open,
      high: this.#high,
      low: this.#low,
      close: this.#close,
      volume: this.#volume,
      length,
    };
  }
}

/**
 * The data's candle size: the smallest step between two consecutive starts of any product.
 * @throws CandleDataError when no product has two candles (the size cannot be told; pass it).
 */
export function inferGranularityMs(data: CandleData): number {
  let smallest = Number.POSITIVE_INFINITY;
  for (const series of data.values())
    for (let index = 1; index < series.length; index += 1)
      smallest = Math.min(smallest, (series.starts[index] as number) - (series.starts[index - 1] as number));
  if (!Number.isFinite(smallest))
    throw new CandleDataError(
      'candles',
      0,
      undefined,
      'cannot tell the candle size from fewer than two candles per product; pass granularityMs',
    );
  return smallest;
}

/** Exact sum of plain decimal strings `texts[first..end)` (see {@link DecimalStringSum}). */
export function sumDecimalStrings(texts: readonly string[], first: number, end: number): string {
  const sum = new DecimalStringSum();
  for (let index = first; index < end; index += 1) sum.add(texts[index] as string);
  return sum.toString();
}
