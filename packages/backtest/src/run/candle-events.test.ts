import { type Candle, defineStrategy, type StrategyContext } from '@tradeloop/strategy-kit';
import { describe, expect, it } from 'vitest';
import { smaCrossover } from '../__fixtures__/strategies.js';
import { syntheticCandles } from '../__fixtures__/synthetic-candles.js';
import { formatRunResult } from '../result/run-result.js';
import { type BacktestOptions, runBacktest } from './run-backtest.js';

// A strategy without onTrade gets each candle as one `candle` event; with onTrade it gets the
// candle's four prints and the runtime rebuilds its candles from them. Both must decide and fill
// exactly alike: these tests run the same strategies both ways on the same data.

interface BracketState {
  closes: number[];
  /** Candles seen since the position was opened. */
  held: number;
}

/**
 * Buys dips with a limit below the average; once filled, a take-profit limit goes out at once
 * (from onFill: inside a candle, so it rests from then on); after ten candles without it filling,
 * it is canceled and a stop-limit under the average takes over.
 */
const bracket = defineStrategy<{ size: string }, BracketState>({
  name: 'bracket',
  params: { defaults: { size: '0.05' } },
  createState: () => ({ closes: [], held: 0 }),
  onCandle(candle: Candle, ctx: StrategyContext<{ size: string }, BracketState>) {
    const state = ctx.state;
    state.closes.push(candle.close.toNumber());
    if (state.closes.length > 20) state.closes.shift();
    if (state.closes.length < 20) return;
    const average = state.closes.reduce((sum, value) => sum + value, 0) / state.closes.length;
    const position = ctx.position('BTC-USD').size;
    const open = ctx.openOrders('BTC-USD');
    if (position.isZero()) {
      state.held = 0;
      if (open.length === 0)
        ctx.orders.limit({
          productId: 'BTC-USD',
          side: 'buy',
          size: ctx.params.size,
          price: (average * 0.999).toFixed(2),
        });
      return;
    }
    state.held += 1;
    if (state.held === 10) ctx.orders.cancelAll('BTC-USD');
    if (state.held > 10 && open.length === 0)
      ctx.orders.stop({
        productId: 'BTC-USD',
        side: 'sell',
        size: position.toFixed(),
        stopPrice: (average * 0.998).toFixed(2),
        limitPrice: (average * 0.995).toFixed(2),
      });
  },
  onFill(fill, ctx) {
    if (fill.side === 'buy' && ctx.openOrders('BTC-USD').length === 0)
      ctx.orders.limit({
        productId: 'BTC-USD',
        side: 'sell',
        size: ctx.position('BTC-USD').size.toFixed(),
        price: fill.price.times('1.003').toFixed(2),
      });
  },
});

/** The same strategy with a do-nothing onTrade: it is then fed the candles' prints. */
function withPrints<T extends { onTrade?: unknown }>(strategy: T): T {
  return { ...strategy, onTrade() {} };
}

async function both(
  options: Omit<BacktestOptions, 'products' | 'balances' | 'data'>,
  count: number,
  granularityMs?: number,
) {
  const series = syntheticCandles({ count, seed: 11 });
  const base = {
    products: ['BTC-USD'],
    balances: { USD: '100000' },
    data: {
      candles: new Map([['BTC-USD', series]]),
      ...(granularityMs === undefined ? {} : { granularityMs }),
    },
    ...options,
  } as BacktestOptions;
  const byCandles = await runBacktest(base);
  const byPrints = await runBacktest({ ...base, strategy: withPrints(base.strategy) });
  for (const run of [byCandles, byPrints]) {
    expect(run.stats.runtimeErrors).toEqual([]);
    expect(run.stats.handlerErrors).toBe(0);
  }
  return { byCandles: byCandles.result, byPrints: byPrints.result };
}

describe('candle events and prints decide and fill alike', () => {
  it('market orders (SMA crossover): the same trades and equity', async () => {
    const { byCandles, byPrints } = await both(
      { strategy: smaCrossover, parameters: { fast: 5, slow: 20, size: '0.01' }, slippageBps: '3' },
      3000,
    );
    expect(byCandles.trades.length).toBeGreaterThan(50);
    expect(formatRunResult(byCandles)).toBe(formatRunResult(byPrints));
  });

  it('limits, stops and orders placed inside a candle (a bracket), with latency', async () => {
    const { byCandles, byPrints } = await both({ strategy: bracket, latencyMs: 1500 }, 3000);
    expect(byCandles.trades.length).toBeGreaterThan(8);
    expect(new Set(byCandles.trades.map((trade) => trade.liquidity))).toEqual(new Set(['maker', 'taker']));
    expect(formatRunResult(byCandles)).toBe(formatRunResult(byPrints));
  });

  it('a coarser strategy candle folded from the data', async () => {
    const coarse = { ...smaCrossover, candleGranularityMs: 5 * 60_000 };
    const { byCandles, byPrints } = await both(
      { strategy: coarse, parameters: { fast: 3, slow: 8, size: '0.01' } },
      3000,
    );
    expect(byCandles.trades.length).toBeGreaterThan(10);
    expect(formatRunResult(byCandles)).toBe(formatRunResult(byPrints));
  });
});
