import { defineStrategy } from '@tradeloop/strategy-kit';
import { describe, expect, it } from 'vitest';
import { scripted } from '../__fixtures__/strategies.js';
import { syntheticCandles } from '../__fixtures__/synthetic-candles.js';
import { candleSeriesFromRows } from '../data/candle-series.js';
import { BacktestConfigError } from '../errors.js';
import { type BacktestOptions, runBacktest } from './run-backtest.js';

const t0 = Date.UTC(2025, 0, 1);
const minute = 60_000;
const idle = defineStrategy({ name: 'idle', onCandle() {} });
const btc = syntheticCandles({ count: 30, seed: 1 });
const data = { candles: new Map([['BTC-USD', btc]]) };

async function configError(options: Partial<BacktestOptions>): Promise<BacktestConfigError> {
  try {
    await runBacktest({ strategy: idle, products: ['BTC-USD'], data, balances: { USD: '100' }, ...options });
  } catch (error) {
    if (BacktestConfigError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a BacktestConfigError');
}

describe('options', () => {
  it.each<[string, Partial<BacktestOptions>, RegExp]>([
    [
      'a balance in a currency the products do not use',
      { balances: { EUR: '1' } },
      /balances: EUR is neither/,
    ],
    [
      'a balance that is not a decimal string',
      { balances: { USD: '-5' } },
      /expected a decimal string of 0 or more/,
    ],
    ['products with two quote currencies', { products: ['BTC-USD', 'ETH-BTC'] }, /one quote currency/],
    ['a product the data lacks', { products: ['ETH-USD'] }, /no candles for ETH-USD; the data holds BTC-USD/],
    ['a bad fee text', { fees: 'maker=0.4%' }, /fees: maker: expected a fraction/],
    ['negative latency', { latencyMs: -1 }, /latencyMs/],
    ['slippage of 100 %', { slippageBps: 10_000 }, /slippageBps/],
    [
      'a strategy finer than the data',
      {
        data: { candles: new Map([['BTC-USD', syntheticCandles({ count: 5, granularityMs: 5 * minute })]]) },
      },
      /wants 60000 ms candles, which cannot be built from 300000 ms candles/,
    ],
    [
      'candles off the granularity grid',
      { data: { candles: data.candles, granularityMs: 7 * minute } },
      /does not start on a 420000 ms boundary/,
    ],
    ['an empty time range', { from: '2030-01-01T00:00:00Z' }, /no candles in the chosen time range/],
  ])('refuses %s', async (_name, options, message) => {
    expect((await configError(options)).message).toMatch(message);
  });
});

describe('several products', () => {
  it('merges their candles by time, trades each, and reports metrics per product', async () => {
    const eth = candleSeriesFromRows(
      'ETH-USD',
      Array.from({ length: 20 }, (_, index) => ({
        start: t0 + (index + 5) * minute, // starts five minutes later
        open: '3000',
        high: index < 10 ? '3010' : '3310',
        low: '2990',
        close: index < 10 ? '3000' : '3300',
        volume: '1',
      })),
    );
    const seen: string[] = [];
    const strategy = defineStrategy({
      name: 'both',
      onCandle(candle, ctx) {
        seen.push(`${candle.productId}@${(candle.start - t0) / minute}`);
        if (candle.start === t0 + 6 * minute && candle.productId === 'BTC-USD')
          for (const productId of ['BTC-USD', 'ETH-USD'])
            ctx.orders.market({ productId, side: 'buy', funds: '500' });
      },
    });
    const progress: number[] = [];
    const { result } = await runBacktest({
      strategy,
      products: ['BTC-USD', 'ETH-USD'],
      data: {
        candles: new Map([
          ['BTC-USD', btc],
          ['ETH-USD', eth],
        ]),
      },
      balances: { USD: '10000' },
      onProgress: ({ done }) => progress.push(done),
    });
    expect(seen.slice(0, 7)).toEqual([
      'BTC-USD@0',
      'BTC-USD@1',
      'BTC-USD@2',
      'BTC-USD@3',
      'BTC-USD@4',
      'BTC-USD@5',
      'ETH-USD@5',
    ]);
    expect(result.trades.map((trade) => [trade.productId, trade.time])).toEqual([
      ['BTC-USD', new Date(t0 + 7 * minute).toISOString()],
      ['ETH-USD', new Date(t0 + 7 * minute).toISOString()],
    ]);
    // A market buy by funds spends at most the funds, the taker fee included (default 1.2 %).
    const eth0 = result.trades[1];
    const spent = Number(eth0?.price) * Number(eth0?.size) + Number(eth0?.fee);
    expect(spent).toBeLessThanOrEqual(500);
    expect(spent).toBeGreaterThan(499.9);
    expect(Object.keys(result.metrics.perProduct)).toEqual(['BTC-USD', 'ETH-USD']);
    expect(result.metrics.perProduct['ETH-USD']?.buyAndHoldReturn).toBe('0.1');
    expect(Object.keys(result.prices)).toEqual(['BTC-USD', 'ETH-USD']);
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.at(-1)).toBe(50);
  });

  it('cancels a resting order before it fills', async () => {
    const strategy = scripted({
      [t0]: (ctx) => {
        ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '1', price: '1' });
      },
      [t0 + minute]: (ctx) => {
        ctx.orders.cancelAll();
      },
      [t0 + 2 * minute]: (ctx) => {
        ctx.orders.limit({
          productId: 'BTC-USD',
          side: 'buy',
          size: '0.01',
          price: '100000',
          postOnly: true,
        });
      },
    });
    const { result, stats } = await runBacktest({
      strategy,
      products: ['BTC-USD'],
      data,
      balances: { USD: '100000' },
    });
    expect(result.trades).toEqual([]);
    expect(stats.ordersCanceled).toBe(1);
    expect(stats.ordersRejected).toBe(1); // the post-only order would have taken
    expect(stats.runtimeErrors).toEqual([]);
  });
});
