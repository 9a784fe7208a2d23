import { ExactDecimal } from '@tradeloop/strategy-kit';
import type { Decimal } from 'decimal.js';
import { type CandleSeries, sumDecimalStrings } from '../data/candle-series.js';
import { compareUnsignedDecimals } from '../data/decimal-units.js';
import { computeCurveMetrics, computeMetrics, type Metrics, type RoundTrip } from '../metrics/metrics.js';
import {
  type BacktestResult,
  type EquityPoint,
  isoTime,
  type PricePoint,
  sortedStrings,
} from '../result/run-result.js';
import type { BacktestOptions } from './backtest-options.js';
import type { BacktestSetup } from './backtest-setup.js';
import type { RunRecorder } from './recorder.js';

const ZERO = new ExactDecimal(0);

/** What the result is built from. */
export interface BuildResultInput {
  readonly options: BacktestOptions;
  readonly setup: BacktestSetup;
  readonly recorder: RunRecorder;
  /** The replayed candles (candle mode) or the candles built from the recorded trades. */
  readonly series: readonly CandleSeries[];
  readonly parameters: Readonly<Record<string, unknown>>;
}

/** Assembles the run result: config, trades, sampled curves, charts' candles, metrics. */
export function buildRunResult(input: BuildResultInput): BacktestResult {
  const { options, setup, recorder } = input;
  const maxPoints = options.maxPoints ?? 5000;
  const curve = recorder.overall;
  const times = curve.times.subarray(0, curve.length);
  const picked = pickIndices(curve.length, maxPoints);
  const startValue = recorder.startValue;
  // Buy and hold: the start value in equal parts into each product at its first price, no fee.
  const units = new Map<string, Decimal>();
  const share = startValue.div(setup.products.length);
  for (const id of setup.products) {
    const first = firstPrice(input.series, id, recorder);
    units.set(id, first === undefined || first.isZero() ? ZERO : share.div(first));
  }
  const holdValue = (index: number): Decimal => {
    let value = ZERO;
    for (const id of setup.products) {
      const price = recorder.markAt(id, index);
      value = price === undefined ? value.plus(share) : value.plus((units.get(id) as Decimal).times(price));
    }
    return value;
  };
  const lastIndex = curve.length - 1;
  const buyAndHoldReturn =
    lastIndex < 0 || startValue.isZero() ? null : holdValue(lastIndex).div(startValue).minus(1);
  const allTrips: RoundTrip[] = [];
  const perProduct: Record<string, Metrics> = {};
  for (const id of [...setup.products].sort()) {
    const record = recorder.products.get(id);
    if (record === undefined) continue;
    allTrips.push(...record.roundTrips);
    if (recorder.productIsAccount) continue; // the same curve, trips and fees as overall: copied below
    const first = firstPrice(input.series, id, recorder);
    const last = recorder.markAt(id, recorder.markCount(id) - 1);
    perProduct[id] = computeMetrics({
      times: record.curve.times.subarray(0, record.curve.length),
      values: record.curve.values,
      roundTrips: record.roundTrips,
      feesPaid: record.position.fees,
      exposureMs: record.exposureMs,
      buyAndHoldReturn: first === undefined || last === undefined ? null : last.div(first).minus(1),
    });
  }
  allTrips.sort((a, b) => a.closedAt - b.closedAt);
  const overall = computeCurveMetrics({
    times,
    values: curve,
    roundTrips: allTrips,
    feesPaid: recorder.feesPaid,
    exposureMs: recorder.overallExposureMs,
    buyAndHoldReturn,
  });
  if (recorder.productIsAccount) perProduct[setup.products[0] as string] = overall;
  const equity: EquityPoint[] = picked.map((index) => ({
    time: isoTime(times[index] as number),
    value: curve.valueAt(index).toFixed(),
  }));
  const buyAndHold: EquityPoint[] = picked.map((index) => ({
    time: isoTime(times[index] as number),
    value: roundValue(holdValue(index)),
  }));
  const prices: Record<string, PricePoint[]> = {};
  for (const one of [...input.series].sort((a, b) => (a.productId < b.productId ? -1 : 1)))
    prices[one.productId] = aggregateCandles(one, maxPoints);
  const first = times.length > 0 ? (times[0] as number) : setup.startTime;
  const last = times.length > 0 ? (times[times.length - 1] as number) : setup.startTime;
  return {
    format: 'tradeloop.run-result',
    version: 1,
    kind: 'backtest',
    config: {
      strategy: options.strategyName ?? options.strategy.name,
      parameters: sortedStrings(input.parameters),
      venue: setup.mode === 'candles' ? 'backtest (candles)' : 'backtest (ticks)',
      products: [...setup.products],
      from: isoTime(first),
      to: isoTime(last),
      startBalances: sortedStrings(setup.balances),
      fees: { maker: setup.fees.maker.toFixed(), taker: setup.fees.taker.toFixed() },
      slippageBps: setup.slippageBps.toFixed(),
      latencyMs: setup.latencyMs,
      seed: setup.seed,
      touch: options.touch ?? false,
      ...(setup.mode === 'candles' ? { granularityMs: setup.granularityMs } : {}),
      ...(options.risk === undefined ? {} : { risk: sortedStrings(options.risk as Record<string, unknown>) }),
    },
    trades: recorder.trades,
    equity,
    buyAndHold,
    prices,
    metrics: { overall, perProduct },
  };
}

/** Buy-and-hold values are quotients: 8 decimal places. */
function roundValue(value: Decimal): string {
  return value.toDecimalPlaces(8, ExactDecimal.ROUND_HALF_EVEN).toFixed();
}

/** At most `maxPoints` indices out of `length`, evenly spread, always the first and the last. */
export function pickIndices(length: number, maxPoints: number): number[] {
  if (length <= maxPoints) return Array.from({ length }, (_, index) => index);
  const step = Math.ceil((length - 1) / (maxPoints - 1));
  const indices: number[] = [];
  for (let index = 0; index < length - 1; index += step) indices.push(index);
  indices.push(length - 1);
  return indices;
}

function firstPrice(series: readonly CandleSeries[], productId: string, recorder: RunRecorder) {
  const one = series.find((candidate) => candidate.productId === productId);
  if (one !== undefined && one.length > 0) return new ExactDecimal(one.open[0] as string);
  const count = recorder.markCount(productId);
  for (let index = 0; index < count; index += 1) {
    const mark = recorder.markAt(productId, index);
    if (mark !== undefined) return mark;
  }
  return undefined;
}

/**
 * The candles for the chart: as they are when there are at most `maxPoints`, else merged `n` at a
 * time (consecutive candles, n the smallest that fits), stamped with the first one's start.
 */
export function aggregateCandles(series: CandleSeries, maxPoints: number): PricePoint[] {
  const group = Math.max(1, Math.ceil(series.length / maxPoints));
  const points: PricePoint[] = [];
  for (let first = 0; first < series.length; first += group) {
    const end = Math.min(series.length, first + group);
    let high = series.high[first] as string;
    let low = series.low[first] as string;
    for (let index = first + 1; index < end; index += 1) {
      if (compareUnsignedDecimals(series.high[index] as string, high) > 0)
        high = series.high[index] as string;
      if (compareUnsignedDecimals(series.low[index] as string, low) < 0) low = series.low[index] as string;
    }
    points.push({
      time: isoTime(series.starts[first] as number),
      open: series.open[first] as string,
      high,
      low,
      close: series.close[end - 1] as string,
      volume:
        end - first === 1 ? (series.volume[first] as string) : sumDecimalStrings(series.volume, first, end),
    });
  }
  return points;
}
