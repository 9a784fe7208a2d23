import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { candlesToCsv, syntheticCandles } from '../__fixtures__/synthetic-candles.js';
import { CandleDataError } from '../errors.js';
import { formatCandleCsv, loadCandles, parseCandleCsv } from './candle-csv.js';

const header = 'time,open,high,low,close,volume';

function failure(text: string, options = {}): CandleDataError {
  try {
    parseCandleCsv(text, { source: 'BTC-USD.csv', ...options });
  } catch (error) {
    if (CandleDataError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a CandleDataError');
}

describe('parseCandleCsv', () => {
  it('reads Unix-second and ISO 8601 UTC starts, CRLF, a BOM, blank lines and columns in any order', () => {
    const text = `\ufefftime,volume,open,high,low,close\r\n1735689600,1.5,100,101,99,100.5\r\n\r\n2025-01-01T00:01:00Z,0,100.5,100.5,100.5,100.5\r\n`;
    const series = parseCandleCsv(text, { source: 'BTC-USD-1m.csv' }).get('BTC-USD');
    expect(series?.length).toBe(2);
    expect(Array.from(series?.starts ?? [])).toEqual([Date.UTC(2025, 0, 1), Date.UTC(2025, 0, 1, 0, 1)]);
    expect(series?.open).toEqual(['100', '100.5']);
    expect(series?.volume).toEqual(['1.5', '0']);
  });

  it('splits a file with a product_id column by product, each sorted on its own', () => {
    const text = `${header},product_id\n60,1,1,1,1,1,ETH-USD\n0,2,2,2,2,2,BTC-USD\n120,3,3,3,3,3,ETH-USD\n60,4,4,4,4,4,BTC-USD\n`;
    const data = parseCandleCsv(text, { source: 'mixed.csv' });
    expect([...data.keys()]).toEqual(['BTC-USD', 'ETH-USD']);
    expect(data.get('ETH-USD')?.close).toEqual(['1', '3']);
  });

  it('allows gaps', () => {
    const data = parseCandleCsv(`${header}\n0,1,1,1,1,1\n600,1,1,1,1,1\n`, { source: 'BTC-USD.csv' });
    expect(data.get('BTC-USD')?.length).toBe(2);
  });

  it.each([
    ['a missing column', 'time,open,high,low,close\n', 1, /missing column "volume"/],
    ['an unknown column', `${header},vwap\n`, 1, /unknown column "vwap"/],
    [
      'a field count unlike the header',
      `${header}\n0,1,1,1,1\n`,
      2,
      /expected 6 fields like the header, received 5/,
    ],
    [
      'a bad number',
      `${header}\n0,1,1,1,1,1\n60,1,1,1,abc,1\n`,
      3,
      /close: expected a positive decimal.*"abc"/,
    ],
    ['a zero price', `${header}\n0,0,1,0,1,1\n`, 2, /open: expected a price above 0/],
    ['a negative volume', `${header}\n0,1,1,1,1,-2\n`, 2, /volume: expected a decimal of 0 or more/],
    [
      'high below the close',
      `${header}\n0,1,1.5,1,2,1\n`,
      2,
      /high: expected high ≥ close \(2\), received 1.5/,
    ],
    ['low above the open', `${header}\n0,1,2,1.5,2,1\n`, 2, /low: expected low ≤ open \(1\), received 1.5/],
    ['a bad time', `${header}\n2025/01/01,1,1,1,1,1\n`, 2, /time: expected the candle start as Unix seconds/],
    ['a time in ms', `${header}\n1735689600000,1,1,1,1,1\n`, 2, /milliseconds\? divide by 1000/],
    ['a non-UTC ISO time', `${header}\n2025-01-01T00:00:00+02:00,1,1,1,1,1\n`, 2, /ISO 8601 UTC/],
    [
      'an unsorted time',
      `${header}\n60,1,1,1,1,1\n0,1,1,1,1,1\n`,
      3,
      /unsorted time 1970-01-01T00:00:00.000Z for BTC-USD: expected a time after 1970-01-01T00:01:00.000Z \(line 2\)/,
    ],
    ['a duplicated time', `${header}\n0,1,1,1,1,1\n\n0,1,1,1,1,1\n`, 4, /duplicated time/],
    ['an empty file', '', 1, /expected a header row/],
  ])('refuses %s with its line number', (_name, text, line, message) => {
    const error = failure(text);
    expect(error.code).toBe('invalid_candle_data');
    expect(error.line).toBe(line);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`BTC-USD.csv:${line}: `)).toBe(true);
  });

  it('refuses a file that names no product', () => {
    expect(failure(`${header}\n0,1,1,1,1,1\n`, { source: 'candles.csv' }).message).toMatch(/no product id/);
  });

  it('round-trips through formatCandleCsv', () => {
    const data = new Map([['BTC-USD', syntheticCandles({ count: 50 })]]);
    const again = parseCandleCsv(formatCandleCsv(data), { source: 'x.csv' });
    expect(again.get('BTC-USD')).toEqual(data.get('BTC-USD'));
  });
});

describe('loadCandles', () => {
  const directory = mkdtempSync(join(tmpdir(), 'candles-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('joins the files of a directory in name order and refuses overlapping ones', () => {
    const series = syntheticCandles({ count: 20 });
    const csv = candlesToCsv(series).split('\n');
    writeFileSync(join(directory, 'BTC-USD-a.csv'), `${csv.slice(0, 11).join('\n')}\n`);
    writeFileSync(join(directory, 'BTC-USD-b.csv'), `${[csv[0], ...csv.slice(11)].join('\n')}`);
    const loaded = loadCandles(directory).get('BTC-USD');
    expect(loaded?.length).toBe(20);
    expect(Array.from(loaded?.starts ?? [])).toEqual(Array.from(series.starts));
    writeFileSync(join(directory, 'BTC-USD-c.csv'), `${csv.slice(0, 3).join('\n')}\n`);
    expect(() => loadCandles(directory)).toThrow(/overlap/);
  });

  it('refuses a path with nothing at it with a typed error naming the path', () => {
    const missing = join(directory, 'no-such-file.csv');
    expect(() => loadCandles(missing)).toThrow(CandleDataError);
    expect(() => loadCandles(missing)).toThrow(
      `${missing}: expected a CSV file or a folder of them, found nothing at this path`,
    );
  });
});
