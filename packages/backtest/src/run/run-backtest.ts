import { ManualClock } from '@tradeloop/clock';
import {
  type AnyStrategy,
  type ClientOrderId,
  createRuntime,
  type ProductRules,
  productRulesFromWire,
  resolveParams,
} from '@tradeloop/strategy-kit';
import type { Decimal } from 'decimal.js';
import { resolveBalance, resolveSlippageBps } from '../config-decimals.js';
import type { CandleSeries } from '../data/candle-series.js';
import { inferGranularityMs } from '../data/candle-series.js';
import { type Recording, recordingCursor } from '../data/recording.js';
import { BacktestConfigError } from '../errors.js';
import { resolveFeeRates } from '../fees.js';
import type { CandleFillRules } from '../fills/candle-fill-model.js';
import { slippedPrice } from '../fills/slippage.js';
import { defaultProductRules } from '../products.js';
import type { BacktestResult } from '../result/run-result.js';
import { BacktestVenue } from '../venue/backtest-venue.js';
import type { BacktestData, BacktestOptions } from './backtest-options.js';
import type { BacktestSetup, OpenedRecording } from './backtest-setup.js';
import { buildRunResult } from './build-result.js';
import { replayCandles } from './candle-replay.js';
import { RunRecorder } from './recorder.js';
import { replayRecording } from './tick-replay.js';

export type { BacktestData, BacktestOptions, BacktestSetup };

/** A finished backtest: the result (see the run-result schema) and counts for a summary. */
export interface BacktestRun {
  readonly result: BacktestResult;
  readonly stats: {
    readonly ordersSubmitted: number;
    readonly ordersFilled: number;
    readonly ordersCanceled: number;
    readonly ordersRejected: number;
    readonly ordersDenied: number;
    readonly fills: number;
    readonly handlerErrors: number;
    /** Runtime errors (messages), e.g. a strategy handler's exceptions are in handlerErrors instead. */
    readonly runtimeErrors: readonly string[];
  };
}

/**
 * Runs a strategy on history: the strategy-kit runtime (same sizing, risk gates, order state
 * machine, portfolio as live) against a {@link BacktestVenue}, on a `ManualClock` that is the
 * data's time. Deterministic: the same options give a byte-identical result JSON.
 *
 * @throws BacktestConfigError for options that cannot work (see its message), and whatever the
 *   runtime throws at start (an unknown parameter: InvalidParamsError).
 * @example
 * const { result } = await runBacktest({ strategy, products: ['BTC-USD'],
 *   data: { candles: loadCandles('./data/BTC-USD-1m.csv') }, balances: { USD: '10000' } });
 * writeFileSync('result.json', formatRunResult(result));
 */
export async function runBacktest(options: BacktestOptions): Promise<BacktestRun> {
  const setup = prepare(options);
  try {
    return await runPrepared(options, setup);
  } finally {
    // The replay closes it at the end; this closes it too when the run stops before (a throwing onStart).
    if (setup.mode === 'ticks') setup.opened.cursor.close();
  }
}

async function runPrepared(options: BacktestOptions, setup: BacktestSetup): Promise<BacktestRun> {
  const clock = new ManualClock(setup.startTime);
  const venue = new BacktestVenue({
    clock,
    rules: setup.rules,
    startBalances: setup.balances,
    fees: setup.fees,
    latencyMs: setup.latencyMs,
  });
  let orderNumber = 0;
  const seedPart = (setup.seed >>> 0).toString(16).padStart(8, '0');
  const runtime = createRuntime({
    venue,
    strategy: options.strategy,
    params: { ...(options.parameters ?? {}) },
    productIds: setup.products,
    ...(options.risk === undefined ? {} : { risk: options.risk }),
    journal: { append() {}, close() {} },
    clock,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    clientOrderIds: () => {
      orderNumber += 1;
      return `${seedPart}-0000-4000-8000-${orderNumber.toString(16).padStart(12, '0')}` as ClientOrderId;
    },
    reconcileIntervalMs: 0,
  });
  const recorder = new RunRecorder(venue.account, setup.rules, setup.quoteCurrency);
  const runtimeErrors: string[] = [];
  let handlerErrors = 0;
  runtime.on('order-filled', ({ fill }) => recorder.onFill(fill));
  runtime.on('runtime-error', ({ error, context }) =>
    runtimeErrors.push(`${context}: ${error instanceof Error ? error.message : String(error)}`),
  );
  runtime.on('handler-failed', () => {
    handlerErrors += 1;
  });
  options.observeRuntime?.(runtime);
  await runtime.start();
  const onProgress =
    options.onProgress === undefined
      ? undefined
      : (done: number, total: number, time: number) => options.onProgress?.({ done, total, time });
  let series: readonly CandleSeries[];
  if (setup.mode === 'candles') {
    series = setup.series;
    const rulesById = new Map(setup.rules.map((rules) => [rules.id as string, rules]));
    const fillRulesByProduct = new Map<string, CandleFillRules>();
    await replayCandles({
      clock,
      venue,
      runtime,
      recorder,
      series,
      granularityMs: setup.granularityMs,
      prints: options.strategy.onTrade !== undefined,
      fillRules: (productId) => {
        const cached = fillRulesByProduct.get(productId);
        if (cached !== undefined) return cached;
        const tick = (rulesById.get(productId) as ProductRules).quoteIncrement;
        const rules: CandleFillRules = {
          touch: options.touch ?? false,
          slip: (price, side) => slippedPrice(price, side, setup.slippageBps, tick),
        };
        fillRulesByProduct.set(productId, rules);
        return rules;
      },
      ...(onProgress === undefined ? {} : { onProgress }),
    });
  } else {
    series = await replayRecording({
      clock,
      venue,
      runtime,
      recorder,
      opened: setup.opened,
      products: setup.products,
      slippageBps: setup.slippageBps,
      to: setup.to,
      ...(onProgress === undefined ? {} : { onProgress }),
    });
  }
  // Cancels still on their way when the data ends reach the exchange (nothing can fill any more).
  venue.applyCancels(Number.POSITIVE_INFINITY);
  await runtime.idle();
  await runtime.stop({ reconcile: false, reason: 'backtest finished' });
  const snapshot = runtime.snapshot();
  const result = buildRunResult({
    options,
    setup,
    recorder,
    series,
    parameters: resolveParams(options.strategy, { ...(options.parameters ?? {}) }),
  });
  return {
    result,
    stats: {
      ordersSubmitted: snapshot.orders.submitted,
      ordersFilled: snapshot.orders.filled,
      ordersCanceled: snapshot.orders.canceled,
      ordersRejected: snapshot.orders.rejected,
      ordersDenied: snapshot.orders.denied,
      fills: snapshot.fills,
      handlerErrors,
      runtimeErrors,
    },
  };
}

function prepare(options: BacktestOptions): BacktestSetup {
  const products = [...new Set(options.products)];
  if (products.length === 0) throw new BacktestConfigError('products', 'expected at least one product id');
  // The rules of the data source (a recording's header) unless given; the documented defaults last.
  const recorded =
    'recording' in options.data
      ? (options.data.recording.header.productRules ?? []).map((wire) => productRulesFromWire(wire))
      : [];
  const rules = products.map(
    (id) =>
      options.productRules?.find((candidate) => candidate.id === id) ??
      recorded.find((candidate) => candidate.id === id) ??
      defaultProductRules(id),
  );
  const quoteCurrencies = [...new Set(rules.map((product) => product.quoteCurrency))];
  if (quoteCurrencies.length !== 1)
    throw new BacktestConfigError(
      'products',
      `expected products with one quote currency (equity is valued in it), received ${quoteCurrencies.join(', ')}`,
    );
  const quoteCurrency = quoteCurrencies[0] as string;
  const known = new Set([quoteCurrency, ...rules.map((product) => product.baseCurrency)]);
  const balances: Record<string, Decimal> = {};
  for (const [currency, amount] of Object.entries(options.balances)) {
    if (!known.has(currency))
      throw new BacktestConfigError(
        'balances',
        `${currency} is neither the quote currency nor a base currency of ${products.join(', ')}`,
      );
    balances[currency] = resolveBalance(currency, amount);
  }
  const fees = resolveFeeRates(options.fees);
  const slippageBps = resolveSlippageBps(options.slippageBps);
  const latencyMs = options.latencyMs ?? 0;
  if (!Number.isInteger(latencyMs) || latencyMs < 0)
    throw new BacktestConfigError(
      'latencyMs',
      `expected a whole number of ms, 0 or more, received ${latencyMs}`,
    );
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed))
    throw new BacktestConfigError('seed', `expected a whole number, received ${seed}`);
  const from = toMs(options.from, 'from') ?? Number.NEGATIVE_INFINITY;
  const to = toMs(options.to, 'to') ?? Number.POSITIVE_INFINITY;
  const base = {
    products,
    rules,
    quoteCurrency,
    balances,
    fees,
    latencyMs,
    seed,
    from,
    to,
    slippageBps,
  };
  if ('recording' in options.data) {
    const opened = openAt(options.data.recording, from);
    return { ...base, mode: 'ticks', granularityMs: 0, startTime: opened.first.time, series: [], opened };
  }
  const data = options.data.candles;
  const series = products.map((id) => {
    const one = data.get(id);
    if (one === undefined)
      throw new BacktestConfigError(
        'data',
        `no candles for ${id}; the data holds ${[...data.keys()].join(', ') || 'nothing'}`,
      );
    return clip(one, from, to);
  });
  if (series.every((one) => one.length === 0))
    throw new BacktestConfigError('data', 'no candles in the chosen time range');
  const granularityMs =
    options.data.granularityMs ?? inferGranularityMs(new Map(series.map((one) => [one.productId, one])));
  for (const one of series) checkBoundaries(one, granularityMs);
  const strategyGranularity = strategyCandleMs(options.strategy, options.parameters ?? {});
  if (strategyGranularity !== undefined && strategyGranularity % granularityMs !== 0)
    throw new BacktestConfigError(
      'data',
      `the strategy wants ${strategyGranularity} ms candles, which cannot be built from ${granularityMs} ms candles (use finer data)`,
    );
  const starts = series.filter((one) => one.length > 0).map((one) => one.starts[0] as number);
  return {
    ...base,
    mode: 'candles',
    granularityMs,
    startTime: Math.min(...starts),
    series,
  };
}

/**
 * Reads the recording up to its first message at or after `from` (the run's start time), and
 * keeps it open there, so the replay goes on from that line instead of reading the lines before
 * it again.
 * @throws BacktestConfigError when no message is at or after `from`; RecordingFormatError for a
 *   bad line before it (the file is closed either way)
 */
function openAt(recording: Recording, from: number): OpenedRecording {
  const cursor = recordingCursor(recording);
  try {
    let first = cursor.next();
    while (first !== undefined && first.time < from) first = cursor.next();
    if (first === undefined)
      throw new BacktestConfigError('data', 'the recording holds no message in the chosen time range');
    return { cursor, first };
  } catch (error) {
    cursor.close();
    throw error;
  }
}

/**
 * @throws BacktestConfigError for the first candle not starting on a `granularityMs` boundary.
 * (A function of its own: its loop gets optimized alone, not the whole of `prepare` on each run.)
 */
function checkBoundaries(series: CandleSeries, granularityMs: number): void {
  for (let index = 0; index < series.length; index += 1)
    if ((series.starts[index] as number) % granularityMs !== 0)
      throw new BacktestConfigError(
        'data',
        `${series.productId} candle at ${new Date(series.starts[index] as number).toISOString()} does not start on a ${granularityMs} ms boundary`,
      );
}
function strategyCandleMs(
  strategy: AnyStrategy,
  parameters: Readonly<Record<string, unknown>>,
): number | undefined {
  if (strategy.onCandle === undefined) return undefined;
  const setting = strategy.candleGranularityMs;
  return typeof setting === 'function'
    ? setting(resolveParams(strategy, { ...parameters }))
    : (setting ?? 60_000);
}

function toMs(value: number | string | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms))
    throw new BacktestConfigError(
      field,
      `expected ms or an ISO 8601 time, received ${JSON.stringify(value)}`,
    );
  return ms;
}

/** The candles with start in [from, to). */
function clip(series: CandleSeries, from: number, to: number): CandleSeries {
  if (from === Number.NEGATIVE_INFINITY && to === Number.POSITIVE_INFINITY) return series;
  let first = 0;
  while (first < series.length && (series.starts[first] as number) < from) first += 1;
  let end = first;
  while (end < series.length && (series.starts[end] as number) < to) end += 1;
  return {
    productId: series.productId,
    starts: series.starts.slice(first, end),
    open: series.open.slice(first, end),
    high: series.high.slice(first, end),
    low: series.low.slice(first, end),
    close: series.close.slice(first, end),
    volume: series.volume.slice(first, end),
    length: end - first,
  };
}
