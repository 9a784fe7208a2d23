/**
 * Realistic, deterministic run results for the tests and the README screenshots: a seeded random
 * walk of candles, a moving-average crossover traded on them with fees (exact decimals), and the
 * equity, buy-and-hold and metrics that follow. Nothing here is hard-coded output: change the
 * seed and every figure changes consistently.
 */
import { Decimal } from 'decimal.js';
import type {
  RunCandle,
  RunMetrics,
  RunResult,
  RunTrade,
  SweepCell,
  ValuePoint,
  WorkingOrder,
} from '../run-result.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** Mulberry32: a tiny seeded generator, so fixtures are the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Candles of a random walk with drift and volatility clusters. */
export function randomCandles(options: {
  seed: number;
  start: number;
  count: number;
  intervalMs: number;
  startPrice: number;
  volatility: number;
  decimals: number;
}): RunCandle[] {
  const next = random(options.seed);
  const candles: RunCandle[] = [];
  let price = options.startPrice;
  let regime = 1;
  for (let index = 0; index < options.count; index += 1) {
    if (next() < 0.02) regime = 0.5 + next() * 1.5;
    const open = price;
    const drift = Math.sin(index / 90) * options.volatility * 0.15;
    const move = (next() - 0.5) * 2 * options.volatility * regime + drift;
    const close = Math.max(open * (1 + move), options.startPrice * 0.2);
    const high = Math.max(open, close) * (1 + next() * options.volatility * 0.6);
    const low = Math.min(open, close) * (1 - next() * options.volatility * 0.6);
    const fixed = (value: number) => value.toFixed(options.decimals);
    candles.push({
      time: new Date(options.start + index * options.intervalMs).toISOString(),
      open: fixed(open),
      high: fixed(high),
      low: fixed(low),
      close: fixed(close),
      volume: (10 + next() * 90).toFixed(4),
    });
    price = close;
  }
  return candles;
}

/** What the trades of a run add up to, for the trade statistics. */
interface Tally {
  trades: number;
  closedTrades: number;
  wins: number;
  grossProfit: Decimal;
  grossLoss: Decimal;
  holdingMs: number;
  fees: Decimal;
}

interface SimulatedRun {
  trades: RunTrade[];
  /** Quote value of this product's sleeve at each candle close. */
  values: Decimal[];
  tally: Tally;
  metrics: RunMetrics;
}

const TAKER_FEE = new Decimal('0.006');

/** A moving-average crossover on one product with `capital` quote: all in on a golden cross, all out on a death cross. */
function simulateCrossover(
  productId: string,
  candles: readonly RunCandle[],
  capital: Decimal,
  fast: number,
  slow: number,
): SimulatedRun {
  const closes = candles.map((candle) => new Decimal(candle.close));
  let cash = capital;
  let position = new Decimal(0);
  let entryCost = new Decimal(0);
  let entryTime = 0;
  let fees = new Decimal(0);
  let holdingMs = 0;
  let wins = 0;
  let closedTrades = 0;
  let grossProfit = new Decimal(0);
  let grossLoss = new Decimal(0);
  const trades: RunTrade[] = [];
  const values: Decimal[] = [];
  const fastAverages = movingAverages(closes, fast);
  const slowAverages = movingAverages(closes, slow);
  const average = (end: number, length: number) =>
    (length === fast ? fastAverages : slowAverages)[end] as Decimal;
  for (let index = 0; index < candles.length; index += 1) {
    const candle = candles[index] as RunCandle;
    const close = closes[index] as Decimal;
    if (index >= slow) {
      const fastNow = average(index, fast);
      const slowNow = average(index, slow);
      const fastBefore = average(index - 1, fast);
      const slowBefore = average(index - 1, slow);
      const time = new Date(Date.parse(candle.time) + 59 * MINUTE + 12_345).toISOString();
      if (position.isZero() && fastBefore.lessThanOrEqualTo(slowBefore) && fastNow.greaterThan(slowNow)) {
        const size = cash.dividedBy(close.times(TAKER_FEE.plus(1))).toDecimalPlaces(6, Decimal.ROUND_DOWN);
        const fee = size.times(close).times(TAKER_FEE).toDecimalPlaces(2, Decimal.ROUND_UP);
        cash = cash.minus(size.times(close)).minus(fee);
        position = size;
        entryCost = size.times(close).plus(fee);
        entryTime = Date.parse(time);
        fees = fees.plus(fee);
        trades.push(trade(time, productId, 'buy', close, size, fee, trades.length));
      } else if (
        !position.isZero() &&
        fastBefore.greaterThanOrEqualTo(slowBefore) &&
        fastNow.lessThan(slowNow)
      ) {
        const fee = position.times(close).times(TAKER_FEE).toDecimalPlaces(2, Decimal.ROUND_UP);
        const proceeds = position.times(close).minus(fee);
        const pnl = proceeds.minus(entryCost);
        cash = cash.plus(proceeds);
        fees = fees.plus(fee);
        holdingMs += Date.parse(time) - entryTime;
        closedTrades += 1;
        if (pnl.greaterThan(0)) {
          wins += 1;
          grossProfit = grossProfit.plus(pnl);
        } else grossLoss = grossLoss.plus(pnl.abs());
        trades.push({
          ...trade(time, productId, 'sell', close, position, fee, trades.length),
          pnl: pnl.toFixed(2),
        });
        position = new Decimal(0);
      }
    }
    values.push(cash.plus(position.times(close)));
  }
  const first = closes[0] as Decimal;
  const last = closes[closes.length - 1] as Decimal;
  const tally: Tally = { trades: trades.length, closedTrades, wins, grossProfit, grossLoss, holdingMs, fees };
  return {
    trades,
    values,
    tally,
    metrics: metricsOf(values, capital, tally, last.dividedBy(first).minus(1), 1),
  };
}

/**
 * The metrics of an equity curve sampled hourly that started at `capital`, with its trades'
 * tally; `sleeves` is how many products shared the time (for the exposure).
 */
function metricsOf(
  values: readonly Decimal[],
  capital: Decimal,
  tally: Tally,
  buyAndHoldReturn: Decimal,
  sleeves: number,
): RunMetrics {
  const drawdown = maxDrawdown(values);
  const totalReturn = (values[values.length - 1] as Decimal).dividedBy(capital).minus(1);
  // Ratios (not money): plain numbers are precise enough for statistics over about a thousand returns.
  const years = (values.length * HOUR) / (365 * 24 * HOUR);
  const numbers = values.map((value) => value.toNumber());
  const returns = numbers.slice(1).map((value, index) => value / (numbers[index] as number) - 1);
  const mean = returns.reduce((sum, value) => sum + value, 0) / Math.max(1, returns.length);
  const variance =
    returns.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(1, returns.length - 1);
  const downside =
    returns.filter((value) => value < 0).reduce((sum, value) => sum + value ** 2, 0) /
    Math.max(1, returns.length);
  const perYear = Math.sqrt(24 * 365);
  const cagr = (1 + totalReturn.toNumber()) ** (1 / years) - 1;
  const ratio = (value: Decimal | number) => new Decimal(value).toDecimalPlaces(4).toFixed();
  const volatility = Math.sqrt(variance) * perYear;
  const { closedTrades, wins, grossProfit, grossLoss, holdingMs } = tally;
  return {
    totalReturn: ratio(totalReturn),
    cagr: ratio(cagr),
    maxDrawdown: drawdown.value.toFixed(2),
    maxDrawdownPercent: ratio(drawdown.fraction),
    maxDrawdownDurationMs: drawdown.candles * HOUR,
    sharpe: variance === 0 ? null : ratio((mean / Math.sqrt(variance)) * perYear),
    sortino: downside === 0 ? null : ratio((mean / Math.sqrt(downside)) * perYear),
    calmar: drawdown.fraction.isZero() ? null : ratio(cagr / drawdown.fraction.toNumber()),
    volatility: ratio(volatility),
    winRate: closedTrades === 0 ? null : ratio(new Decimal(wins).dividedBy(closedTrades)),
    profitFactor: grossLoss.isZero() ? null : ratio(grossProfit.dividedBy(grossLoss)),
    expectancy: closedTrades === 0 ? null : grossProfit.minus(grossLoss).dividedBy(closedTrades).toFixed(2),
    trades: tally.trades,
    averageHoldingMs: closedTrades === 0 ? null : Math.round(holdingMs / closedTrades),
    exposure: ratio(new Decimal(holdingMs).dividedBy(values.length * HOUR * sleeves)),
    feesPaid: tally.fees.toFixed(2),
    buyAndHoldReturn: ratio(buyAndHoldReturn),
  };
}

/** Simple moving averages by a sliding sum (index i averages closes i-length+1..i; earlier ones are 0). */
function movingAverages(closes: readonly Decimal[], length: number): Decimal[] {
  const averages: Decimal[] = [];
  let sum = new Decimal(0);
  closes.forEach((close, index) => {
    sum = sum.plus(close);
    if (index >= length) sum = sum.minus(closes[index - length] as Decimal);
    averages.push(index >= length - 1 ? sum.dividedBy(length) : new Decimal(0));
  });
  return averages;
}

function trade(
  time: string,
  productId: string,
  side: 'buy' | 'sell',
  price: Decimal,
  size: Decimal,
  fee: Decimal,
  index: number,
): RunTrade {
  return {
    time,
    productId,
    side,
    price: price.toFixed(),
    size: size.toFixed(),
    fee: fee.toFixed(2),
    liquidity: 'taker',
    clientOrderId: `bt-${productId.toLowerCase()}-${String(index + 1).padStart(4, '0')}`,
  };
}

function maxDrawdown(values: readonly Decimal[]): { value: Decimal; fraction: Decimal; candles: number } {
  let peak = values[0] ?? new Decimal(0);
  let peakIndex = 0;
  let worst = { value: new Decimal(0), fraction: new Decimal(0), candles: 0 };
  let longest = 0;
  values.forEach((value, index) => {
    if (value.greaterThanOrEqualTo(peak)) {
      peak = value;
      peakIndex = index;
    }
    longest = Math.max(longest, index - peakIndex);
    const fraction = peak.isZero() ? new Decimal(0) : peak.minus(value).dividedBy(peak);
    if (fraction.greaterThan(worst.fraction)) worst = { value: peak.minus(value), fraction, candles: 0 };
  });
  return { ...worst, candles: longest };
}

const BACKTEST_START = Date.UTC(2025, 0, 1);
const PRODUCTS = [
  { productId: 'BTC-USD', seed: 11, startPrice: 94_250, decimals: 2 },
  { productId: 'ETH-USD', seed: 23, startPrice: 3_340, decimals: 2 },
] as const;

function backtestOf(fast: number, slow: number): RunResult {
  const capitalPerProduct = new Decimal(5000);
  const candlesByProduct = PRODUCTS.map((product) =>
    randomCandles({ ...product, start: BACKTEST_START, count: 24 * 45, intervalMs: HOUR, volatility: 0.005 }),
  );
  const runs = PRODUCTS.map((product, index) =>
    simulateCrossover(
      product.productId,
      candlesByProduct[index] as RunCandle[],
      capitalPerProduct,
      fast,
      slow,
    ),
  );
  const times = (candlesByProduct[0] as RunCandle[]).map((candle) =>
    new Date(Date.parse(candle.time) + HOUR).toISOString(),
  );
  const equity: ValuePoint[] = times.map((time, index) => ({
    time,
    value: runs.reduce((sum, run) => sum.plus(run.values[index] as Decimal), new Decimal(0)).toFixed(2),
  }));
  const buyAndHold: ValuePoint[] = times.map((time, index) => ({
    time,
    value: candlesByProduct
      .reduce((sum, candles) => {
        const first = new Decimal((candles[0] as RunCandle).open);
        return sum.plus(capitalPerProduct.dividedBy(first).times((candles[index] as RunCandle).close));
      }, new Decimal(0))
      .toFixed(2),
  }));
  const trades = runs.flatMap((run) => run.trades).sort((left, right) => left.time.localeCompare(right.time));
  const overall = combine(runs, equity, buyAndHold);
  return {
    format: 'tradeloop.run-result',
    version: 1,
    kind: 'backtest',
    config: {
      strategy: 'trend-follower',
      parameters: { fast: String(fast), slow: String(slow) },
      venue: 'backtest (candles)',
      products: PRODUCTS.map((product) => product.productId),
      from: new Date(BACKTEST_START).toISOString(),
      to: times[times.length - 1] as string,
      startBalances: { USD: '10000' },
      fees: { maker: '0.004', taker: '0.006' },
      slippageBps: '2',
      latencyMs: 150,
      seed: 7,
      granularity: '1h',
    },
    trades,
    equity,
    buyAndHold,
    prices: Object.fromEntries(
      PRODUCTS.map((product, index) => [product.productId, candlesByProduct[index] as RunCandle[]]),
    ),
    metrics: {
      overall,
      perProduct: Object.fromEntries(
        PRODUCTS.map((product, index) => [product.productId, (runs[index] as SimulatedRun).metrics]),
      ),
    },
  };
}

/** The overall metrics: the same statistics over the summed equity and the summed trade tallies. */
function combine(
  runs: readonly SimulatedRun[],
  equity: readonly ValuePoint[],
  buyAndHold: readonly ValuePoint[],
): RunMetrics {
  const tally = runs.reduce<Tally>(
    (sum, run) => ({
      trades: sum.trades + run.tally.trades,
      closedTrades: sum.closedTrades + run.tally.closedTrades,
      wins: sum.wins + run.tally.wins,
      grossProfit: sum.grossProfit.plus(run.tally.grossProfit),
      grossLoss: sum.grossLoss.plus(run.tally.grossLoss),
      holdingMs: sum.holdingMs + run.tally.holdingMs,
      fees: sum.fees.plus(run.tally.fees),
    }),
    {
      trades: 0,
      closedTrades: 0,
      wins: 0,
      grossProfit: new Decimal(0),
      grossLoss: new Decimal(0),
      holdingMs: 0,
      fees: new Decimal(0),
    },
  );
  const start = new Decimal((buyAndHold[0] as ValuePoint).value);
  const holdReturn = new Decimal((buyAndHold[buyAndHold.length - 1] as ValuePoint).value)
    .dividedBy(start)
    .minus(1);
  return metricsOf(
    equity.map((point) => new Decimal(point.value)),
    new Decimal(10_000),
    tally,
    holdReturn,
    runs.length,
  );
}

/** A 45-day hourly backtest of a crossover on BTC-USD and ETH-USD. */
export function backtestFixture(): RunResult {
  return backtestOf(12, 48);
}

/** A sweep of the crossover's fast × slow windows; the file carries the best cell's run. */
export function sweepFixture(): RunResult {
  const fasts = [6, 9, 12, 18, 24];
  const slows = [36, 48, 72, 96];
  const cells: SweepCell[] = [];
  let best: { sharpe: Decimal; run: RunResult } | undefined;
  for (const fast of fasts) {
    for (const slow of slows) {
      const run = backtestOf(fast, slow);
      cells.push({
        parameters: { fast: String(fast), slow: String(slow) },
        metrics: run.metrics.overall,
        resultFile: `sweep/fast-${fast}-slow-${slow}.json`,
      });
      const sharpe = new Decimal(run.metrics.overall.sharpe ?? '-1e9');
      if (best === undefined || sharpe.greaterThan(best.sharpe)) best = { sharpe, run };
    }
  }
  const run = (best as { run: RunResult }).run;
  return { ...run, sweep: { parameters: ['fast', 'slow'], rankedBy: 'sharpe', cells } };
}

/** Two hours of the market maker on BTC-USD against the sandbox: fills, working orders and the bot's summary. */
export function liveFixture(): RunResult {
  const start = Date.UTC(2026, 11, 5, 8, 0);
  const candles = randomCandles({
    seed: 5,
    start,
    count: 120,
    intervalMs: MINUTE,
    startPrice: 97_180,
    volatility: 0.0012,
    decimals: 2,
  });
  const next = random(99);
  const trades: RunTrade[] = [];
  let position = new Decimal(0);
  let cost = new Decimal(0);
  let realized = new Decimal(0);
  let fees = new Decimal(0);
  const equity: ValuePoint[] = [];
  const buyAndHold: ValuePoint[] = [];
  const cash0 = new Decimal(25_000);
  let cash = cash0;
  const firstOpen = new Decimal((candles[0] as RunCandle).open);
  candles.forEach((candle, index) => {
    if (next() < 0.35) {
      const side: 'buy' | 'sell' =
        position.greaterThan('0.004') || (next() < 0.5 && position.greaterThan(0)) ? 'sell' : 'buy';
      const price = new Decimal(side === 'buy' ? candle.low : candle.high).toDecimalPlaces(2);
      const size = new Decimal('0.001').times(1 + Math.floor(next() * 3));
      const fee = price.times(size).times('0.004').toDecimalPlaces(2, Decimal.ROUND_UP);
      fees = fees.plus(fee);
      const time = new Date(Date.parse(candle.time) + Math.floor(next() * 59_000)).toISOString();
      const fill: RunTrade = {
        time,
        productId: 'BTC-USD',
        side,
        price: price.toFixed(2),
        size: size.toFixed(),
        fee: fee.toFixed(2),
        liquidity: 'maker',
        clientOrderId: `mm-${String(trades.length + 1).padStart(4, '0')}-${index.toString(16)}`,
      };
      if (side === 'buy') {
        cost = cost.plus(price.times(size));
        position = position.plus(size);
        cash = cash.minus(price.times(size)).minus(fee);
      } else {
        const sold = Decimal.min(size, position);
        const averageCost = cost.dividedBy(position);
        const pnl = price.minus(averageCost).times(sold);
        realized = realized.plus(pnl);
        cost = cost.minus(averageCost.times(sold));
        position = position.minus(sold);
        cash = cash.plus(price.times(sold)).minus(fee);
        fill.size = sold.toFixed();
        fill.pnl = pnl.toDecimalPlaces(2).toFixed(2);
      }
      trades.push(fill);
    }
    const close = new Decimal(candle.close);
    const time = new Date(Date.parse(candle.time) + MINUTE).toISOString();
    equity.push({ time, value: cash.plus(position.times(close)).toFixed(2) });
    buyAndHold.push({ time, value: cash0.dividedBy(firstOpen).times(close).toFixed(2) });
  });
  const last = new Decimal((candles[candles.length - 1] as RunCandle).close);
  const unrealized = position.isZero()
    ? new Decimal(0)
    : last.minus(cost.dividedBy(position)).times(position);
  const endTime = (equity[equity.length - 1] as ValuePoint).time;
  const orders: WorkingOrder[] = [
    {
      time: endTime,
      productId: 'BTC-USD',
      side: 'buy',
      type: 'limit',
      price: last.times('0.9996').toFixed(2),
      size: '0.001',
      status: 'open',
      clientOrderId: 'mm-bid-final',
    },
    {
      time: endTime,
      productId: 'BTC-USD',
      side: 'sell',
      type: 'limit',
      price: last.times('1.0004').toFixed(2),
      size: '0.001',
      status: 'open',
      clientOrderId: 'mm-ask-final',
    },
  ];
  const finalValue = new Decimal((equity[equity.length - 1] as ValuePoint).value);
  const sells = trades.filter((fill) => fill.pnl !== undefined);
  const metrics: RunMetrics = {
    totalReturn: finalValue.dividedBy(cash0).minus(1).toDecimalPlaces(6).toFixed(),
    cagr: null,
    maxDrawdown: maxDrawdown(equity.map((point) => new Decimal(point.value))).value.toFixed(2),
    maxDrawdownPercent: maxDrawdown(equity.map((point) => new Decimal(point.value)))
      .fraction.toDecimalPlaces(6)
      .toFixed(),
    maxDrawdownDurationMs: null,
    sharpe: null,
    sortino: null,
    calmar: null,
    volatility: null,
    winRate:
      sells.length === 0
        ? null
        : new Decimal(sells.filter((fill) => !(fill.pnl as string).startsWith('-')).length)
            .dividedBy(sells.length)
            .toDecimalPlaces(4)
            .toFixed(),
    profitFactor: null,
    expectancy: null,
    trades: trades.length,
    averageHoldingMs: null,
    exposure: null,
    feesPaid: fees.toFixed(2),
    buyAndHoldReturn: last.dividedBy(firstOpen).minus(1).toDecimalPlaces(6).toFixed(),
  };
  return {
    format: 'tradeloop.run-result',
    version: 1,
    kind: 'live',
    config: {
      strategy: 'market-maker',
      parameters: { spread: '0.0004', size: '0.001' },
      venue: 'coinbase-exchange sandbox',
      products: ['BTC-USD'],
      from: new Date(start).toISOString(),
      to: endTime,
      risk: { maxOrderNotional: '1000', maxPosition: '0.05', maxOpenOrders: 10, dailyLossLimit: '250' },
    },
    trades,
    equity,
    buyAndHold,
    prices: { 'BTC-USD': candles },
    orders,
    metrics: { overall: metrics, perProduct: { 'BTC-USD': metrics } },
    summary: {
      ordersPlaced: trades.length + 14,
      ordersFilled: trades.length,
      ordersCanceled: 12,
      ordersRejected: 0,
      fills: trades.length,
      fees: { USD: fees.toFixed(2) },
      realizedPnl: { USD: realized.toDecimalPlaces(2).toFixed(2) },
      unrealizedPnl: { USD: unrealized.toDecimalPlaces(2).toFixed(2) },
      finalBalances: { USD: cash.toFixed(2), BTC: position.toFixed() },
      reconnects: 1,
      gaps: 2,
      stopReason: 'SIGINT',
    },
  };
}
