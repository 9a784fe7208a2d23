/**
 * Candles parsed once by the sweep's main thread, handed to every worker thread in shared memory:
 * a worker then slices its columns out of one text instead of reading and checking the file again
 * (parsing is most of a worker's start; slicing is a few tens of milliseconds).
 *
 * Each product is its starts (a Float64Array over a SharedArrayBuffer) and its five price columns
 * as one ASCII text over a SharedArrayBuffer with the end of every value; posting these to a
 * worker copies no candle. The values are the loader's checked decimal strings (digits and a dot),
 * so one byte a character holds them exactly.
 */
import type { BacktestData, CandleData, CandleSeries } from '@tradeloop/backtest';

const COLUMNS = ['open', 'high', 'low', 'close', 'volume'] as const;

/** One product's candles in shared memory. */
export interface SharedCandleSeries {
  readonly productId: string;
  readonly length: number;
  readonly starts: Float64Array;
  /** The open, high, low, close and volume columns one after the other, one byte a character. */
  readonly text: Uint8Array;
  /** Where each value ends in `text`: column after column, `length` values each. */
  readonly ends: Int32Array;
}

/** Candle history in shared memory (see {@link shareCandles}). */
export interface SharedCandles {
  readonly series: readonly SharedCandleSeries[];
  readonly granularityMs?: number;
}

/**
 * Candle history packed into shared memory; `undefined` for a recording (a worker reads that
 * itself) or for a value beyond ASCII (none of the loader's checked decimals is).
 */
export function shareCandles(data: BacktestData): SharedCandles | undefined {
  if (!('candles' in data)) return undefined;
  const series: SharedCandleSeries[] = [];
  for (const one of data.candles.values()) {
    const shared = shareSeries(one);
    if (shared === undefined) return undefined;
    series.push(shared);
  }
  return { series, ...(data.granularityMs === undefined ? {} : { granularityMs: data.granularityMs }) };
}

function shareSeries(series: CandleSeries): SharedCandleSeries | undefined {
  const { length } = series;
  let size = 0;
  for (const name of COLUMNS)
    for (let row = 0; row < length; row += 1) size += (series[name][row] as string).length;
  const text = new Uint8Array(new SharedArrayBuffer(size));
  const ends = new Int32Array(new SharedArrayBuffer(COLUMNS.length * length * Int32Array.BYTES_PER_ELEMENT));
  // Character by character: cheaper than joining the columns, and checks each is ASCII on the way.
  let offset = 0;
  for (let column = 0; column < COLUMNS.length; column += 1) {
    const values = series[COLUMNS[column] as (typeof COLUMNS)[number]];
    for (let row = 0; row < length; row += 1) {
      const value = values[row] as string;
      for (let index = 0; index < value.length; index += 1) {
        const code = value.charCodeAt(index);
        if (code > 127) return undefined;
        text[offset] = code;
        offset += 1;
      }
      ends[column * length + row] = offset;
    }
  }
  const starts = new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT));
  starts.set(series.starts.subarray(0, length));
  return { productId: series.productId, length, starts, text, ends };
}

/** The candle history a worker backtests on, made from {@link shareCandles}' packing. */
export function sharedCandleData(shared: SharedCandles): BacktestData {
  const candles: CandleData = new Map(shared.series.map((one) => [one.productId, unpackSeries(one)]));
  return shared.granularityMs === undefined ? { candles } : { candles, granularityMs: shared.granularityMs };
}

function unpackSeries(shared: SharedCandleSeries): CandleSeries {
  const { length, ends } = shared;
  const text = Buffer.from(shared.text.buffer, shared.text.byteOffset, shared.text.byteLength).toString(
    'latin1',
  );
  const [open, high, low, close, volume] = COLUMNS.map((_name, column) => {
    const values = new Array<string>(length);
    let start = column === 0 ? 0 : (ends[column * length - 1] as number);
    for (let row = 0; row < length; row += 1) {
      const end = ends[column * length + row] as number;
      values[row] = text.slice(start, end);
      start = end;
    }
    return values;
  }) as [string[], string[], string[], string[], string[]];
  return { productId: shared.productId, starts: shared.starts, open, high, low, close, volume, length };
}
