import { type Candle, defineStrategy, type OrderUpdate } from '@tradeloop/strategy-kit';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { scripted, smaCrossover } from '../__fixtures__/strategies.js';
import { syntheticCandles } from '../__fixtures__/synthetic-candles.js';
import { candleSeriesFromRows } from '../data/candle-series.js';
import { formatRunResult } from '../result/run-result.js';
import { type BacktestOptions, runBacktest } from './run-backtest.js';

const t0 = Date.UTC(2025, 0, 1);
const minute = 60_000;

/** Candles of BTC-USD from [open, high, low, close] rows, one minute apart (or at given minutes). */
function candles(rows: Array<[string, string, string, string]>, minutes?: number[]) {
  return new Map([
    [
      'BTC-USD',
      candleSeriesFromRows(
        'BTC-USD',
        rows.map(([open, high, low, close], index) => ({
          start: t0 + (minutes?.[index] ?? index) * minute,
          open,
          high,
          low,
          close,
          volume: '2',
        })),
      ),
    ],
  ]);
}

/** Runs a backtest and checks the runtime saw nothing inconsistent (an illegal report, a lost fill). */
async function run(options: Partial<BacktestOptions> & Pick<BacktestOptions, 'strategy' | 'data'>) {
  const outcome = await runBacktest({
    products: ['BTC-USD'],
    balances: { USD: '100000', BTC: '1' },
    fees: 'maker=0.004,taker=0.006',
    ...options,
  });
  expect(outcome.stats.runtimeErrors).toEqual([]);
  return outcome;
}

const flat: [string, string, string, string] = ['100', '100', '100', '100'];

/** A strategy that notes each candle it gets and the time it got it. */
function watcher(candleGranularityMs = minute) {
  const seen: Array<{ now: number; candle: Candle }> = [];
  const strategy = defineStrategy({
    name: 'watcher',
    candleGranularityMs,
    onCandle(candle, ctx) {
      seen.push({ now: ctx.now(), candle });
    },
  });
  return { strategy, seen };
}

describe('no look-ahead', () => {
  it('hands each candle to onCandle at its close, with the data exactly', async () => {
    const { strategy, seen } = watcher();
    await run({
      strategy,
      data: {
        candles: candles([
          ['100', '105', '99', '104'],
          ['104', '104.5', '101', '102'],
        ]),
      },
    });
    expect(seen.map((entry) => entry.now)).toEqual([t0 + minute, t0 + 2 * minute]);
    expect(
      seen.map(({ candle }) =>
        [candle.start, candle.open, candle.high, candle.low, candle.close, candle.volume].map(String),
      ),
    ).toEqual([
      [String(t0), '100', '105', '99', '104', '2'],
      [String(t0 + minute), '104', '104.5', '101', '102', '2'],
    ]);
  });

  it('replays a candle as prints on its path: open, nearer extreme, other extreme, close', async () => {
    const prints: string[] = [];
    const strategy = defineStrategy({
      name: 'tape-reader',
      onTrade(trade) {
        prints.push(`${trade.time - t0} ${trade.price.toFixed()} ${trade.size.toFixed()}`);
      },
    });
    await run({
      strategy,
      data: {
        candles: candles([
          ['100', '105', '100', '104'],
          ['104', '106', '101', '102'],
        ]),
      },
    });
    expect(prints).toEqual([
      '0 100 0', // the low equals the open: not printed again
      '40000 105 0',
      '59999 104 2', // the close carries the volume
      '60000 104 0',
      '80000 106 0', // the high (2 away) before the low (3 away)
      '100000 101 0',
      '119999 102 2',
    ]);
  });

  it('decides the same on truncated data: nothing a candle does depends on later candles', async () => {
    const series = syntheticCandles({ count: 600, seed: 3 });
    const full = await run({
      strategy: smaCrossover,
      parameters: { fast: 3, slow: 8 },
      balances: { USD: '100000' },
      data: { candles: new Map([['BTC-USD', series]]) },
    });
    const cut = await run({
      strategy: smaCrossover,
      parameters: { fast: 3, slow: 8 },
      balances: { USD: '100000' },
      data: { candles: new Map([['BTC-USD', series]]), granularityMs: minute },
      to: t0 + 300 * minute,
    });
    const before = (trades: typeof full.result.trades) =>
      trades.filter((trade) => Date.parse(trade.time) < t0 + 300 * minute);
    expect(before(cut.result.trades).length).toBeGreaterThan(4);
    expect(before(cut.result.trades)).toEqual(before(full.result.trades));
  });

  it('fills a market order placed on candle T at the open of the next candle, worse by the slippage', async () => {
    const strategy = scripted({
      [t0]: (ctx) => ctx.orders.market({ productId: 'BTC-USD', side: 'buy', size: '0.5' }),
      [t0 + minute]: (ctx) => ctx.orders.market({ productId: 'BTC-USD', side: 'sell', size: '0.5' }),
    });
    const { result } = await run({
      strategy,
      slippageBps: 10,
      data: {
        candles: candles([
          ['100', '120', '90', '110'],
          ['200.00', '210', '150', '160'],
          ['300.00', '300', '300', '300'],
        ]),
      },
    });
    expect(result.trades).toEqual([
      expect.objectContaining({
        time: new Date(t0 + minute).toISOString(),
        side: 'buy',
        price: '200.2',
        size: '0.5',
        fee: '0.6006',
        liquidity: 'taker',
      }),
      expect.objectContaining({
        time: new Date(t0 + 2 * minute).toISOString(),
        side: 'sell',
        price: '299.7',
        size: '0.5',
        liquidity: 'taker',
        pnl: '49.75',
      }),
    ]);
  });

  it('waits over a gap: an order placed before it fills at the first candle after it', async () => {
    const strategy = scripted({
      [t0 + minute]: (ctx) => ctx.orders.market({ productId: 'BTC-USD', side: 'buy', size: '0.1' }),
    });
    const { result } = await run({
      strategy,
      data: {
        candles: candles([flat, flat, ['123', '124', '122', '123']], [0, 1, 5]),
        granularityMs: minute,
      },
    });
    expect(result.trades.map((trade) => [trade.time, trade.price])).toEqual([
      [new Date(t0 + 5 * minute).toISOString(), '123'],
    ]);
  });

  it('aggregates finer data for a strategy with coarser candles, delivered at the coarse close', async () => {
    const { strategy, seen } = watcher(5 * minute);
    await run({
      strategy,
      data: {
        candles: candles([
          ['100', '101', '99', '100.5'],
          ['100.5', '107', '100', '106'],
          ['106', '106', '95', '96'],
          ['96', '97', '96', '97'],
          ['97', '98', '97', '98'],
          ['98', '99', '98', '99'],
        ]),
      },
    });
    // The second five-minute candle is not finished by the data: it is never delivered.
    expect(seen).toHaveLength(1);
    const [first] = seen as [{ now: number; candle: Candle }];
    expect(first.now).toBe(t0 + 5 * minute);
    expect(
      [first.candle.open, first.candle.high, first.candle.low, first.candle.close, first.candle.volume].map(
        String,
      ),
    ).toEqual(['100', '107', '95', '98', '10']);
  });
});

describe('limit and stop fills on the next candles', () => {
  const limitBuyAt = (price: string) =>
    scripted({ [t0]: (ctx) => ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '1', price }) });

  it('fills a limit buy only when a candle trades through its price, at its price, as maker', async () => {
    const { result } = await run({
      strategy: limitBuyAt('99'),
      data: {
        candles: candles([
          flat,
          ['100', '101', '99', '100'], // touches 99: no fill
          ['100', '101', '98.5', '99.5'], // through 99
        ]),
      },
    });
    expect(result.trades.map((trade) => [trade.time, trade.price, trade.liquidity, trade.fee])).toEqual([
      // open 100, high 101 nearer than low 98.5: open → high → low → close, the low at ⅔.
      [new Date(t0 + 2 * minute + 40_000).toISOString(), '99', 'maker', '0.396'],
    ]);
  });

  it('fills on a touch with the touch option', async () => {
    const { result } = await run({
      strategy: limitBuyAt('99'),
      touch: true,
      data: { candles: candles([flat, ['100', '101', '99', '100'], flat]) },
    });
    expect(result.trades.map((trade) => [trade.price, trade.liquidity])).toEqual([['99', 'maker']]);
  });

  it('takes at the open when the next candle opens through the price (the better of price and open)', async () => {
    const { result } = await run({
      strategy: limitBuyAt('101'),
      data: { candles: candles([flat, ['100', '100', '97', '99'], flat]) },
    });
    expect(result.trades.map((trade) => [trade.time, trade.price, trade.liquidity])).toEqual([
      [new Date(t0 + minute).toISOString(), '100', 'taker'],
    ]);
  });

  it('fills a resting order at its own price when a later candle gaps through it', async () => {
    const { result } = await run({
      strategy: limitBuyAt('99'),
      data: { candles: candles([flat, ['100', '101', '99.5', '100'], ['97', '98', '96', '97']]) },
    });
    expect(result.trades.map((trade) => [trade.time, trade.price, trade.liquidity])).toEqual([
      [new Date(t0 + 2 * minute).toISOString(), '99', 'maker'],
    ]);
  });

  it('treats an order placed inside a candle as resting from then on: a later gap fills it at its price', async () => {
    // The market buy fills at the open of candle 1; onFill places a take-profit at 101 during
    // candle 1. Candle 2 opens at 110: the take-profit has been resting, it sells at 101 (maker).
    const strategy = defineStrategy({
      name: 'take-profit',
      onCandle(candle, ctx) {
        if (candle.start === t0) ctx.orders.market({ productId: 'BTC-USD', side: 'buy', size: '1' });
      },
      onFill(fill, ctx) {
        if (fill.side === 'buy')
          ctx.orders.limit({
            productId: 'BTC-USD',
            side: 'sell',
            size: '1',
            price: fill.price.plus(1).toFixed(),
          });
      },
    });
    const { result } = await run({
      strategy,
      data: { candles: candles([flat, ['100', '100.5', '99', '100'], ['110', '111', '109', '110']]) },
    });
    expect(result.trades.map((trade) => [trade.side, trade.price, trade.liquidity])).toEqual([
      ['buy', '100', 'taker'],
      ['sell', '101', 'maker'],
    ]);
  });

  it('lets a good-till-time order expire', async () => {
    const strategy = scripted({
      [t0]: (ctx) =>
        ctx.orders.limit({
          productId: 'BTC-USD',
          side: 'buy',
          size: '1',
          price: '99',
          timeInForce: 'GTT',
          cancelAfter: 'min',
        }),
    });
    const { result, stats } = await run({
      strategy,
      data: { candles: candles([flat, ['100', '101', '99.5', '100'], ['100', '100', '98', '99']]) },
    });
    expect(result.trades).toEqual([]);
    expect(stats.ordersCanceled).toBe(1);
  });

  it('walks the candle from the open to the nearer extreme first', async () => {
    // A sell at 104 and a buy at 96 both rest; the candle opens at 101, nearer its high (105) than its
    // low (95): the high comes first, so the sell fills first.
    const strategy = scripted({
      [t0]: (ctx) => {
        ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '0.1', price: '96' });
        ctx.orders.limit({ productId: 'BTC-USD', side: 'sell', size: '0.1', price: '104' });
      },
    });
    const { result } = await run({
      strategy,
      data: { candles: candles([flat, ['101', '105', '95', '100']]) },
    });
    expect(result.trades.map((trade) => [trade.side, trade.time])).toEqual([
      ['sell', new Date(t0 + minute + 20_000).toISOString()],
      ['buy', new Date(t0 + minute + 40_000).toISOString()],
    ]);
  });

  const stopLossAt95LimitAt94 = scripted({
    [t0]: (ctx) =>
      ctx.orders.stop({ productId: 'BTC-USD', side: 'sell', size: '0.5', stopPrice: '95', limitPrice: '94' }),
  });

  it('triggers a stop-loss when the candle trades through the stop and sells at the stop', async () => {
    const { result } = await run({
      strategy: stopLossAt95LimitAt94,
      data: { candles: candles([flat, ['100', '100', '94.5', '96']]) },
    });
    expect(result.trades.map((trade) => [trade.price, trade.liquidity])).toEqual([['95', 'taker']]);
  });

  it('after a gap below the stop and the limit, rests at the limit and fills when the price comes back', async () => {
    const { result } = await run({
      strategy: stopLossAt95LimitAt94,
      data: { candles: candles([flat, ['93', '93.5', '92', '93'], ['93', '96', '92', '95']]) },
    });
    expect(result.trades.map((trade) => [trade.time, trade.price, trade.liquidity])).toEqual([
      [new Date(t0 + 2 * minute + 40_000).toISOString(), '94', 'maker'],
    ]);
  });
});

describe('account rules as live', () => {
  it('refuses an order the balance cannot hold (price × size + taker fee) and denies one under the minimum', async () => {
    const updates: Array<Pick<OrderUpdate, 'status'> & { reason: string | undefined }> = [];
    const strategy = defineStrategy({
      name: 'greedy',
      onCandle(candle, ctx) {
        if (candle.start !== t0) return;
        ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '10', price: '100' }); // 1000 + fee > 1000
        ctx.orders.limit({ productId: 'BTC-USD', side: 'buy', size: '0.001', price: '100' }); // 0.1 < min 1
      },
      onOrderUpdate(update) {
        updates.push({ status: update.status, reason: update.order.rejectReason });
      },
    });
    const { stats } = await run({
      strategy,
      balances: { USD: '1000' },
      data: { candles: candles([flat, flat]) },
    });
    expect(stats.ordersDenied).toBe(1);
    expect(stats.ordersRejected).toBe(1);
    expect(
      updates.some(
        (update) => update.status === 'rejected' && /Insufficient funds/.test(update.reason ?? ''),
      ),
    ).toBe(true);
  });

  it('moves balances by price × size and the fee, and values the account at the closes', async () => {
    const strategy = scripted({
      [t0]: (ctx) => ctx.orders.market({ productId: 'BTC-USD', side: 'buy', size: '2' }),
    });
    const { result } = await run({
      strategy,
      balances: { USD: '1000' },
      data: { candles: candles([flat, ['100', '110', '100', '110'], ['110', '120', '110', '120']]) },
    });
    // 1000 − 200 − 1.2 fee = 798.8 USD + 2 BTC at 120.
    expect(result.equity.at(-1)).toEqual({ time: new Date(t0 + 3 * minute).toISOString(), value: '1038.8' });
    expect(result.metrics.overall.feesPaid).toBe('1.2');
    expect(result.metrics.overall.buyAndHoldReturn).toBe('0.2');
  });
});

describe('determinism', () => {
  it('gives byte-identical JSON for the same inputs', async () => {
    const series = syntheticCandles({ count: 1500, seed: 11 });
    const options: BacktestOptions = {
      strategy: smaCrossover,
      products: ['BTC-USD'],
      balances: { USD: '50000' },
      data: { candles: new Map([['BTC-USD', series]]) },
      slippageBps: '2.5',
      seed: 42,
    };
    const first = formatRunResult((await runBacktest(options)).result);
    const second = formatRunResult((await runBacktest(options)).result);
    expect(first.length).toBeGreaterThan(10_000);
    expect(second).toBe(first);
    expect(JSON.parse(first).trades[0].clientOrderId).toMatch(/^0000002a-/);
    expect(new Decimal(JSON.parse(first).metrics.overall.feesPaid).greaterThan(0)).toBe(true);
  });
});
