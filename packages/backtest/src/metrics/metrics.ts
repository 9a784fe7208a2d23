import { ExactDecimal } from '@tradeloop/strategy-kit';
import type { Decimal } from 'decimal.js';

/**
 * Performance metrics of one equity curve and its round trips. Formulas (documented in the README
 * too; every one is tested against a hand-computed example in metrics.test.ts):
 *
 * - `totalReturn` = E_last / E_first − 1.
 * - `cagr` = (E_last / E_first)^(365 d / (t_last − t_first)) − 1; null for a span under one day or
 *   E_last ≤ 0.
 * - `maxDrawdown` = max over t of (running peak − E_t), in quote currency; `maxDrawdownPercent` =
 *   max over t of (peak − E_t) / peak, as a fraction (the two maxima may be at different times);
 *   `maxDrawdownDurationMs` = longest time from a peak until equity is back at or above it (or
 *   until the end, when it never is).
 * - Daily returns r_d: the curve's value at the end of each UTC day (the last sample that day — a
 *   sample at exactly midnight closes the day before — or the day before's value when none),
 *   against the previous day's (the first day against E_first).
 *   `volatility` = sample standard deviation of r_d × √365; `sharpe` = mean(r_d) / stdev(r_d) × √365
 *   (risk-free rate 0); `sortino` = mean(r_d) / √(Σ min(r_d, 0)² / n) × √365; null with fewer
 *   than 2 daily returns or a zero denominator. √365 because crypto trades every day.
 * - `calmar` = cagr / maxDrawdownPercent; null when there was no drawdown.
 * - Round trips (a position leaving flat until it is flat again or flips): pnl = realized PnL
 *   (average cost) − the fees of its fills. `winRate` = winners / round trips; `profitFactor` =
 *   Σ winning pnl / |Σ losing pnl| (null without a loser); `expectancy` = mean pnl;
 *   `averageHoldingMs` = mean(close time − open time); `trades` = closed round trips.
 * - `exposure` = time with a non-zero position / (t_last − t_first); `feesPaid` = Σ fees.
 * - `buyAndHoldReturn`: the start value put into the product(s) at their first open (equal
 *   shares, no fee), valued at the last close, − 1.
 */
export interface Metrics {
  readonly totalReturn: string | null;
  readonly cagr: string | null;
  readonly maxDrawdown: string;
  readonly maxDrawdownPercent: string;
  readonly maxDrawdownDurationMs: number;
  readonly sharpe: string | null;
  readonly sortino: string | null;
  readonly calmar: string | null;
  readonly volatility: string | null;
  readonly winRate: string | null;
  readonly profitFactor: string | null;
  readonly expectancy: string | null;
  readonly trades: number;
  readonly averageHoldingMs: number;
  readonly exposure: string | null;
  readonly feesPaid: string;
  readonly buyAndHoldReturn: string | null;
}

/** One closed round trip. */
export interface RoundTrip {
  readonly openedAt: number;
  readonly closedAt: number;
  /** Realized PnL minus every fee of the trip, quote currency. */
  readonly pnl: Decimal;
}

/**
 * An equity curve read by index (the backtest's curve makes each value when read instead of
 * keeping one Decimal per sample).
 */
export interface CurveValues {
  readonly length: number;
  valueAt(index: number): Decimal;
  /** Whether sample `index` repeats the previous sample's value as the very same object (a flat stretch). */
  sameAsPrevious(index: number): boolean;
}

/** What {@link computeMetrics} needs. */
export interface MetricsInput {
  /** Sample times (ms), ascending; the first is the start. */
  readonly times: ArrayLike<number>;
  /** Equity (quote currency) at each sample time. */
  readonly values: readonly Decimal[];
  readonly roundTrips: readonly RoundTrip[];
  readonly feesPaid: Decimal;
  /** Time with a non-zero position, ms. */
  readonly exposureMs: number;
  readonly buyAndHoldReturn: Decimal | null;
}

const DAY_MS = 86_400_000;
const ZERO = new ExactDecimal(0);
const ONE = new ExactDecimal(1);
const DAYS_PER_YEAR = new ExactDecimal(365);
const SQRT_365 = DAYS_PER_YEAR.sqrt();
/** Ratios are given to 8 decimal places (money values exactly). */
const RATIO_PLACES = 8;

/** Formats a ratio: 8 decimal places, half-even, trailing zeros dropped. */
export function formatRatio(value: Decimal | null): string | null {
  if (value === null || !value.isFinite()) return null;
  return value.toDecimalPlaces(RATIO_PLACES, ExactDecimal.ROUND_HALF_EVEN).toFixed();
}

/** Computes every metric of one curve (see the formulas above). */
export function computeMetrics(input: MetricsInput): Metrics {
  return computeCurveMetrics({ ...input, values: arrayCurve(input.values) });
}

/** {@link computeMetrics} of a curve read by index. */
export function computeCurveMetrics(
  input: Omit<MetricsInput, 'values'> & { readonly values: CurveValues },
): Metrics {
  const { times, values } = input;
  const count = values.length;
  const first = count === 0 ? ZERO : values.valueAt(0);
  const last = count === 0 ? ZERO : values.valueAt(count - 1);
  const spanMs = count === 0 ? 0 : (times[count - 1] as number) - (times[0] as number);
  const totalReturn = first.isZero() ? null : last.div(first).minus(1);
  // Under a day, annualising is noise (and the power explodes): no CAGR.
  const cagr =
    totalReturn === null || spanMs < DAY_MS || !last.isPositive() || last.isZero()
      ? null
      : last
          .div(first)
          .pow(new ExactDecimal(365 * DAY_MS).div(spanMs))
          .minus(1);
  const drawdown = curveDrawdown(times, values);
  const daily = curveDailyReturns(times, values);
  const mean = daily.length === 0 ? ZERO : sum(daily).div(daily.length);
  const standardDeviation =
    daily.length < 2
      ? null
      : sum(daily.map((value) => value.minus(mean).pow(2)))
          .div(daily.length - 1)
          .sqrt();
  const downside =
    daily.length < 2
      ? null
      : sum(daily.map((value) => (value.isNegative() ? value.pow(2) : ZERO)))
          .div(daily.length)
          .sqrt();
  const ratio = (numerator: Decimal, denominator: Decimal | null): Decimal | null =>
    denominator === null || denominator.isZero() ? null : numerator.div(denominator);
  const sharpe = ratio(mean, standardDeviation);
  const sortino = ratio(mean, downside);
  const calmar = cagr === null ? null : ratio(cagr, drawdown.percent);
  const trips = input.roundTrips;
  const wins = trips.filter((trip) => trip.pnl.isPositive() && !trip.pnl.isZero());
  const losses = trips.filter((trip) => trip.pnl.isNegative() && !trip.pnl.isZero());
  const grossWin = sum(wins.map((trip) => trip.pnl));
  const grossLoss = sum(losses.map((trip) => trip.pnl)).abs();
  const holding = trips.reduce((total, trip) => total + (trip.closedAt - trip.openedAt), 0);
  return {
    totalReturn: formatRatio(totalReturn),
    cagr: formatRatio(cagr),
    maxDrawdown: drawdown.value.toFixed(),
    maxDrawdownPercent: formatRatio(drawdown.percent) ?? '0',
    maxDrawdownDurationMs: drawdown.durationMs,
    sharpe: formatRatio(sharpe === null ? null : sharpe.times(SQRT_365)),
    sortino: formatRatio(sortino === null ? null : sortino.times(SQRT_365)),
    calmar: formatRatio(calmar),
    volatility: formatRatio(standardDeviation === null ? null : standardDeviation.times(SQRT_365)),
    winRate: formatRatio(trips.length === 0 ? null : new ExactDecimal(wins.length).div(trips.length)),
    profitFactor: formatRatio(grossLoss.isZero() ? null : grossWin.div(grossLoss)),
    expectancy: formatRatio(trips.length === 0 ? null : sum(trips.map((trip) => trip.pnl)).div(trips.length)),
    trades: trips.length,
    averageHoldingMs: trips.length === 0 ? 0 : Math.round(holding / trips.length),
    exposure: formatRatio(spanMs <= 0 ? null : new ExactDecimal(input.exposureMs).div(spanMs)),
    feesPaid: input.feesPaid.toFixed(),
    buyAndHoldReturn: formatRatio(input.buyAndHoldReturn),
  };
}

function sum(values: readonly Decimal[]): Decimal {
  let total = ZERO;
  for (const value of values) total = total.plus(value);
  return total;
}

/** Largest drawdown in value, in percent of the peak, and the longest time under water. */
export function drawdownOf(
  times: ArrayLike<number>,
  values: readonly Decimal[],
): { value: Decimal; percent: Decimal; durationMs: number } {
  return curveDrawdown(times, arrayCurve(values));
}

/** An array as a {@link CurveValues}. */
function arrayCurve(values: readonly Decimal[]): CurveValues {
  return {
    length: values.length,
    valueAt: (index) => values[index] as Decimal,
    sameAsPrevious: (index) => index > 0 && values[index] === values[index - 1],
  };
}

function curveDrawdown(
  times: ArrayLike<number>,
  values: CurveValues,
): { value: Decimal; percent: Decimal; durationMs: number } {
  let peak: Decimal | undefined;
  let peakTime = times[0] as number;
  let underwater = false;
  let worstValue = ZERO;
  let worstPercent = ZERO;
  let longest = 0;
  let peakDrop: Decimal | undefined;
  for (let index = 0; index < values.length; index += 1) {
    // Flat stretches repeat the same Decimal: nothing changes.
    if (values.sameAsPrevious(index)) continue;
    const value = values.valueAt(index);
    const time = times[index] as number;
    if (peak === undefined || value.greaterThanOrEqualTo(peak)) {
      if (underwater) longest = Math.max(longest, time - peakTime);
      underwater = false;
      peak = value;
      peakTime = time;
      peakDrop = undefined;
      continue;
    }
    underwater = true;
    const drop = peak.minus(value);
    if (drop.greaterThan(worstValue)) worstValue = drop;
    // Under one peak the percent grows with the drop: divide only for a deeper drop.
    if (peak.isPositive() && !peak.isZero() && (peakDrop === undefined || drop.greaterThan(peakDrop))) {
      peakDrop = drop;
      const percent = drop.div(peak);
      if (percent.greaterThan(worstPercent)) worstPercent = percent;
    }
  }
  if (underwater && values.length > 0)
    longest = Math.max(longest, (times[values.length - 1] as number) - peakTime);
  return { value: worstValue, percent: worstPercent, durationMs: longest };
}

/** Daily returns of the curve: each UTC day's last value against the previous day's (first: against the start). */
export function dailyReturns(times: ArrayLike<number>, values: readonly Decimal[]): Decimal[] {
  return curveDailyReturns(times, arrayCurve(values));
}

/** {@link dailyReturns} of a curve read by index: only each day's last value is read. */
function curveDailyReturns(times: ArrayLike<number>, values: CurveValues): Decimal[] {
  if (values.length === 0) return [];
  const returns: Decimal[] = [];
  let previous = values.valueAt(0);
  let day = Math.floor((times[0] as number) / DAY_MS);
  /** The day's last sample so far (its value is read when the day ends). */
  let dayIndex = 0;
  for (let index = 1; index < values.length; index += 1) {
    // A sample exactly at midnight (a candle closing then) is the day before's last value.
    const sampleDay = Math.max(day, Math.floor(((times[index] as number) - 1) / DAY_MS));
    if (sampleDay > day) {
      const dayValue = values.valueAt(dayIndex);
      while (sampleDay > day) {
        returns.push(previous.isZero() ? ZERO : dayValue.div(previous).minus(ONE));
        previous = dayValue;
        day += 1;
      }
    }
    dayIndex = index;
  }
  const dayValue = values.valueAt(dayIndex);
  returns.push(previous.isZero() ? ZERO : dayValue.div(previous).minus(ONE));
  return returns;
}
