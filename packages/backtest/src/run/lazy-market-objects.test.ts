import { type Candle, defineStrategy, type Trade } from '@tradeloop/strategy-kit';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { syntheticCandles } from '../__fixtures__/synthetic-candles.js';
import { parseRecording } from '../data/recording.js';
import { runBacktest } from './run-backtest.js';

// The candles and trades a backtest hands to a strategy read their prices on access. A candle
// cannot be told from a plain object, copies included; a trade reads as the live Coinbase venue's
// trades do, so a plugin meets the same object in a backtest as live.

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

  it("a trade reads as the live venue's does: its fields, a JSON copy, a spread of its plain fields", async () => {
    const seen: Trade[] = [];
    const copies: Record<string, unknown>[] = [];
    const serialized: unknown[] = [];
    const strategy = defineStrategy({
      name: 'copier',
      onTrade(trade) {
        seen.push(trade);
        copies.push({ ...trade });
        serialized.push(JSON.parse(JSON.stringify(trade)));
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
      // A numeric trade id (a hand-written recording) reaches the strategy as a string too.
      data: {
        recording: parseRecording(
          `${header}\n${JSON.stringify(trade)}\n${JSON.stringify({ ...trade, tradeId: 10 })}\n`,
        ),
      },
    });
    expect(
      seen.map((one) => [one.tradeId, one.price.toFixed(), one.size.toFixed(), one.takerSide, one.time]),
    ).toEqual([
      ['9', '43000.5', '0.25', 'sell', trade.time],
      ['10', '43000.5', '0.25', 'sell', trade.time],
    ]);
    expect(serialized.slice(0, 1)).toEqual([
      {
        productId: 'BTC-USD',
        tradeId: '9',
        price: '43000.5',
        size: '0.25',
        takerSide: 'sell',
        time: trade.time,
      },
    ]);
    // As with the live venue's trades, price and size are read on access: a spread keeps the rest.
    expect(copies[0]).toMatchObject({
      productId: 'BTC-USD',
      tradeId: '9',
      takerSide: 'sell',
      time: trade.time,
    });
    expect(copies[0]).not.toHaveProperty('price');
  });
});
