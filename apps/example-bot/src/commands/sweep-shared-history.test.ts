import { Worker } from 'node:worker_threads';
import { parseCandleCsv } from '@tradeloop/backtest';
import { describe, expect, it } from 'vitest';
import { type SharedCandles, shareCandles, sharedCandleData } from './sweep-shared-history.js';

const csv = [
  'time,open,high,low,close,volume,product_id',
  '1735689600,100.5,101,99.25,100.75,3.5,BTC-USD',
  '1735689600,2.5,2.75,2.25,2.5,10,ETH-USD',
  '1735689660,100.75,102.125,100,101,0,BTC-USD',
  '1735689720,101,101,.5,1.,12.000001,BTC-USD',
].join('\n');

describe('shared candle history', () => {
  it('gives back every product, start and value exactly, with the granularity', () => {
    const candles = parseCandleCsv(csv);
    const shared = shareCandles({ candles, granularityMs: 60_000 }) as SharedCandles;
    for (const one of shared.series)
      for (const buffer of [one.starts.buffer, one.text.buffer, one.ends.buffer])
        expect(buffer).toBeInstanceOf(SharedArrayBuffer);
    const back = sharedCandleData(shared);
    expect(back).toEqual({ candles, granularityMs: 60_000 });
    expect(sharedCandleData(shareCandles({ candles }) as SharedCandles)).toEqual({ candles });
  });

  it('crosses to a worker thread without copying the candles', async () => {
    const shared = shareCandles({ candles: parseCandleCsv(csv) }) as SharedCandles;
    const worker = new Worker(
      `require('node:worker_threads').parentPort.once('message', (series) => {
        series[0].starts[0] = 1; // written by the worker, seen by the main thread: the same memory
        require('node:worker_threads').parentPort.postMessage('done');
      });`,
      { eval: true },
    );
    try {
      const answered = new Promise((resolve) => worker.once('message', resolve));
      worker.postMessage(shared.series);
      await answered;
      expect(shared.series[0]?.starts[0]).toBe(1);
    } finally {
      await worker.terminate();
    }
  });

  it('declines a recording and a value beyond ASCII (a worker then reads the history itself)', () => {
    expect(shareCandles({ recording: { messages: [] } as never })).toBeUndefined();
    const series = parseCandleCsv(csv).get('BTC-USD');
    const odd = { ...series, open: ['1٫5', ...(series?.open.slice(1) ?? [])] } as never;
    expect(shareCandles({ candles: new Map([['BTC-USD', odd]]) })).toBeUndefined();
  });

  it('keeps an empty series', () => {
    const empty = {
      productId: 'BTC-USD',
      starts: new Float64Array(0),
      open: [],
      high: [],
      low: [],
      close: [],
      volume: [],
      length: 0,
    };
    const back = sharedCandleData(shareCandles({ candles: new Map([['BTC-USD', empty]]) }) as SharedCandles);
    expect(back).toEqual({ candles: new Map([['BTC-USD', empty]]) });
  });
});
