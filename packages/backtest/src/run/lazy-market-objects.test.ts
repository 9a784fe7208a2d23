import { type Candle, defineStrategy, type Trade } from '@tradeloop/strategy-kit';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { syntheticCandles } from '../__fixtures__/synthetic-candles.js';
import { parseRecording } from '../data/recording.js';
import { runBacktest } from './run-backtest.js';

// The candles and trades a backtest hands to a strategy read their prices on access; a plugin
// must not be able to tell them from a live venue's plain objects, copies included.

describe('candles and trades as a backtest hands them to the strategy', () => {
  it('a candle copied with a spread, or serialized, carries its prices', async () => {
    const copies: Candle[] = [];
    const originals: string[] = [];
    const strategy = defineStrategy({
      name: 'copier',
      onCandle(candle) {
        copies.push({ ...candle });
        originals.push(JSON.stringify(candle));
      },
    });
    const series = syntheticCandles({ count: 3, seed: 5 });
    await runBacktest({
      strategy,
      products: ['BTC-USD'],
      balances: { USD: '1000' },
      data: { candles: new Map([['BTC-USD', series]]) },
    });
    const exact = (text: string | undefined) => new Decimal(text as string).toFixed();
    expect(
      copies.map((candle) => [candle.open, candle.high, candle.low, candle.close, candle.volume].map(String)),
    ).toEqual(
      [0, 1, 2].map((index) =>
        [series.open, series.high, series.low, series.close, series.volume].map((column) =>
          exact(column[index]),
        ),
      ),
    );
    expect(JSON.parse(originals[0] as string)).toMatchObject({
      productId: 'BTC-USD',
      start: series.starts[0],
      granularityMs: 60_000,
      close: expect.any(String),
      tradeCount: expect.any(Number),
    });
  });

  it('a trade copied with a spread carries its price and size', async () => {
    const copies: Trade[] = [];
    const strategy = defineStrategy({
      name: 'copier',
      onTrade(trade) {
        copies.push({ ...trade });
      },
    });
    const header = JSON.stringify({
      format: 'tradeloop.recording',
      version: 1,
      products: ['BTC-USD'],
      channels: ['matches'],
      startedAt: 0,
    });
    const trade = {
      type: 'trade',
      time: 1_735_689_600_000,
      productId: 'BTC-USD',
      tradeId: '9',
      price: '43000.5',
      size: '0.25',
      takerSide: 'sell',
    };
    await runBacktest({
      strategy,
      products: ['BTC-USD'],
      balances: { USD: '1000' },
      data: { recording: parseRecording(`${header}\n${JSON.stringify(trade)}\n`) },
    });
    expect(
      copies.map((copy) => [
        copy.tradeId,
        copy.price.toFixed(),
        copy.size.toFixed(),
        copy.takerSide,
        copy.time,
      ]),
    ).toEqual([['9', '43000.5', '0.25', 'sell', trade.time]]);
  });
});
