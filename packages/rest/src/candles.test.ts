import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import recorded from './__fixtures__/coinbase-candles.json' with { type: 'json' };
import {
  candleWindows,
  MAX_CANDLES_PER_REQUEST,
  mergeCandles,
  parseCandles,
  plainDecimal,
} from './candles.js';

describe('parseCandles', () => {
  it('reads a recorded Coinbase response, keeping the digits exactly as sent', () => {
    const candles = parseCandles(recorded.body);
    expect(candles).toHaveLength(3);
    expect(candles[0]).toEqual({
      time: 1580148300,
      low: '8380.56',
      high: '8395.94',
      open: '8393.72',
      close: '8381.08',
      volume: '10.82735479',
    });
    // JSON.parse would agree on the values, but only as binary floats.
    const viaFloats = JSON.parse(recorded.body) as number[][];
    expect(candles.map((candle) => Number(candle.volume))).toEqual(viaFloats.map((row) => row[5]));
  });

  it('keeps digits a double cannot hold', () => {
    const [candle] = parseCandles(
      '[[1700000000, 0.1, 0.30000000000000000001, 12345678901234567.89, 1e-7, 2.5E+3]]',
    );
    expect(candle).toEqual({
      time: 1700000000,
      low: '0.1',
      high: '0.30000000000000000001',
      open: '12345678901234567.89',
      close: '0.0000001',
      volume: '2500',
    });
  });

  it('reads an empty window and refuses anything that is not six-number rows', () => {
    expect(parseCandles(' [ ] ')).toEqual([]);
    expect(() => parseCandles('{"message":"NotFound"}')).toThrowError(SyntaxError);
    expect(() => parseCandles('[[1,2,3,4,5]]')).toThrowError(SyntaxError);
    expect(() => parseCandles('[[1,2,3,4,5,"6"]]')).toThrowError(SyntaxError);
    expect(() => parseCandles('[[1,2,3,4,5,6]] x')).toThrowError(SyntaxError);
  });
});

describe('plainDecimal', () => {
  it('writes any JSON number in plain form with the same value (property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const text = JSON.stringify(value);
        const plain = plainDecimal(text);
        expect(plain).toMatch(/^-?(0|[1-9]\d*)(\.\d*[1-9])?$/);
        expect(new Decimal(plain).equals(new Decimal(text))).toBe(true);
      }),
    );
  });
});

describe('candleWindows', () => {
  const minute = 60;
  const start = Date.parse('2024-01-01T00:00:00Z');

  it('keeps a range of up to 300 buckets in one request', () => {
    expect(candleWindows(start, start + 300 * 60_000, minute)).toEqual([
      { startMs: start, endMs: start + 300 * 60_000 },
    ]);
  });

  it('splits longer ranges into windows Coinbase accepts that cover every instant, newest first (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(60, 300, 900, 3600, 21600, 86400),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 59_999 }),
        (granularity, buckets, extraMs) => {
          const endMs = start + buckets * granularity * 1000 + extraMs;
          const windows = candleWindows(start, endMs, granularity);
          for (const window of windows) {
            expect((window.endMs - window.startMs) / (granularity * 1000)).toBeLessThanOrEqual(
              MAX_CANDLES_PER_REQUEST,
            );
          }
          const ascending = [...windows].reverse();
          expect(ascending[0]?.startMs).toBe(start);
          expect(ascending[ascending.length - 1]?.endMs).toBe(endMs);
          for (let index = 1; index < ascending.length; index += 1) {
            expect(ascending[index]?.startMs).toBe(ascending[index - 1]?.endMs);
          }
        },
      ),
    );
  });

  it('merges windows newest first with one candle per bucket', () => {
    const candle = (time: number) => ({ time, low: '1', high: '1', open: '1', close: '1', volume: '1' });
    expect(
      mergeCandles([
        [candle(300), candle(240)],
        [candle(240), candle(180)],
      ]).map((c) => c.time),
    ).toEqual([300, 240, 180]);
  });
});
