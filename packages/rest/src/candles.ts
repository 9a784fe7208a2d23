import type { CandleWire } from './types/products.js';

/** Coinbase answers 400 when a request spans more than this many buckets. */
export const MAX_CANDLES_PER_REQUEST = 300;

/** Granularities Coinbase serves, in seconds. */
export const CANDLE_GRANULARITIES = [60, 300, 900, 3600, 21600, 86400] as const;

/** One request's time range, in ms since the epoch. */
export interface CandleWindow {
  startMs: number;
  endMs: number;
}

/**
 * Splits `[startMs, endMs]` into windows Coinbase accepts, newest first. Each spans 299 buckets,
 * so with Coinbase's inclusive ends it returns at most 300 rows; consecutive windows share their
 * boundary instant, so no bucket falls between two (duplicates are removed when merging).
 */
export function candleWindows(startMs: number, endMs: number, granularitySeconds: number): CandleWindow[] {
  const span = (MAX_CANDLES_PER_REQUEST - 1) * granularitySeconds * 1000;
  if (endMs - startMs <= MAX_CANDLES_PER_REQUEST * granularitySeconds * 1000) return [{ startMs, endMs }];
  const windows: CandleWindow[] = [];
  for (let windowStart = startMs; windowStart < endMs; windowStart += span) {
    windows.push({ startMs: windowStart, endMs: Math.min(endMs, windowStart + span) });
  }
  return windows.reverse();
}

/** Merges per-window results: newest first, one candle per bucket time. */
export function mergeCandles(batches: readonly CandleWire[][]): CandleWire[] {
  const byTime = new Map<number, CandleWire>();
  for (const batch of batches)
    for (const candle of batch) if (!byTime.has(candle.time)) byTime.set(candle.time, candle);
  return [...byTime.values()].sort((left, right) => right.time - left.time);
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Reads Coinbase's candle rows `[[time, low, high, open, close, volume], ...]` keeping every
 * number's digits as text, so no price passes through a binary float.
 *
 * @throws {SyntaxError} when the text is not an array of six-number rows.
 */
export function parseCandles(text: string): CandleWire[] {
  let position = 0;
  const skipSpace = () => {
    while (position < text.length && /\s/.test(text[position] as string)) position += 1;
  };
  const expect = (character: string) => {
    skipSpace();
    if (text[position] !== character) {
      throw new SyntaxError(`expected "${character}" at position ${position} of the candle rows`);
    }
    position += 1;
  };
  const readNumber = (): string => {
    skipSpace();
    NUMBER.lastIndex = position;
    const match = NUMBER.exec(text);
    if (!match) throw new SyntaxError(`expected a number at position ${position} of the candle rows`);
    position += match[0].length;
    return match[0];
  };
  const candles: CandleWire[] = [];
  expect('[');
  skipSpace();
  if (text[position] === ']') {
    position += 1;
  } else {
    for (;;) {
      expect('[');
      const fields: string[] = [readNumber()];
      for (let index = 1; index < 6; index += 1) {
        expect(',');
        fields.push(readNumber());
      }
      expect(']');
      const [time, low, high, open, close, volume] = fields as [
        string,
        string,
        string,
        string,
        string,
        string,
      ];
      candles.push({
        time: Number(time),
        low: plainDecimal(low),
        high: plainDecimal(high),
        open: plainDecimal(open),
        close: plainDecimal(close),
        volume: plainDecimal(volume),
      });
      skipSpace();
      if (text[position] === ',') {
        position += 1;
        continue;
      }
      expect(']');
      break;
    }
  }
  skipSpace();
  if (position !== text.length)
    throw new SyntaxError(`unexpected text after the candle rows at position ${position}`);
  return candles;
}

/**
 * Rewrites a JSON number's text in plain decimal form, exactly: `1e-7` → `0.0000001`,
 * `1.5E+3` → `1500`. Text already plain is returned as it is.
 */
export function plainDecimal(numberText: string): string {
  const exponentAt = numberText.search(/[eE]/);
  if (exponentAt < 0) return numberText;
  const negative = numberText.startsWith('-');
  const mantissa = numberText.slice(negative ? 1 : 0, exponentAt);
  const exponent = Number(numberText.slice(exponentAt + 1));
  const pointAt = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const integerLength = (pointAt < 0 ? mantissa.length : pointAt) + exponent;
  let result: string;
  if (integerLength <= 0) result = `0.${'0'.repeat(-integerLength)}${digits}`;
  else if (integerLength >= digits.length) result = digits + '0'.repeat(integerLength - digits.length);
  else result = `${digits.slice(0, integerLength)}.${digits.slice(integerLength)}`;
  result = trimZeros(result);
  return negative && result !== '0' ? `-${result}` : result;
}

function trimZeros(value: string): string {
  let result = value.replace(/^0+(?=\d)/, '');
  if (result.includes('.')) result = result.replace(/0+$/, '').replace(/\.$/, '');
  return result === '' ? '0' : result;
}
